import Foundation
import QEvalInput
import QEvalRules
import QEvalSupport

/// Reads a findings file — CSV (UTF-8 or GB18030) or an .xlsx workbook's first sheet, one finding per row —
/// and checks every finding against the declared cohort and the rulebook. Every problem is an input error
/// located by file, line (or cell) and column, all reported at once; nothing is applied when there is one.
public enum FindingsFile {
    /// The file's columns: the key the CLI's template writes and the Chinese header accepted for it.
    public enum Column: String, CaseIterable, Sendable {
        case county, city, field, value, reason, evidence, reviewer, date

        public var message: FindingsMessage {
            switch self {
            case .county: return .columnCounty
            case .city: return .columnCity
            case .field: return .columnField
            case .value: return .columnValue
            case .reason: return .columnReason
            case .evidence: return .columnEvidence
            case .reviewer: return .columnReviewer
            case .date: return .columnDate
            }
        }

        /// The header in the run's language (the template's), e.g. 核定值.
        public var header: String { message.text }
        /// Evidence, reviewer and date may be left out of the file.
        public var required: Bool { ![.evidence, .reviewer, .date].contains(self) }

        /// Whether a header names this column: its key or its Chinese header (spaces and widths ignored).
        static func named(_ text: String) -> Column? {
            let key = InputReader.headerKey(text)
            return allCases.first { column in
                [column.rawValue, column.message.localized.zh].contains { InputReader.headerKey($0) == key }
            }
        }
    }

    public static func read(path: String, table: ApplicantTable, rulebook: Rulebook) throws(InputError) -> Findings {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InputError(file: path, InputMessage.cannotRead(FileProblem.of(path: path, error: error)))
        }
        return try read(bytes: [UInt8](data), file: path, table: table, rulebook: rulebook)
    }

    public static func read(bytes: [UInt8], file: String, table: ApplicantTable, rulebook: Rulebook)
        throws(InputError) -> Findings
    {
        // The rows as a table, whatever the format: a CSV's lines, or a sheet's rows located as cells.
        let records = try RecordTable(bytes: bytes, file: file, rulebook: rulebook, rowLimit: FindingsLimits.rows)
        let csv = records.csv
        func place(_ line: Int?, _ column: Int?) -> (file: String, line: Int?) { records.place(line, column) }
        guard csv.recordCount > 0 else { throw InputError(file: file, FindingsMessage.noRows) }
        if csv.recordCount - 1 > FindingsLimits.rows {
            throw InputError(file: file, InputMessage.tooManyRows(found: csv.recordCount - 1, limit: FindingsLimits.rows))
        }

        // The header: every column known, the required ones present.
        let allowed = Column.allCases.map { "“\($0.message.localized.zh)”（\($0.rawValue)）" }.joined(separator: "、")
        let columnOf = try records.columns(
            named: Column.named, required: Column.allCases.filter(\.required),
            unknown: { FindingsMessage.unknownColumn(name: $0, allowed: allowed) },
            missing: { FindingsMessage.missingColumn($0.message.localized.zh) })
        var errors = Diagnostics()
        let applicants = ApplicantLookup(table)
        let lookup = InputReader.headerLookup(rulebook)
        var items: [Finding] = []
        var firstPlace: [Findings.Cell: (line: Int?, cell: String?)] = [:]
        for r in 1..<csv.recordCount {
            let record = csv.record(r)
            let line = csv.recordLines[r]
            func cell(_ column: Column) -> String {
                guard let c = columnOf[column], c < record.count else { return "" }
                return record[c].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            // A wholly blank row (Excel's formatted but empty rows) is no finding.
            if record.allSatisfy({ $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) { continue }
            func error(_ column: Column?, value: String? = nil, _ message: FindingsMessage) {
                let at = place(line, column.flatMap { columnOf[$0] })
                errors.error(
                    file: at.file, line: at.line, column: column?.rawValue, columnLabel: column?.message.localized.zh,
                    value: value, message)
            }
            let found = applicants.find(county: cell(.county), city: cell(.city))
            let row: Int?
            switch found.found {
            case .row(let r): row = r
            case .otherCity(let cities):
                row = nil
                error(
                    .city, value: found.city,
                    .applicantInOtherCity(county: found.county, city: found.city, cities: Wording.list(cities, .current)))
            case .unknown:
                row = nil
                error(.county, value: found.county, .unknownApplicant(county: found.county, city: found.city))
            }
            let fieldName = cell(.field)
            let matches = InputReader.fieldsNamed(fieldName, lookup)
            var field: Int? = matches.count == 1 ? matches[0] : nil
            if field == nil {
                error(
                    .field, value: fieldName,
                    .unknownField(
                        name: Diagnostic.printable(fieldName),
                        suggestion: fieldName.isEmpty ? nil : InputReader.nearestName(fieldName, rulebook)))
            } else if rulebook.fields[field!].role == .id {
                error(.field, value: fieldName, .identityField(label: rulebook.fields[field!].label))
                field = nil
            }
            let reason = cell(.reason)
            if reason.isEmpty { error(.reason, value: "", .noReason) }
            for column in [Column.reason, .evidence, .reviewer, .date] where cell(column).count > Excerpt.limit {
                error(column, value: cell(column), .textTooLong(length: cell(column).count, limit: Excerpt.limit))
            }
            guard let f = field else { continue }
            let spec = rulebook.fields[f]
            let raw = cell(.value)
            var number: Double? = nil
            if spec.type == .text {
                if raw.count > Excerpt.limit { error(.value, value: raw, .textTooLong(length: raw.count, limit: Excerpt.limit)) }
            } else {
                let problem = columnOf[.value].flatMap { csv.problem(record: r, field: $0) }
                switch problem.map({ FieldCell.Outcome.invalid(problem: $0) }) ?? FieldCell.parse(Array(raw.utf8)[...], as: spec)
                {
                case .empty:
                    if spec.required { error(.value, value: "", .blankGate(label: spec.label)) }
                case .value(let v): number = v
                case .invalid(let problem):
                    error(.value, value: raw, .badValue(value: raw, problem: problem, expected: spec.expectation))
                }
            }
            guard let row else { continue }
            let here = Findings.Cell(row: row, field: f)
            let at = place(line, nil)
            if let first = firstPlace[here] {
                error(.field, value: fieldName, .duplicate(firstLine: first.line, firstCell: first.cell))
                continue
            }
            // A CSV's line, or the workbook row's first cell.
            firstPlace[here] = at.file == file ? (line, nil) : (nil, place(line, 0).file)
            let declared = table.displayValue(f, of: spec, row: row)
            let verified: String? =
                raw.isEmpty ? nil : spec.type == .text ? raw : Findings.display(number, spec) ?? raw
            let same: Bool
            if spec.type == .text || number == nil {
                same = declared == verified
            } else {
                same = table.hasColumn[f] && table.present[f][row] && table.values[f][row] == number
            }
            items.append(
                Finding(
                    row: row, field: f, county: table.county[row], city: table.city[row], key: spec.key,
                    label: spec.label, unit: spec.unit, declared: declared, verified: verified, verifiedNumber: number,
                    reason: reason, evidence: cell(.evidence), reviewer: cell(.reviewer), date: cell(.date),
                    file: at.file, line: at.line, isConfirmation: same))
        }
        if errors.hasErrors {
            errors.sortByLine()
            throw InputError(errors)
        }
        if items.isEmpty { throw InputError(file: file, FindingsMessage.noRows) }
        return Findings(file: file, sha256: InputReader.sha256(bytes), items: items)
    }
}

extension Findings {
    /// A verified figure as the reviewer reads it (the same rendering as a declared one).
    static func display(_ number: Double?, _ field: FieldSpec) -> String? {
        guard let number else { return nil }
        switch field.type {
        case .text: return nil
        case .bool: return (number == 1 ? WorkbookText.yes : WorkbookText.no).text
        default: return Points.format(number)
        }
    }
}

enum FindingsLimits {
    /// Findings in one file: more than a review of a whole province (136 units × 129 items is 17,544).
    static let rows = 20_000
}
