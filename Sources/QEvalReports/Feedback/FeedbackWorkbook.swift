import Foundation
import QEval

/// One applicant's print-ready feedback workbook (A4 portrait): standing, indicator scores against the tier,
/// the five largest losses, a chart of score rates per second-level category, and its 计分过程 rows.
public struct FeedbackWorkbook {
    let cohort: RankedCohort
    let summary: TierSummary
    let explainer: Explainer
    let row: Int

    public init(cohort: RankedCohort, summary: TierSummary, explainer: Explainer, row: Int) {
        self.cohort = cohort
        self.summary = summary
        // A county's feedback names no expert (专家1, 专家2…), in its 计分过程 as in its 专家评审 sheet.
        var explainer = explainer
        explainer.namesExperts = false
        self.explainer = explainer
        self.row = row
    }

    /// Rows of the result sheet before the indicator table.
    static let firstTableRow = 11

    public func write(to path: String) throws(Failure) {
        let workbook = try XLSXWorkbook(path: path)
        let e = cohort.evaluation
        let rulebook = cohort.rulebook
        workbook.setProperties(
            title: FeedbackMessage.title(rulebook.name).text, subject: e.table.name(row),
            comments: "qeval \(qevalVersion); input SHA-256 \(e.table.sha256)")
        let m = FeedbackMessage.self
        let sheetName = m.sheetName.text
        let sheet = try workbook.addWorksheet(sheetName)
        let standing = Standing(cohort, row: row)
        let tier = e.table.tier[row]
        let title = "\(e.table.name(row)) — \(m.title(rulebook.name).text)"
        try sheet.setUpPrinting(headerRows: 0, title: title, portrait: true)
        sheet.setColumn(0, 0, width: 12)
        // Wrapped, without a border: the column's empty cells must not print as an empty box.
        sheet.setColumn(1, 1, width: 30, CellStyle(border: false, wrap: true))
        sheet.setColumn(2, 6, width: 9)

        try sheet.write(0, 0, m.title(rulebook.name).text, CellStyle(bold: true, border: false))
        var facts: [(String, String)] = [
            (m.county.text, e.table.county[row]), (m.city.text, e.table.city[row]), (m.tier.text, standing.tierName),
        ]
        if let rank = standing.rank, let tierRank = standing.tierRank {
            facts.append((m.overallRank.text, m.rankText(rank: rank, ranked: standing.ranked).text))
            facts.append((m.tierRank.text, m.rankText(rank: tierRank, ranked: standing.tierRanked).text))
            facts.append((m.status.text, standing.status))
            facts.append((m.line.text, standing.lineText))
        } else {
            facts.append((m.status.text, standing.status))
            for reason in e.disqualifications[row] { facts.append((m.reason.text, reason.text)) }
            facts.append(("", m.disqualifiedNote.text))
        }
        var r = 1
        // 总分 first, as a number (so it can be checked against the ranked workbook), then the facts.
        try sheet.write(r, 0, m.total.text, Style.label)
        if let total = standing.total {
            try sheet.write(r, 1, total, Style.total)
        } else {
            try sheet.write(r, 1, "—", Style.centered)
        }
        r += 1
        for (label, value) in facts {
            sheet.fitRow(r, [(value, 30)])
            try sheet.write(r, 0, label, Style.label)
            try sheet.write(r, 1, value, label == m.status.text && standing.recognised ? Style.recognised : Style.wrapped)
            r += 1
        }
        if standing.total != nil {
            r = max(r + 1, Self.firstTableRow)
            r = try writeIndicators(sheet, from: r, tier: tier)
            r = try writeLosses(sheet, from: r + 1, tier: tier)
            try writeRates(sheet, workbook: workbook, sheetName: sheetName, from: r + 1, tier: tier)
        }
        sheet.activate()
        let process = try workbook.addWorksheet(ProcessSheetMessage.sheetName.text)
        try ProcessSheet(explainer: explainer).write(
            process, rows: [row], title: "\(e.table.name(row)) — \(ProcessSheetMessage.sheetName.text)")
        // The county's own findings with what each did: what it will read when it asks why a figure changed.
        if let panel = cohort.verification?.panel {
            try PanelSheet.writeParts(
                try workbook.addWorksheet(PanelMessage.sheetName.text), panel: panel, parts: panel.parts(ofRow: row),
                table: cohort.evaluation.table, rulebook: cohort.rulebook,
                title: "\(e.table.name(row)) — \(PanelMessage.sheetName.text)", anonymous: true)
        }
        if let verification = cohort.verification, !verification.findings.items.isEmpty || verification.panel == nil {
            let own = verification.findings(ofRow: row)
            let findings = try workbook.addWorksheet(FindingsMessage.sheetName.text)
            let next = try FindingsSheet.write(
                findings, items: own, title: "\(e.table.name(row)) — \(FindingsMessage.sheetName.text)")
            if own.isEmpty { try findings.write(next, 0, FindingsMessage.countyFindingsNone.text, CellStyle(border: false)) }
        }
        try workbook.close()
    }

    func writeIndicators(_ sheet: Worksheet, from first: Int, tier: Int) throws(Failure) -> Int {
        let m = FeedbackMessage.self
        try sheet.write(first, 0, m.indicatorsHeading.text, CellStyle(bold: true, border: false))
        let headers = [m.number, m.name, m.score, m.points, m.lost, m.tierMean, m.tierBest].map(\.text)
        for (c, h) in headers.enumerated() { try sheet.write(first + 1, c, h, Style.header) }
        var r = first + 2
        for (k, indicator) in cohort.rulebook.indicators.enumerated() {
            let score = cohort.scoreboard.scores[k][row]
            let points = cohort.scoreboard.points[k]
            sheet.fitRow(r, [(indicator.shortName, 30)])
            try sheet.write(r, 0, Double(indicator.number), Style.integer)
            try sheet.write(r, 1, indicator.shortName, Style.wrapped)
            try sheet.write(r, 2, score, Style.number2)
            try sheet.write(r, 3, points, Style.number2)
            try sheet.write(r, 4, points - score, Style.number2)
            try optional(sheet, r, 5, summary.mean[tier][k])
            try optional(sheet, r, 6, summary.best[tier][k])
            r += 1
        }
        return r
    }

    func writeLosses(_ sheet: Worksheet, from first: Int, tier: Int) throws(Failure) -> Int {
        let m = FeedbackMessage.self
        let indicators = cohort.rulebook.indicators
        let lost = indicators.indices.map { cohort.scoreboard.points[$0] - cohort.scoreboard.scores[$0][row] }
        // The five largest 失分, as `Standing` orders them for every door.
        let largest = Standing.largestLosses(cohort, row: row).map(\.indicator)
        try sheet.write(first, 0, m.largestLossesHeading.text, CellStyle(bold: true, border: false))
        let headers = [m.number, m.name, m.lost, m.countyScore, m.points, m.tierBest].map(\.text)
        for (c, h) in headers.enumerated() { try sheet.write(first + 1, c, h, Style.header) }
        var r = first + 2
        for k in largest {
            sheet.fitRow(r, [(indicators[k].shortName, 30)])
            try sheet.write(r, 0, Double(indicators[k].number), Style.integer)
            try sheet.write(r, 1, indicators[k].shortName, Style.wrapped)
            try sheet.write(r, 2, lost[k], Style.number2)
            try sheet.write(r, 3, cohort.scoreboard.scores[k][row], Style.number2)
            try sheet.write(r, 4, cohort.scoreboard.points[k], Style.number2)
            try optional(sheet, r, 5, summary.best[tier][k])
            r += 1
        }
        return r
    }

    func writeRates(_ sheet: Worksheet, workbook: XLSXWorkbook, sheetName: String, from first: Int, tier: Int)
        throws(Failure)
    {
        let m = FeedbackMessage.self
        try sheet.write(first, 0, m.categoriesHeading.text, CellStyle(bold: true, border: false))
        // The name in the wide column B, so the table has no empty bordered column.
        try sheet.write(first + 1, 1, m.subcategory.text, Style.header)
        try sheet.write(first + 1, 2, m.countyRate.text, Style.header)
        try sheet.write(first + 1, 3, m.tierMeanRate.text, Style.header)
        // "梯队平均得分率" wraps in its 9-wide column: room for two lines, so it stays inside its cell.
        sheet.setRowHeight(first + 1, 30)
        let percent = CellStyle(numberFormat: .percentTwoDecimals)
        var r = first + 2
        for s in summary.subcategories.indices {
            try sheet.write(r, 1, summary.subcategories[s], Style.text)
            try sheet.write(r, 2, summary.rate(cohort, row: row, subcategory: s), percent)
            try optional(sheet, r, 3, summary.rateMean[tier][s], percent)
            r += 1
        }
        let last = r - 1
        let chart = try workbook.addChart(.column)
        chart.setTitle(m.chartTitle(tier: cohort.rulebook.tiers[tier].name).text)
        chart.addSeries(
            name: m.countyRate.text, sheet: sheetName, categories: (first + 2, last, 1), values: (first + 2, last, 2),
            color: 0x4472C4)
        chart.addSeries(
            name: m.tierMeanRate.text, sheet: sheetName, categories: (first + 2, last, 1), values: (first + 2, last, 3),
            color: 0xA5A5A5)
        // Rates are shares of the points: 0 % to 100 %, not the 0–1.2 an automatic axis picks.
        chart.setValueRange(minimum: 0, maximum: 1)
        chart.setValueStep(0.2)
        chart.setValueFormat("0%")
        chart.legendAtBottom()
        try sheet.insertChart(chart, row: r + 1, column: 0, widthScale: 1.45, heightScale: 1.2)
    }

    func optional(_ sheet: Worksheet, _ r: Int, _ c: Int, _ value: Double?, _ style: CellStyle = Style.number2)
        throws(Failure)
    {
        if let value {
            try sheet.write(r, c, value, style)
        } else {
            try sheet.write(r, c, "—", Style.centered)
        }
    }
}
