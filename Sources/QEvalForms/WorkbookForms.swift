import Foundation
import QEvalInput
import QEvalRules
import QEvalSupport

/// Forms returned as .xlsx: each filled cell of 填报值, located as file!sheet!cell.
extension FormCollector {
    // MARK: Workbooks

    /// Reads a form workbook; nil (with errors reported) when its layout is not a form's.
    static func readWorkbook(_ file: String, rulebook: Rulebook, options: ReadOptions, errors: inout Diagnostics)
        throws(InputError) -> FormRow?
    {
        var book = try XLSXPackage(path: file, limits: .form)
        return try readWorkbook(&book, rulebook: rulebook, options: options, errors: &errors)
    }

    /// The form sheet's name in either language.
    static var formSheetNames: [String] { Language.allCases.map { FormsMessage.sheetName.text($0) } }

    /// Whether an opened workbook is a county form (it has the form's sheet), not a cohort.
    public static func isForm(_ book: inout XLSXPackage) throws(InputError) -> Bool {
        try book.sheet(named: formSheetNames) != nil
    }

    static func readWorkbook(_ book: inout XLSXPackage, rulebook: Rulebook, options: ReadOptions, errors: inout Diagnostics)
        throws(InputError) -> FormRow?
    {
        let file = book.file
        guard let (sheetName, sheetPath) = try book.sheet(named: formSheetNames) else {
            throw InputError(file: file, FormsMessage.sheetMissing(formSheetNames[0]))
        }
        let (cells, problems) = try book.cells(sheetPath, sheetName: sheetName)
        // Every problem found on the form names its field as the form's 项, not a column.
        let before = errors.items.count
        defer { errors.relocate(from: before) { $0.inForm = true } }

        // The header row: the one naming both the value and the key columns (in either language).
        let valueHeaders: Set<String> = Set(Language.allCases.map { FormsMessage.headerValue.localized.text($0) })
        // Forms sent out before the column was headed 字段代码 said 字段 (Key): those come back too.
        let keyHeaders: Set<String> = Set(
            Language.allCases.map { FormsMessage.headerKey.localized.text($0) } + ["字段", "Key"])
        var header: (row: Int, value: Int, key: Int)? = nil
        for row in cells.keys.sorted() {
            let line = cells[row]!
            let value = line.first { valueHeaders.contains($0.value.trimmingCharacters(in: CharacterSet.whitespaces)) }?.key
            let key = line.first { keyHeaders.contains($0.value.trimmingCharacters(in: CharacterSet.whitespaces)) }?.key
            if let value, let key {
                header = (row, value, key)
                break
            }
        }
        let display = file + "!" + sheetName
        guard let header else {
            errors.error(file: display, FormsMessage.columnsMissing)
            return nil
        }
        func place(_ row: Int, _ column: Int) -> String {
            file + "!" + sheetName + "!" + CellName.of(row: row, column: column)
        }
        var values = [String?](repeating: nil, count: rulebook.fields.count)
        var places: [Int: Place] = [:]
        for row in cells.keys.sorted() where row > header.row {
            let key = (cells[row]![header.key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !key.isEmpty else { continue }
            guard let f = rulebook.fieldIndex[key] else {
                errors.error(file: place(row, header.key), value: key, FormsMessage.unknownKey(key))
                continue
            }
            let field = rulebook.fields[f]
            if let earlier = places[f] {
                errors.error(
                    file: place(row, header.value), column: field.key, columnLabel: field.label,
                    FormsMessage.duplicateRow(otherCell: earlier.file))
                continue
            }
            values[f] = cells[row]![header.value] ?? ""
            places[f] = Place(file: place(row, header.value), line: nil)
            if field.type != .text, let problem = problems[row]?[header.value] {
                errors.error(
                    file: place(row, header.value), column: field.key, columnLabel: field.label, value: values[f] ?? "",
                    InputMessage.badCell(value: values[f] ?? "", problem: problem, expected: field.expectation))
            }
        }
        for (f, field) in rulebook.fields.enumerated() where places[f] == nil && !options.allowMissing.contains(field.key) {
            errors.error(file: display, column: field.key, columnLabel: field.label, FormsMessage.rowMissing)
        }
        if values.allSatisfy({ ($0 ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) {
            errors.error(file: display, FormsMessage.emptyForm)
            return nil
        }
        return FormRow(file: display, line: nil, values: values, places: places)
    }
}
