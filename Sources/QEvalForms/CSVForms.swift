import Foundation
import QEvalInput
import QEvalRules
import QEvalSupport

/// One-row (or more) CSV forms, read as `rank` reads its input.
extension FormCollector {
    // MARK: CSV forms

    static func readCSV(_ file: String, rulebook: Rulebook, options: ReadOptions, errors: inout Diagnostics)
        throws(InputError) -> [FormRow]
    {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw InputError(file: file, InputMessage.cannotRead(FileProblem.of(path: file, error: error)))
        }
        let decoded = try TextDecoder.decode([UInt8](data), file: file, forced: options.encoding)
        let csv = try CSVReader.parse(decoded.utf8, file: file)
        guard csv.recordCount > 0 else { throw InputError(file: file, InputMessage.noRows) }
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
            errors.error(
                file: file, line: csv.recordLines[headerRecord], column: field.key, columnLabel: field.label,
                FormsMessage.columnMissing)
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
                places[f] = Place(file: file, line: line)
            }
            rows.append(FormRow(file: file, line: line, values: values, places: places))
        }
        if rows.isEmpty { errors.error(file: file, FormsMessage.noDataRow) }
        return rows
    }
}
