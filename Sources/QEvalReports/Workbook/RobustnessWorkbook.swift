import Foundation
import QEval

/// The robustness workbook: 稳健性 (rank intervals and the chance of recognition, in centre rank order),
/// 排名区间图 (the intervals as floating bars), 敏感性 (indices per indicator, with a bar chart), 逐项剔除
/// (each indicator dropped) and 说明 (method, N, S, seed).
public struct RobustnessWorkbook {
    let result: RobustnessResult
    let info: RunInfo
    /// The largest number of counties drawn in the interval chart.
    static let chartLimit = 40

    public init(result: RobustnessResult, info: RunInfo) {
        self.result = result
        self.info = info
    }

    typealias M = RobustnessMessage

    static func sheetName(_ sheet: RobustnessMessage.Sheet) -> String { M.sheet(sheet).text }

    var rulebook: Rulebook { result.rulebook }

    public func write(to path: String) throws(Failure) {
        let workbook = try XLSXWorkbook(path: path)
        workbook.setProperties(
            title: M.pageTitle(rulebook.name, .robustness).text, subject: info.inputFile,
            comments: "qeval \(info.toolVersion); input SHA-256 \(info.inputSHA256); seed \(result.settings.seed)")
        let main = try workbook.addWorksheet(Self.sheetName(.robustness))
        try writeTable(main)
        try writeIntervals(try workbook.addWorksheet(Self.sheetName(.intervals)), workbook: workbook)
        try writeSensitivity(try workbook.addWorksheet(Self.sheetName(.sensitivity)), workbook: workbook)
        try writeDrops(try workbook.addWorksheet(Self.sheetName(.drops)))
        try writeAbout(try workbook.addWorksheet(Self.sheetName(.about)))
        main.activate()
        try workbook.close()
    }

    // MARK: 稳健性

    func writeTable(_ sheet: Worksheet) throws(Failure) {
        let headers: [M.Header] = [
            .rank, .county, .city, .tier, .total, .medianRank, .p5Rank, .p95Rank, .pRecognised, .tierRank,
            .tierMedianRank, .tierP5Rank, .tierP95Rank,
        ]
        let last = max(1, result.counties.count)
        // Constant-memory mode: ranges and widths are set before the rows pass.
        try sheet.colourScale(firstRow: 1, column: 8, lastRow: last, low: 0xFFFFFF, high: 0x63BE7B)
        sheet.setColumn(0, 0, width: 6)
        sheet.setColumn(1, 1, width: Width.fit(result.counties.map(\.county) + [M.header(.county).text], maximum: 24))
        sheet.setColumn(2, 3, width: 10)
        sheet.setColumn(4, 12, width: 9)
        sheet.freezePanes(row: 1, column: 2)
        try sheet.autofilter(firstRow: 0, firstColumn: 0, lastRow: last, lastColumn: headers.count - 1)
        try sheet.setUpPrinting(headerRows: 1, title: M.pageTitle(rulebook.name, .robustness).text)
        sheet.fitRow(0, headers.map { (M.header($0).text, 9) })
        for (c, h) in headers.enumerated() { try sheet.write(0, c, M.header(h).text, Style.header) }
        let percent = CellStyle(numberFormat: .percent, center: true)
        for (i, c) in result.counties.enumerated() {
            let row = i + 1
            let recognised = c.rank <= rulebook.recognitionCount
            try sheet.write(row, 0, Double(c.rank), recognised ? Self.recognisedRank : Style.integer)
            try sheet.write(row, 1, c.county, recognised ? Self.recognisedName : Style.text)
            try sheet.write(row, 2, c.city, Style.text)
            try sheet.write(row, 3, rulebook.tiers[c.tier].name, Style.centered)
            try sheet.write(row, 4, c.total, Style.number2)
            for (j, v) in [c.medianRank, c.p5Rank, c.p95Rank].enumerated() {
                try sheet.write(row, 5 + j, Double(v), Style.integer)
            }
            try sheet.write(row, 8, c.pRecognised, percent)
            for (j, v) in [c.tierRank, c.tierMedianRank, c.tierP5Rank, c.tierP95Rank].enumerated() {
                try sheet.write(row, 9 + j, Double(v), Style.integer)
            }
        }
    }

    static let recognisedRank = CellStyle(bold: true, numberFormat: .integer, fontColor: 0x006100, center: true)
    static let recognisedName = CellStyle(bold: true, fontColor: 0x006100)

    // MARK: 排名区间图

    func writeIntervals(_ sheet: Worksheet, workbook: XLSXWorkbook) throws(Failure) {
        let shown = Array(result.counties.prefix(Self.chartLimit))
        let name = Self.sheetName(.intervals)
        try sheet.setUpPrinting(headerRows: 1, title: M.pageTitle(rulebook.name, .intervals).text)
        let headers: [M.Header] = [.rank, .county, .p5Rank, .p95Rank, .intervalStart, .intervalWidth]
        sheet.fitRow(0, headers.map { (M.header($0).text, 9) })
        for (c, h) in headers.enumerated() { try sheet.write(0, c, M.header(h).text, Style.header) }
        for (i, c) in shown.enumerated() {
            let row = i + 1
            try sheet.write(row, 0, Double(c.rank), Style.integer)
            try sheet.write(row, 1, c.name, Style.text)
            try sheet.write(row, 2, Double(c.p5Rank), Style.integer)
            try sheet.write(row, 3, Double(c.p95Rank), Style.integer)
            // A bar from p5 − ½ to p95 + ½: one rank wide when the interval is a single rank.
            try sheet.write(row, 4, Double(c.p5Rank) - 0.5, Style.number2)
            try sheet.write(row, 5, Double(c.p95Rank - c.p5Rank + 1), Style.number2)
        }
        sheet.setColumn(0, 0, width: 6)
        sheet.setColumn(1, 1, width: Width.fit(shown.map(\.name), maximum: 26))
        sheet.setColumn(2, 5, width: 9)
        guard !shown.isEmpty else { return }
        let chart = try workbook.addChart(.barStacked)
        chart.setTitle(M.intervalChartTitle(shown: shown.count, of: result.counties.count).text)
        chart.addSeries(
            name: M.header(.intervalStart).text, sheet: name, categories: (1, shown.count, 1),
            values: (1, shown.count, 4), invisible: true)
        chart.addSeries(
            name: M.intervalSeries.text, sheet: name, categories: (1, shown.count, 1), values: (1, shown.count, 5),
            color: 0x5B9BD5)
        chart.reverseCategories()
        chart.labelEveryCategory()
        chart.hideLegend()
        chart.setGap(50)
        let top = Double(shown.map(\.p95Rank).max() ?? 1)
        let step = top > 60 ? 10.0 : 5.0
        chart.setValueRange(minimum: 0, maximum: (top / step).rounded(.up) * step)
        chart.setValueStep(step)
        chart.setAxisNames(category: nil, value: M.intervalAxis.text)
        try sheet.insertChart(chart, row: 1, column: 7, widthScale: 1.6, heightScale: max(1.2, Double(shown.count) / 10))
    }

    // MARK: 敏感性

    func writeSensitivity(_ sheet: Worksheet, workbook: XLSXWorkbook) throws(Failure) {
        let indicators = rulebook.indicators
        let outputs = result.sensitivity.outputs
        let leaving = outputs.first
        let ranks = Array(outputs.dropFirst())
        try sheet.setUpPrinting(headerRows: 2, title: M.pageTitle(rulebook.name, .sensitivity).text)
        sheet.freezePanes(row: 2, column: 2)
        sheet.setColumn(0, 0, width: 6)
        sheet.setColumn(1, 1, width: Width.fit(indicators.map(\.shortName), maximum: 22))
        sheet.setColumn(2, 4, width: 10)
        sheet.setColumn(5, 4 + max(1, ranks.count), width: 12)
        // Row 0: what each index is of; row 1: the column names.
        let groups: [(Int, String)] =
            [(3, M.outputLeaving(recognised: result.centreRecognised).text)]
            + ranks.enumerated().map { j, r in (5 + j, outputName(r.output)) }
        sheet.fitRow(0, groups.map { ($0.1, $0.0 == 3 ? 20 : 12) })
        for c in 0..<(5 + ranks.count) { try sheet.write(0, c, "", Style.subHeader) }
        for (c, text) in groups { try sheet.write(0, c, text, Style.subHeader) }
        let headers =
            [M.header(.indicator), .header(.indicatorName), .header(.points), .header(.firstOrder), .header(.totalIndex)]
            .map(\.text) + ranks.map { _ in M.header(.totalIndex).text }
        sheet.fitRow(1, headers.map { ($0, 10) })
        for (c, h) in headers.enumerated() { try sheet.write(1, c, h, Style.header) }
        let index = CellStyle(numberFormat: .twoDecimals, center: true)
        for (k, indicator) in indicators.enumerated() {
            let row = 2 + k
            try sheet.write(row, 0, Double(indicator.number), Style.integer)
            try sheet.write(row, 1, indicator.shortName, Style.text)
            try sheet.write(row, 2, result.givenPoints[k], Style.number2)
            try writeIndex(sheet, row, 3, leaving?.first?[k], index)
            try writeIndex(sheet, row, 4, leaving?.total?[k], index)
            for (j, r) in ranks.enumerated() { try writeIndex(sheet, row, 5 + j, r.total?[k], index) }
        }
        let row = 2 + indicators.count + 1
        if leaving?.total == nil {
            try sheet.write(row, 0, M.noSensitivity.text, CellStyle(fontColor: 0x808080, border: false))
            return
        }
        // The chart prints on a page of its own, below the table.
        try sheet.pageBreaks(before: [row])
        let chart = try workbook.addChart(.bar)
        chart.setTitle(M.sensitivityChartTitle.text + "（" + M.outputLeaving(recognised: result.centreRecognised).text + "）")
        let name = Self.sheetName(.sensitivity)
        let last = 1 + indicators.count
        chart.addSeries(
            name: M.firstOrderSeries.text, sheet: name, categories: (2, last, 1), values: (2, last, 3), color: 0xA5A5A5)
        chart.addSeries(name: M.totalSeries.text, sheet: name, categories: (2, last, 1), values: (2, last, 4), color: 0x5B9BD5)
        chart.reverseCategories()
        chart.categoryLabelsLow()
        chart.labelEveryCategory()
        chart.legendAtBottom()
        chart.setGap(60)
        try sheet.insertChart(chart, row: row, column: 0, widthScale: 1.8, heightScale: max(1.5, Double(indicators.count) / 18))
    }

    func outputName(_ output: RobustnessResult.Output) -> String {
        switch output {
        case .leaving: return M.outputLeaving(recognised: result.centreRecognised).text
        case .rank(let i): return M.outputRank(result.counties[i].name).text
        }
    }

    /// An index, or "—" where it is undefined (the output never changed).
    func writeIndex(_ sheet: Worksheet, _ row: Int, _ column: Int, _ value: Double?, _ style: CellStyle) throws(Failure) {
        if let value {
            // An index is a share of variance, 0…1; an estimate below 0 is the estimator's noise around a true 0
            // (said once in 说明), not a negative influence.
            try sheet.write(row, column, max(0, value), style)
        } else {
            try sheet.write(row, column, M.undefinedIndex.text, Style.centered)
        }
    }

    // MARK: 逐项剔除

    func writeDrops(_ sheet: Worksheet) throws(Failure) {
        let indicators = rulebook.indicators
        try sheet.setUpPrinting(headerRows: 1, title: M.pageTitle(rulebook.name, .drops).text)
        sheet.freezePanes(row: 1, column: 2)
        let widths = [6.0, Width.fit(indicators.map(\.shortName), maximum: 22), 8, 44, 44]
        for (c, w) in widths.enumerated() { sheet.setColumn(c, c, width: w) }
        let headers = [M.header(.indicator), .header(.indicatorName), .header(.points), .header(.entering), .header(.leaving)]
        sheet.fitRow(0, headers.enumerated().map { ($1.text, widths[$0]) })
        for (c, h) in headers.enumerated() { try sheet.write(0, c, h.text, Style.header) }
        func list(_ moves: [RobustnessResult.Move]) -> String {
            moves.map { M.moveEntry(name: result.counties[$0.county].name, rank: $0.rank).text }.joined(separator: "\n")
        }
        let grey = CellStyle(fontColor: 0x808080, wrap: true)
        for (k, indicator) in indicators.enumerated() {
            let row = 1 + k
            let drop = result.drops[k]
            let entering = list(drop.entering)
            let leaving = list(drop.leaving)
            sheet.fitRow(row, [(entering, widths[3]), (leaving, widths[4])])
            try sheet.write(row, 0, Double(indicator.number), Style.integer)
            try sheet.write(row, 1, indicator.shortName, Style.text)
            try sheet.write(row, 2, drop.points, Style.number2)
            if !drop.possible {
                try sheet.write(row, 3, M.cannotDrop.text, grey)
                try sheet.write(row, 4, "", grey)
            } else if drop.entering.isEmpty && drop.leaving.isEmpty {
                try sheet.write(row, 3, M.noChange.text, grey)
                try sheet.write(row, 4, "", grey)
            } else {
                try sheet.write(row, 3, entering, CellStyle(fontColor: 0x006100, wrap: true))
                try sheet.write(row, 4, leaving, CellStyle(fontColor: 0xC00000, wrap: true))
            }
        }
    }

    // MARK: 说明

    func writeAbout(_ sheet: Worksheet) throws(Failure) {
        let s = result.settings
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        let given = result.givenPoints.reduce(0, +)
        let k = rulebook.indicators.count
        let rows: [(M.About, String)] = [
            (
                .method,
                M.aboutMethod(
                    spread: s.spread, total: rulebook.totalPoints, decimals: rulebook.rankDecimals,
                    recognition: rulebook.recognitionCount
                ).text
            ),
            (.samples, String(s.samples)),
            (.spread, Wording.number(s.spread) + "（±" + Wording.number(s.spread * 100) + "%）"),
            (.seed, String(s.seed)),
            (.intervals, M.aboutIntervals.text),
            (
                .sensitivity,
                result.sensitivity.baseSamples == 0
                    ? M.noSensitivity.text
                    : M.aboutSensitivity(
                        baseSamples: result.sensitivity.baseSamples, rankings: result.sensitivity.baseSamples * (k + 2),
                        borderline: result.sensitivity.outputs.count - 1
                    ).text
            ),
            (.drops, M.aboutDrops(total: rulebook.totalPoints).text),
            (.points, M.aboutPoints(source: info.weightsSource, given: given, standard: rulebook.totalPoints).text),
            (
                .leaving,
                M.aboutLeaving(mean: result.meanLeaving, unchanged: result.unchangedShare, recognised: result.centreRecognised)
                    .text
            ),
            (.disqualified, M.aboutDisqualified(result.disqualified).text),
            (.rulebook, "\(rulebook.name)（\(info.rulebookFile)）"),
            (
                .input,
                M.aboutInput(file: info.inputFile, sha256: info.inputSHA256).text
                    + (info.findings.map { "\n" + FindingsMessage.aboutFindings.text + "：" + $0 } ?? "")
                    + (info.panel.map { files in
                        files.isEmpty ? "" : "\n" + PanelMessage.sheetName.text + "：" + files.joined(separator: "；")
                    } ?? "")
            ),
            (.time, formatter.string(from: info.time)),
            (.version, "qeval \(info.toolVersion)"),
        ]
        try sheet.setUpPrinting(headerRows: 1, title: M.pageTitle(rulebook.name, .about).text)
        sheet.setColumn(0, 0, width: 14)
        sheet.setColumn(1, 1, width: 100)
        try sheet.write(0, 0, M.header(.item).text, Style.header)
        try sheet.write(0, 1, M.header(.content).text, Style.header)
        for (i, (key, value)) in rows.enumerated() {
            sheet.fitRow(i + 1, [(value, 100)])
            try sheet.write(i + 1, 0, M.about(key).text, Style.label)
            try sheet.write(i + 1, 1, value, Style.wrapped)
        }
    }
}
