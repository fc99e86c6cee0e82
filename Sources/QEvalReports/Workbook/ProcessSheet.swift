import QEval

/// Texts of the 计分过程 sheet (the ranked workbook's and the feedback workbooks').
public enum ProcessSheetMessage: Message {
    case sheetName
    case county
    case city
    case indicator
    case part
    case rule
    case inputs
    case group
    case minimum
    case maximum
    case eligible
    case d
    case share
    case points
    case score
    case arithmetic
    case note
    case reweightedNote
    case truncated(written: Int, total: Int)
    case aboutLabel

    public var localized: Localized {
        switch self {
        case .sheetName: return Localized(zh: "计分过程", en: "Scoring steps")
        case .county: return Localized(zh: "县（市、区）", en: "County")
        case .city: return Localized(zh: "所属地级市", en: "City")
        case .indicator: return Localized(zh: "指标", en: "Indicator")
        case .part: return Localized(zh: "分项", en: "Part")
        case .rule: return Localized(zh: "规则", en: "Rule")
        case .inputs: return Localized(zh: "输入", en: "Inputs")
        case .group: return Localized(zh: "比较组", en: "Comparison group")
        case .minimum: return Localized(zh: "最小值", en: "Minimum")
        case .maximum: return Localized(zh: "最大值", en: "Maximum")
        case .eligible: return Localized(zh: "参评数", en: "Eligible")
        case .d: return Localized(zh: "d", en: "d")
        case .share: return Localized(zh: "得分率", en: "Score rate")
        case .points: return Localized(zh: "分值", en: "Points")
        case .score: return Localized(zh: "得分", en: "Score")
        case .arithmetic: return Localized(zh: "计算过程", en: "Arithmetic")
        case .note:
            return Localized(
                zh:
                    "每个县（市、区）每个指标的每个分项一行；同一县、同一指标各行“得分”之和等于“指标得分”表中的得分。分项合计超过指标分值时另有一行“封顶调整”（负数），使各行之和仍等于指标得分。功效系数的最小值、最大值取自比较组内具备资格且达到门槛的参评县。",
                en:
                    "One row per county, indicator and part; per county and indicator the rows' scores add up to the indicator's score. Where the parts add up to more than the indicator's points, a “cap adjustment” row (negative) keeps the sum equal to the indicator's score. Efficacy minima and maxima are taken over the eligible applicants of the comparison group that reach the threshold."
            )
        case .reweightedNote:
            return Localized(
                zh: "分值已调整：各分项的分值与得分按“调整后分值 ÷ 标准分值”折算，计算过程写明折算。本表按写出时的分值计算，在“权重”表中修改分值后本表不随之重算。",
                en:
                    "Points are adjusted: each part's points and score are scaled by adjusted ÷ standard points, as the arithmetic shows. This sheet is written under the points in force and does not recalculate when 权重 is edited."
            )
        case .truncated(let written, let total):
            return Localized(
                zh:
                    "计分过程共 \(total) 行，超过 Excel 每表 1,048,576 行的上限，只写出前 \(written) 行（按总排名顺序）；其余县（市、区）的计分过程请用 qeval explain 或 qeval feedback 查看。",
                en:
                    "The scoring steps have \(total) rows, beyond Excel's limit of 1,048,576 rows per sheet; only the first \(written) (in ranking order) are written. Use qeval explain or qeval feedback for the other applicants."
            )
        case .aboutLabel: return Localized(zh: "计分过程", en: "Scoring steps")
        }
    }

    public static var examples: [ProcessSheetMessage] {
        [
            .sheetName, .county, .city, .indicator, .part, .rule, .inputs, .group, .minimum, .maximum, .eligible, .d, .share,
            .points, .score, .arithmetic, .note, .reweightedNote, .truncated(written: 1_048_574, total: 8_600_000),
            .aboutLabel,
        ]
    }
}

/// Writes 计分过程 rows from the Explanation stage: one row per county × indicator × part (plus cap rows),
/// one row per reason for a disqualified county. Shared by the ranked workbook and the feedback workbooks.
struct ProcessSheet {
    /// Excel's rows per sheet.
    static let excelRowLimit = 1_048_576
    /// Rows above the data: the note, then the header.
    static let headerRows = 2
    static let columnCount = 15

    let explainer: Explainer
    /// Rows the sheet may use, header included: Excel's limit, smaller only in tests.
    var rowLimit = ProcessSheet.excelRowLimit

    var evaluation: Evaluation { explainer.evaluation }
    var rulebook: Rulebook { evaluation.rulebook }

    /// How many rows `rows` of the cohort make, without building their texts (the cap rows need the sums).
    func rowCount(_ rows: [Int]) -> Int {
        let statsIndex = explainer.statsIndex
        var count = 0
        for row in rows {
            guard evaluation.isRanked(row) else {
                count += evaluation.disqualifications[row].count
                continue
            }
            for indicator in rulebook.indicators {
                count += indicator.parts.count
                var sum = 0.0
                for part in indicator.parts { sum += Evaluator.partScore(part.rule, row, evaluation, statsIndex) }
                if min(indicator.points, max(0, sum)) != sum { count += 1 }
            }
        }
        return count
    }

    /// Writes the sheet for `rows` (in that order), at most up to Excel's row limit. Returns (written, total).
    @discardableResult
    func write(_ sheet: Worksheet, rows: [Int], title: String) throws(Failure) -> (written: Int, total: Int) {
        let total = rowCount(rows)
        let room = rowLimit - Self.headerRows
        let written = min(total, room)
        let last = Self.headerRows + max(0, written - 1)
        let m = ProcessSheetMessage.self
        sheet.setColumn(0, 0, width: 14)
        sheet.setColumn(1, 1, width: 9)
        sheet.setColumn(2, 2, width: 6)
        sheet.setColumn(3, 3, width: 24, Style.wrapped)
        sheet.setColumn(4, 4, width: 9)
        sheet.setColumn(5, 5, width: 36, Style.wrapped)
        sheet.setColumn(6, 6, width: 10)
        sheet.setColumn(7, 10, width: 9)
        sheet.setColumn(11, 13, width: 8)
        sheet.setColumn(14, 14, width: 70, Style.wrapped)
        sheet.freezePanes(row: Self.headerRows, column: 1)
        try sheet.autofilter(firstRow: Self.headerRows - 1, firstColumn: 0, lastRow: last, lastColumn: Self.columnCount - 1)
        try sheet.setUpPrinting(headerRows: Self.headerRows, title: title)
        var note = m.note.text
        if explainer.scoreboard.points != rulebook.defaultPoints { note += m.reweightedNote.text }
        if written < total { note += m.truncated(written: written, total: total).text }
        try sheet.write(0, 0, note, CellStyle(bold: true, border: false))
        let headers: [ProcessSheetMessage] = [
            .county, .city, .indicator, .part, .rule, .inputs, .group, .minimum, .maximum, .eligible, .d, .share, .points,
            .score, .arithmetic,
        ]
        sheet.setRowHeight(1, 30)
        for (c, h) in headers.enumerated() { try sheet.write(1, c, h.text, Style.header) }
        var r = Self.headerRows
        let end = Self.headerRows + written
        for row in rows {
            if r >= end { break }
            let county = explainer.explain(row: row)
            if county.indicators.isEmpty {
                for reason in county.disqualifications where r < end {
                    try writeLeft(sheet, r, county)
                    try sheet.write(r, 3, ExplanationMessage.gateLabel.text, Style.text)
                    try sheet.write(r, 4, ExplanationMessage.kindGate.text, Style.text)
                    try sheet.write(r, 13, "—", Style.centered)
                    let line = ExplanationMessage.disqualified(reason: reason.text).text
                    sheet.fitRow(r, [(line, 70)])
                    try sheet.write(r, 14, line, Style.disqualified)
                    r += 1
                }
                continue
            }
            for explanation in county.indicators {
                for part in explanation.rows where r < end {
                    try writeLeft(sheet, r, county)
                    try write(sheet, r, explanation, part)
                    r += 1
                }
            }
        }
        return (written, total)
    }

    func writeLeft(_ sheet: Worksheet, _ r: Int, _ county: CountyExplanation) throws(Failure) {
        try sheet.write(r, 0, county.county, Style.text)
        try sheet.write(r, 1, county.city, Style.text)
    }

    func write(_ sheet: Worksheet, _ r: Int, _ explanation: IndicatorExplanation, _ part: PartExplanation)
        throws(Failure)
    {
        let inputs = part.inputs.map(\.text).joined(separator: "\n")
        sheet.fitRow(r, [(part.label, 24), (inputs, 36), (part.line, 70)])
        try sheet.write(r, 2, Double(explanation.number), Style.integer)
        try sheet.write(r, 3, part.label, Style.wrapped)
        try sheet.write(r, 4, part.kind, Style.text)
        try sheet.write(r, 5, inputs, Style.wrapped)
        if part.terms.count == 1 {
            let t = part.terms[0]
            try sheet.write(r, 6, t.groupName, Style.centered)
            try number(sheet, r, 7, t.minimum, Style.number4)
            try number(sheet, r, 8, t.maximum, Style.number4)
            try sheet.write(r, 9, Double(t.eligible), Style.integer)
        } else if !part.terms.isEmpty {
            // Several figures: each one's group and statistics, in the order of the arithmetic.
            let list = { (values: [String]) in values.joined(separator: "；") }
            try sheet.write(r, 6, list(part.terms.map(\.groupName)), Style.text)
            try sheet.write(r, 7, list(part.terms.map { $0.minimum.map(Figures.number) ?? "—" }), Style.text)
            try sheet.write(r, 8, list(part.terms.map { $0.maximum.map(Figures.number) ?? "—" }), Style.text)
            try sheet.write(r, 9, list(part.terms.map { String($0.eligible) }), Style.text)
        } else {
            for c in 6...9 { try sheet.writeBlank(r, c, Style.text) }
        }
        try number(sheet, r, 10, part.d, Style.number2)
        try number(sheet, r, 11, part.share, Style.number4)
        try number(sheet, r, 12, part.points, Style.number2)
        try sheet.write(r, 13, part.score, Style.number4)
        try sheet.write(r, 14, part.line, Style.wrapped)
    }

    func number(_ sheet: Worksheet, _ r: Int, _ c: Int, _ value: Double?, _ style: CellStyle) throws(Failure) {
        if let value {
            try sheet.write(r, c, value, style)
        } else {
            try sheet.writeBlank(r, c, Style.text)
        }
    }
}
