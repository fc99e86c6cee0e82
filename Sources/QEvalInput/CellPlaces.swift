import QEvalRules
import QEvalSupport

/// Where each figure of the table sits in what the reviewer has open, when that is not a CSV's line and
/// column: a worksheet's cell ("申报汇总.xlsx!Sheet1!E23") or a returned form's ("历城区.xlsx!填报表!E23").
/// Every stage that reports a problem about a figure (the Evaluation stage's "not reported", too) locates it
/// through here, so the console names the cell a person can click.
public enum CellPlaces: Sendable {
    /// A worksheet: each field's column in it (-1: none); the line of a row is its number on the sheet.
    case sheet(sheet: String, columnOfField: [Int])
    /// Returned forms: per applicant (in table order), the form ("历城区.xlsx!填报表") and each field's cell.
    case forms([FormPlaces])

    public struct FormPlaces: Sendable {
        public var file: String
        public var line: Int?
        public var fields: [Int: (file: String, line: Int?)]
        public init(file: String, line: Int?, fields: [Int: (file: String, line: Int?)]) {
            self.file = file
            self.line = line
            self.fields = fields
        }
    }
}

extension ApplicantTable {
    /// Moves a problem located by the table's line and column key to the cell it came from (see `CellPlaces`).
    public func place(_ d: inout Diagnostic, rulebook: Rulebook) {
        guard let places, d.file == file else { return }
        let field = d.column.flatMap { rulebook.fieldIndex[$0] }
        switch places {
        case .sheet(let sheet, let columnOfField):
            if let line = d.line, let field, columnOfField[field] >= 0 {
                d.file = "\(file)!\(sheet)!\(CellName.of(row: line - 1, column: columnOfField[field]))"
                d.line = nil
            } else {
                d.file = "\(file)!\(sheet)"
            }
        case .forms(let rows):
            guard let line = d.line, let row = self.line.firstIndex(of: line), row < rows.count else { return }
            if let field, let at = rows[row].fields[field] {
                (d.file, d.line) = at
                d.inForm = true
            } else {
                (d.file, d.line) = (rows[row].file, rows[row].line)
            }
        }
    }
}
