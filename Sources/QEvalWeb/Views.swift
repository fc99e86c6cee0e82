import Foundation
import Mustache
import QEval
import QEvalReports

/// The pages: Mustache templates (resource files, `Templates`) filled from the
/// library's results. Every text comes from the catalogue (`t.<case>` in a template is a `WebText` case);
/// every value goes through Mustache's `{{…}}`, which escapes it, so a county named
/// `<img src=x onerror=alert(1)>` shows as text.
struct Views: Sendable {
    let library: MustacheLibrary

    init() throws {
        var library = MustacheLibrary()
        for (name, text) in try Templates.all() {
            try library.register(text, named: name)
        }
        self.library = library
    }

    /// Every `WebText` case without parameters, by case name, for `{{t.name}}`.
    static var texts: [String: String] {
        var texts: [String: String] = [:]
        for text in WebText.examples { texts[text.kind] = text.text }
        for text in PanelText.examples { texts[text.kind] = text.text }
        return texts
    }

    /// A page model rendered by its template, with the catalogue's texts as `t`.
    func render<Model>(_ template: String, _ model: Model) -> String {
        library.render(PageContext(model: model, texts: Self.texts), withTemplate: template) ?? ""
    }

    func page(title: String, body: String, context: WebContext, evaluation: Int64?) -> String {
        let zh = Language.current == .zh
        return render(
            "layout",
            LayoutPage(
                title: title, body: body, csrf: context.csrfToken, version: qevalVersion, lang: zh ? "zh-CN" : "en",
                otherLang: zh ? "en" : "zh", otherLangTag: zh ? "en" : "zh-CN",
                evaluation: evaluation.map(LayoutPage.EvaluationLink.init(id:)),
                user: context.visitor.flatMap { $0.name.isEmpty ? nil : $0.name },
                canAudit: context.visitor?.role.allows(.audit) ?? false,
                canAdmin: context.visitor?.role.allows(.manageAccounts) ?? false,
                role: context.visitor.flatMap { $0.name.isEmpty ? nil : $0.role.name.text },
                canChairPanel: context.visitor?.role.allows(.chairPanel) ?? false))
    }

    // MARK: formatting

    static func time(_ date: Date) -> String {
        // Beijing time, as the workbooks' 运行时间 (the server may keep UTC).
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    static func who(_ user: String) -> String { user.isEmpty ? WebText.localUser.text : user }

    /// An audit row's action as the page names it (a stored text no release knows is shown as it is).
    static func action(_ action: String) -> String { AuditAction(rawValue: action)?.label.text ?? action }

    /// Where a problem of an upload is: its line ("4"), or the file, sheet and cell within the upload
    /// ("Sheet1!E23", "历城区.xlsx!填报表!E23" inside a .zip or several files).
    static func place(_ d: Diagnostic, upload: String) -> String {
        var file = d.file ?? ""
        for prefix in [upload + "/", upload + "!", upload] where file.hasPrefix(prefix) {
            file = String(file.dropFirst(prefix.count))
            break
        }
        switch (file.isEmpty, d.line) {
        case (true, let line?): return String(line)
        case (false, let line?): return Language.current == .zh ? "\(file) 第\(line)行" : "\(file):\(line)"
        default: return file
        }
    }

    /// "自愿性认证覆盖率（i20_voluntary_cert_coverage）": the column's label and key, as the CLI names it.
    static func column(_ d: Diagnostic) -> String {
        switch (d.columnLabel, d.column) {
        case (let label?, let key?) where label != key: return "\(label)（\(key)）"
        case (let label?, _): return label
        case (nil, let key?): return key
        default: return ""
        }
    }

    static func fixed(_ x: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", x) }

    /// A county's move as `Comparison` states it: its arrow ("▲3", "▼2", "—") and a class for the colour;
    /// nothing when it is not ranked under both.
    static func shift(_ row: Comparison.Row?) -> (text: String, css: String) {
        guard let row, let direction = row.direction else { return ("", "") }
        return (row.arrow, direction.rawValue)
    }

    /// The options of a points selector: the standard's, this session's draft (when there is one), saved
    /// scenarios.
    static func pointsOptions(_ chosen: String, scenarios: [ScenarioRecord], hasDraft: Bool, prefix: String = "")
        -> [PointsOption]
    {
        var options = [
            PointsOption(value: "standard", label: WorkbookText.standardWeights.text, selected: chosen == "standard")
        ]
        if hasDraft || chosen == "draft" {
            options.append(PointsOption(value: "draft", label: WebText.draftPoints.text, selected: chosen == "draft"))
        }
        for s in scenarios {
            let value = prefix + String(s.id ?? 0)
            options.append(
                PointsOption(value: value, label: WebMessage.scenarioLabel(s.name).text, selected: chosen == value))
        }
        return options
    }

    // MARK: ranking

    func rankingData(
        _ cohort: RankedCohort, base: RankedCohort, summary: EvaluationSummary, inForce: PointsInForce,
        scenarios: [ScenarioRecord], hasDraft: Bool
    ) -> RankingPage {
        let e = cohort.evaluation
        let rulebook = cohort.rulebook
        // In rank order: neighbours of different rank must not show the same total (the console's rule).
        let ranked = cohort.ranking.order.filter { e.isRanked($0) }
        let decimals = ConsoleSummary.decimals(
            totals: ranked.map { cohort.scoreboard.totals[$0] }, ranks: ranked.map { cohort.ranking.rank[$0] ?? 0 },
            atMost: max(2, rulebook.rankDecimals))
        let query = inForce.choice == .standard ? "" : "?s=\(inForce.choice.query)"
        // Moves are shown only under other points than the standard's: no comparison is built for nothing.
        let moves = inForce.choice == .standard ? [:] : Comparison(a: base, b: cohort, nameA: "", nameB: "").rowsByB
        let rows: [RankingPage.Row] = cohort.ranking.order.map { row in
            let rank = cohort.ranking.rank[row]
            let shift = Self.shift(moves[row])
            let disqualified = !e.isRanked(row)
            let status: String =
                disqualified
                ? WebMessage.disqualified(e.disqualifications[row].map(\.text).joined(separator: "；")).text
                : cohort.ranking.recognised[row] ? WebText.statusRecognised.text : ""
            return RankingPage.Row(
                row: row, county: e.table.county[row], city: e.table.city[row], rank: rank.map(String.init) ?? "",
                tier: e.table.tier[row] + 1, tierName: rulebook.tiers[e.table.tier[row]].name,
                tierRank: cohort.ranking.tierRank[row].map(String.init) ?? "",
                total: disqualified ? "" : Self.fixed(cohort.scoreboard.totals[row], decimals),
                totalRaw: disqualified ? "" : String(cohort.scoreboard.totals[row]),
                subtotals: rulebook.categories.indices.map { c in
                    RankingPage.Cell(
                        text: disqualified ? "" : Self.fixed(cohort.scoreboard.subtotals[c][row], 2),
                        raw: disqualified ? "" : String(cohort.scoreboard.subtotals[c][row]))
                },
                status: status, shift: inForce.choice == .standard ? "" : shift.text, shiftCss: shift.css,
                class: disqualified ? "disqualified" : cohort.ranking.recognised[row] ? "recognised" : "",
                query: query, showShift: inForce.choice != .standard)
        }
        let disqualified = e.count - ranked.count
        // The data's warnings as the console shows them, and — as `rank --weights` warns on the console — points
        // that do not add up to the standard's total.
        var warnings = Self.warnings(e.diagnostics)
        if let off = cohort.pointsTotal.warning { warnings.insert(WarningLine(text: off.text), at: 0) }
        return RankingPage(
            id: summary.id, fileName: summary.fileName, rows: rows,
            tiers: rulebook.tiers.enumerated().map { RankingPage.TierLink(index: $0 + 1, name: $1.name) },
            categories: rulebook.categories.map(RankingPage.Category.init(name:)),
            meta: WebMessage.rankingMeta(
                applicants: e.count, ranked: ranked.count, disqualified: disqualified,
                recognised: rulebook.recognitionCount, points: inForce.label,
                maximum: Points.format(cohort.scoreboard.maximum)
            ).text,
            pointsOptions: Self.pointsOptions(inForce.choice.query, scenarios: scenarios, hasDraft: hasDraft),
            s: inForce.choice.query, showShift: inForce.choice != .standard,
            draftBanner: inForce.choice == .draft ? WebText.draftBanner.text : nil,
            warnings: warnings, hasWarnings: !warnings.isEmpty)
    }

    /// The data problems the console would show: score-changing first, counted by kind.
    static func warnings(_ diagnostics: Diagnostics) -> [WarningLine] {
        ConsoleSummary.warnings(diagnostics).map(WarningLine.init(text:))
    }

    // MARK: county

    /// The findings page: current findings (filtered) with declared values, every version, the filter's
    /// choices.
    func findingsData(
        id: Int64, declared: RankedCohort, current: [FindingRecord], history: [FindingRecord], total: (Int, Int),
        csrf: String, filter: (county: String, field: String, reviewer: String)
    ) -> FindingsPage {
        let table = declared.evaluation.table
        let rulebook = declared.rulebook
        var rowOf: [String: Int] = [:]
        for r in 0..<table.count { rowOf[table.county[r] + "\u{1F}" + table.city[r]] = r }
        func row(_ f: FindingRecord) -> FindingsPage.Row {
            let r = rowOf[f.county + "\u{1F}" + f.city]
            let index = rulebook.fieldIndex[f.field]
            let field = index.map { rulebook.fields[$0] }
            let declaredText = r.flatMap { row in index.flatMap { i in table.displayValue(i, of: rulebook.fields[i], row: row) } }
            return FindingsPage.Row(
                county: f.county, city: f.city, link: r.map { "/e/\(id)/county/\($0)#verification" },
                label: field?.label ?? f.field, key: f.field,
                declared: declaredText ?? "", verified: f.value ?? WebText.rejectedValue.text, reason: f.reason,
                evidence: f.evidence, reviewer: Self.who(f.reviewer), when: Self.time(f.recordedAt), version: f.version)
        }
        let rows = current.map(row)
        return FindingsPage(
            id: id, csrf: csrf, count: WebMessage.findingsCount(current: total.0, versions: total.1).text, rows: rows,
            hasRows: !rows.isEmpty, history: history.map(row),
            options: rulebook.fields.filter { $0.role != .id }.map {
                FindingsPage.Option(key: $0.key, label: $0.label, selected: $0.key == filter.field)
            },
            county: filter.county, reviewer: filter.reviewer)
    }

    /// A county's figures, declared beside verified (with the current finding's reason, reviewer and version),
    /// and the finding form (with the values entered and the errors, when a finding was refused).
    func verificationSection(
        declared: RankedCohort, row: Int, versions: [FindingRecord], csrf: String, errors: [Diagnostic] = [],
        entered: (field: String, value: String, reason: String, evidence: String)? = nil
    ) -> VerificationSection {
        let table = declared.evaluation.table
        let rulebook = declared.rulebook
        let mine = versions.filter { $0.county == table.county[row] && $0.city == table.city[row] }
        let current = Dictionary(Store.current(mine).map { ($0.field, $0) }, uniquingKeysWith: { $1 })
        let fields = rulebook.fields.enumerated().filter { $0.element.role != .id }
        let figures = fields.map { f, field -> VerificationSection.Figure in
            let finding = current[field.key]
            let declaredText = table.displayValue(f, of: field, row: row) ?? ""
            return VerificationSection.Figure(
                key: field.key, label: field.label + (field.unit.isEmpty ? "" : "（\(field.unit)）"), declared: declaredText,
                verified: finding.map { $0.value ?? WebText.rejectedValue.text } ?? "", reason: finding?.reason ?? "",
                reviewer: finding.map { Self.who($0.reviewer) } ?? "",
                version: finding.map { "v\($0.version)" } ?? "", changed: finding != nil)
        }
        let options = fields.map { _, field in
            VerificationSection.Option(key: field.key, label: field.label, selected: entered?.field == field.key)
        }
        return VerificationSection(
            // The message and the column it concerns: the line of the workspace's own findings file means nothing here.
            csrf: csrf, figures: figures, options: options,
            errors: errors.map { .init(text: Self.column($0) + (Language.current == .zh ? "：" : ": ") + $0.message.text()) },
            hasErrors: !errors.isEmpty,
            errorSummary: errors.isEmpty ? nil : WebMessage.countyFindingRefused(errors: errors.count).text,
            value: entered?.value ?? "", reason: entered?.reason ?? "", evidence: entered?.evidence ?? "")
    }

    func countyData(
        _ cohort: RankedCohort, row: Int, summary: EvaluationSummary, inForce: PointsInForce,
        verification: VerificationSection
    ) -> CountyPage {
        let e = cohort.evaluation
        let rulebook = cohort.rulebook
        let standing = Standing(cohort, row: row)
        let tierSummary = TierSummary(cohort)
        let tier = e.table.tier[row]
        let explanation = Explainer(cohort).explain(row: row)
        let indicators = explanation.indicators.map { ind in
            let k = ind.indicator
            return CountyPage.Indicator(
                number: ind.number, name: ind.name, score: Self.fixed(ind.score, 2),
                points: Points.format(ind.points), lost: Self.fixed(max(0, ind.points - ind.score), 2),
                mean: tierSummary.mean[tier][k].map { Self.fixed($0, 2) } ?? "",
                best: tierSummary.best[tier][k].map { Self.fixed($0, 2) } ?? "",
                parts: ind.rows.map { part in
                    CountyPage.Part(
                        label: nonEmpty(part.label), kind: part.kind,
                        inputs: nonEmpty(part.inputs.map(\.text).joined(separator: "；")),
                        score: Self.fixed(part.score, 4), line: part.line)
                })
        }
        let losses = standing.largestLosses.map { loss in
            let indicator = rulebook.indicators[loss.indicator]
            return CountyPage.Loss(number: indicator.number, name: indicator.name, lost: Self.fixed(loss.lost, 2))
        }
        let rates = tierSummary.subcategories.indices.map { s in
            (
                name: tierSummary.subcategories[s], county: tierSummary.rate(cohort, row: row, subcategory: s),
                mean: tierSummary.rateMean[tier][s]
            )
        }
        let query = inForce.choice == .standard ? "" : "?s=\(inForce.choice.query)"
        let notes = e.table.notes.filter { !$0.values[row].isEmpty }.map {
            CountyPage.Note(header: $0.header, text: $0.values[row])
        }
        return CountyPage(
            id: summary.id, row: row, county: e.table.county[row], city: e.table.city[row],
            tierName: standing.tierName,
            total: standing.total.map { Self.fixed($0, 2) } ?? "", maximum: Points.format(standing.maximum),
            rank: standing.rank.map { WebMessage.rankOf(rank: $0, of: standing.ranked).text } ?? "",
            tierRank: standing.tierRank.map {
                WebMessage.tierRankOf(tier: standing.tierName, rank: $0, of: standing.tierRanked).text
            },
            status: standing.status, lineText: standing.total == nil ? "" : standing.lineText,
            disqualifications: e.disqualifications[row].map { CountyPage.Reason(text: $0.text) },
            verification: verification, notes: notes, hasNotes: !notes.isEmpty, indicators: indicators, losses: losses,
            hasLosses: !losses.isEmpty,
            points: inForce.label,
            query: query,
            chart: Charts.rates(
                rates, countyLabel: e.table.county[row], meanLabel: WebMessage.tierMean(standing.tierName).text),
            rulebook: rulebook.name)
    }

    // MARK: weights

    func weightsData(
        _ cohort: RankedCohort, base: RankedCohort, summary: EvaluationSummary, inForce: PointsInForce,
        scenarios: [ScenarioRecord], csrf: String
    ) -> WeightsPage {
        let rulebook = cohort.rulebook
        let e = cohort.evaluation
        let groups = rulebook.categories.enumerated().map { c, category in
            let members = rulebook.indicators.enumerated().filter { $0.element.category == category }
            return WeightsPage.Group(
                index: c, name: category,
                standard: Points.format(members.reduce(0) { $0 + $1.element.points }),
                subtotal: Points.format(members.reduce(0) { $0 + cohort.scoreboard.points[$1.offset] }),
                indicators: members.map { k, indicator in
                    WeightsPage.Indicator(
                        number: indicator.number, name: indicator.name, standard: Points.format(indicator.points),
                        value: Points.format(cohort.scoreboard.points[k]), category: c,
                        changed: abs(cohort.scoreboard.points[k] - indicator.points) > 1e-12)
                })
        }
        let moves = Comparison(a: base, b: cohort, nameA: "", nameB: "").rowsByB
        let rows = cohort.ranking.order.map { row in
            let rank = cohort.ranking.rank[row]
            let shift = Self.shift(moves[row])
            return WeightsPage.Row(
                row: row, county: e.table.county[row], city: e.table.city[row],
                rank: rank.map(String.init) ?? "", tierName: rulebook.tiers[e.table.tier[row]].name,
                tier: e.table.tier[row] + 1,
                total: e.isRanked(row) ? Self.fixed(cohort.scoreboard.totals[row], 4) : "",
                shift: shift.text, shiftCss: shift.css,
                class: !e.isRanked(row) ? "disqualified" : cohort.ranking.recognised[row] ? "recognised" : "")
        }
        return WeightsPage(
            id: summary.id, groups: groups, rows: rows, csrf: csrf,
            total: Points.format(cohort.scoreboard.maximum), standardTotal: Points.format(rulebook.totalPoints),
            pointsLabel: inForce.label, s: inForce.choice.query,
            pointsOptions: Self.pointsOptions(
                inForce.choice.query, scenarios: scenarios, hasDraft: inForce.choice == .draft))
    }

    // MARK: compare

    func compareData(
        _ comparison: Comparison, a: String, b: String, summary: EvaluationSummary, scenarios: [ScenarioRecord],
        others: [EvaluationSummary], hasDraft: Bool
    ) -> ComparePage {
        func options(_ chosen: String) -> [PointsOption] {
            var list = Self.pointsOptions(chosen, scenarios: scenarios, hasDraft: hasDraft, prefix: "s")
            for other in others {
                let value = "e\(other.id)"
                list.append(
                    PointsOption(
                        value: value, label: WebMessage.evaluationLabel(id: other.id, file: other.fileName).text,
                        selected: chosen == value))
            }
            return list
        }
        let rows = comparison.rows.map { r in
            let shift = Self.shift(r)  // places gained from A to B
            return ComparePage.Row(
                county: r.county, city: r.city, tier: r.tier,
                rankA: r.rankA.map(String.init) ?? "", rankB: r.rankB.map(String.init) ?? "",
                totalA: r.totalA.map { Self.fixed($0, 2) } ?? "", totalB: r.totalB.map { Self.fixed($0, 2) } ?? "",
                shift: shift.text, shiftCss: shift.css, statusA: r.statusA, statusB: r.statusB,
                class: r.recognisedB && !r.recognisedA ? "entering" : r.recognisedA && !r.recognisedB ? "leaving" : "")
        }
        let s = comparison.summary
        let points = comparison.rows.compactMap { r -> (Int, Int, Bool)? in
            guard let x = r.rankA, let y = r.rankB else { return nil }
            return (x, y, r.recognisedA || r.recognisedB)
        }
        return ComparePage(
            id: summary.id, a: a, b: b, optionsA: options(a), optionsB: options(b),
            nameA: comparison.nameA, nameB: comparison.nameB, rows: rows,
            summary: WebMessage.compareSummary(counties: comparison.rows.count, moved: s.moved, largest: s.largestMove)
                .text,
            entering: nonEmpty(comparison.entering.map(\.name).joined(separator: "、")),
            leaving: nonEmpty(comparison.leaving.map(\.name).joined(separator: "、")),
            chart: Charts.rankScatter(
                points, labelA: comparison.nameA, labelB: comparison.nameB, line: comparison.topN))
    }

    // MARK: robustness

    func robustnessData(summary: EvaluationSummary, job: RobustnessJobs.Job?, csrf: String) -> RobustnessPage {
        var page = RobustnessPage(
            id: summary.id, csrf: csrf, samples: 10000, spread: "0.2", seed: BundledFiles.sampleSeed,
            samplesMin: RobustnessSettings.samplesRange.lowerBound,
            samplesMax: RobustnessSettings.samplesRange.upperBound, job: nil, running: false, queued: nil, failed: nil,
            resultSummary: nil, leaving: nil, counties: [], chart: nil)
        guard let job else { return page }
        page.job = job.id
        page.running = job.isActive
        page.queued = job.state == .queued ? WebMessage.jobQueued(ahead: job.ahead).text : nil
        page.failed = job.error.flatMap(nonEmpty)
        guard let result = job.result else { return page }
        let s = result.settings
        page.samples = s.samples
        page.spread = String(s.spread)
        page.seed = s.seed
        page.resultSummary =
            RobustnessMessage.summary(
                counties: result.counties.count, samples: s.samples, spread: s.spread, seed: s.seed
            ).text
        page.leaving =
            RobustnessMessage.summaryLeaving(
                mean: result.meanLeaving, unchanged: result.unchangedShare, recognised: result.centreRecognised
            ).text
        page.counties = result.counties.map { c in
            RobustnessPage.County(
                rank: c.rank, county: c.county, city: c.city, median: c.medianRank,
                interval: "\(c.p5Rank)–\(c.p95Rank)", p: String(format: "%.1f%%", c.pRecognised * 100),
                width: String(format: "%.1f", c.pRecognised * 100),
                class: c.rank <= result.rulebook.recognitionCount ? "recognised" : "")
        }
        page.chart = Charts.intervals(
            result.counties.prefix(result.rulebook.recognitionCount + 20).map {
                (name: $0.name, rank: $0.rank, p5: $0.p5Rank, p95: $0.p95Rank, median: $0.medianRank)
            }, line: result.rulebook.recognitionCount)
        return page
    }
}
