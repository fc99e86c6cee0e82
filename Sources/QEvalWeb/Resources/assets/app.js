(function () {
  'use strict';
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';

  // The tab of the current page.
  var path = location.pathname;
  document.querySelectorAll('.tabs a').forEach(function (a) {
    var tab = a.getAttribute('data-tab');
    var here = (tab === 'ranking' && /^\/e\/\d+$/.test(path)) || (tab !== 'ranking' && path.endsWith('/' + tab));
    if (here) a.classList.add('active');
  });

  // Choosing points reloads the page under them.
  document.querySelectorAll('select[data-autosubmit]').forEach(function (s) {
    s.addEventListener('change', function () { s.form.submit(); });
  });

  // Sorting: click a header; numbers by data-v (or text), blanks last.
  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.querySelectorAll('th[data-sort]').forEach(function (th, index) {
      th.addEventListener('click', function () {
        var numeric = th.getAttribute('data-sort') === 'num';
        var asc = !th.classList.contains('sorted-asc');
        table.querySelectorAll('th').forEach(function (h) { h.classList.remove('sorted-asc', 'sorted-desc'); });
        th.classList.add(asc ? 'sorted-asc' : 'sorted-desc');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var col = Array.prototype.indexOf.call(th.parentNode.children, th);
        function key(row) {
          var cell = row.cells[col];
          var v = cell.hasAttribute('data-v') ? cell.getAttribute('data-v') : cell.textContent.trim();
          if (!numeric) return v;
          var n = parseFloat(v.replace(/[^0-9.\-]/g, ''));
          return isNaN(n) ? null : n;
        }
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          if (x === null || x === '') return 1;
          if (y === null || y === '') return -1;
          var c = numeric ? x - y : String(x).localeCompare(String(y), 'zh-Hans-CN');
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  // Tier filter.
  document.querySelectorAll('[data-tier-filter]').forEach(function (button) {
    button.addEventListener('click', function () {
      var tier = button.getAttribute('data-tier-filter');
      document.querySelectorAll('[data-tier-filter]').forEach(function (b) { b.classList.toggle('on', b === button); });
      document.querySelectorAll('#ranking tbody tr').forEach(function (row) {
        row.classList.toggle('hidden', tier !== '' && row.getAttribute('data-tier') !== tier);
      });
    });
  });

  // Probability bars (widths set here: the page's policy allows no inline styles).
  document.querySelectorAll('.pbar span[data-width]').forEach(function (s) { s.style.width = s.getAttribute('data-width') + '%'; });

  // Weights: subtotals at once, re-ranking from the server after a short pause.
  var form = document.getElementById('weights-form');
  if (form) {
    var evaluation = form.getAttribute('data-evaluation');
    var status = document.getElementById('reweigh-status');
    var timer = null, sequence = 0;
    var inputs = form.querySelectorAll('input[name^="points-"]');
    function format(x) { return (Math.round(x * 10000) / 10000).toString(); }
    function subtotals() {
      var sums = {}, total = 0, bad = false;
      inputs.forEach(function (input) {
        var v = parseFloat(input.value);
        if (isNaN(v) || v < 0) { bad = true; v = 0; }
        var c = input.getAttribute('data-category');
        sums[c] = (sums[c] || 0) + v;
        total += v;
        input.closest('tr').classList.toggle('changed', Math.abs(v - parseFloat(input.getAttribute('data-standard'))) > 1e-12);
      });
      Object.keys(sums).forEach(function (c) {
        var out = form.querySelector('output[data-category-total="' + c + '"]');
        if (out) out.textContent = format(sums[c]);
      });
      document.getElementById('points-total').textContent = format(total);
      return { total: total, bad: bad };
    }
    function send() {
      var points = {};
      inputs.forEach(function (input) {
        var v = parseFloat(input.value);
        points[input.name.substring(7)] = isNaN(v) ? 0 : v;
      });
      var mine = ++sequence;
      status.textContent = status.getAttribute('data-busy') || '…';
      fetch('/e/' + evaluation + '/weights', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({ points: points })
      }).then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
        .then(function (res) {
          if (mine !== sequence) return;
          if (!res.ok) { status.textContent = res.body.error || ''; status.classList.add('warning'); return; }
          status.classList.remove('warning');
          apply(res.body);
        }).catch(function () { status.textContent = '×'; });
    }
    function apply(result) {
      var body = document.querySelector('#live-ranking tbody');
      var byRow = {};
      Array.prototype.forEach.call(body.rows, function (tr) { byRow[tr.getAttribute('data-row')] = tr; });
      result.rows.forEach(function (r) {
        var tr = byRow[String(r.row)];
        if (!tr) return;
        tr.setAttribute('data-rank', r.rank == null ? '' : String(r.rank));
        tr.querySelector('.rank').textContent = r.rank == null ? '' : String(r.rank);
        tr.querySelector('.total').textContent = r.total == null ? '' : r.total.toFixed(4);
        var shift = tr.querySelector('.shift');
        shift.classList.remove('up', 'down', 'same');
        // The arrow and its direction come from the server (Comparison): one convention everywhere.
        shift.textContent = r.arrow || '';
        if (r.direction) { shift.classList.add(r.direction); }
        tr.classList.toggle('recognised', r.recognised);
        body.appendChild(tr);
      });
      var template = status.getAttribute('data-done') || '';
      status.textContent = template.replace('{moved}', result.moved).replace('{total}', format(result.maximum));
      var warning = document.getElementById('points-warning');
      warning.textContent = Math.abs(result.maximum - result.standardMaximum) > 1e-9 ? (warning.getAttribute('data-off') || '') : '';
      document.body.setAttribute('data-reweighed', String(sequence));
    }
    inputs.forEach(function (input) {
      input.addEventListener('input', function () {
        subtotals();
        clearTimeout(timer);
        timer = setTimeout(send, 200);
      });
    });
  }

  // Robustness: post the form, then poll the run's progress.
  var box = document.getElementById('robustness-progress-box');
  function poll(job, evaluation) {
    box.classList.remove('hidden');
    var bar = document.getElementById('robustness-progress');
    var text = document.getElementById('robustness-progress-text');
    (function tick() {
      fetch('/jobs/' + job, { headers: { 'Accept': 'application/json' } }).then(function (r) { return r.json(); }).then(function (s) {
        var cancel = document.getElementById('robustness-cancel');
        if (cancel) { cancel.action = '/jobs/' + job + '/cancel'; }
        if (s.state === 'queued') { text.textContent = s.queued || ''; }
        if (s.total > 0) { bar.max = s.total; bar.value = s.done; text.textContent = Math.round(100 * s.done / s.total) + '%'; }
        if (s.state === 'running' || s.state === 'queued') { setTimeout(tick, 400); }
        else { location.href = '/e/' + evaluation + '/robustness?job=' + job; }
      });
    })();
  }
  var rform = document.getElementById('robustness-form');
  if (rform && box) {
    if (box.getAttribute('data-job') && !box.classList.contains('hidden')) poll(box.getAttribute('data-job'), box.getAttribute('data-evaluation'));
    rform.addEventListener('submit', function (event) {
      event.preventDefault();
      fetch(rform.action, { method: 'POST', credentials: 'same-origin', headers: { 'Accept': 'application/json' }, body: new FormData(rform) })
        .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
        .then(function (res) {
          if (!res.ok) { alert(res.body.error || ''); return; }
          poll(res.body.job, box.getAttribute('data-evaluation'));
        });
    });
  }
})();

// A form that destroys something asks first (the 管理员's delete of an evaluation).
document.querySelectorAll('form[data-confirm]').forEach(function (form) {
  form.addEventListener('submit', function (event) {
    if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
  });
});
