import Foundation
import QEval

/// The comparison workbook: per county rank and total under A and B with the change, the counties entering
/// or leaving the top N, per-indicator score differences, a chart of rank shifts, and 说明.
public struct ComparisonWorkbook {
    let comparison: Comparison
    let toolVersion: String
    static let chartLimit = 60

    public init(comparison: Comparison, toolVersion: String) {
        self.comparison = comparison
        self.toolVersion = toolVersion
    }

    /// The standard's name, or both standards' names when A and B are scored under different rulebooks.
    var standardTitle: String {
        comparison.crossStandard
            ? StandardMessage.twoStandardsTitle(a: comparison.rulebook.name, b: comparison.rulebookB.name).text
            : comparison.rulebook.name
    }

    public func write(to path: String) throws(Failure) {
        let workbook = try XLSXWorkbook(path: path)
        workbook.setProperties(
            title: CompareText.documentTitle(standardTitle).text,
            subject:
                "\(comparison.titleA) ↔ \(comparison.titleB)",
            comments: "qeval \(toolVersion)")
        let main = try workbook.addWorksheet(CompareText.mainSheet.text)
        try writeMain(main)
        try writeTop(try workbook.addWorksheet(CompareText.topSheet(comparison.topN).text))
        try writeIndicators(try workbook.addWorksheet(CompareText.indicatorsSheet.text))
        try writeChart(try workbook.addWorksheet(CompareText.chartSheet.text), workbook: workbook)
        // Each data set's problems, so a comparison never hides what changed a score (two data sets; with
        // one data set under two sets of points, A and B share one list).
        let sameData =
            comparison.a.evaluation.table.sha256 == comparison.b.evaluation.table.sha256
            && comparison.a.evaluation.table.file == comparison.b.evaluation.table.file
            && comparison.b.verification == nil
        if let verification = comparison.b.verification {
            // Declared against verified: the findings themselves, each with its effect, and the panel's parts
            // (declared level beside the panel's points) are what changed.
            if !verification.findings.items.isEmpty {
                try FindingsSheet.write(
                    try workbook.addWorksheet(FindingsMessage.sheetName.text),
                    items: Array(zip(verification.findings.items, verification.effects)).map { ($0, $1) },
                    title: FindingsMessage.sheetTitle(standardTitle).text)
            }
            if let panel = verification.panel {
                try PanelSheet.writeParts(
                    try workbook.addWorksheet(PanelMessage.sheetName.text), panel: panel, parts: panel.parts,
                    table: comparison.b.evaluation.table, rulebook: comparison.b.rulebook,
                    title: PanelMessage.sheetTitle(standardTitle).text)
            }
        } else if !sameData {
            try writeInputChanges(try workbook.addWorksheet(CompareText.inputChangesSheet.text))
        }
        for (label, cohort) in sameData ? [("A", comparison.a)] : [("A", comparison.a), ("B", comparison.b)] {
            let name = sameData ? WorkbookText.problemsSheet.text : CompareText.problemsOf(label).text
            try ProblemsSheet.write(
                try workbook.addWorksheet(name), items: cohort.evaluation.diagnostics.items,
                title: WorkbookText.sheetTitle(rulebook: standardTitle, sheet: name).text)
        }
        try writeAbout(try workbook.addWorksheet(CompareText.aboutSheet.text))
        main.activate()
        try workbook.close()
    }

    func writeMain(_ sheet: Worksheet) throws(Failure) {
        let headers =
            [WorkbookText.county, .city, .tier].map(\.text)
            + [CompareText.rankA, .rankB, .rankChange, .totalA, .totalB, .totalChange, .statusA, .statusB].map(\.text)
        // Constant-memory mode: ranges are set before the rows pass.
        let last = max(1, comparison.rows.count)
        try sheet.highlightText(firstRow: 1, column: 5, lastRow: last, containing: "▲", style: Style.up)
        try sheet.highlightText(firstRow: 1, column: 5, lastRow: last, containing: "▼", style: Style.down)
        sheet.setColumn(0, 0, width: Width.fit(comparison.rows.map(\.county) + [WorkbookText.county.text], maximum: 24))
        sheet.setColumn(1, 2, width: 10)
        sheet.setColumn(3, 5, width: 9)
        sheet.setColumn(6, 8, width: 10)
        sheet.setColumn(9, 10, width: 24, Style.wrapped)
        sheet.freezePanes(row: 1, column: 1)
        try sheet.autofilter(firstRow: 0, firstColumn: 0, lastRow: last, lastColumn: headers.count - 1)
        // File names, not paths, in the page header: the full names are in 说明.
        let a = comparison.titleA
        let b = comparison.titleB
        try sheet.setUpPrinting(headerRows: 1, title: CompareText.mainTitle(standard: standardTitle, a: a, b: b).text)
        sheet.setRowHeight(0, 30)
        for (c, h) in headers.enumerated() { try sheet.write(0, c, h, Style.header) }
        for (i, r) in comparison.rows.enumerated() {
            let row = i + 1
            sheet.fitRow(row, [(r.statusA, 24), (r.statusB, 24)])
            try sheet.write(row, 0, r.county, Style.text)
            try sheet.write(row, 1, r.city, Style.text)
            try sheet.write(row, 2, r.tier, Style.centered)
            try sheet.write(row, 3, r.rankA.map(Double.init), orDash: Style.integer)
            try sheet.write(row, 4, r.rankB.map(Double.init), orDash: Style.integer)
            let change = r.rankChange ?? 0
            try sheet.write(row, 5, r.arrow, change > 0 ? Style.up : change < 0 ? Style.down : Style.centered)
            try sheet.write(row, 6, r.totalA, orDash: Style.number2)
            try sheet.write(row, 7, r.totalB, orDash: Style.number2)
            try sheet.write(row, 8, r.totalChange, orDash: CellStyle(numberFormat: .signedTwoDecimals))
            try sheet.write(row, 9, r.statusA, r.rankA == nil && r.inA ? Style.disqualified : Style.text)
            try sheet.write(row, 10, r.statusB, r.rankB == nil && r.inB ? Style.disqualified : Style.text)
        }
    }

    func writeTop(_ sheet: Worksheet) throws(Failure) {
        let headers =
            [CompareText.change.text, WorkbookText.county.text, WorkbookText.city.text]
            + [CompareText.rankA, .rankB, .totalA, .totalB].map(\.text)
        try sheet.setUpPrinting(headerRows: 1, title: CompareText.topTitle(standardTitle).text)
        for (c, h) in headers.enumerated() { try sheet.write(0, c, h, Style.header) }
        var row = 1
        for (label, rows, style) in [
            (CompareText.entering(comparison.topN).text, comparison.entering, Style.up),
            (CompareText.leaving(comparison.topN).text, comparison.leaving, Style.down),
        ] {
            for r in rows {
                try sheet.write(row, 0, label, style)
                try sheet.write(row, 1, r.county, Style.text)
                try sheet.write(row, 2, r.city, Style.text)
                try sheet.write(row, 3, r.rankA.map(Double.init), orDash: Style.integer)
                try sheet.write(row, 4, r.rankB.map(Double.init), orDash: Style.integer)
                try sheet.write(row, 5, r.totalA, orDash: Style.number2)
                try sheet.write(row, 6, r.totalB, orDash: Style.number2)
                row += 1
            }
        }
        if row == 1 { try sheet.write(1, 0, CompareText.topUnchanged(comparison.topN).text, CellStyle(border: false)) }
        sheet.setColumn(0, 0, width: 14)
        sheet.setColumn(1, 1, width: 18)
        sheet.setColumn(2, 6, width: 10)
    }

    /// 数据变化: every input figure that differs between the two data sets, beside its indicator's score in each.
    func writeInputChanges(_ sheet: Worksheet) throws(Failure) {
        let changes = comparison.inputChanges
        let headers = [
            WorkbookText.county.text, WorkbookText.city.text, CompareText.itemLabel.text, CompareText.fieldKey.text,
            CompareText.unitLabel.text, CompareText.valueA.text, CompareText.valueB.text, CompareText.indicatorLabel.text,
            CompareText.scoreA.text, CompareText.scoreB.text,
        ]
        try sheet.setUpPrinting(headerRows: 1, title: CompareText.inputChangesTitle(standardTitle).text)
        sheet.freezePanes(row: 1, column: 1)
        try sheet.autofilter(firstRow: 0, firstColumn: 0, lastRow: max(1, changes.count), lastColumn: headers.count - 1)
        for (c, h) in headers.enumerated() { try sheet.write(0, c, h, Style.header) }
        if changes.isEmpty { try sheet.write(1, 0, CompareText.noInputChanges.text, CellStyle(border: false)) }
        let empty = CompareText.notFilled.text
        for (i, c) in changes.enumerated() {
            let r = 1 + i
            try sheet.write(r, 0, c.county, Style.text)
            try sheet.write(r, 1, c.city, Style.text)
            try sheet.write(r, 2, c.label, Style.wrapped)
            try sheet.write(r, 3, c.key, Style.grey)
            try sheet.write(r, 4, c.unit, Style.centered)
            try sheet.write(r, 5, c.valueA ?? empty, Style.centered)
            try sheet.write(r, 6, c.valueB ?? empty, Style.changed)
            try sheet.write(r, 7, c.indicator.map(Double.init), orDash: Style.integer)
            try sheet.write(r, 8, c.scoreA, orDash: Style.number2)
            try sheet.write(r, 9, c.scoreB, orDash: Style.number2)
        }
        sheet.setColumn(0, 0, width: Width.fit(changes.map(\.county) + [WorkbookText.county.text], maximum: 24))
        sheet.setColumn(1, 1, width: 10)
        sheet.setColumn(2, 2, width: 30)
        sheet.setColumn(3, 3, width: 22)
        sheet.setColumn(4, 7, width: 9)
        sheet.setColumn(8, 9, width: 11)
    }

    func writeIndicators(_ sheet: Worksheet) throws(Failure) {
        let pairs = comparison.pairs
        let indicatorsA = comparison.rulebook.indicators
        let indicatorsB = comparison.rulebookB.indicators
        let pointsA = comparison.a.scoreboard.points
        let pointsB = comparison.b.scoreboard.points
        let cross = comparison.crossStandard
        sheet.freezePanes(row: 2, column: 1)
        try sheet.autofilter(
            firstRow: 1, firstColumn: 0, lastRow: max(2, 1 + comparison.rows.count), lastColumn: 1 + max(1, pairs.count))
        try sheet.setUpPrinting(
            headerRows: 2,
            title: "\(standardTitle) — "
                + (cross ? StandardMessage.shareDifferenceTitle.text : CompareText.indicatorsTitle.text))
        try sheet.write(0, 0, cross ? StandardMessage.sameStandardPoints.text : CompareText.pointsAToB.text, Style.subHeader)
        try sheet.write(0, 1, "", Style.subHeader)
        for (column, pair) in pairs.enumerated() {
            let same = abs(pointsA[pair.a] - pointsB[pair.b]) < 1e-12
            try sheet.write(
                0, 2 + column,
                same ? Points.format(pointsA[pair.a]) : "\(Points.format(pointsA[pair.a]))→\(Points.format(pointsB[pair.b]))",
                same ? Style.subHeader : Style.changed)
        }
        try sheet.write(1, 0, WorkbookText.county.text, Style.header)
        try sheet.write(1, 1, WorkbookText.city.text, Style.header)
        for (column, pair) in pairs.enumerated() {
            let a = indicatorsA[pair.a]
            let b = indicatorsB[pair.b]
            let number = cross && a.number != b.number ? "\(a.number)→\(b.number)" : "\(b.number)"
            try sheet.write(1, 2 + column, "\(number) \(b.shortName)", Style.header)
        }
        for (i, r) in comparison.rows.enumerated() {
            let row = 2 + i
            try sheet.write(row, 0, r.county, Style.text)
            try sheet.write(row, 1, r.city, Style.text)
            for (column, pair) in pairs.enumerated() {
                if let a = r.scoresA, let b = r.scoresB {
                    let d = b[pair.b] - a[pair.a]
                    try sheet.write(row, 2 + column, abs(d) < 1e-12 ? 0 : d, CellStyle(numberFormat: .signedTwoDecimals))
                } else {
                    try sheet.write(row, 2 + column, "—", Style.centered)
                }
            }
        }
        sheet.setColumn(0, 0, width: 18)
        sheet.setColumn(1, 1, width: 10)
        if !pairs.isEmpty { sheet.setColumn(2, 1 + pairs.count, width: 9) }
    }

    func writeChart(_ sheet: Worksheet, workbook: XLSXWorkbook) throws(Failure) {
        // Data for the chart: counties ranked under B (first N), with their rank change.
        let ranked = comparison.rows.filter { $0.rankChange != nil }
        let shown = Array(ranked.prefix(Self.chartLimit))
        // One page wide: the data columns and the chart beside them print together.
        try sheet.setUpPrinting(headerRows: 1, title: CompareText.chartTitleSheet(standardTitle).text)
        try sheet.write(0, 0, WorkbookText.county.text, Style.header)
        try sheet.write(0, 1, CompareText.rankChangeUp.text, Style.header)
        for (i, r) in shown.enumerated() {
            try sheet.write(i + 1, 0, r.name, Style.text)
            try sheet.write(i + 1, 1, Double(r.rankChange ?? 0), Style.integer)
        }
        sheet.setColumn(0, 0, width: 22)
        sheet.setColumn(1, 1, width: 14)
        guard !shown.isEmpty else { return }
        let chart = try workbook.addChart(.bar)
        chart.setTitle(
            shown.count < ranked.count ? CompareText.rankChangeChartTop(shown.count).text : CompareText.rankChangeChart.text)
        chart.addSeries(
            name: CompareText.rankChangeChart.text, sheet: CompareText.chartSheet.text, categories: (1, shown.count, 0),
            values: (1, shown.count, 1), color: 0x5B9BD5)
        chart.reverseCategories()
        chart.categoryLabelsLow()
        chart.hideLegend()
        try sheet.insertChart(chart, row: 1, column: 3, widthScale: 1.5, heightScale: max(1, Double(shown.count) / 14))
    }

    /// "调整权重文件：b.csv，满分 103（与标准满分 100 不同）；已调整：1（2→5）、20（2→0）"
    func weights(_ cohort: RankedCohort) -> String {
        let rulebook = cohort.rulebook
        var text = CompareText.weightsLine(source: cohort.weightsSource, maximum: Points.format(cohort.scoreboard.maximum)).text
        if cohort.pointsTotal.differs {
            text += CompareText.maximumDiffers(Points.format(rulebook.totalPoints)).text
        }
        let adjusted = rulebook.indicators.indices.filter { cohort.scoreboard.points[$0] != rulebook.indicators[$0].points }
        if !adjusted.isEmpty {
            text +=
                CompareText.adjustedList(
                    adjusted.map {
                        "\(rulebook.indicators[$0].number)（\(Points.format(rulebook.indicators[$0].points))→\(Points.format(cohort.scoreboard.points[$0]))）"
                    }.joined(separator: "、")
                ).text
        }
        return text
    }

    func writeAbout(_ sheet: Worksheet) throws(Failure) {
        let a = comparison.a
        let b = comparison.b
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        var standards: [(String, String)] = [
            (WorkbookText.aboutRulebook.text, comparison.rulebook.name),
            (WorkbookText.aboutRulebookFile.text, URL(fileURLWithPath: comparison.rulebook.source).lastPathComponent),
        ]
        if comparison.crossStandard {
            let (onlyA, onlyB) = comparison.unmatched
            standards = [
                (StandardMessage.standardA.text, "\(comparison.rulebook.name)（\(comparison.rulebook.source)）"),
                (StandardMessage.standardB.text, "\(comparison.rulebookB.name)（\(comparison.rulebookB.source)）"),
                (
                    StandardMessage.indicatorMatching.text,
                    StandardMessage.matchedIndicators(count: comparison.pairs.count, onlyA: onlyA, onlyB: onlyB).text + "。"
                        + StandardMessage.indicatorPairRule.text
                ),
            ]
        }
        let rows: [(String, String)] =
            standards + [
                (CompareText.scenario("A").text, comparison.nameA),
                (
                    CompareText.scenarioData("A").text,
                    CompareText.dataLine(file: a.evaluation.table.file, sha: a.evaluation.table.sha256).text
                ),
                (CompareText.scenarioWeights("A").text, weights(a)),
                (CompareText.scenario("B").text, comparison.nameB),
                (
                    CompareText.scenarioData("B").text,
                    CompareText.dataLine(file: b.evaluation.table.file, sha: b.evaluation.table.sha256).text
                ),
                (CompareText.scenarioWeights("B").text, weights(b)),
                (CompareText.aboutRankChange.text, CompareText.rankChangeText.text),
                (CompareText.aboutTotalChange.text, CompareText.totalChangeText.text),
                (WorkbookText.aboutTime.text, formatter.string(from: Date())),
                (WorkbookText.aboutVersion.text, "qeval \(toolVersion)"),
            ]
        try sheet.setUpPrinting(headerRows: 1, title: CompareText.aboutTitle(standardTitle).text)
        try sheet.write(0, 0, WorkbookText.item.text, Style.header)
        try sheet.write(0, 1, WorkbookText.content.text, Style.header)
        for (i, (k, v)) in rows.enumerated() {
            sheet.fitRow(i + 1, [(v, 100)])
            try sheet.write(i + 1, 0, k, Style.label)
            try sheet.write(i + 1, 1, v, Style.wrapped)
        }
        sheet.setColumn(0, 0, width: 16)
        sheet.setColumn(1, 1, width: 100)
    }
}

extension Worksheet {
    /// A number, or "—" (centred) where a scenario has none: not ranked, not in that data set.
    fileprivate func write(_ row: Int, _ column: Int, _ value: Double?, orDash style: CellStyle) throws(Failure) {
        if let value {
            try write(row, column, value, style)
        } else {
            try write(row, column, "—", Style.centered)
        }
    }
}
