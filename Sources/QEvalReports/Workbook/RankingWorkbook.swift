import Foundation
import QEval

/// The Workbook stage: the ranked workbook reviewers read, print and re-weight.
///
/// Totals, subtotals, indicator scores, ranks and the 拟认定 mark are formulas over the shares (得分率) and
/// the editable points (权重), written with the engine's numbers as cached values; editing a point in 权重
/// recalculates everything in Excel, WPS and LibreOffice.
public struct RankingWorkbook {
    static var overallSheet: String { WorkbookText.overallSheet.text }
    static var scoresSheet: String { WorkbookText.scoresSheet.text }
    static var sharesSheet: String { WorkbookText.sharesSheet.text }
    static var weightsSheet: String { WorkbookText.weightsSheet.text }
    static var inputSheet: String { WorkbookText.inputSheet.text }
    static var efficacySheet: String { WorkbookText.efficacySheet.text }
    static var problemsSheet: String { WorkbookText.problemsSheet.text }
    static var aboutSheet: String { WorkbookText.aboutSheet.text }
    static var chartSheet: String { WorkbookText.chartSheet.text }
    static var currentOrderSheet: String { WorkbookText.currentOrderSheet.text }

    /// Rows above the data on the shares and scores sheets: 一级指标, 分值, header.
    static let matrixHeaderRows = 3
    /// Width of the 状态 column, where a disqualified county's reasons wrap.
    static let statusWidth = 26.0
    /// The largest number of counties drawn in a chart; beyond it a chart is unreadable.
    static let chartLimit = 60

    let evaluation: Evaluation
    let scoreboard: Scoreboard
    let ranking: Ranking
    let info: RunInfo
    /// The findings the cohort was verified with (`--findings`): a 核查记录 sheet, marked cells in 原始数据.
    var verification: Verification? = nil

    public init(evaluation: Evaluation, scoreboard: Scoreboard, ranking: Ranking, info: RunInfo) {
        self.evaluation = evaluation
        self.scoreboard = scoreboard
        self.ranking = ranking
        self.info = info
    }

    /// The workbook of a ranked cohort, its findings included.
    public init(cohort: RankedCohort, info: RunInfo) {
        self.init(evaluation: cohort.evaluation, scoreboard: cohort.scoreboard, ranking: cohort.ranking, info: info)
        self.verification = cohort.verification
    }

    var rulebook: Rulebook { evaluation.rulebook }
    var table: ApplicantTable { evaluation.table }
    var indicatorCount: Int { rulebook.indicators.count }
    var rankedCount: Int { ranking.order.count - disqualifiedCount }
    var disqualifiedCount: Int { (0..<evaluation.count).filter { !evaluation.isRanked($0) }.count }

    /// First indicator column on the shares and scores sheets (after 序号, 县, 市, 梯队).
    static let matrixFirstColumn = 4

    /// Row on the shares/scores sheets of an applicant (they list applicants in overall display order).
    var matrixRow: [Int] {
        var result = [Int](repeating: 0, count: evaluation.count)
        for (i, row) in ranking.order.enumerated() { result[row] = Self.matrixHeaderRows + i }
        return result
    }

    /// What `write` left out: the 计分过程 sheet stops at Excel's row limit.
    public struct Written: Sendable {
        public var processRows: Int
        public var processRowsTotal: Int
        public var processTruncated: Bool { processRows < processRowsTotal }
    }

    @discardableResult
    public func write(to path: String) throws(Failure) -> Written {
        let workbook = try XLSXWorkbook(path: path)
        workbook.setProperties(
            title: WorkbookText.documentTitle(rulebook: rulebook.name).text,
            subject: URL(fileURLWithPath: table.file).lastPathComponent,
            comments: "qeval \(info.toolVersion); input SHA-256 \(table.sha256)")
        let rows = matrixRow
        let overall = try workbook.addWorksheet(Self.overallSheet)
        try writeRanking(overall, order: ranking.order, rows: rows, tier: nil, workbook: workbook)
        for (t, tier) in rulebook.tiers.enumerated() {
            let sheet = try workbook.addWorksheet(tier.name)
            try writeRanking(sheet, order: ranking.tierOrder[t], rows: rows, tier: t, workbook: workbook)
        }
        try writeCharts(try workbook.addWorksheet(Self.chartSheet), workbook: workbook)
        try writeScores(try workbook.addWorksheet(Self.scoresSheet))
        try writeShares(try workbook.addWorksheet(Self.sharesSheet))
        try writeWeights(try workbook.addWorksheet(Self.weightsSheet))
        try writeCurrentOrder(try workbook.addWorksheet(Self.currentOrderSheet))
        try writeInputs(try workbook.addWorksheet(Self.inputSheet))
        try writeEfficacy(try workbook.addWorksheet(Self.efficacySheet))
        var explainer = Explainer(evaluation: evaluation, scoreboard: scoreboard)
        explainer.verification = verification
        let process = try ProcessSheet(explainer: explainer).write(
            try workbook.addWorksheet(ProcessSheetMessage.sheetName.text), rows: ranking.order,
            title: "\(rulebook.name) — \(ProcessSheetMessage.sheetName.text)")
        let written = Written(processRows: process.written, processRowsTotal: process.total)
        if let verification, !verification.findings.items.isEmpty {
            try FindingsSheet.write(
                try workbook.addWorksheet(FindingsMessage.sheetName.text),
                items: Array(zip(verification.findings.items, verification.effects)).map { ($0, $1) },
                title: FindingsMessage.sheetTitle(rulebook.name).text)
        }
        if let panel = verification?.panel {
            try PanelSheet.writeParts(
                try workbook.addWorksheet(PanelMessage.sheetName.text), panel: panel, parts: panel.parts,
                table: evaluation.table, rulebook: rulebook, title: PanelMessage.sheetTitle(rulebook.name).text)
            try PanelSheet.writeAgreement(
                try workbook.addWorksheet(PanelMessage.agreementSheetName.text), panel: panel, rulebook: rulebook,
                title: WorkbookText.sheetTitle(rulebook: rulebook.name, sheet: PanelMessage.agreementSheetName.text).text)
        }
        try writeProblems(try workbook.addWorksheet(Self.problemsSheet))
        try writeAbout(try workbook.addWorksheet(Self.aboutSheet), written: written)
        overall.activate()
        try workbook.close()
        return written
    }

    // MARK: 总排名 and the tier sheets

    /// Column layout of a ranking sheet.
    enum RankColumn {
        static let rank = 0
        static let county = 1
        static let city = 2
        static let tier = 3
        static let total = 4
        static let firstSubtotal = 5
    }

    func writeRanking(_ sheet: Worksheet, order: [Int], rows: [Int], tier: Int?, workbook: XLSXWorkbook)
        throws(Failure)
    {
        let categories = rulebook.categories
        let statusColumn = RankColumn.firstSubtotal + categories.count
        let overallRankColumn = statusColumn + 1
        let roundedColumn = tier == nil ? statusColumn + 1 : statusColumn + 2
        var headers =
            [WorkbookText.rank, .county, .city, .tier, .total].map(\.text) + categories + [WorkbookText.status.text]
        if tier != nil { headers.append(WorkbookText.overallRank.text) }
        headers.append(WorkbookText.roundedTotal.text)
        sheet.setRowHeight(0, 32)
        for (c, h) in headers.enumerated() { try sheet.write(0, c, h, Style.header) }

        let ranked = order.filter { evaluation.isRanked($0) }
        let firstData = 1
        let lastRanked = firstData + ranked.count - 1
        let roundedRange =
            "$\(Worksheet.columnName(roundedColumn))$\(firstData + 1):$\(Worksheet.columnName(roundedColumn))$\(max(lastRanked, firstData) + 1)"
        let shares = Worksheet.reference(Self.sharesSheet)
        let firstIndicator = Worksheet.columnName(Self.matrixFirstColumn)
        let lastIndicator = Worksheet.columnName(Self.matrixFirstColumn + indicatorCount - 1)
        let decimals = rulebook.rankDecimals
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let overallRows: [Int: Int] = Dictionary(uniqueKeysWithValues: ranking.order.enumerated().map { ($1, $0 + 1) })

        // Constant-memory mode: ranges (filter, colour scale, print titles) are set before the rows pass.
        let lastRow = max(firstData, firstData + order.count - 1)
        sheet.setColumn(RankColumn.rank, RankColumn.rank, width: 6)
        sheet.setColumn(
            RankColumn.county, RankColumn.county,
            width: Width.fit(order.map { table.county[$0] } + [WorkbookText.county.text], maximum: 24))
        sheet.setColumn(RankColumn.city, RankColumn.city, width: 11)
        sheet.setColumn(RankColumn.tier, RankColumn.tier, width: 10)
        sheet.setColumn(RankColumn.total, RankColumn.total, width: 9)
        sheet.setColumn(RankColumn.firstSubtotal, RankColumn.firstSubtotal + categories.count - 1, width: 12)
        sheet.setColumn(statusColumn, statusColumn, width: Self.statusWidth, Style.wrapped)
        if tier != nil { sheet.setColumn(overallRankColumn, overallRankColumn, width: 9) }
        sheet.setColumn(roundedColumn, roundedColumn, width: 12, hidden: true)
        sheet.freezePanes(row: 1, column: 2)
        try sheet.autofilter(firstRow: 0, firstColumn: 0, lastRow: lastRow, lastColumn: roundedColumn - 1)
        if !ranked.isEmpty {
            try sheet.colourScale(firstRow: firstData, column: RankColumn.total, lastRow: lastRanked)
        }
        let title =
            tier.map { WorkbookText.tierSheetTitle(rulebook: rulebook.name, tier: rulebook.tiers[$0].name).text }
            ?? WorkbookText.sheetTitle(rulebook: rulebook.name, sheet: Self.overallSheet).text
        try sheet.setUpPrinting(headerRows: 1, title: title)
        for (i, row) in order.enumerated() {
            let r = firstData + i
            if !evaluation.isRanked(row) {
                sheet.fitRow(r, [(disqualifiedText(row), Self.statusWidth)])
            }
            try sheet.write(r, RankColumn.county, table.county[row], Style.text)
            try sheet.write(r, RankColumn.city, table.city[row], Style.text)
            try sheet.write(r, RankColumn.tier, rulebook.tiers[table.tier[row]].name, Style.centered)
            guard evaluation.isRanked(row) else {
                try sheet.write(r, RankColumn.rank, "—", Style.centered)
                try sheet.write(r, RankColumn.total, "—", Style.centered)
                for c in categories.indices { try sheet.write(r, RankColumn.firstSubtotal + c, "—", Style.centered) }
                try sheet.write(r, statusColumn, disqualifiedText(row), Style.disqualified)
                if tier != nil { try sheet.write(r, overallRankColumn, "—", Style.centered) }
                try sheet.write(r, roundedColumn, "", Style.grey)
                continue
            }
            let m = rows[row] + 1
            let total = scoreboard.totals[row]
            try sheet.writeFormula(
                r, RankColumn.total,
                "SUMPRODUCT(\(shares)$\(firstIndicator)$2:$\(lastIndicator)$2,\(shares)$\(firstIndicator)$\(m):$\(lastIndicator)$\(m))",
                cached: total, Style.total)
            for c in categories.indices {
                // Σ share × points over the indicators whose 一级指标 (row 1 of 得分率) is this column's
                // header. An equality test, not SUMIF: a category name is never read as a criterion
                // (wildcards, "<", "=") by Excel, WPS or LibreOffice.
                let header = Worksheet.cellName(row: 0, column: RankColumn.firstSubtotal + c, absoluteRow: true)
                try sheet.writeFormula(
                    r, RankColumn.firstSubtotal + c,
                    "SUMPRODUCT((\(shares)$\(firstIndicator)$1:$\(lastIndicator)$1=\(header))*\(shares)$\(firstIndicator)$2:$\(lastIndicator)$2*\(shares)$\(firstIndicator)$\(m):$\(lastIndicator)$\(m))",
                    cached: scoreboard.subtotals[c][row], Style.number2)
            }
            let totalCell = Worksheet.cellName(row: r, column: RankColumn.total)
            let roundedCell = Worksheet.cellName(row: r, column: roundedColumn)
            try sheet.writeFormula(
                r, roundedColumn, "ROUND(\(totalCell),\(decimals))", cached: (total * scale).rounded() / scale,
                Style.number4)
            let rank = (tier == nil ? ranking.rank[row] : ranking.tierRank[row]) ?? 0
            let rankCell = Worksheet.cellName(row: r, column: RankColumn.rank)
            try sheet.writeFormula(
                r, RankColumn.rank, "RANK(\(roundedCell),\(roundedRange),0)", cached: Double(rank), Style.integer)
            if tier == nil {
                let n = rulebook.recognitionCount
                try sheet.writeFormula(
                    r, statusColumn, "IF(\(rankCell)<=\(n),\"\(WorkbookText.recognised.text)\",\"\")",
                    cachedText: ranking.recognised[row] ? WorkbookText.recognised.text : "", Style.recognised)
            } else {
                let overallRow = overallRows[row]! + 1
                let overall = Worksheet.reference(Self.overallSheet)
                try sheet.writeFormula(
                    r, statusColumn, "\(overall)\(Worksheet.columnName(statusColumn))\(overallRow)",
                    cachedText: ranking.recognised[row] ? WorkbookText.recognised.text : "", Style.recognised)
                try sheet.writeFormula(
                    r, overallRankColumn, "\(overall)A\(overallRow)", cached: Double(ranking.rank[row] ?? 0), Style.integer)
            }
        }

    }

    /// "不具备资格：前置指标未达标：…；一票否决：…"
    func disqualifiedText(_ row: Int) -> String {
        WorkbookText.disqualified(
            reasons: evaluation.disqualifications[row].map(\.text).joined(separator: WorkbookText.reasonSeparator.text)
        ).text
    }

    // MARK: 图表

    func writeCharts(_ sheet: Worksheet, workbook: XLSXWorkbook) throws(Failure) {
        let ranked = ranking.order.filter { evaluation.isRanked($0) }
        let shown = min(ranked.count, Self.chartLimit)
        let note =
            shown < ranked.count
            ? WorkbookText.chartNoteSome(shown: shown, of: ranked.count).text : WorkbookText.chartNoteAll(shown).text
        try sheet.setUpPrinting(
            headerRows: 0, title: WorkbookText.sheetTitle(rulebook: rulebook.name, sheet: Self.chartSheet).text)
        try sheet.write(0, 0, note, CellStyle(bold: true, border: false))
        guard shown > 0 else { return }
        let totals = try workbook.addChart(.bar)
        totals.setTitle(WorkbookText.totalsChart.text)
        totals.addSeries(
            name: WorkbookText.total.text, sheet: Self.overallSheet, categories: (1, shown, RankColumn.county),
            values: (1, shown, RankColumn.total), color: 0x4472C4)
        totals.reverseCategories()
        totals.hideLegend()
        let height = max(1.0, Double(shown) / 14)
        try sheet.insertChart(totals, row: 2, column: 0, widthScale: 1.6, heightScale: height)

        let stacked = try workbook.addChart(.barStacked)
        stacked.setTitle(WorkbookText.compositionChart.text)
        let colours: [UInt32] = [0x4472C4, 0xED7D31, 0xA5A5A5, 0xFFC000, 0x5B9BD5, 0x70AD47]
        for (c, category) in rulebook.categories.enumerated() {
            stacked.addSeries(
                name: category, sheet: Self.overallSheet, categories: (1, shown, RankColumn.county),
                values: (1, shown, RankColumn.firstSubtotal + c), color: colours[c % colours.count])
        }
        stacked.reverseCategories()
        stacked.legendAtBottom()
        // Beside the first chart (1.6 × 480 px wide, about 12 default columns of 64 px), not over it.
        try sheet.insertChart(stacked, row: 2, column: 13, widthScale: 1.6, heightScale: height)
    }

    // MARK: 指标得分 and 得分率

    /// The three header rows shared by the scores and shares sheets: 一级指标, 分值, column names.
    func writeMatrixHeader(_ sheet: Worksheet) throws(Failure) {
        // Constant-memory mode writes a row once it is left: fill each header row completely, in order.
        try sheet.write(0, 0, WorkbookText.category.text, Style.subHeader)
        for c in 1..<Self.matrixFirstColumn { try sheet.write(0, c, "", Style.subHeader) }
        for (k, indicator) in rulebook.indicators.enumerated() {
            try sheet.write(0, Self.matrixFirstColumn + k, indicator.category, Style.subHeader)
        }
        try sheet.write(1, 0, WorkbookText.points.text, Style.pointsRow)
        for c in 1..<Self.matrixFirstColumn { try sheet.write(1, c, "", Style.pointsRow) }
        let weights = Worksheet.reference(Self.weightsSheet)
        for k in rulebook.indicators.indices {
            try sheet.writeFormula(
                1, Self.matrixFirstColumn + k, "\(weights)$\(WeightsColumn.pointsName)$\(k + 2)", cached: scoreboard.points[k],
                Style.pointsRow)
        }
        sheet.setRowHeight(2, 45)
        for (c, h) in [WorkbookText.number, .county, .city, .tier].enumerated() { try sheet.write(2, c, h.text, Style.header) }
        for (k, indicator) in rulebook.indicators.enumerated() {
            try sheet.write(
                2, Self.matrixFirstColumn + k,
                WorkbookText.indicatorHeader(
                    number: indicator.number, name: indicator.shortName, points: Points.format(scoreboard.points[k])
                ).text, Style.header)
        }
    }

    func writeMatrixLeft(_ sheet: Worksheet, r: Int, i: Int, row: Int) throws(Failure) {
        try sheet.write(r, 0, Double(i + 1), Style.integer)
        try sheet.write(r, 1, table.county[row], Style.text)
        try sheet.write(r, 2, table.city[row], Style.text)
        try sheet.write(r, 3, rulebook.tiers[table.tier[row]].name, Style.centered)
    }

    func layOutMatrix(_ sheet: Worksheet, title: String) throws(Failure) {
        let last = Self.matrixHeaderRows + max(0, ranking.order.count - 1)
        sheet.setColumn(0, 0, width: 6)
        sheet.setColumn(1, 1, width: Width.fit(table.county + [WorkbookText.county.text], maximum: 24))
        sheet.setColumn(2, 3, width: 10)
        sheet.setColumn(Self.matrixFirstColumn, Self.matrixFirstColumn + indicatorCount - 1, width: 9)
        sheet.freezePanes(row: Self.matrixHeaderRows, column: 2)
        try sheet.autofilter(
            firstRow: Self.matrixHeaderRows - 1, firstColumn: 0, lastRow: last,
            lastColumn: Self.matrixFirstColumn + indicatorCount - 1)
        // 47 columns do not fit a page: A3 landscape at 60 %, the county columns repeated on every page.
        try sheet.setUpPrinting(headerRows: Self.matrixHeaderRows, title: title, wide: .init(repeatedColumns: 2))
    }

    func writeScores(_ sheet: Worksheet) throws(Failure) {
        try layOutMatrix(sheet, title: WorkbookText.sheetTitle(rulebook: rulebook.name, sheet: Self.scoresSheet).text)
        try writeMatrixHeader(sheet)
        let shares = Worksheet.reference(Self.sharesSheet)
        for (i, row) in ranking.order.enumerated() {
            let r = Self.matrixHeaderRows + i
            try writeMatrixLeft(sheet, r: r, i: i, row: row)
            let ranked = evaluation.isRanked(row)
            for k in 0..<indicatorCount {
                let c = Self.matrixFirstColumn + k
                guard ranked else {
                    try sheet.write(r, c, "—", Style.centered)
                    continue
                }
                let column = Worksheet.columnName(c)
                try sheet.writeFormula(
                    r, c, "\(shares)\(column)\(r + 1)*\(column)$2", cached: scoreboard.scores[k][row], Style.number2)
            }
        }
    }

    func writeShares(_ sheet: Worksheet) throws(Failure) {
        try layOutMatrix(sheet, title: WorkbookText.sheetTitle(rulebook: rulebook.name, sheet: Self.sharesSheet).text)
        try writeMatrixHeader(sheet)
        for (i, row) in ranking.order.enumerated() {
            let r = Self.matrixHeaderRows + i
            try writeMatrixLeft(sheet, r: r, i: i, row: row)
            let ranked = evaluation.isRanked(row)
            for k in 0..<indicatorCount {
                let c = Self.matrixFirstColumn + k
                if ranked {
                    try sheet.write(r, c, evaluation.shares[k][row], Style.share)
                } else {
                    try sheet.write(r, c, "—", Style.centered)
                }
            }
        }
    }

    // MARK: 权重

    enum WeightsColumn {
        static let points = 5
        static let pointsName = "F"
    }

    func writeWeights(_ sheet: Worksheet) throws(Failure) {
        let headers =
            [
                WorkbookText.indicator, .name, .category, .subcategory, .sources, .points, .standardPoints, .adjustedMark,
                .ruleKinds, .tiered,
            ].map(\.text) + [StandardMessage.provisionalColumn.text]
        let pointsColumn = WeightsColumn.points
        let standardColumn = pointsColumn + 1
        let markColumn = pointsColumn + 2
        let firstRow = 1
        let lastRow = indicatorCount
        let totalRow = indicatorCount + 1
        let f = WeightsColumn.pointsName
        let g = Worksheet.columnName(standardColumn)
        // Constant-memory mode: ranges (filter, print titles, conditional format, validation) come first.
        sheet.freezePanes(row: 1, column: 2)
        try sheet.autofilter(firstRow: 0, firstColumn: 0, lastRow: lastRow, lastColumn: headers.count - 1)
        try sheet.setUpPrinting(
            headerRows: 1, title: WorkbookText.sheetTitle(rulebook: rulebook.name, sheet: Self.weightsSheet).text)
        // A point that differs from the standard is marked while the reviewer types, not only as written.
        try sheet.highlight(
            firstRow: firstRow, firstColumn: pointsColumn, lastRow: lastRow, lastColumn: pointsColumn,
            where: "$\(f)\(firstRow + 1)<>$\(g)\(firstRow + 1)", style: Style.changed)
        try sheet.allowNonNegativeNumbers(
            firstRow: firstRow, lastRow: lastRow, column: pointsColumn, title: WorkbookText.pointsInputTitle.text,
            message: WorkbookText.pointsInputMessage.text)
        for (c, h) in headers.enumerated() { try sheet.write(0, c, h, Style.header) }
        for (k, indicator) in rulebook.indicators.enumerated() {
            let r = firstRow + k
            let adjusted = scoreboard.points[k] != indicator.points
            sheet.fitRow(r, [(indicator.name, 50), (indicator.sources, 36), (indicator.provisional ? indicator.note : "", 40)])
            try sheet.write(r, 0, Double(indicator.number), Style.integer)
            try sheet.write(r, 1, indicator.name, Style.wrapped)
            try sheet.write(r, 2, indicator.category, Style.text)
            try sheet.write(r, 3, indicator.subcategory, Style.text)
            try sheet.write(r, 4, indicator.sources, Style.wrapped)
            try sheet.write(r, pointsColumn, scoreboard.points[k], Style.pointsRow)
            try sheet.write(r, standardColumn, indicator.points, Style.number2)
            let mark = WorkbookText.adjustedFrom(Points.format(indicator.points)).text
            try sheet.writeFormula(
                r, markColumn, "IF(\(f)\(r + 1)=\(g)\(r + 1),\"\",\"\(mark)\")", cachedText: adjusted ? mark : "",
                Style.warning)
            try sheet.write(r, 8, indicator.kindLabels, Style.text)
            try sheet.write(r, 9, indicator.tiered ? WorkbookText.yes.text : "", Style.centered)
            try sheet.write(r, 10, indicator.provisional ? indicator.note : "", Style.wrapped)
        }
        try sheet.write(totalRow, 1, WorkbookText.totalRow.text, Style.label)
        try sheet.writeFormula(
            totalRow, pointsColumn, "SUM(\(f)\(firstRow + 1):\(f)\(lastRow + 1))", cached: scoreboard.maximum, Style.total)
        try sheet.writeFormula(
            totalRow, standardColumn, "SUM(\(g)\(firstRow + 1):\(g)\(lastRow + 1))", cached: rulebook.totalPoints,
            Style.total)
        let differs = WorkbookText.totalDiffers(Points.format(rulebook.totalPoints)).text
        try sheet.writeFormula(
            totalRow, markColumn,
            "IF(ABS(\(f)\(totalRow + 1)-\(g)\(totalRow + 1))>0.000000001,\"\(differs)\",\"\")",
            cachedText: PointsTotal(points: scoreboard.points, rulebook: rulebook).differs ? differs : "", Style.warning)
        let note = WorkbookText.weightsNote.text
        sheet.fitRow(totalRow + 2, [(note, 50)])
        try sheet.write(totalRow + 2, 1, note, CellStyle(border: false, wrap: true))
        sheet.setColumn(0, 0, width: 6)
        sheet.setColumn(1, 1, width: 50)
        sheet.setColumn(2, 3, width: 13)
        sheet.setColumn(4, 4, width: 36)
        sheet.setColumn(5, 6, width: 9)
        sheet.setColumn(7, 7, width: 20)
        sheet.setColumn(8, 8, width: 16)
        sheet.setColumn(9, 9, width: 10)
        sheet.setColumn(10, 10, width: 40)
    }

    // MARK: 按当前分值排序

    /// The ranked counties in the order of the ranks 总排名 now computes, by formulas alone (no macro, no
    /// sort by hand): after an edit of 分值 the ranks on 总排名 recalculate while its rows stay put, and this
    /// sheet is where the new order reads top to bottom. Each 总排名 row gets a unique key, rank + ROW()/10⁶
    /// (ties keep the sheet's order), in a hidden column; row k takes the k-th smallest key, MATCHes it back
    /// to its 总排名 row and INDEXes that row's cells. SMALL, MATCH and INDEX behave alike in Excel, WPS and
    /// LibreOffice; disqualified rows (rank "—") get no key.
    func writeCurrentOrder(_ sheet: Worksheet) throws(Failure) {
        let order = ranking.order
        let n = max(1, order.count)
        let ranked = order.filter { evaluation.isRanked($0) }
        let overall = Worksheet.reference(Self.overallSheet)
        let statusColumn = Worksheet.columnName(RankColumn.firstSubtotal + rulebook.categories.count)
        // Columns: shown A–H; hidden I (key per 总排名 row), J (the 总排名 row of output row k), K (the rank
        // each 总排名 row had when written).
        let keyColumn = 8
        let indexColumn = 9
        let writtenColumn = 10
        let firstData = 2
        let keys = "$I$\(firstData + 1):$I$\(firstData + n)"
        let written = "$K$\(firstData + 1):$K$\(firstData + n)"
        func range(_ column: String) -> String { "\(overall)$\(column)$2:$\(column)$\(n + 1)" }
        let note = WorkbookText.currentOrderNote.text
        let headers = [
            WorkbookText.rank, .county, .city, .tier, .total, .status, .writtenRank, .rankChange,
        ].map(\.text)
        sheet.freezePanes(row: firstData, column: 2)
        try sheet.setUpPrinting(
            headerRows: firstData,
            title: WorkbookText.sheetTitle(rulebook: rulebook.name, sheet: Self.currentOrderSheet).text, portrait: true,
            repeatedFrom: 1)
        sheet.setRowHeight(0, Width.rowHeight([(note, 80)]) ?? 45)
        try sheet.mergeRange(
            firstRow: 0, firstColumn: 0, lastRow: 0, lastColumn: headers.count - 1, note,
            CellStyle(border: false, wrap: true))
        sheet.setRowHeight(1, 32)
        for (c, h) in headers.enumerated() { try sheet.write(1, c, h, Style.header) }
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        for q in 0..<max(order.count, ranked.count) {
            let r = firstData + q
            // The helper columns, one per 总排名 row (q-th row of 总排名 is its row q + 2).
            if q < order.count {
                let rankCell = "\(overall)A\(q + 2)"
                let row = order[q]
                let rank = ranking.rank[row].map(Double.init)
                let key = "IF(ISNUMBER(\(rankCell)),\(rankCell)+ROW()/1000000,\"\")"
                if let rank {
                    try sheet.writeFormula(r, keyColumn, key, cached: rank + Double(r + 1) / 1_000_000, Style.grey)
                } else {
                    try sheet.writeFormula(r, keyColumn, key, cachedText: "", Style.grey)
                }
                if let rank { try sheet.write(r, writtenColumn, rank, Style.grey) }
            }
            guard q < ranked.count else { continue }
            let row = ranked[q]
            let k = q + 1
            let at = Worksheet.cellName(row: r, column: indexColumn)
            try sheet.writeFormula(
                r, indexColumn, "MATCH(SMALL(\(keys),\(k)),\(keys),0)", cached: Double(position[row]! + 1), Style.grey)
            let rank = Double(ranking.rank[row] ?? 0)
            try sheet.writeFormula(r, 0, "INDEX(\(range("A")),\(at))", cached: rank, Style.integer)
            try sheet.writeFormula(r, 1, "INDEX(\(range("B")),\(at))", cachedText: table.county[row], Style.text)
            try sheet.writeFormula(r, 2, "INDEX(\(range("C")),\(at))", cachedText: table.city[row], Style.text)
            try sheet.writeFormula(
                r, 3, "INDEX(\(range("D")),\(at))", cachedText: rulebook.tiers[table.tier[row]].name, Style.centered)
            try sheet.writeFormula(r, 4, "INDEX(\(range("E")),\(at))", cached: scoreboard.totals[row], Style.total)
            try sheet.writeFormula(
                r, 5, "INDEX(\(range(statusColumn)),\(at))",
                cachedText: ranking.recognised[row] ? WorkbookText.recognised.text : "", Style.recognised)
            try sheet.writeFormula(r, 6, "INDEX(\(written),\(at))", cached: rank, Style.integer)
            let a = Worksheet.cellName(row: r, column: 0)
            let g = Worksheet.cellName(row: r, column: 6)
            try sheet.writeFormula(r, 7, "\(g)-\(a)", cached: 0, Style.integer)
        }
        sheet.setColumn(0, 0, width: 6)
        sheet.setColumn(1, 1, width: Width.fit(ranked.map { table.county[$0] } + [WorkbookText.county.text], maximum: 24))
        sheet.setColumn(2, 3, width: 11)
        sheet.setColumn(4, 4, width: 9)
        sheet.setColumn(5, 5, width: 9)
        sheet.setColumn(6, 7, width: 12)
        sheet.setColumn(keyColumn, writtenColumn, width: 10, hidden: true)
    }

    // MARK: 原始数据

    func writeInputs(_ sheet: Worksheet) throws(Failure) {
        let fields = rulebook.fields
        let derived = rulebook.derived
        let left = [WorkbookText.county, .city, .tier, .line, .status].map(\.text)
        let shownFields = fields.indices.filter { $0 != rulebook.fieldIndex["county"] && $0 != rulebook.fieldIndex["city"] }
        let shownTypes = shownFields.map { fields[$0].type }
        // Remarks columns last, headed as the input headed them (read back as remarks again), never scored.
        let notes = table.notes
        let labels =
            left + shownFields.map { fields[$0].label + (fields[$0].unit.isEmpty ? "" : "（\(fields[$0].unit)）") }
            + derived.map { WorkbookText.derivedLabel($0.label + ($0.unit.isEmpty ? "" : "（\($0.unit)）")).text }
            + notes.map(\.header)
        let keys = left.map { _ in "" } + shownFields.map { fields[$0].key } + derived.map(\.key) + notes.map(\.header)
        sheet.setRowHeight(0, 60)
        for (c, h) in labels.enumerated() { try sheet.write(0, c, h, Style.header) }
        for (c, k) in keys.enumerated() { try sheet.write(1, c, k, Style.subHeader) }
        let c = labels.count
        let lastColumn = c - 1
        sheet.freezePanes(row: 2, column: 1)
        try sheet.autofilter(firstRow: 1, firstColumn: 0, lastRow: max(2, 1 + ranking.order.count), lastColumn: lastColumn)
        try sheet.setUpPrinting(
            headerRows: 2, title: WorkbookText.sheetTitle(rulebook: rulebook.name, sheet: Self.inputSheet).text,
            wide: .init(repeatedColumns: 1))
        for (i, row) in ranking.order.enumerated() {
            let r = 2 + i
            try sheet.write(r, 0, table.county[row], Style.text)
            try sheet.write(r, 1, table.city[row], Style.text)
            try sheet.write(r, 2, rulebook.tiers[table.tier[row]].name, Style.centered)
            try sheet.write(r, 3, Double(table.line[row]), Style.integer)
            let status = evaluation.isRanked(row) ? WorkbookText.ranked.text : disqualifiedText(row)
            sheet.fitRow(r, [(status, Self.statusWidth)])
            try sheet.write(r, 4, status, evaluation.isRanked(row) ? Style.text : Style.disqualified)
            var col = 5
            for (f, type) in zip(shownFields, shownTypes) {
                defer { col += 1 }
                // A figure a reviewer settled: filled orange, its note the declared value, the verified one and
                // why (an empty verified cell too: the figure was rejected).
                if let found = verification?.finding(row: row, field: f), !found.finding.isConfirmation {
                    let finding = found.finding
                    let empty = FindingsMessage.notFilled.text
                    try sheet.comment(
                        r, col,
                        FindingsMessage.declaredVerified(
                            declared: finding.declared ?? empty, verified: finding.verified ?? empty, reason: finding.reason
                        ).text)
                    guard table.present[f][row] else {
                        try sheet.write(r, col, "", Style.verified)
                        continue
                    }
                    switch type {
                    case .text: try sheet.write(r, col, table.texts[f][row], Style.verified)
                    case .bool:
                        try sheet.write(
                            r, col, table.values[f][row] == 1 ? WorkbookText.yes.text : WorkbookText.no.text, Style.verified)
                    case .count, .level: try sheet.write(r, col, table.values[f][row], Style.verifiedInteger)
                    case .number, .percent: try sheet.write(r, col, table.values[f][row], Style.verifiedNumber)
                    }
                    continue
                }
                guard table.present[f][row] else { continue }
                switch type {
                case .text: try sheet.write(r, col, table.texts[f][row], Style.text)
                case .bool:
                    try sheet.write(
                        r, col, table.values[f][row] == 1 ? WorkbookText.yes.text : WorkbookText.no.text, Style.centered)
                case .count, .level: try sheet.write(r, col, table.values[f][row], Style.integer)
                case .number, .percent: try sheet.write(r, col, table.values[f][row], Style.number2)
                }
            }
            for d in derived.indices {
                if evaluation.derivedDefined[d][row] {
                    try sheet.write(r, col, evaluation.derived[d][row], Style.number4)
                }
                col += 1
            }
            for note in notes {
                if !note.values[row].isEmpty { try sheet.write(r, col, note.values[row], Style.text) }
                col += 1
            }
        }
        sheet.setColumn(0, 0, width: Width.fit(table.county + [WorkbookText.county.text], maximum: 24))
        sheet.setColumn(1, 3, width: 10)
        sheet.setColumn(4, 4, width: Self.statusWidth, Style.wrapped)
        sheet.setColumn(5, lastColumn - notes.count, width: 14, Style.wrapped)
        if !notes.isEmpty { sheet.setColumn(lastColumn - notes.count + 1, lastColumn, width: 30, Style.wrapped) }
    }

    // MARK: 功效系数

    func writeEfficacy(_ sheet: Worksheet) throws(Failure) {
        let headers = [
            WorkbookText.indicator, .indicatorName, .figure, .key, .group, .threshold, .direction, .minimum, .maximum,
            .eligible,
        ].map(\.text)
        let rowCount = rulebook.indicators.reduce(0) { sum, indicator in
            sum
                + indicator.parts.reduce(0) { partSum, part in
                    guard case .efficacy(_, let terms) = part.rule else { return partSum }
                    return partSum + terms.reduce(0) { $0 + ($1.group.tiered ? rulebook.tiers.count : 1) }
                }
        }
        sheet.freezePanes(row: 1, column: 0)
        try sheet.autofilter(firstRow: 0, firstColumn: 0, lastRow: max(1, rowCount), lastColumn: headers.count - 1)
        try sheet.setUpPrinting(
            headerRows: 1, title: WorkbookText.sheetTitle(rulebook: rulebook.name, sheet: Self.efficacySheet).text)
        for (c, h) in headers.enumerated() { try sheet.write(0, c, h, Style.header) }
        var r = 1
        for indicator in rulebook.indicators {
            for part in indicator.parts {
                guard case .efficacy(_, let terms) = part.rule else { continue }
                for term in terms {
                    let tiers: [Int?] = term.group.tiered ? rulebook.tiers.indices.map { $0 } : [nil]
                    for tier in tiers {
                        guard let s = evaluation.stats(term.group, tier: tier) else { continue }
                        sheet.fitRow(r, [(rulebook.label(of: term.group.figure), 40)])
                        try sheet.write(r, 0, Double(indicator.number), Style.integer)
                        try sheet.write(r, 1, indicator.shortName, Style.text)
                        try sheet.write(r, 2, rulebook.label(of: term.group.figure), Style.wrapped)
                        try sheet.write(r, 3, rulebook.key(of: term.group.figure), Style.grey)
                        try sheet.write(
                            r, 4, tier.map { rulebook.tiers[$0].name } ?? WorkbookText.wholeCohort.text, Style.centered)
                        if let t = term.group.threshold {
                            try sheet.write(
                                r, 5, (term.group.direction == .higherIsBetter ? "≥ " : "≤ ") + Points.format(t), Style.centered)
                        } else {
                            try sheet.write(r, 5, "", Style.text)
                        }
                        try sheet.write(
                            r, 6,
                            (term.group.direction == .higherIsBetter ? WorkbookText.higherIsBetter : .lowerIsBetter).text,
                            Style.centered)
                        if let lo = s.minimum, let hi = s.maximum {
                            try sheet.write(r, 7, lo, Style.number4)
                            try sheet.write(r, 8, hi, Style.number4)
                        } else {
                            try sheet.write(r, 7, "—", Style.centered)
                            try sheet.write(r, 8, "—", Style.centered)
                        }
                        try sheet.write(r, 9, Double(s.eligible), Style.integer)
                        r += 1
                    }
                }
            }
        }
        try sheet.write(
            r + 1, 1,
            WorkbookText.efficacyNote.text, CellStyle(border: false))
        sheet.setColumn(0, 0, width: 6)
        sheet.setColumn(1, 1, width: 20)
        sheet.setColumn(2, 2, width: 40)
        sheet.setColumn(3, 3, width: 26)
        sheet.setColumn(4, 6, width: 11)
        sheet.setColumn(7, 9, width: 12)
    }

    // MARK: 数据问题

    func writeProblems(_ sheet: Worksheet) throws(Failure) {
        try ProblemsSheet.write(
            sheet, items: evaluation.diagnostics.items,
            title: WorkbookText.sheetTitle(rulebook: rulebook.name, sheet: Self.problemsSheet).text)
    }

    // MARK: 说明

    func writeAbout(_ sheet: Worksheet, written: Written) throws(Failure) {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        let tiers = rulebook.tiers.map { "\($0.name)：\($0.cities.joined(separator: "、"))" }.joined(separator: "；")
        let tieredNumbers = rulebook.indicators.filter(\.tiered).map { String($0.number) }.joined(separator: "、")
        let adjusted = PointsChanges(points: scoreboard.points, rulebook: rulebook).changes
        let none = WorkbookText.none.text
        let allEqual =
            rulebook.efficacy.allEqual == .full
            ? WorkbookText.allEqualFull.text : WorkbookText.allEqualBase(Points.format(rulebook.efficacy.base)).text
        var rows: [(String, String)] = [
            (WorkbookText.aboutRulebook.text, rulebook.name),
            (WorkbookText.aboutRulebookFile.text, URL(fileURLWithPath: info.rulebookFile).lastPathComponent),
            (WorkbookText.aboutInput.text, URL(fileURLWithPath: info.inputFile).lastPathComponent),
            (WorkbookText.aboutSHA.text, info.inputSHA256),
            (
                WorkbookText.aboutEncoding.text,
                table.sheet.map { WorkbookText.sheetNamed($0).text } ?? EncodingName.of(table.encoding).text
            ),
            (WorkbookText.aboutWeights.text, info.weightsSource),
            (
                WorkbookText.aboutMaximum.text,
                Points.format(scoreboard.maximum)
                    + (PointsTotal(points: scoreboard.points, rulebook: rulebook).differs
                        ? WorkbookText.maximumAdjusted(Points.format(rulebook.totalPoints)).text : "")
            ),
            (
                WorkbookText.aboutAdjusted.text,
                adjusted.isEmpty
                    ? none
                    : adjusted.map(\.named).joined(separator: "、")
            ),
            (
                WorkbookText.aboutApplicants.text,
                WorkbookText.applicantsLine(total: evaluation.count, ranked: rankedCount, disqualified: disqualifiedCount).text
            ),
            (WorkbookText.aboutRecognition.text, WorkbookText.recognitionLine(rulebook.recognitionCount).text),
            (WorkbookText.aboutTime.text, formatter.string(from: info.time)),
            (WorkbookText.aboutVersion.text, "qeval \(info.toolVersion)"),
            ("", ""),
            (WorkbookText.aboutMethod.text, WorkbookText.methodText.text),
            (
                WorkbookText.aboutEfficacy.text,
                WorkbookText.efficacyText(
                    base: Points.format(rulebook.efficacy.base), span: Points.format(rulebook.efficacy.span),
                    allEqual: allEqual
                ).text
            ),
            (WorkbookText.aboutTiers.text, tiers),
            (WorkbookText.aboutTiered.text, tieredNumbers.isEmpty ? none : WorkbookText.tieredText(tieredNumbers).text),
            (WorkbookText.aboutRanking.text, WorkbookText.rankingText(rulebook.rankDecimals).text),
            (WorkbookText.aboutMissing.text, WorkbookText.missingText.text),
            (WorkbookText.aboutReweighting.text, WorkbookText.reweightingText.text),
            (WorkbookText.aboutPrecision.text, WorkbookText.precisionText.text),
        ]
        var process = ProcessSheetMessage.note.text
        if scoreboard.points != rulebook.defaultPoints { process += ProcessSheetMessage.reweightedNote.text }
        if written.processTruncated {
            process += ProcessSheetMessage.truncated(written: written.processRows, total: written.processRowsTotal).text
        }
        rows.append((ProcessSheetMessage.aboutLabel.text, process))
        if let notice = StandardMessage.provisional(rulebook) {
            rows.insert((StandardMessage.provisionalLabel.text, notice.text), at: 1)
        }
        if !table.unknownColumns.isEmpty {
            rows.append((WorkbookText.aboutUnknownColumns.text, table.unknownColumns.joined(separator: "、")))
        }
        if let panel = verification?.panel {
            let summary = PanelMessage.summary(
                experts: panel.experts.count, applicants: panel.applicantCount, parts: panel.parts.count,
                flagged: panel.flagged.count
            ).text
            let files = panel.sources.map {
                PanelMessage.sourceLine(file: URL(fileURLWithPath: $0.file).lastPathComponent, sha: $0.sha256).text
            }
            rows.insert((PanelMessage.sheetName.text, ([summary] + files).joined(separator: "\n")), at: 4)
        }
        if let findings = verification?.findings, !findings.items.isEmpty {
            rows.insert(
                (
                    FindingsMessage.aboutFindings.text,
                    FindingsMessage.aboutFindingsLine(
                        file: URL(fileURLWithPath: findings.file).lastPathComponent, sha: findings.sha256,
                        findings: findings.items.count, changes: findings.changes, confirmations: findings.confirmations
                    ).text
                ), at: 4)
        }
        try sheet.setUpPrinting(
            headerRows: 1, title: WorkbookText.sheetTitle(rulebook: rulebook.name, sheet: Self.aboutSheet).text)
        try sheet.write(0, 0, WorkbookText.item.text, Style.header)
        try sheet.write(0, 1, WorkbookText.content.text, Style.header)
        for (i, (k, v)) in rows.enumerated() {
            if k.isEmpty { continue }
            sheet.fitRow(i + 1, [(v, 100)])
            try sheet.write(i + 1, 0, k, Style.label)
            try sheet.write(i + 1, 1, v, Style.wrapped)
        }
        sheet.setColumn(0, 0, width: 20)
        sheet.setColumn(1, 1, width: 100)
    }
}
