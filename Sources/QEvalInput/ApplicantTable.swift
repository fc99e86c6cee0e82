import Crypto
import Foundation
import QEvalRules
import QEvalSupport

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
    /// Columns of remarks (备注, 说明…): kept as written, shown beside the figures, never scored.
    public var notes: [NoteColumn] = []
    /// The worksheet read, when the input was an .xlsx workbook.
    public var sheet: String? = nil
    /// Where each figure sits when the input was a worksheet or returned forms (nil: a CSV's lines).
    public var places: CellPlaces? = nil
    /// An expert panel's points (专家评审) for judged level parts, by field then row: where set, the part scores
    /// these points instead of the declared level's (the declared level stays in `values`, shown beside them).
    public var panelPoints: [Int: [Int: Double]] = [:]

    public func name(_ row: Int) -> String { "\(county[row])（\(city[row])）" }

    /// A figure as the reviewer reads it ("95", "是", the code's text); nil when not reported. The one
    /// rendering of an input value outside the workbook's typed cells (findings, compared data sets).
    public func displayValue(_ f: Int, of field: FieldSpec, row: Int) -> String? {
        guard hasColumn[f], present[f][row] else { return nil }
        switch field.type {
        case .text: return texts[f][row]
        case .bool: return (values[f][row] == 1 ? WorkbookText.yes : WorkbookText.no).text
        default: return Points.format(values[f][row])
        }
    }

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
    func reordered(_ order: [Int]) -> ApplicantTable {
        var copy = self
        copy.county = order.map { county[$0] }
        copy.city = order.map { city[$0] }
        copy.tier = order.map { tier[$0] }
        copy.line = order.map { line[$0] }
        copy.values = values.map { column in column.isEmpty ? [] : order.map { column[$0] } }
        copy.present = present.map { column in column.isEmpty ? [] : order.map { column[$0] } }
        copy.texts = texts.map { column in column.isEmpty ? [] : order.map { column[$0] } }
        copy.notes = notes.map { NoteColumn(header: $0.header, values: order.map { [values = $0.values] in values[$0] }) }
        return copy
    }
}

/// A column of remarks (备注) beside the figures: a county's explanation of a figure, a reviewer's note. It is
/// no field of the standard, so it is not scored; it is not an error either, because a table kept by people
/// has one. Shown in 原始数据 and on the county page, as written.
public struct NoteColumn: Sendable, Equatable {
    /// The header as written ("备注", "填报说明").
    public var header: String
    /// One text per applicant, in table order ("" where empty).
    public var values: [String]

    /// Headers read as remarks: 备注, 说明, 附注… alone or with a qualifier ("审核备注", "情况说明"), and their
    /// English names. Only a header that names no field is asked.
    public static func isNote(_ header: String) -> Bool {
        let key = InputReader.headerKey(header)
        let exact: Set<String> = ["注", "注释", "附注", "备考", "remark", "remarks", "note", "notes", "comment", "comments"]
        if exact.contains(key) { return true }
        // A short qualifier at most: a 30-character header ending in 说明 is more likely a mistyped field.
        guard key.count <= 8 else { return false }
        return key.hasPrefix("备注") || key.hasSuffix("备注") || key.hasSuffix("说明")
    }
}

/// How much an input may hold before it is refused unread: limits that no real cohort reaches, set so that
/// a hostile or mistaken file costs at most a fraction of a second (a 120 KB file of 10,000 unknown columns
/// once took 13 s, the nearest-label search running for each).
enum InputLimits {
    /// Columns beyond the rulebook's fields a header may have (notes, a reviewer's own columns).
    static let columnMargin = 100
    /// Unknown columns that get a "did you mean" suggestion; the rest are reported without one.
    static let suggestedColumns = 20
    /// Characters in a county's name (the longest of the country's is under 20).
    static let nameLength = 50
    /// Characters in a text field (the administrative code and the like).
    static let textLength = Excerpt.limit
}

/// Options for reading an input file.
public struct ReadOptions: Sendable {
    public var encoding: TextEncoding?
    public var errorCap: Int
    /// Applicant rows a file may hold (the web workspace sets it; the command line reads any number).
    public var maxRows: Int? = nil
    /// Columns that may be missing (`--allow-missing KEY…`): their absence is a console warning, not an error.
    public var allowMissing: Set<String>
    /// The worksheet of an .xlsx input to read (`--sheet NAME`); nil: the first (a ranked workbook's 原始数据).
    public var sheet: String? = nil

    /// These options with `allowMissing` named by key, whichever way it was written (a key, or a label as
    /// headers are written: `--allow-missing 自愿性认证覆盖率`); names that are neither stay as given and are
    /// reported as unknown.
    public func withFieldKeys(_ rulebook: Rulebook) -> ReadOptions {
        let lookup = InputReader.headerLookup(rulebook)
        var copy = self
        copy.allowMissing = Set(
            allowMissing.map { name in
                if rulebook.fieldIndex[name] != nil { return name }
                return InputReader.fieldsNamed(name, lookup).first.map { rulebook.fields[$0].key } ?? name
            })
        return copy
    }
    public init(encoding: TextEncoding? = nil, errorCap: Int = 100, allowMissing: Set<String> = []) {
        self.encoding = encoding
        self.errorCap = errorCap
        self.allowMissing = allowMissing
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
            throw InputError(file: path, InputMessage.cannotRead(FileProblem.of(path: path, error: error)))
        }
        return try read(bytes: [UInt8](data), file: path, rulebook: rulebook, options: options, diagnostics: &diagnostics)
    }

    public static func read(
        bytes: [UInt8], file: String, rulebook: Rulebook, options: ReadOptions = ReadOptions(),
        diagnostics: inout Diagnostics
    ) throws(InputError) -> ApplicantTable {
        let options = options.withFieldKeys(rulebook)
        let digest = sha256(bytes)
        if WorkbookFormat.isWorkbook(bytes) {
            return try readWorkbook(
                bytes: bytes, file: file, sha256: digest, rulebook: rulebook, options: options, diagnostics: &diagnostics)
        }
        if options.sheet != nil { throw InputError(file: file, WorkbookMessage.sheetOnlyForWorkbooks) }
        let decoded = try TextDecoder.decode(bytes, file: file, forced: options.encoding)
        let csv = try CSVReader.parse(decoded.utf8, file: file)
        var layout: HeaderLayout? = nil
        return try build(
            csv: csv, file: file, encoding: decoded.encoding, sha256: digest, rulebook: rulebook, options: options,
            layout: &layout, diagnostics: &diagnostics)
    }

    /// The SHA-256 of a file's bytes as read, in hex, for the workbook's 说明 sheet and the audit log.
    public static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// An .xlsx cohort: its sheet read as a table (`WorkbookCohort`), then exactly the CSV path's checks, every
    /// problem located as file!sheet!cell.
    static func readWorkbook(
        bytes: [UInt8], file: String, sha256: String, rulebook: Rulebook, options: ReadOptions,
        diagnostics: inout Diagnostics
    ) throws(InputError) -> ApplicantTable {
        var book = try XLSXPackage(bytes: bytes, file: file)
        let sheet = try WorkbookCohort.read(&book, sheet: options.sheet, rulebook: rulebook, rowLimit: options.maxRows)
        if options.encoding != nil { diagnostics.warning(file: file, WorkbookMessage.encodingIgnored) }
        if sheet.isRankedWorkbook {
            diagnostics.warning(file: file, WorkbookMessage.rankedWorkbook(sheet: sheet.origin.sheet))
        }
        var layout: HeaderLayout? = nil
        var table = try build(
            csv: sheet.csv, file: file, encoding: .xlsx, sha256: sha256, rulebook: rulebook, options: options,
            origin: sheet.origin, layout: &layout, diagnostics: &diagnostics)
        table.sheet = sheet.origin.sheet
        if let layout {
            table.places = .sheet(
                sheet: sheet.origin.sheet,
                columnOfField: layout.columnOf.map { $0 >= 0 && $0 < sheet.origin.columns.count ? sheet.origin.columns[$0] : -1 })
        }
        return table
    }

    /// Header text → field indices: keys and Chinese labels, compared as `headerKey`s.
    public static func headerLookup(_ rulebook: Rulebook) -> [String: [Int]] {
        var lookup: [String: [Int]] = [:]
        for (i, field) in rulebook.fields.enumerated() {
            for name in [field.key, field.label] {
                let key = headerKey(name)
                if !(lookup[key]?.contains(i) ?? false) { lookup[key, default: []].append(i) }
            }
        }
        return lookup
    }

    /// A header as a lookup key: full-width forms folded, every space (ASCII, full-width, tab, line break)
    /// and stray byte-order mark dropped, letters lower-cased.
    public static func headerKey(_ text: String) -> String {
        CellParser.normalise(text).filter { !$0.isWhitespace }.lowercased()
    }

    /// The header without a trailing unit in brackets — "常住人口（人）", "覆盖率(%)", "经费【万元】",
    /// "面积[平方米]" — as the workbook's 原始数据 sheet and many county sheets write them; nil when there is none.
    static func withoutUnit(_ key: String) -> String? {
        let pairs: [(Character, Character)] = [("(", ")"), ("【", "】"), ("[", "]"), ("〔", "〕")]
        for (open, close) in pairs where key.last == close {
            guard let start = key.lastIndex(of: open), start > key.startIndex else { return nil }
            return String(key[..<start])
        }
        return nil
    }

    /// The fields a header names: by its full text, else without a trailing unit in brackets.
    public static func fieldsNamed(_ name: String, _ lookup: [String: [Int]]) -> [Int] {
        let key = headerKey(name)
        if let exact = lookup[key] { return exact }
        if let bare = withoutUnit(key), let found = lookup[bare] { return found }
        return []
    }

    /// The label or key nearest to an unknown header (edit distance), when near enough to be a slip.
    public static func nearestName(_ name: String, _ rulebook: Rulebook) -> String? {
        let target = Array(withoutUnit(headerKey(name)) ?? headerKey(name))
        var best: (name: String, distance: Int)? = nil
        for field in rulebook.fields {
            for candidate in [field.label, field.key] {
                let d = EditDistance.between(target, Array(headerKey(candidate)))
                if best == nil || d < best!.distance { best = (candidate, d) }
            }
        }
        guard let best, best.distance <= max(2, target.count / 3) else { return nil }
        return best.name
    }

    /// A county or city name as written, without the spaces around it (ASCII and full-width).
    public static func trimmedName(_ text: String) -> String {
        text.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{3000}\u{FEFF}")))
    }

    /// Non-empty cells of a record.
    static func filledCells(_ csv: CSVTable, _ record: Int) -> [String] {
        (0..<csv.fieldCount(ofRecord: record)).map { csv.string(record: record, field: $0) }
            .filter { !headerKey($0).isEmpty }
    }

    /// Whether a record reads as the form's header: it names the county and the city columns.
    public static func looksLikeHeader(_ csv: CSVTable, _ record: Int, _ lookup: [String: [Int]], _ rulebook: Rulebook) -> Bool {
        guard record < csv.recordCount, let county = rulebook.fieldIndex["county"], let city = rulebook.fieldIndex["city"]
        else { return false }
        let named = Set(csv.record(record).flatMap { fieldsNamed($0, lookup) })
        return named.contains(county) && named.contains(city)
    }

    /// The Input stage's table from a parsed CSV: the header resolved to fields, the missing-column policy
    /// applied, the data rows read and checked; every error at once (up to the cap), warnings to
    /// `diagnostics`.
    static func build(
        csv: CSVTable, file: String, encoding: TextEncoding, sha256: String, rulebook: Rulebook, options: ReadOptions,
        origin: SheetOrigin? = nil, layout: inout HeaderLayout?, diagnostics: inout Diagnostics
    ) throws(InputError) -> ApplicantTable {
        guard let origin else {
            return try build(
                csv: csv, file: file, encoding: encoding, sha256: sha256, rulebook: rulebook, options: options,
                layout: &layout, diagnostics: &diagnostics)
        }
        // A worksheet's problems are moved from line and column to the cell: "申报汇总.xlsx!Sheet1!E23".
        let before = diagnostics.items.count
        func place(_ d: inout Diagnostic) {
            guard d.file == file else { return }
            var column: Int? = nil
            if let key = d.column, let layout {
                if let f = rulebook.fieldIndex[key], layout.columnOf[f] >= 0 {
                    column = layout.columnOf[f]
                } else if let c = layout.names.firstIndex(of: key) {
                    column = c
                }
            }
            (d.file, d.line) = origin.place(file: file, line: d.line, column: column)
        }
        do {
            let table = try build(
                csv: csv, file: file, encoding: encoding, sha256: sha256, rulebook: rulebook, options: options,
                layout: &layout, diagnostics: &diagnostics)
            diagnostics.relocate(from: before, place)
            return table
        } catch {
            var located = error
            located.diagnostics.relocate(place)
            diagnostics.relocate(from: before, place)
            throw located
        }
    }

    static func build(
        csv: CSVTable, file: String, encoding: TextEncoding, sha256: String, rulebook: Rulebook, options: ReadOptions,
        layout resolved: inout HeaderLayout?, diagnostics: inout Diagnostics
    ) throws(InputError) -> ApplicantTable {
        var errors = Diagnostics(errorCap: options.errorCap)
        guard let countyField = rulebook.fieldIndex["county"], let cityField = rulebook.fieldIndex["city"] else {
            throw InputError(file: rulebook.source, InputMessage.noRulebookIdentity)
        }
        guard csv.recordCount > 0 else { throw InputError(file: file, InputMessage.noRows) }
        let layout = try resolveHeader(
            csv: csv, file: file, rulebook: rulebook, options: options, errors: &errors, diagnostics: &diagnostics)
        resolved = layout
        checkMissingColumns(layout, file: file, rulebook: rulebook, options: options, errors: &errors, diagnostics: &diagnostics)
        let recordsToRead = dataRecords(csv, after: layout, file: file, diagnostics: &diagnostics)
        return try readRows(
            recordsToRead, csv: csv, layout: layout, file: file, encoding: encoding, sha256: sha256, rulebook: rulebook,
            options: options, countyField: countyField, cityField: cityField, errors: &errors, diagnostics: &diagnostics)
    }

    /// Where the header is and which column holds each field.
    struct HeaderLayout {
        /// The header's record (1 when a title row is above it) and its line.
        var record: Int
        var line: Int
        var names: [String]
        /// Field → column, -1 where the input has none.
        var columnOf: [Int]
        var unknown: [String]
        /// Columns read as remarks (`NoteColumn.isNote`), by position.
        var notes: [Int] = []
        var firstDataRecord: Int { record + 1 }
    }

    /// The header: a title row above it skipped, its width checked before any per-column work, each name
    /// matched to a field (keys, labels, a unit in brackets), unknown, doubled and unnamed columns reported.
    static func resolveHeader(
        csv: CSVTable, file: String, rulebook: Rulebook, options: ReadOptions, errors: inout Diagnostics,
        diagnostics: inout Diagnostics
    ) throws(InputError) -> HeaderLayout {
        let lookup = headerLookup(rulebook)
        for key in options.allowMissing.sorted() where rulebook.fieldIndex[key] == nil {
            errors.error(InputMessage.allowMissingUnknown(key: key))
        }
        // A title row above the header ("2023年质量强县申报汇总表"), common in government sheets: one filled
        // cell, and the form's header on the next row. Skipped with a note; otherwise named as the problem.
        var headerRecord = 0
        let firstCells = filledCells(csv, 0)
        if firstCells.count == 1 && !looksLikeHeader(csv, 0, lookup, rulebook) {
            let title = Diagnostic.printable(firstCells[0])
            if looksLikeHeader(csv, 1, lookup, rulebook) {
                diagnostics.warning(file: file, line: csv.recordLines[0], InputMessage.titleRowSkipped(title: title))
                headerRecord = 1
            } else {
                throw InputError(file: file, line: csv.recordLines[0], InputMessage.titleRowNotHeader(title: title))
            }
        }
        let headerLine = csv.recordLines[headerRecord]
        let columnLimit = rulebook.fields.count + InputLimits.columnMargin
        if csv.fieldCount(ofRecord: headerRecord) > columnLimit {
            // Refused before any per-column work (the nearest-label search, the unnamed-column scan).
            throw InputError(
                file: file, line: headerLine,
                InputMessage.tooManyColumns(
                    found: csv.fieldCount(ofRecord: headerRecord), limit: columnLimit, fields: rulebook.fields.count))
        }
        let header = csv.record(headerRecord)
        let firstDataRecord = headerRecord + 1
        var columnOf = [Int](repeating: -1, count: rulebook.fields.count)
        var unknown: [String] = []
        var notes: [Int] = []
        // Header columns without a name, and the first record holding a value in each: one pass over the
        // cells (never columns × rows, which a short-rowed file with a wide header would make huge).
        let unnamed = header.indices.filter { headerKey(header[$0]).isEmpty && !header[$0].utf8.contains(0) }
        var firstValueIn: [Int: Int] = [:]
        if !unnamed.isEmpty && firstDataRecord < csv.recordCount {
            for r in firstDataRecord..<csv.recordCount {
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
                errors.error(file: file, line: headerLine, value: name, InputMessage.headerNUL(column: c + 1))
                continue
            }
            if headerKey(name).isEmpty {
                // Excel writes trailing empty columns when a sheet has formatting beyond the data: an unnamed
                // column with nothing in it is ignored; one with values is an error (whose values are they?).
                if let first = firstValueIn[c] {
                    errors.error(
                        file: file, line: headerLine,
                        InputMessage.unnamedColumnWithValues(column: c + 1, firstLine: csv.recordLines[first]))
                } else {
                    diagnostics.warning(file: file, line: headerLine, InputMessage.unnamedEmptyColumn(column: c + 1))
                }
                continue
            }
            let matches = fieldsNamed(name, lookup)
            if matches.count > 1 {
                errors.error(
                    file: file, line: headerLine, value: name,
                    InputMessage.columnMatchesTwo(
                        name: name, first: rulebook.fields[matches[0]].key, second: rulebook.fields[matches[1]].key))
                continue
            }
            guard let f = matches.first else {
                // A reviewer's or county's remarks: kept, shown, never scored (issue 24).
                if NoteColumn.isNote(name) {
                    notes.append(c)
                    continue
                }
                unknown.append(name)
                // The nearest-label search costs a few hundred edit distances: only the first few columns get it.
                let suggestion = unknown.count <= InputLimits.suggestedColumns ? nearestName(name, rulebook) : nil
                errors.error(
                    file: file, line: headerLine, column: name,
                    InputMessage.unknownColumn(name: name, suggestion: suggestion))
                continue
            }
            if columnOf[f] >= 0 {
                errors.error(
                    file: file, line: headerLine, column: rulebook.fields[f].key, columnLabel: rulebook.fields[f].label,
                    value: name, InputMessage.columnTwice(first: columnOf[f] + 1, second: c + 1))
                continue
            }
            columnOf[f] = c
        }
        if !notes.isEmpty {
            diagnostics.warning(
                file: file, line: headerLine,
                InputMessage.noteColumnsKept(names: notes.map { "“\(Diagnostic.printable(header[$0]))”" }))
        }
        return HeaderLayout(
            record: headerRecord, line: headerLine, names: header, columnOf: columnOf, unknown: unknown, notes: notes)
    }

    /// Fields without a column: an error, unless optional (the code) or allowed by `--allow-missing` (a warning
    /// that changes scores).
    static func checkMissingColumns(
        _ layout: HeaderLayout, file: String, rulebook: Rulebook, options: ReadOptions, errors: inout Diagnostics,
        diagnostics: inout Diagnostics
    ) {
        let (columnOf, headerLine) = (layout.columnOf, layout.line)
        for (f, field) in rulebook.fields.enumerated() where columnOf[f] < 0 {
            if field.required {
                errors.error(
                    file: file, line: headerLine, column: field.key, columnLabel: field.label,
                    InputMessage.requiredColumnMissing(key: field.key, label: field.label))
            } else if field.role == .id {
                continue  // the administrative code is optional
            } else if options.allowMissing.contains(field.key) {
                diagnostics.warning(
                    file: file, line: headerLine, column: field.key, columnLabel: field.label, affectsScore: true,
                    InputMessage.columnMissingAllowed)
            } else {
                errors.error(
                    file: file, line: headerLine, column: field.key, columnLabel: field.label,
                    InputMessage.columnMissing(key: field.key, label: field.label))
            }
        }
    }

    /// The records below the header that hold an applicant: rows of empty cells are skipped with a warning.
    static func dataRecords(_ csv: CSVTable, after layout: HeaderLayout, file: String, diagnostics: inout Diagnostics)
        -> [Int]
    {
        let firstDataRecord = layout.firstDataRecord
        // Rows made only of empty cells (",,,," as Excel writes below the data) are not applicants.
        var recordsToRead: [Int] = []
        recordsToRead.reserveCapacity(csv.recordCount)
        if firstDataRecord < csv.recordCount {
            for record in firstDataRecord..<csv.recordCount {
                let n = csv.fieldCount(ofRecord: record)
                let blank = (0..<n).allSatisfy { csv.bytes(record: record, field: $0).allSatisfy { $0 == 0x20 || $0 == 0x09 } }
                if blank {
                    diagnostics.warning(file: file, line: csv.recordLines[record], InputMessage.blankRow)
                } else {
                    recordsToRead.append(record)
                }
            }
        }
        return recordsToRead
    }

    /// Every data row read into the columns and checked: identity (county, city, tier), each cell by its
    /// field's type, then the cohort's identity and plausibility checks.
    static func readRows(
        _ recordsToRead: [Int], csv: CSVTable, layout: HeaderLayout, file: String, encoding: TextEncoding,
        sha256: String, rulebook: Rulebook, options: ReadOptions, countyField: Int, cityField: Int,
        errors: inout Diagnostics, diagnostics: inout Diagnostics
    ) throws(InputError) -> ApplicantTable {
        let (columnOf, headerLine, header, unknown) = (layout.columnOf, layout.line, layout.names, layout.unknown)
        let rows = recordsToRead.count
        if let limit = options.maxRows, rows > limit {
            throw InputError(file: file, InputMessage.tooManyRows(found: rows, limit: limit))
        }
        if rows == 0 { errors.error(file: file, line: headerLine, InputMessage.headerOnly) }
        if rows == 0 || errors.errorCount >= errors.errorCap { throw InputError(errors) }

        var table = ApplicantTable(file: file, encoding: encoding, sha256: sha256, fieldCount: rulebook.fields.count)
        table.unknownColumns = unknown
        table.notes = layout.notes.map {
            NoteColumn(header: header[$0].trimmingCharacters(in: .whitespacesAndNewlines), values: [])
        }
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
        let countyLabel = rulebook.fields[countyField].label
        let cityLabel = rulebook.fields[cityField].label
        let cities = Wording.list(rulebook.tiers.flatMap(\.cities), .zh)
        let fields = rulebook.fields
        let fieldIndices = fields.indices
        let fieldTypes = fields.map(\.type)

        for (r, record) in recordsToRead.enumerated() {
            let line = csv.recordLines[record]
            table.line.append(line)
            let fieldCount = csv.fieldCount(ofRecord: record)
            if fieldCount != width {
                let countyColumn = columnOf[countyField]
                let named =
                    countyColumn >= 0 && countyColumn < fieldCount
                    ? trimmedName(csv.string(record: record, field: countyColumn)) : ""
                errors.error(
                    file: file, line: line, applicant: named.isEmpty || named.utf8.contains(0) ? nil : named,
                    InputMessage.fieldCount(found: fieldCount, expected: width))
                table.county.append("")
                table.city.append("")
                table.tier.append(0)
                for n in table.notes.indices { table.notes[n].values.append("") }
                continue
            }
            for (n, c) in layout.notes.enumerated() {
                // As written: a remark's full-width punctuation is the county's, not a figure to normalise.
                let text = String(decoding: csv.bytes(record: record, field: c), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                table.notes[n].values.append(Excerpt.cut(text) ?? "")
            }
            let countyBytes = columnOf[countyField] >= 0 ? csv.bytes(record: record, field: columnOf[countyField]) : []
            let cityBytes = columnOf[cityField] >= 0 ? csv.bytes(record: record, field: columnOf[cityField]) : []
            let countyText = trimmedName(String(decoding: countyBytes, as: UTF8.self))
            let cityText = trimmedName(String(decoding: cityBytes, as: UTF8.self))
            let countyOK = columnOf[countyField] >= 0 && !countyText.isEmpty && !countyBytes.contains(0)
            table.county.append(countyText)
            table.city.append(cityText)
            let who = countyOK ? (cityText.isEmpty ? countyText : "\(countyText)（\(cityText)）") : nil
            if columnOf[countyField] >= 0 {
                if countyText.isEmpty {
                    errors.error(
                        file: file, line: line, column: "county", columnLabel: countyLabel, value: "",
                        InputMessage.countyEmpty)
                } else if countyBytes.contains(0) {
                    errors.error(
                        file: file, line: line, column: "county", columnLabel: countyLabel, value: countyText,
                        InputMessage.countyNUL)
                } else if countyText.count > InputLimits.nameLength {
                    errors.error(
                        file: file, line: line, column: "county", columnLabel: countyLabel, value: countyText,
                        InputMessage.nameTooLong(length: countyText.count, limit: InputLimits.nameLength))
                }
            }
            if columnOf[cityField] >= 0 {
                if cityText.isEmpty {
                    errors.error(
                        file: file, line: line, column: "city", columnLabel: cityLabel, value: "",
                        applicant: who, InputMessage.cityEmpty(cities: cities))
                    table.tier.append(0)
                } else if cityBytes.contains(0) {
                    errors.error(
                        file: file, line: line, column: "city", columnLabel: cityLabel, value: cityText,
                        applicant: who, InputMessage.cityNUL(cities: cities))
                    table.tier.append(0)
                } else if let tier = rulebook.tier(ofCity: CellParser.normalise(cityText)) {
                    table.tier.append(tier)
                } else {
                    errors.error(
                        file: file, line: line, column: "city", columnLabel: cityLabel,
                        value: cityText, applicant: who, InputMessage.unknownCity(value: cityText, cities: cities))
                    table.tier.append(0)
                }
            } else {
                table.tier.append(0)
            }

            // Indexing, not `for (f, field) in fields.enumerated()`: binding each FieldSpec copies (and
            // retains) its strings and arrays once per cell, which at 100,000 rows × 131 columns was measurable.
            for f in fieldIndices {
                let c = columnOf[f]
                guard c >= 0, f != countyField, f != cityField else { continue }
                let bytes = csv.bytes(record: record, field: c)
                if fieldTypes[f] == .text {
                    let field = fields[f]
                    let text = String(decoding: bytes, as: UTF8.self)
                    if bytes.contains(0) {
                        errors.error(
                            file: file, line: line, column: field.key, columnLabel: field.label, value: text,
                            applicant: who, InputMessage.cellNUL(expected: field.expectation))
                    }
                    if text.count > InputLimits.textLength {
                        errors.error(
                            file: file, line: line, column: field.key, columnLabel: field.label, value: text,
                            applicant: who, InputMessage.textTooLong(length: text.count, limit: InputLimits.textLength))
                    }
                    table.texts[f][r] = text
                    table.present[f][r] = !text.isEmpty
                    continue
                }
                // A workbook cell that is not a typed value (a formula without its result, a date).
                if let problem = csv.problem(record: record, field: c) {
                    let field = fields[f]
                    let text = String(decoding: bytes, as: UTF8.self)
                    errors.error(
                        file: file, line: line, column: field.key, columnLabel: field.label, value: text, applicant: who,
                        InputMessage.badCell(value: text, problem: problem, expected: field.expectation))
                    continue
                }
                switch FieldCell.parse(bytes, as: fields[f]) {
                case .empty:
                    if fields[f].required {
                        let field = fields[f]
                        errors.error(
                            file: file, line: line, column: field.key, columnLabel: field.label, value: "",
                            applicant: who, InputMessage.gateCellEmpty(expected: field.expectation))
                    }
                case .value(let v):
                    table.values[f][r] = v
                    table.present[f][r] = true
                case .invalid(let problem):
                    let field = fields[f]
                    let text = String(decoding: bytes, as: UTF8.self)
                    errors.error(
                        file: file, line: line, column: field.key, columnLabel: field.label, value: text, applicant: who,
                        InputMessage.badCell(value: text, problem: problem, expected: field.expectation))
                }
            }
        }
        ApplicantChecks.identities(table, rulebook, errors: &errors, warnings: &diagnostics)
        if errors.hasErrors {
            errors.sortByLine()
            throw InputError(errors)
        }
        ApplicantChecks.plausibility(table, rulebook, warnings: &diagnostics)
        return table
    }
}
