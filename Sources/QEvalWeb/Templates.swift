/// The pages' Mustache templates, compiled into the binary so nothing is read from disk at run time.
/// Texts are `{{t.<WebText case>}}`; `{{…}}` escapes, `{{{…}}}` is used only for markup this server made
/// (the page body, SVG charts that escape their own texts).
enum Templates {
    static let all: [String: String] = [
        "layout": layout, "error": error, "home": home, "refused": refused, "ranking": ranking, "county": county,
        "weights": weights, "compare": compare, "robustness": robustness, "audit": audit, "login": login,
    ]

    static let layout = """
        <!doctype html>
        <html lang="{{lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="csrf-token" content="{{csrf}}">
        <title>{{title}} · {{t.product}}</title>
        <link rel="stylesheet" href="/assets/app.css">
        </head>
        <body>
        <header class="top">
          <a class="brand" href="/">{{t.product}}</a>
          {{#evaluation}}
          <nav class="tabs">
            <a href="/e/{{id}}" data-tab="ranking">{{t.navRanking}}</a>
            <a href="/e/{{id}}/weights" data-tab="weights">{{t.navWeights}}</a>
            <a href="/e/{{id}}/compare" data-tab="compare">{{t.navCompare}}</a>
            <a href="/e/{{id}}/robustness" data-tab="robustness">{{t.navRobustness}}</a>
          </nav>
          {{/evaluation}}
          <span class="spacer"></span>
          <a href="/audit" class="plain">{{t.navAudit}}</a>
          <a href="?lang={{otherLang}}" class="plain" id="switch-language" lang="{{otherLangTag}}">{{t.otherLanguage}}</a>
          {{#user}}
          <span class="user">{{user}}</span>
          <form method="post" action="/logout" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="link">{{t.logout}}</button></form>
          {{/user}}
        </header>
        <main>
        {{{body}}}
        </main>
        <footer>{{t.product}} {{version}}</footer>
        <script src="/assets/app.js"></script>
        </body>
        </html>
        """

    static let error = """
        <h1>{{t.errorTitle}}</h1>
        <p class="error-message" id="error-message">{{message}}</p>
        <p><a href="/">{{t.backHome}}</a></p>
        """

    static let home = """
        <h1>{{t.homeTitle}}</h1>
        <section class="card">
          <h2>{{t.newEvaluation}}</h2>
          <p class="hint">{{t.rulebookInForce}}{{rulebook}}</p>
          <form method="post" action="/evaluations" enctype="multipart/form-data" id="upload-form">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label>{{t.chooseFile}} <input type="file" name="file" id="upload-file" accept=".csv,.txt,text/csv" required></label>
            <label>{{t.encoding}}
              <select name="encoding">
                <option value="auto">{{t.encodingAuto}}</option>
                <option value="utf-8">UTF-8</option>
                <option value="gb18030">GBK / GB18030</option>
              </select>
            </label>
            <button type="submit" id="upload">{{t.upload}}</button>
          </form>
          <p class="hint">{{uploadHint}}</p>
          <form method="post" action="/evaluations/sample" class="inline">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <button type="submit" id="use-sample" class="secondary">{{t.useSample}}</button>
          </form>
        </section>
        <section class="card">
          <h2>{{t.earlierEvaluations}}</h2>
          {{#hasEvaluations}}
          <table class="list" id="evaluations">
            <thead><tr><th>{{t.colNumber}}</th><th>{{t.colFile}}</th><th>{{t.colApplicants}}</th><th>{{t.colRulebook}}</th><th>SHA-256</th><th>{{t.colWho}}</th><th>{{t.colWhen}}</th></tr></thead>
            <tbody>
            {{#evaluations}}
            <tr data-evaluation="{{id}}"><td class="num">{{id}}</td><td><a href="/e/{{id}}">{{fileName}}</a></td><td class="num">{{applicants}}</td><td>{{rulebook}}</td><td class="mono">{{sha}}…</td><td>{{who}}</td><td>{{when}}</td></tr>
            {{/evaluations}}
            </tbody>
          </table>
          {{/hasEvaluations}}
          {{^hasEvaluations}}<p class="hint">{{t.noEvaluations}}</p>{{/hasEvaluations}}
        </section>
        """

    static let refused = """
        <h1>{{t.uploadRefusedTitle}}</h1>
        <p class="error-message" id="refused-summary">{{fileName}}：{{summary}}</p>
        <table class="list problems" id="problems">
          <thead><tr><th>{{t.colLine}}</th><th>{{t.colColumn}}</th><th>{{t.colValue}}</th><th>{{t.colApplicant}}</th><th>{{t.colProblem}}</th></tr></thead>
          <tbody>
          {{#problems}}
          <tr><td class="num">{{line}}</td><td>{{column}}</td><td class="mono">{{value}}</td><td>{{applicant}}</td><td>{{problem}}</td></tr>
          {{/problems}}
          </tbody>
        </table>
        {{#more}}<p class="hint">{{more}}</p>{{/more}}
        <p>{{t.fixAndRetry}} <a href="/">{{t.backHome}}</a></p>
        """

    static let pointsChooser = """
        <form method="get" class="inline points-choice">
          <label>{{t.pointsInForce}}
            <select name="s" data-autosubmit>
              {{#pointsOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/pointsOptions}}
            </select>
          </label>
          <noscript><button type="submit">{{t.apply}}</button></noscript>
        </form>
        """

    static let ranking = """
        <h1>{{t.rankingTitle}} <small>{{fileName}}</small></h1>
        <p class="meta" id="ranking-meta">{{meta}}</p>
        {{#draftBanner}}<p class="banner">{{draftBanner}} <a href="/e/{{id}}/weights">{{t.navWeights}}</a></p>{{/draftBanner}}
        {{#hasWarnings}}
        <details class="warnings" open><summary>{{t.dataWarnings}}</summary>
        <ul>{{#warnings}}<li>{{text}}</li>{{/warnings}}</ul></details>
        {{/hasWarnings}}
        <div class="toolbar">
        \(pointsChooser)
          <span class="tier-filter" role="group">{{t.filterTier}}
            <button type="button" data-tier-filter="" class="on">{{t.allTiers}}</button>
            {{#tiers}}<button type="button" data-tier-filter="{{index}}">{{name}}</button>{{/tiers}}
          </span>
          <span class="downloads">{{t.downloads}}
            <a href="/e/{{id}}/download/ranking.xlsx?s={{s}}" id="download-ranking">{{t.downloadRanking}}</a>
            <a href="/e/{{id}}/download/scores.csv?s={{s}}" id="download-scores">{{t.downloadScores}}</a>
            <a href="/e/{{id}}/download/feedback.zip?s={{s}}" id="download-feedback">{{t.downloadFeedback}}</a>
          </span>
        </div>
        <table class="ranking sortable" id="ranking">
          <thead><tr>
            <th data-sort="num">{{t.colRank}}</th>
            {{#showShift}}<th data-sort="num">{{t.colShift}}</th>{{/showShift}}
            <th data-sort="text">{{t.colCounty}}</th><th data-sort="text">{{t.colCity}}</th><th data-sort="num">{{t.colTier}}</th>
            <th data-sort="num">{{t.colTierRank}}</th><th data-sort="num">{{t.colTotal}}</th>
            {{#categories}}<th data-sort="num">{{name}}</th>{{/categories}}
            <th data-sort="text">{{t.colStatus}}</th>
          </tr></thead>
          <tbody>
          {{#rows}}
          <tr data-county="{{county}}" data-city="{{city}}" data-rank="{{rank}}" data-tier="{{tier}}" data-row="{{row}}" class="{{class}}">
            <td class="num" data-v="{{rank}}">{{rank}}</td>
            {{#showShift}}<td class="num {{shiftCss}}">{{shift}}</td>{{/showShift}}
            <td><a href="/e/{{id}}/county/{{row}}{{query}}">{{county}}</a></td><td>{{city}}</td>
            <td data-v="{{tier}}">{{tierName}}</td><td class="num" data-v="{{tierRank}}">{{tierRank}}</td>
            <td class="num total" data-v="{{totalRaw}}">{{total}}</td>
            {{#subtotals}}<td class="num" data-v="{{raw}}">{{text}}</td>{{/subtotals}}
            <td class="status">{{status}}</td>
          </tr>
          {{/rows}}
          </tbody>
        </table>
        """

    static let county = """
        <p><a href="/e/{{id}}{{query}}">← {{t.navRanking}}</a></p>
        <h1>{{county}} <small>{{city}} · {{tierName}}</small></h1>
        <section class="card standing">
          <div class="big" id="county-total">{{total}}<small> / {{maximum}}</small></div>
          <div>
            <p id="county-status" class="status">{{status}}</p>
            <p>{{rank}}{{#tierRank}}；{{tierRank}}{{/tierRank}}</p>
            <p>{{lineText}}</p>
            {{#disqualifications}}<p class="error-message">{{text}}</p>{{/disqualifications}}
            <p class="hint">{{t.pointsInForce}}{{points}}</p>
            <p><a href="/e/{{id}}/county/{{row}}/feedback.xlsx{{query}}" id="download-county-feedback">{{t.downloadCountyFeedback}}</a></p>
          </div>
        </section>
        {{#hasLosses}}
        <section class="card"><h2>{{t.largestLosses}}</h2>
          <ul class="losses">{{#losses}}<li>{{number}}. {{name}}：{{t.lost}} {{lost}}</li>{{/losses}}</ul>
        </section>
        {{/hasLosses}}
        <section class="card"><h2>{{t.rateChart}}</h2>{{{chart}}}</section>
        <section class="card">
          <h2>{{t.processTitle}}</h2>
          <table class="list process" id="process">
            <thead><tr><th>{{t.colIndicator}}</th><th>{{t.colScore}}</th><th>{{t.colPoints}}</th><th>{{t.colLost}}</th><th>{{t.colTierMean}}</th><th>{{t.colTierBest}}</th><th>{{t.colReasoning}}</th></tr></thead>
            <tbody>
            {{#indicators}}
            <tr class="indicator"><td>{{number}}. {{name}}</td><td class="num">{{score}}</td><td class="num">{{points}}</td><td class="num">{{lost}}</td><td class="num">{{mean}}</td><td class="num">{{best}}</td>
              <td>{{#parts}}<div class="part"><span class="kind">{{kind}}</span> {{#label}}<b>{{label}}</b> {{/label}}{{#inputs}}<span class="inputs">{{inputs}}</span> {{/inputs}}<span class="line">{{line}}</span></div>{{/parts}}</td></tr>
            {{/indicators}}
            </tbody>
          </table>
        </section>
        """

    static let weights = """
        <h1>{{t.weightsTitle}}</h1>
        <p class="hint">{{t.weightsHint}}</p>
        <div class="toolbar">
        \(pointsChooser)
        </div>
        <div class="weights-layout">
        <form method="post" action="/e/{{id}}/scenarios" id="weights-form" data-evaluation="{{id}}">
          <input type="hidden" name="csrf" value="{{csrf}}">
          {{#groups}}
          <fieldset class="category" data-category="{{index}}">
            <legend>{{name}} <span class="subtotal">{{t.subtotal}} <output data-category-total="{{index}}">{{subtotal}}</output> / {{standard}}</span></legend>
            <table class="points">
            {{#indicators}}
              <tr{{#changed}} class="changed"{{/changed}}><td class="num">{{number}}</td><td>{{name}}</td>
                <td><input type="number" name="points-{{number}}" id="points-{{number}}" value="{{value}}" min="0" step="any" data-category="{{category}}" data-standard="{{standard}}" inputmode="decimal"></td>
                <td class="hint">{{t.standardShort}} {{standard}}</td></tr>
            {{/indicators}}
            </table>
          </fieldset>
          {{/groups}}
          <p class="total-line">{{t.pointsTotal}} <output id="points-total">{{total}}</output> / {{standardTotal}} <span id="points-warning" class="warning" data-off="{{t.pointsOffTotal}}"></span></p>
          <p class="actions">
            <label>{{t.scenarioName}} <input type="text" name="name" id="scenario-name" maxlength="60"></label>
            <button type="submit" id="save-scenario">{{t.saveScenario}}</button>
            <button type="submit" formaction="/e/{{id}}/weights/reset" formnovalidate class="secondary" id="reset-points">{{t.resetPoints}}</button>
          </p>
          <p class="downloads">{{t.downloads}}
            <a href="/e/{{id}}/download/ranking.xlsx?s=draft" id="download-draft-ranking">{{t.downloadRanking}}</a>
            <a href="/e/{{id}}/compare?a=standard&amp;b=draft">{{t.compareWithStandard}}</a>
          </p>
        </form>
        <section class="live">
          <p id="reweigh-status" class="hint" aria-live="polite" data-busy="{{t.reweighBusy}}" data-done="{{t.reweighDone}}">{{pointsLabel}}</p>
          <table class="ranking" id="live-ranking">
            <thead><tr><th>{{t.colRank}}</th><th>{{t.colShift}}</th><th>{{t.colCounty}}</th><th>{{t.colCity}}</th><th>{{t.colTier}}</th><th>{{t.colTotal}}</th></tr></thead>
            <tbody>
            {{#rows}}
            <tr data-county="{{county}}" data-city="{{city}}" data-rank="{{rank}}" data-row="{{row}}" data-tier="{{tier}}" class="{{class}}">
              <td class="num rank">{{rank}}</td><td class="num shift {{shiftCss}}">{{shift}}</td><td>{{county}}</td><td>{{city}}</td><td>{{tierName}}</td><td class="num total">{{total}}</td>
            </tr>
            {{/rows}}
            </tbody>
          </table>
        </section>
        </div>
        """

    static let compare = """
        <h1>{{t.compareTitle}}</h1>
        <form method="get" class="toolbar" id="compare-form">
          <label>A <select name="a">{{#optionsA}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/optionsA}}</select></label>
          <label>B <select name="b">{{#optionsB}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/optionsB}}</select></label>
          <button type="submit" id="compare-go">{{t.compareGo}}</button>
          <a href="/e/{{id}}/download/compare.xlsx?a={{a}}&amp;b={{b}}" id="download-compare">{{t.downloadCompare}}</a>
        </form>
        <p class="meta" id="compare-summary">A：{{nameA}}；B：{{nameB}}。{{summary}}</p>
        {{#entering}}<p class="up">{{t.enteringTop}}{{entering}}</p>{{/entering}}
        {{#leaving}}<p class="down">{{t.leavingTop}}{{leaving}}</p>{{/leaving}}
        <div class="compare-layout">
        <section class="card"><h2>{{t.rankChart}}</h2>{{{chart}}}<p class="hint">{{t.rankChartHint}}</p></section>
        <table class="ranking sortable" id="compare-table">
          <thead><tr><th data-sort="text">{{t.colCounty}}</th><th data-sort="text">{{t.colCity}}</th><th data-sort="text">{{t.colTier}}</th>
            <th data-sort="num">{{t.colRankA}}</th><th data-sort="num">{{t.colRankB}}</th><th data-sort="text">{{t.colShift}}</th>
            <th data-sort="num">{{t.colTotalA}}</th><th data-sort="num">{{t.colTotalB}}</th><th data-sort="text">{{t.colStatusB}}</th></tr></thead>
          <tbody>
          {{#rows}}
          <tr data-county="{{county}}" data-city="{{city}}" data-rank="{{rankB}}" class="{{class}}">
            <td>{{county}}</td><td>{{city}}</td><td>{{tier}}</td><td class="num" data-v="{{rankA}}">{{rankA}}</td><td class="num" data-v="{{rankB}}">{{rankB}}</td>
            <td class="num {{shiftCss}}">{{shift}}</td><td class="num" data-v="{{totalA}}">{{totalA}}</td><td class="num" data-v="{{totalB}}">{{totalB}}</td><td>{{statusB}}</td>
          </tr>
          {{/rows}}
          </tbody>
        </table>
        </div>
        """

    static let robustness = """
        <h1>{{t.robustnessTitle}}</h1>
        <p class="hint">{{t.robustnessHint}}</p>
        <form method="post" action="/e/{{id}}/robustness" id="robustness-form" class="toolbar">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <label>{{t.samples}} <input type="number" name="samples" value="{{samples}}" min="{{samplesMin}}" max="{{samplesMax}}" step="100"></label>
          <label>{{t.spread}} <input type="number" name="spread" value="{{spread}}" min="0" max="0.9" step="0.05"></label>
          <label>{{t.seed}} <input type="number" name="seed" value="{{seed}}" min="0"></label>
          <button type="submit" id="run-robustness">{{t.runRobustness}}</button>
        </form>
        <div id="robustness-progress-box" class="{{^running}}hidden{{/running}}" data-job="{{job}}" data-evaluation="{{id}}">
          <progress id="robustness-progress" max="100" value="0"></progress> <span id="robustness-progress-text">{{#queued}}{{queued}}{{/queued}}{{^queued}}{{t.running}}{{/queued}}</span>
          <form method="post" action="/jobs/{{job}}/cancel" id="robustness-cancel" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{t.cancelRobustness}}</button></form>
        </div>
        {{#failed}}<p class="error-message">{{failed}}</p>{{/failed}}
        {{#resultSummary}}
        <section class="card" id="robustness-result">
          <p class="meta">{{resultSummary}}</p>
          <p>{{leaving}}</p>
          <p><a href="/e/{{id}}/download/robustness.xlsx?job={{job}}" id="download-robustness">{{t.downloadRobustness}}</a></p>
          {{{chart}}}
          <p class="hint">{{t.intervalChartHint}}</p>
        </section>
        <table class="ranking sortable" id="robustness-table">
          <thead><tr><th data-sort="num">{{t.colRank}}</th><th data-sort="text">{{t.colCounty}}</th><th data-sort="text">{{t.colCity}}</th><th data-sort="num">{{t.colMedianRank}}</th><th data-sort="text">{{t.colInterval}}</th><th data-sort="num">{{t.colPRecognised}}</th></tr></thead>
          <tbody>
          {{#counties}}
          <tr data-county="{{county}}" data-city="{{city}}" data-rank="{{rank}}" class="{{class}}"><td class="num">{{rank}}</td><td>{{county}}</td><td>{{city}}</td><td class="num">{{median}}</td><td class="num">{{interval}}</td>
            <td class="num" data-v="{{width}}"><span class="pbar"><span data-width="{{width}}"></span></span> {{p}}</td></tr>
          {{/counties}}
          </tbody>
        </table>
        {{/resultSummary}}
        """

    static let audit = """
        <h1>{{t.auditTitle}}</h1>
        <table class="list" id="audit">
          <thead><tr><th>{{t.colWhen}}</th><th>{{t.colWho}}</th><th>{{t.colAction}}</th><th>{{t.colNumber}}</th><th>{{t.colDetail}}</th></tr></thead>
          <tbody>
          {{#rows}}<tr><td>{{when}}</td><td>{{who}}</td><td>{{action}}</td><td class="num">{{evaluation}}</td><td>{{detail}}</td></tr>{{/rows}}
          </tbody>
        </table>
        """

    static let login = """
        <h1>{{t.loginTitle}}</h1>
        {{#failed}}<p class="error-message" id="login-failed">{{t.loginFailed}}</p>{{/failed}}
        <form method="post" action="/login" class="card login" id="login-form">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <input type="hidden" name="next" value="{{next}}">
          <label>{{t.userName}} <input type="text" name="user" id="login-user" autocomplete="username" required></label>
          <label>{{t.password}} <input type="password" name="password" id="login-password" autocomplete="current-password" required></label>
          <button type="submit" id="login-submit">{{t.loginButton}}</button>
        </form>
        <p class="hint">{{t.loginHint}}</p>
        """
}
