import QEval

/// What `qeval rank` prints when it is done: the input, the points used, who is disqualified and why, the
/// data problems by kind (those that change a score first), and the top of the ranking as an aligned table.
public enum ConsoleSummary {
    /// How many lines of each kind of warning are shown before "…另有 N 条".
    static let shownPerKind = 3
    /// How many disqualified applicants are named before "……另有 N 个"; all are in the 总排名 sheet.
    static let shownDisqualified = 20

    /// What the reviewers' findings did, when the cohort is the verified one: their count, the applicants and
    /// ranks they changed, and every applicant they moved into or out of 拟认定 or the ranked set, by name.
    public static func findings(_ cohort: RankedCohort, language: Language = .current) -> [String] {
        guard let v = cohort.verification else { return [] }
        let table = cohort.evaluation.table
        func names(_ rows: [Int]) -> String { rows.map(table.name).joined(separator: language == .zh ? "、" : ", ") }
        var lines: [String] = []
        if !v.findings.items.isEmpty {
            lines.append(
                FindingsMessage.summary(
                    findings: v.findings.items.count, changes: v.findings.changes,
                    confirmations: v.findings.confirmations, applicants: v.affected.count,
                    rankChanges: v.rankChanges.count
                ).text(language))
        }
        let top = cohort.rulebook.recognitionCount
        if let panel = v.panel {
            lines += self.panel(panel, cohort, language: language)
            lines.append(PanelMessage.effect(applicants: v.affected.count, rankChanges: v.rankChanges.count).text(language))
            if !v.enteringRecognised.isEmpty {
                lines.append(PanelMessage.enteringRecognised(top: top, names: names(v.enteringRecognised)).text(language))
            }
            if !v.leavingRecognised.isEmpty {
                lines.append(PanelMessage.leavingRecognised(top: top, names: names(v.leavingRecognised)).text(language))
            }
        } else {
            if !v.enteringRecognised.isEmpty {
                lines.append(FindingsMessage.enteringRecognised(top: top, names: names(v.enteringRecognised)).text(language))
            }
            if !v.leavingRecognised.isEmpty {
                lines.append(FindingsMessage.leavingRecognised(top: top, names: names(v.leavingRecognised)).text(language))
            }
        }
        if !v.disqualified.isEmpty { lines.append(FindingsMessage.disqualified(names: names(v.disqualified)).text(language)) }
        if !v.requalified.isEmpty { lines.append(FindingsMessage.requalified(names: names(v.requalified)).text(language)) }
        return lines
    }

    /// How many flagged parts are named on the console; all are in the 专家评审 sheet.
    static let shownFlagged = 20

    /// The panel on the console: counts, the parts with a wide spread (the first 20), the experts whose leniency
    /// stands out, Kendall's W per judged item. (Rows an expert left without a level are warnings of the cohort
    /// and are listed with the other warnings that change a score.)
    static func panel(_ panel: Panel, _ cohort: RankedCohort, language: Language) -> [String] {
        let rulebook = cohort.rulebook
        let table = cohort.evaluation.table
        let flagged = panel.flagged
        var lines = [
            PanelMessage.summary(
                experts: panel.experts.count, applicants: panel.applicantCount, parts: panel.parts.count,
                flagged: flagged.count
            ).text(language)
        ]
        let separator = language == .zh ? "、" : ", "
        for part in flagged.prefix(shownFlagged) {
            let levels = part.scores.map { "\($0.expert) \($0.level)" }.joined(separator: separator)
            lines.append(
                PanelMessage.flaggedPart(
                    applicant: table.name(part.row), label: rulebook.fields[part.field].label, levels: levels,
                    spread: Points.format(part.spread), half: Points.format(part.standardPoints / 2)
                ).text(language))
        }
        if flagged.count > shownFlagged { lines.append(PanelMessage.flaggedMore(flagged.count - shownFlagged).text(language)) }
        for expert in panel.experts where expert.standsOut {
            let deviation = String(format: "%.0f%%", abs(expert.leniency) * 100)
            lines.append(
                (expert.leniency > 0
                    ? PanelMessage.lenient(expert: expert.name, deviation: deviation, scored: expert.scored)
                    : PanelMessage.strict(expert: expert.name, deviation: deviation, scored: expert.scored)).text(language))
        }
        let agreement = panel.agreement.map { a in
            rulebook.fields[a.field].label + " " + (a.kendallW.map { String(format: "%.2f", $0) } ?? "—")
        }
        lines.append(PanelMessage.agreementLine(agreement.joined(separator: separator)).text(language))
        return lines
    }

    public static func render(
        _ cohort: RankedCohort, out: String?, scoresCsv: String?, weightsFile: String?, language: Language = .current
    ) -> String {
        let e = cohort.evaluation
        let ranking = cohort.ranking
        var lines: [String] = [cohort.rulebook.name]
        // A standard with provisional points says so before any number (the 2022 table gives none per indicator).
        if let notice = StandardMessage.provisional(cohort.rulebook, language) { lines.append(notice.text(language)) }
        let ranked = (0..<e.count).filter { e.isRanked($0) }.count
        lines.append(
            ConsoleMessage.inputLine(
                file: e.table.file, applicants: e.count, encoding: .of(e.table.encoding), sheet: e.table.sheet,
                ranked: ranked,
                disqualified: e.count - ranked
            ).text(language))
        if let weightsFile {
            lines.append(
                ConsoleMessage.adjustedPoints(file: weightsFile, total: Points.format(cohort.scoreboard.maximum)).text(language))
            // Which indicators the file changed, standard → adjusted, not only the new total.
            let changes = PointsChanges(points: cohort.scoreboard.points, rulebook: cohort.rulebook).changes
            if !changes.isEmpty {
                lines.append(
                    ConsoleMessage.adjustedIndicators(
                        count: changes.count, list: changes.map(\.named).joined(separator: language == .zh ? "；" : "; ")
                    ).text(language))
            }
        } else {
            lines.append(ConsoleMessage.standardPoints.text(language))
        }
        lines += findings(cohort, language: language)
        let disqualified = ranking.order.filter { !e.isRanked($0) }
        if !disqualified.isEmpty {
            lines.append(ConsoleMessage.disqualifiedHeading(disqualified.count).text(language))
            for row in disqualified.prefix(shownDisqualified) {
                let reasons = e.disqualifications[row].map { $0.localized.text(language) }
                lines.append("  " + e.table.name(row) + (language == .zh ? "：" : ": ") + reasons.joined(separator: "；"))
            }
            if disqualified.count > shownDisqualified {
                lines.append(ConsoleMessage.moreDisqualified(disqualified.count - shownDisqualified).text(language))
            }
        }
        lines += warnings(e.diagnostics, language: language)
        let top = ranking.order.prefix(while: { e.isRanked($0) }).prefix(max(10, cohort.rulebook.recognitionCount))
        if !top.isEmpty {
            lines.append(ConsoleMessage.topHeading(top.count).text(language))
            lines += table(cohort, rows: Array(top), language: language)
        }
        if let out { lines.append(ConsoleMessage.workbookWritten(out).text(language)) }
        if let scoresCsv { lines.append(ConsoleMessage.scoresWritten(scoresCsv).text(language)) }
        return lines.joined(separator: "\n")
    }

    /// Warnings grouped by kind, those that change a score first; the first few of each kind in full.
    /// `footer` says where every warning can be read: the workbook this run writes, or (for a command that
    /// writes none) the one `qeval rank` writes.
    public static func warnings(
        _ diagnostics: Diagnostics, language: Language = .current, footer: ConsoleMessage = .seeSheet
    ) -> [String] {
        let warnings = diagnostics.warnings
        guard !warnings.isEmpty else { return [] }
        // Grouped by the name a person reads, so kinds that share one (a ratio's and a growth rate's zero
        // denominator) are one group, not the same heading twice.
        var kinds: [Localized] = []
        var byKind: [Localized: [Diagnostic]] = [:]
        for w in warnings {
            let name = WarningKind.name(w.kind)
            if byKind[name] == nil { kinds.append(name) }
            byKind[name, default: []].append(w)
        }
        kinds.sort { a, b in
            let (fa, fb) = (byKind[a]![0].affectsScore, byKind[b]![0].affectsScore)
            return fa != fb ? fa : false
        }
        let affecting = warnings.filter(\.affectsScore).count
        var lines = [ConsoleMessage.warningsHeading(total: warnings.count, scoreAffecting: affecting).text(language)]
        for kind in kinds {
            let items = byKind[kind]!
            lines.append(ConsoleMessage.warningKind(kind: kind, count: items.count).text(language))
            for item in items.prefix(shownPerKind) { lines.append("    " + item.render(language)) }
            if items.count > shownPerKind { lines.append(ConsoleMessage.andMore(items.count - shownPerKind).text(language)) }
        }
        lines.append(footer.text(language))
        return lines
    }

    /// One line per kind of warning with its count ("  未填报（计 0 分）：30 条"), those that change a score first.
    public static func kindCounts(_ diagnostics: Diagnostics, language: Language = .current) -> [String] {
        var kinds: [Localized] = []
        var counts: [Localized: Int] = [:]
        var affects: [Localized: Bool] = [:]
        for w in diagnostics.warnings {
            let name = WarningKind.name(w.kind)
            if counts[name] == nil { kinds.append(name) }
            counts[name, default: 0] += 1
            affects[name] = w.affectsScore
        }
        let ordered = kinds.filter { affects[$0]! } + kinds.filter { !affects[$0]! }
        return ordered.map { ConsoleMessage.warningKind(kind: $0, count: counts[$0]!).text(language) }
    }

    /// The fewest decimals (2 to the ranking's own) at which every two neighbours of different rank show
    /// different totals: two counties both shown as 80.59 at ranks 7 and 8 would look like a mistake.
    public static func decimals(totals: [Double], ranks: [Int], atMost: Int) -> Int {
        var d = 2
        while d < atMost {
            var clash = false
            for i in 1..<max(1, totals.count) where ranks[i] != ranks[i - 1] {
                if Points.fixed(totals[i], decimals: d) == Points.fixed(totals[i - 1], decimals: d) {
                    clash = true
                    break
                }
            }
            if !clash { break }
            d += 1
        }
        return d
    }

    static func table(_ cohort: RankedCohort, rows: [Int], language: Language) -> [String] {
        let e = cohort.evaluation
        let ranking = cohort.ranking
        let totals = rows.map { cohort.scoreboard.totals[$0] }
        let ranks = rows.map { ranking.rank[$0] ?? 0 }
        let d = decimals(totals: totals, ranks: ranks, atMost: max(2, cohort.rulebook.rankDecimals))
        let header = [
            ConsoleMessage.columnRank, .columnCounty, .columnCity, .columnTier, .columnTotal,
        ].map { $0.text(language) }
        var body: [[String]] = []
        for (i, row) in rows.enumerated() {
            let tier = e.table.tier[row]
            body.append([
                String(ranks[i]), e.table.county[row], e.table.city[row],
                tier < cohort.rulebook.tiers.count ? cohort.rulebook.tiers[tier].name : "",
                Points.fixed(totals[i], decimals: d),
                ranking.recognised[row] ? ConsoleMessage.recognised.text(language) : "",
            ])
        }
        let rightAligned: Set<Int> = [0, 4]
        return DisplayWidth.align([header + [""]] + body, rightAligned: rightAligned)
    }
}

/// Terminal columns of text: East Asian wide and full-width characters take two, others one.
public enum DisplayWidth {
    public static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width($1) }
    }

    static func width(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 { return 0 }
        if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark
            || (0x200B...0x200F).contains(v) || v == 0xFEFF
        {
            return 0
        }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
            0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// `text` padded with spaces to `width` columns, on the left or the right.
    public static func pad(_ text: String, to width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - of(text)))
        return right ? fill + text : text + fill
    }

    /// Rows as lines whose columns line up on a terminal, two spaces apart; trailing spaces dropped.
    public static func align(_ rows: [[String]], rightAligned: Set<Int> = []) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (c, cell) in row.enumerated() { widths[c] = max(widths[c], of(cell)) } }
        return rows.map { row in
            var line = ""
            for (c, cell) in row.enumerated() {
                if c > 0 { line += "  " }
                line += pad(cell, to: widths[c], right: rightAligned.contains(c))
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}
