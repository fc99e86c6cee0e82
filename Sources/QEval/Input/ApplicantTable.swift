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

    /// A header as a lookup key: full-width forms folded, every space (ASCII, full-width, tab, line break)
    /// and stray byte-order mark dropped, letters lower-cased.
    static func headerKey(_ text: String) -> String {
        CellParser.normalise(text).filter { !$0.isWhitespace }.lowercased()
    }

    /// A county or city name as written, without the spaces around it (ASCII and full-width).
    static func trimmedName(_ text: String) -> String {
        text.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{3000}\u{FEFF}")))
    }

    static func build(
        csv: CSVTable, file: String, encoding: TextEncoding, sha256: String, rulebook: Rulebook, options: ReadOptions,
        diagnostics: inout Diagnostics
    ) throws(InputError) -> ApplicantTable {
        var errors = Diagnostics(errorCap: options.errorCap)
        guard let countyField = rulebook.fieldIndex["county"], let cityField = rulebook.fieldIndex["city"] else {
            throw InputError(file: rulebook.source, "the rulebook has no county or city field; the input cannot be read")
        }
        guard csv.recordCount > 0 else {
            throw InputError(
                file: file, "the file has no rows (only blank lines): expected a header row and one row per applicant")
        }
        let headerLine = csv.recordLines[0]
        let header = csv.record(0)
        let lookup = headerLookup(rulebook)
        var columnOf = [Int](repeating: -1, count: rulebook.fields.count)
        var unknown: [String] = []
        // Header columns without a name, and the first record holding a value in each: one pass over the
        // cells (never columns × rows, which a short-rowed file with a wide header would make huge).
        let unnamed = header.indices.filter { headerKey(header[$0]).isEmpty && !header[$0].utf8.contains(0) }
        var firstValueIn: [Int: Int] = [:]
        if !unnamed.isEmpty {
            for r in 1..<max(1, csv.recordCount) {
                let n = csv.fieldCount(ofRecord: r)
                for c in unnamed {
                    if c >= n { break }
                    if firstValueIn[c] == nil && !headerKey(csv.string(record: r, field: c)).isEmpty { firstValueIn[c] = r }
                }
                if firstValueIn.count == unnamed.count { break }
            }
        }
        for (c, name) in header.enumerated() {
            if name.utf8.contains(0) {
                errors.error(
                    file: file, line: headerLine, value: name, "header column \(c + 1) contains a NUL byte")
                continue
            }
            let key = headerKey(name)
            if key.isEmpty {
                // Excel writes trailing empty columns when a sheet has formatting beyond the data: an unnamed
                // column with nothing in it is ignored; one with values is an error (whose values are they?).
                if let first = firstValueIn[c] {
                    errors.error(
                        file: file, line: headerLine,
                        "header column \(c + 1) has no name but holds values (first on line \(csv.recordLines[first])): every column needs a name (a key or Chinese label of the form)"
                    )
                } else {
                    diagnostics.warning(
                        file: file, line: headerLine, "header column \(c + 1) has no name and no values; it is ignored")
                }
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
                    value: name, "the column appears twice (header columns \(columnOf[f] + 1) and \(c + 1)); keep one")
                continue
            }
            columnOf[f] = c
        }
        for (f, field) in rulebook.fields.enumerated() where columnOf[f] < 0 {
            if field.required {
                errors.error(
                    file: file, line: headerLine, column: field.key, columnLabel: field.label,
                    "required column is missing from the header (name it \(field.key) or \(field.label))")
            } else if field.role != .id {
                diagnostics.warning(
                    file: file, line: headerLine, column: field.key, columnLabel: field.label,
                    "column is missing: every applicant is treated as not reporting it (scores 0)")
            }
        }

        // Rows made only of empty cells (",,,," as Excel writes below the data) are not applicants.
        var recordsToRead: [Int] = []
        recordsToRead.reserveCapacity(csv.recordCount)
        for record in 1..<max(1, csv.recordCount) {
            let n = csv.fieldCount(ofRecord: record)
            let blank = (0..<n).allSatisfy { csv.bytes(record: record, field: $0).allSatisfy { $0 == 0x20 || $0 == 0x09 } }
            if blank {
                diagnostics.warning(
                    file: file, line: csv.recordLines[record], "the row has only empty cells; it is skipped")
            } else {
                recordsToRead.append(record)
            }
        }
        let rows = recordsToRead.count
        if rows == 0 {
            errors.error(
                file: file, line: headerLine,
                "the header has no rows below it: expected one row per applicant")
        }
        if rows == 0 || errors.errorCount >= errors.errorCap { throw InputError(errors) }

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
        let countyLabel = rulebook.fields[countyField].label
        let cityLabel = rulebook.fields[cityField].label

        for (r, record) in recordsToRead.enumerated() {
            let line = csv.recordLines[record]
            table.line.append(line)
            let fieldCount = csv.fieldCount(ofRecord: record)
            if fieldCount != width {
                let countyColumn = columnOf[countyField]
                let named =
                    countyColumn >= 0 && countyColumn < fieldCount
                    ? trimmedName(csv.string(record: record, field: countyColumn)) : ""
                let hint =
                    fieldCount < width
                    ? "too few fields: a comma is missing or the row was cut short"
                    : "too many fields: an extra comma, or a comma inside a value that is not in double quotes"
                errors.error(
                    file: file, line: line, applicant: named.isEmpty || named.utf8.contains(0) ? nil : named,
                    "the row has \(fieldCount) field\(fieldCount == 1 ? "" : "s") but the header has \(width) (\(hint))"
                )
                table.county.append("")
                table.city.append("")
                table.tier.append(0)
                continue
            }
            let countyBytes = columnOf[countyField] >= 0 ? csv.bytes(record: record, field: columnOf[countyField]) : []
            let cityBytes = columnOf[cityField] >= 0 ? csv.bytes(record: record, field: columnOf[cityField]) : []
            let countyText = trimmedName(String(decoding: countyBytes, as: UTF8.self))
            let cityText = trimmedName(String(decoding: cityBytes, as: UTF8.self))
            let countyOK = columnOf[countyField] >= 0 && !countyText.isEmpty && !countyBytes.contains(0)
            let cityOK = columnOf[cityField] >= 0 && !cityText.isEmpty && !cityBytes.contains(0)
            table.county.append(countyText)
            table.city.append(cityText)
            let who = countyOK ? (cityText.isEmpty ? countyText : "\(countyText)（\(cityText)）") : nil
            if columnOf[countyField] >= 0 {
                if countyText.isEmpty {
                    errors.error(
                        file: file, line: line, column: "county", columnLabel: countyLabel, value: "",
                        "the county name is empty: every row must name its county (县、市、区)")
                } else if countyBytes.contains(0) {
                    errors.error(
                        file: file, line: line, column: "county", columnLabel: countyLabel, value: countyText,
                        "the county name contains a NUL byte: expected the name of a county (县、市、区)")
                }
            }
            if columnOf[cityField] >= 0 {
                if cityText.isEmpty {
                    errors.error(
                        file: file, line: line, column: "city", columnLabel: cityLabel, value: "",
                        applicant: who, "the city is empty: expected one of \(allCities(rulebook))")
                    table.tier.append(0)
                } else if cityBytes.contains(0) {
                    errors.error(
                        file: file, line: line, column: "city", columnLabel: cityLabel, value: cityText,
                        applicant: who, "the city contains a NUL byte: expected one of \(allCities(rulebook))")
                    table.tier.append(0)
                } else if let tier = rulebook.tier(ofCity: CellParser.normalise(cityText)) {
                    table.tier.append(tier)
                } else {
                    errors.error(
                        file: file, line: line, column: "city", columnLabel: cityLabel,
                        value: cityText, applicant: who,
                        "unknown city: expected one of \(allCities(rulebook)) (the 市 suffix is optional)")
                    table.tier.append(0)
                }
            } else {
                table.tier.append(0)
            }
            if countyOK && cityOK {
                let key = headerKey(countyText) + "\u{1F}" + Tier.normalise(CellParser.normalise(cityText))
                if let first = seen[key] {
                    errors.error(
                        file: file, line: line, column: "county", columnLabel: countyLabel,
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
                    if bytes.contains(0) {
                        errors.error(
                            file: file, line: line, column: field.key, columnLabel: field.label, value: text,
                            applicant: who, "the cell contains a NUL byte: expected \(field.expectation)")
                    }
                    table.texts[f][r] = text
                    table.present[f][r] = !text.isEmpty
                    continue
                }
                switch CellParser.parse(bytes, as: field) {
                case .empty:
                    if field.required {
                        errors.error(
                            file: file, line: line, column: field.key, columnLabel: field.label, value: "",
                            applicant: who,
                            "the cell is empty but this gate figure is required: expected \(field.expectation)")
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
        if errors.hasErrors { throw InputError(errors) }
        return table
    }

    static func allCities(_ rulebook: Rulebook) -> String {
        rulebook.tiers.flatMap(\.cities).joined(separator: "、")
    }
}
