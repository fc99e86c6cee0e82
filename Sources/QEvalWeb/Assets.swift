import Hummingbird

/// The stylesheet and the one script, served by the binary itself (no CDN, nothing fetched at run time).
/// The script only sorts and filters tables, posts points for the live re-ranking and polls a robustness
/// run; texts it shows come from the page (data attributes), so the catalogue stays the only source.
enum Assets {
    static func response(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static let css = """
        :root { --ink:#1d2433; --muted:#5d6677; --line:#d9dee7; --accent:#a4161a; --accent-soft:#fbeaea; --good:#1b7a3a; --bad:#b02a2a; --bg:#f5f6f8; }
        * { box-sizing: border-box; }
        body { margin:0; font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; color:var(--ink); background:var(--bg); font-size:14px; }
        header.top { display:flex; align-items:center; gap:18px; padding:10px 24px; background:#fff; border-bottom:3px solid var(--accent); position:sticky; top:0; z-index:5; }
        .brand { font-weight:700; font-size:17px; color:var(--accent); text-decoration:none; }
        .tabs a { margin-right:14px; color:var(--ink); text-decoration:none; padding:6px 2px; }
        .tabs a.active { border-bottom:2px solid var(--accent); color:var(--accent); font-weight:600; }
        .spacer { flex:1; }
        .plain { color:var(--muted); text-decoration:none; }
        .user { color:var(--muted); }
        main { padding:18px 24px 40px; max-width:1500px; margin:0 auto; }
        footer { color:var(--muted); font-size:12px; padding:12px 24px; }
        h1 { font-size:22px; margin:6px 0 12px; } h1 small { color:var(--muted); font-weight:400; font-size:15px; margin-left:8px; }
        h2 { font-size:16px; margin:0 0 10px; }
        .card { background:#fff; border:1px solid var(--line); border-radius:6px; padding:14px 18px; margin-bottom:16px; }
        .hint { color:var(--muted); } .meta { color:var(--ink); background:#fff; border-left:4px solid var(--accent); padding:8px 12px; }
        .banner { background:#fff6d8; border:1px solid #e8d38a; padding:8px 12px; border-radius:4px; }
        .error-message { color:var(--bad); font-weight:600; white-space:pre-wrap; }
        .warning { color:#9a6700; }
        form.inline { display:inline; }
        label { margin-right:12px; }
        input, select, button { font:inherit; }
        input[type=number] { width:6em; }
        button { background:var(--accent); color:#fff; border:0; border-radius:4px; padding:6px 14px; cursor:pointer; }
        button.secondary { background:#fff; color:var(--accent); border:1px solid var(--accent); }
        button.link { background:none; color:var(--muted); padding:0; }
        .toolbar { display:flex; flex-wrap:wrap; gap:14px; align-items:center; margin:10px 0; }
        .tier-filter button { background:#fff; color:var(--ink); border:1px solid var(--line); margin-left:4px; }
        .tier-filter button.on { background:var(--accent); color:#fff; border-color:var(--accent); }
        .downloads a { margin-left:8px; }
        table { border-collapse:collapse; background:#fff; }
        table.ranking, table.list { width:100%; border:1px solid var(--line); }
        th, td { padding:5px 8px; border-bottom:1px solid var(--line); text-align:left; vertical-align:top; }
        th { background:#eef0f4; position:sticky; top:52px; font-weight:600; white-space:nowrap; }
        th[data-sort] { cursor:pointer; } th.sorted-asc::after { content:" ▲"; } th.sorted-desc::after { content:" ▼"; }
        td.num, th.num { text-align:right; font-variant-numeric: tabular-nums; }
        .mono { font-family: ui-monospace, Consolas, monospace; font-size:12px; max-width:28em; overflow-wrap:anywhere; }
        tr.recognised td { background:var(--accent-soft); } tr.recognised td.status { color:var(--accent); font-weight:600; }
        tr.disqualified td { color:#888; } tr.disqualified td.status { color:var(--bad); }
        tr.entering td { background:#e8f5ec; } tr.leaving td { background:#fbeaea; }
        tr.hidden { display:none; } .hidden { display:none; }
        .up { color:var(--good); } .down { color:var(--bad); } .same { color:var(--muted); }
        .standing { display:flex; gap:30px; align-items:center; }
        .standing .big { font-size:42px; font-weight:700; color:var(--accent); } .standing .big small { font-size:16px; color:var(--muted); }
        .standing .status { font-size:17px; font-weight:600; }
        table.process td { font-size:13px; } tr.indicator td:first-child { width:24%; } tr.indicator td:last-child { width:46%; }
        table.ranking td { white-space:nowrap; } table.ranking td.status { white-space:normal; }
        .part { margin:2px 0; } .part .kind { color:var(--muted); font-size:12px; border:1px solid var(--line); border-radius:3px; padding:0 4px; }
        .part .inputs { color:var(--muted); } .part .line { color:var(--ink); }
        .weights-layout { display:grid; grid-template-columns: minmax(420px, 560px) 1fr; gap:18px; align-items:start; }
        fieldset.category { background:#fff; border:1px solid var(--line); border-radius:6px; margin:0 0 12px; }
        fieldset.category legend { font-weight:600; } .subtotal { font-weight:400; color:var(--muted); margin-left:10px; }
        table.points { width:100%; } table.points td { border:0; padding:2px 6px; } table.points td.hint { white-space:nowrap; }
        tr.changed td { background:#fff6d8; }
        .total-line { font-size:16px; font-weight:600; }
        .live { max-height: calc(100vh - 120px); overflow:auto; }
        .compare-layout { display:grid; grid-template-columns: 460px 1fr; gap:18px; align-items:start; }
        svg.chart { max-width:100%; height:auto; font-size:12px; }
        svg .frame { fill:#fafbfc; stroke:var(--line); } svg .diagonal { stroke:#aab; stroke-dasharray:4 3; }
        svg .cut { stroke:var(--accent); stroke-dasharray:3 3; } svg .dot { fill:#5a6b8c; opacity:.75; }
        svg .dot.hot { fill:var(--accent); } svg .dot.same { fill:#9aa3b5; }
        svg .axis, svg .tick, svg .label { fill:var(--ink); } svg .tick { fill:var(--muted); font-size:11px; }
        svg .interval { stroke:#5a6b8c; stroke-width:4; stroke-linecap:round; opacity:.55; }
        svg .median { fill:var(--accent); } svg .centre { fill:#fff; stroke:var(--ink); }
        svg .bar.county { fill:var(--accent); } svg .bar.mean { fill:#9aa3b5; }
        .pbar { display:inline-block; width:80px; height:9px; background:#eceff3; vertical-align:middle; }
        .pbar span { display:block; height:9px; background:var(--accent); width:0; }
        progress { width:320px; }
        .login { max-width:420px; display:flex; flex-direction:column; gap:10px; }
        @media print { header.top, .toolbar, footer, form { display:none; } th { position:static; } }
        """

    static let js = """
        (function () {
          'use strict';
          var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';

          // The tab of the current page.
          var path = location.pathname;
          document.querySelectorAll('.tabs a').forEach(function (a) {
            var tab = a.getAttribute('data-tab');
            var here = (tab === 'ranking' && /^\\/e\\/\\d+$/.test(path)) || (tab !== 'ranking' && path.endsWith('/' + tab));
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
                  var n = parseFloat(v.replace(/[^0-9.\\-]/g, ''));
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
        """
}
