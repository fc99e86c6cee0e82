import Crypto
import Foundation

/// The cohort as typed columns: one array per field of the rulebook, one entry per applicant.
///
/// Numeric, percent, count, bool (1/0) and level values are `Double`s in `values[field][row]`; whether a
/// cell was reported is in `present[field][row]` (an empty cell is "not reported", never a silent zero).
public struct ApplicantTable: Sendable {
    public var file: String
    public var encoding: TextEncoding
    /// SHA-256 of the file's bytes as read, for the workbook's 说明 sheet.
    public var sha256: String
    public var count: Int
    public var county: [String]
    /// The city as written.
    public var city: [String]
    public var tier: [Int]
    /// The line each applicant's row starts on.
    public var line: [Int]
    public var values: [[Double]]
    public var present: [[Bool]]
    /// Text fields (e.g. the administrative code), by field index; empty arrays for non-text fields.
    public var texts: [[String]]
    /// Whether the input had a column for the field.
    public var hasColumn: [Bool]
    /// Headers the rulebook does not know (reported as warnings).
    public var unknownColumns: [String]

    public func name(_ row: Int) -> String { "\(county[row])（\(city[row])）" }

    /// Builds an empty table with room for `count` rows (used by the generator and tests).
    init(file: String, encoding: TextEncoding, sha256: String, fieldCount: Int) {
        self.file = file
        self.encoding = encoding
        self.sha256 = sha256
        self.count = 0
        self.county = []
        self.city = []
        self.tier = []
        self.line = []
        self.values = Array(repeating: [], count: fieldCount)
        self.present = Array(repeating: [], count: fieldCount)
        self.texts = Array(repeating: [], count: fieldCount)
        self.hasColumn = Array(repeating: true, count: fieldCount)
        self.unknownColumns = []
    }

    /// Rows `order` of this table, in that order (for tests: shuffled cohorts must score the same).
    public func reordered(_ order: [Int]) -> ApplicantTable {
        var copy = self
        copy.county = order.map { county[$0] }
        copy.city = order.map { city[$0] }
        copy.tier = order.map { tier[$0] }
        copy.line = order.map { line[$0] }
        copy.values = values.map { column in column.isEmpty ? [] : order.map { column[$0] } }
        copy.present = present.map { column in column.isEmpty ? [] : order.map { column[$0] } }
        copy.texts = texts.map { column in column.isEmpty ? [] : order.map { column[$0] } }
        return copy
    }
}

/// Options for reading an input file.
public struct ReadOptions: Sendable {
    public var encoding: TextEncoding?
    public var errorCap: Int
    public init(encoding: TextEncoding? = nil, errorCap: Int = 100) {
        self.encoding = encoding
        self.errorCap = errorCap
    }
}

/// Input stage: CSV file → typed `ApplicantTable`, with every problem reported to `Diagnostics`.
public enum InputReader {
    /// Reads and checks a file. Throws `InputError` carrying every error found (up to the cap); warnings
    /// go to `diagnostics`.
    public static func read(
        path: String, rulebook: Rulebook, options: ReadOptions = ReadOptions(), diagnostics: inout Diagnostics
    ) throws(InputError) -> ApplicantTable {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InputError(file: path, "cannot read the file: \(error.localizedDescription)")
        }
        return try read(bytes: [UInt8](data), file: path, rulebook: rulebook, options: options, diagnostics: &diagnostics)
    }

    public static func read(
        bytes: [UInt8], file: String, rulebook: Rulebook, options: ReadOptions = ReadOptions(),
        diagnostics: inout Diagnostics
    ) throws(InputError) -> ApplicantTable {
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let decoded = try TextDecoder.decode(bytes, file: file, forced: options.encoding)
        let csv = try CSVReader.parse(decoded.utf8, file: file)
        return try build(
            csv: csv, file: file, encoding: decoded.encoding, sha256: digest, rulebook: rulebook, options: options,
            diagnostics: &diagnostics)
    }

    /// Header text → field index: keys and Chinese labels, with spaces (also full-width) ignored.
    static func headerLookup(_ rulebook: Rulebook) -> [String: Int] {
        var lookup: [String: Int] = [:]
        for (i, field) in rulebook.fields.enumerated() {
            lookup[headerKey(field.key)] = i
            lookup[headerKey(field.label)] = i
        }
        return lookup
    }

    static func headerKey(_ text: String) -> String {
        CellParser.normalise(text).filter { !$0.isWhitespace }.lowercased()
    }

    static func build(
        csv: CSVTable, file: String, encoding: TextEncoding, sha256: String, rulebook: Rulebook, options: ReadOptions,
        diagnostics: inout Diagnostics
    ) throws(InputError) -> ApplicantTable {
        var errors = Diagnostics(errorCap: options.errorCap)
        guard csv.recordCount > 0 else {
            throw InputError(file: file, "the file has no rows: expected a header row and one row per applicant")
        }
        let headerLine = csv.recordLines[0]
        let header = csv.record(0)
        let lookup = headerLookup(rulebook)
        var columnOf = [Int](repeating: -1, count: rulebook.fields.count)
        var unknown: [String] = []
        for (c, name) in header.enumerated() {
            let key = headerKey(name)
            if key.isEmpty {
                errors.error(file: file, line: headerLine, "header column \(c + 1) is empty: every column needs a name")
                continue
            }
            guard let f = lookup[key] else {
                unknown.append(name)
                diagnostics.warning(
                    file: file, line: headerLine, column: name,
                    "unknown column (not a key or label of the rulebook's fields); it is ignored")
                continue
            }
            if columnOf[f] >= 0 {
                errors.error(
                    file: file, line: headerLine, column: rulebook.fields[f].key, columnLabel: rulebook.fields[f].label,
                    "the column appears twice (header columns \(columnOf[f] + 1) and \(c + 1))")
                continue
            }
            columnOf[f] = c
        }
        for (f, field) in rulebook.fields.enumerated() where columnOf[f] < 0 {
            if field.required {
                errors.error(
                    file: file, line: headerLine, column: field.key, columnLabel: field.label,
                    "required column is missing from the header")
            } else if field.role != .id {
                diagnostics.warning(
                    file: file, line: headerLine, column: field.key, columnLabel: field.label,
                    "column is missing: every applicant is treated as not reporting it (scores 0)")
            }
        }
        if errors.hasErrors { throw InputError(errors) }
        let rows = csv.recordCount - 1
        guard rows > 0 else {
            throw InputError(file: file, line: headerLine, "the header has no rows below it: expected one row per applicant")
        }

        let countyField = rulebook.fieldIndex["county"]!
        let cityField = rulebook.fieldIndex["city"]!
        var table = ApplicantTable(file: file, encoding: encoding, sha256: sha256, fieldCount: rulebook.fields.count)
        table.unknownColumns = unknown
        table.hasColumn = columnOf.map { $0 >= 0 }
        table.count = rows
        table.county.reserveCapacity(rows)
        table.city.reserveCapacity(rows)
        table.tier.reserveCapacity(rows)
        table.line.reserveCapacity(rows)
        for (f, field) in rulebook.fields.enumerated() {
            if field.type == .text {
                table.texts[f] = Array(repeating: "", count: rows)
            } else {
                table.values[f] = Array(repeating: 0, count: rows)
            }
            table.present[f] = Array(repeating: false, count: rows)
        }
        let width = header.count
        var seen: [String: Int] = [:]
        var missingGate = false

        for r in 0..<rows {
            let record = r + 1
            let line = csv.recordLines[record]
            table.line.append(line)
            let fieldCount = csv.fieldCount(ofRecord: record)
            if fieldCount != width {
                errors.error(
                    file: file, line: line,
                    "the row has \(fieldCount) field\(fieldCount == 1 ? "" : "s") but the header has \(width); check for a missing or extra comma, or an unquoted comma inside a value"
                )
                table.county.append("")
                table.city.append("")
                table.tier.append(0)
                continue
            }
            let countyText = CellParser.normalise(csv.string(record: record, field: columnOf[countyField]))
            let cityText = CellParser.normalise(csv.string(record: record, field: columnOf[cityField]))
            table.county.append(countyText)
            table.city.append(cityText)
            let who = countyText.isEmpty ? nil : "\(countyText)（\(cityText)）"
            if countyText.isEmpty {
                errors.error(
                    file: file, line: line, column: "county", columnLabel: rulebook.fields[countyField].label, value: "",
                    "the county name is empty: every row must name its county (县、市、区)")
            }
            if cityText.contains("\0") || countyText.contains("\0") {
                errors.error(file: file, line: line, column: "county", "the county or city contains a NUL byte")
            }
            if cityText.isEmpty {
                errors.error(
                    file: file, line: line, column: "city", columnLabel: rulebook.fields[cityField].label, value: "",
                    applicant: who, "the city is empty: expected one of \(allCities(rulebook))")
                table.tier.append(0)
            } else if let tier = rulebook.tier(ofCity: cityText) {
                table.tier.append(tier)
            } else {
                errors.error(
                    file: file, line: line, column: "city", columnLabel: rulebook.fields[cityField].label,
                    value: cityText, applicant: who, "unknown city: expected one of \(allCities(rulebook)) (the 市 suffix is optional)")
                table.tier.append(0)
            }
            if !countyText.isEmpty && !cityText.isEmpty {
                let key = countyText + "\u{1F}" + Tier.normalise(cityText)
                if let first = seen[key] {
                    errors.error(
                        file: file, line: line, column: "county", columnLabel: rulebook.fields[countyField].label,
                        value: countyText, applicant: who,
                        "the same county and city appear twice (first on line \(table.line[first])); each applicant has one row")
                } else {
                    seen[key] = r
                }
            }

            for (f, field) in rulebook.fields.enumerated() {
                let c = columnOf[f]
                guard c >= 0, f != countyField, f != cityField else { continue }
                let bytes = csv.bytes(record: record, field: c)
                if field.type == .text {
                    let text = String(decoding: bytes, as: UTF8.self)
                    if text.contains("\0") {
                        errors.error(
                            file: file, line: line, column: field.key, columnLabel: field.label, value: text,
                            applicant: who, "the cell contains a NUL byte")
                    }
                    table.texts[f][r] = text
                    table.present[f][r] = !text.isEmpty
                    continue
                }
                switch CellParser.parse(bytes, as: field) {
                case .empty:
                    if field.required {
                        missingGate = true
                        errors.error(
                            file: file, line: line, column: field.key, columnLabel: field.label, value: "",
                            applicant: who, "the cell is empty but this gate figure is required: expected \(field.expectation)")
                    }
                case .value(let v):
                    table.values[f][r] = v
                    table.present[f][r] = true
                case .invalid(let reason):
                    let text = String(decoding: bytes, as: UTF8.self)
                    errors.error(
                        file: file, line: line, column: field.key, columnLabel: field.label, value: text, applicant: who,
                        (reason.map { $0 + "; " } ?? "") + "expected \(field.expectation)")
                }
            }
        }
        _ = missingGate
        if errors.hasErrors { throw InputError(errors) }
        return table
    }

    static func allCities(_ rulebook: Rulebook) -> String {
        rulebook.tiers.flatMap(\.cities).joined(separator: "、")
    }
}
