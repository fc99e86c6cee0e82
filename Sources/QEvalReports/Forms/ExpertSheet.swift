import Foundation
import QEval

/// `qeval panel sheet`: one expert's scoring workbook (专家评分表). One sheet, one row per ranked applicant ×
/// judged item, the rows of an applicant together: an expert reads one county's materials at a time and scores
/// its items in one go, so grouping by applicant is faster than a sheet per item (which would send the expert
/// back through every county's file once per item). The level is a dropdown of the standard's levels with their
/// wording ("2 明确可推广"); the declared level is beside it unless blind; a remark column; everything else
/// locked (no password, as the county form); A4 landscape, the header on every page. `PanelFile` reads it back:
/// its header is the panel scores' long form, so a returned workbook and a CSV are read the same way.
public struct ExpertSheet {
    public let cohort: RankedCohort
    public let expert: String
    public let blind: Bool

    public init(cohort: RankedCohort, expert: String, blind: Bool) {
        self.cohort = cohort
        self.expert = expert
        self.blind = blind
    }

    /// The applicants an expert scores: those that pass the gates, in the cohort's own order (not by rank, so
    /// the sheet does not suggest a ranking).
    public var applicants: [Int] { (0..<cohort.evaluation.count).filter { cohort.evaluation.isRanked($0) } }

    /// The columns, in order; the declared level only when the sheet is not blind.
    var columns: [PanelFile.Column] {
        [.expert, .county, .city, .indicator, .field] + (blind ? [] : [.declared]) + [.level, .meanings, .remark, .key]
    }

    @discardableResult
    public func write(to path: String) throws(Failure) -> Int {
        let rulebook = cohort.rulebook
        let table = cohort.evaluation.table
        let judged = rulebook.judgedFields
        if judged.isEmpty { throw Failure(PanelMessage.noJudgedFields) }
        let workbook = try XLSXWorkbook(path: path, constantMemory: false)
        let title = PanelMessage.scoringTitle(expert: expert, standard: rulebook.name).text
        let instructions = PanelMessage.scoringInstructions(blind: blind).text
        workbook.setProperties(title: title, subject: rulebook.name, comments: instructions)
        let sheet = try workbook.addWorksheet(PanelMessage.scoringSheetName.text)
        let notes = try workbook.addWorksheet(PanelMessage.instructionsSheetName.text)

        let header = CellStyle(bold: true, background: 0xD9E1F2, wrap: true, center: true)
        let shades: [UInt32?] = [nil, 0xF2F2F2]
        let columns = self.columns
        func index(_ c: PanelFile.Column) -> Int { columns.firstIndex(of: c)! }
        let widths: [PanelFile.Column: Double] = [
            .expert: 8, .county: 12, .city: 8, .indicator: 16, .field: 24, .declared: 16, .level: 22, .meanings: 34,
            .remark: 24, .key: 9,
        ]
        for (c, column) in columns.enumerated() {
            sheet.setColumn(c, c, width: widths[column] ?? 10)
            try sheet.write(0, c, column.header, header)
        }
        sheet.setRowHeight(0, 30)
        var r = 1
        for (n, row) in applicants.enumerated() {
            let shade = shades[n % 2]
            let text = CellStyle(background: shade, wrap: true)
            let centred = CellStyle(background: shade, wrap: true, center: true)
            let grey = CellStyle(background: shade, fontColor: 0x808080, wrap: true, fontSize: 8)
            let open = CellStyle(background: 0xFFF2CC, wrap: true, locked: false)
            for f in judged {
                let spec = rulebook.fields[f]
                let choices = PanelFile.levelChoices(spec).map { $0.replacingOccurrences(of: ",", with: "，") }
                let indicator =
                    spec.indicator.flatMap { number in
                        rulebook.indicators.first { $0.number == number }.map { "\(number) \($0.shortName)" }
                    } ?? ""
                let meanings = choices.joined(separator: "\n")
                sheet.fitRow(r, [(spec.label, widths[.field]! * 0.8), (meanings, widths[.meanings]! * 0.8)])
                try sheet.write(r, index(.expert), expert, text)
                try sheet.write(r, index(.county), table.county[row], text)
                try sheet.write(r, index(.city), table.city[row], text)
                try sheet.write(r, index(.indicator), indicator, text)
                try sheet.write(r, index(.field), spec.label, text)
                if !blind {
                    let declared = table.hasColumn[f] && table.present[f][row] ? Int(table.values[f][row]) : nil
                    let shown = declared.map { level in level < choices.count ? choices[level] : "\(level)" }
                    try sheet.write(r, index(.declared), shown ?? FindingsMessage.notFilled.text, centred)
                }
                try sheet.writeBlank(r, index(.level), open)
                try sheet.write(r, index(.meanings), meanings, text)
                try sheet.writeBlank(r, index(.remark), open)
                try sheet.write(r, index(.key), spec.key, grey)
                try sheet.allow(
                    .list(choices), row: r, column: index(.level), title: PanelMessage.columnLevel.text,
                    message: PanelMessage.levelInput(label: spec.label).text + "：" + choices.joined(separator: "；"))
                r += 1
            }
        }
        let lastRow = r - 1
        if lastRow >= 1 {
            let first = Worksheet.cellName(row: 1, column: index(.level), absoluteColumn: true)
            try sheet.highlight(
                firstRow: 1, firstColumn: index(.level), lastRow: lastRow, lastColumn: index(.level),
                where: "LEN(TRIM(\(first)))=0", style: CellStyle(background: 0xFFD966, locked: false))
        }
        sheet.freezePanes(row: 1, column: 0)
        sheet.protectWithoutPassword()
        try sheet.setUpPrinting(headerRows: 1, title: title + (blind ? PanelMessage.blindNote.text : ""))
        sheet.activate()

        notes.setColumn(0, 0, width: 100)
        try notes.write(0, 0, title, CellStyle(bold: true, border: false, fontSize: 14))
        try notes.write(1, 0, instructions, CellStyle(border: false, wrap: true))
        notes.setRowHeight(1, 90)
        try notes.write(2, 0, PanelMessage.combinationNote.text, CellStyle(border: false, wrap: true))
        notes.setRowHeight(2, 60)
        try notes.setUpPrinting(headerRows: 0, title: title, portrait: true)
        try workbook.close()
        return lastRow
    }
}
