import Foundation
import QEvalInput
import QEvalRules
import QEvalSupport

/// One-row (or more) CSV forms, read as `rank` reads its input.
extension FormCollector {
    // MARK: CSV forms

    static func readCSV(_ form: FormFile, rulebook: Rulebook, options: ReadOptions, errors: inout Diagnostics)
        throws(InputError) -> [FormRow]
    {
        let file = form.name
        let decoded = try TextDecoder.decode(form.bytes, file: file, forced: options.encoding)
        let csv = try CSVReader.parse(decoded.utf8, file: file)
        guard csv.recordCount > 0 else { throw InputError(file: file, InputMessage.noRows) }
        return tableRows(csv, file: file, origin: nil, rulebook: rulebook, options: options, errors: &errors)
    }

    /// The rows of a table (a CSV, or a worksheet with `origin`), each figure placed at its line or cell.
    static func tableRows(
        _ csv: CSVTable, file: String, origin: SheetOrigin?, rulebook: Rulebook, options: ReadOptions,
        errors: inout Diagnostics
    ) -> [FormRow] {
        guard csv.recordCount > 0 else {
            errors.error(file: file, InputMessage.noRows)
            return []
        }
        func place(_ line: Int, _ column: Int?) -> Place {
            guard let origin else { return Place(file: file, line: line) }
            let (placed, at) = origin.place(file: file, line: line, column: column)
            return Place(file: placed, line: at)
        }
        let lookup = InputReader.headerLookup(rulebook)
        // A title row above the header (as a county's own sheet often has) is passed over.
        let headerRecord =
            !InputReader.looksLikeHeader(csv, 0, lookup, rulebook)
                && InputReader.looksLikeHeader(csv, 1, lookup, rulebook) ? 1 : 0
        var columnOfField: [Int: Int] = [:]
        for (c, name) in csv.record(headerRecord).enumerated() {
            if let f = InputReader.fieldsNamed(name, lookup).first, columnOfField[f] == nil { columnOfField[f] = c }
        }
        for (f, field) in rulebook.fields.enumerated() where columnOfField[f] == nil && !options.allowMissing.contains(field.key)
        {
            let at = place(csv.recordLines[headerRecord], nil)
            errors.error(file: at.file, line: at.line, column: field.key, columnLabel: field.label, FormsMessage.columnMissing)
        }
        var rows: [FormRow] = []
        for r in (headerRecord + 1)..<csv.recordCount {
            let record = csv.record(r)
            if record.allSatisfy({ InputReader.headerKey($0).isEmpty }) { continue }
            let line = csv.recordLines[r]
            var values = [String?](repeating: nil, count: rulebook.fields.count)
            var places: [Int: Place] = [:]
            for (f, c) in columnOfField {
                values[f] = c < record.count ? record[c] : ""
                places[f] = place(line, c)
                // A worksheet's formula without its result or a date: an error here, not an empty figure.
                if rulebook.fields[f].type != .text, c < record.count, let problem = csv.problem(record: r, field: c) {
                    let field = rulebook.fields[f]
                    errors.error(
                        file: places[f]!.file, line: places[f]!.line, column: field.key, columnLabel: field.label,
                        value: record[c], InputMessage.badCell(value: record[c], problem: problem, expected: field.expectation))
                }
            }
            let at = place(line, nil)
            rows.append(FormRow(file: at.file, line: at.line, values: values, places: places))
        }
        if rows.isEmpty { errors.error(file: file, FormsMessage.noDataRow) }
        return rows
    }
}
