import Foundation
import QEval

/// `qeval findings template`: an empty findings file. As .xlsx, the 填报项 column is a dropdown of the
/// form's items (their Chinese labels, from a sheet of them: the list is longer than Excel allows inline),
/// 核定值 and 核查理由 carry input hints, and the header row is frozen; as .csv, the header alone.
public struct FindingsTemplate {
    public let rulebook: Rulebook

    public init(rulebook: Rulebook) { self.rulebook = rulebook }

    /// The items a finding may name: every field but the applicant's identity.
    public var items: [FieldSpec] { rulebook.fields.filter { $0.role != .id } }

    public var header: [String] { FindingsFile.Column.allCases.map(\.header) }

    /// Rows of the sheet that offer the dropdown (more than a province's review needs at once).
    static let rows = 1000

    public func csv() -> CSVOutput {
        var out = CSVOutput()
        out.header(header)
        return out
    }

    public func write(to path: String) throws(Failure) {
        if path.lowercased().hasSuffix(".csv") {
            try csv().write(to: path)
            return
        }
        let workbook = try XLSXWorkbook(path: path, constantMemory: false)
        let sheetName = FindingsMessage.sheetName.text
        workbook.setProperties(
            title: sheetName, subject: rulebook.name, comments: FindingsMessage.templateInstructions.text)
        let sheet = try workbook.addWorksheet(sheetName)
        let list = try workbook.addWorksheet(FindingsMessage.columnField.text)
        for (c, h) in header.enumerated() { try sheet.write(0, c, h, Style.header) }
        let widths: [Double] = [14, 11, 30, 12, 36, 24, 10, 12]
        for (c, w) in widths.enumerated() { sheet.setColumn(c, c, width: w) }
        sheet.freezePanes(row: 1, column: 0)
        for (i, field) in items.enumerated() { try list.write(i, 0, field.label, Style.text) }
        list.setColumn(0, 0, width: 40)
        let range = "=\(Worksheet.reference(list.name))$A$1:$A$\(items.count)"
        let columns = FindingsFile.Column.allCases
        let instructions = FindingsMessage.templateInstructions.text
        try sheet.allow(
            .listFrom(range), row: 1, column: columns.firstIndex(of: .field)!, title: FindingsMessage.columnField.text,
            message: instructions, throughRow: Self.rows)
        try sheet.comment(0, columns.firstIndex(of: .value)!, instructions)
        try sheet.setUpPrinting(headerRows: 1, title: rulebook.name + " — " + sheetName)
        sheet.activate()
        try workbook.close()
    }
}
