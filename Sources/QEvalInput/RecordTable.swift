import QEvalRules
import QEvalSupport

/// A file of records under one header row — a CSV (UTF-8 or GB18030) or an .xlsx workbook's first sheet — as the
/// reviewers' findings and the expert panel's scores are kept: its rows, and where each cell sits (a CSV's line, or
/// the sheet's cell). One reader for both, so they read, locate and check a header the same way.
public struct RecordTable: Sendable {
    public let file: String
    public let csv: CSVTable
    public let origin: SheetOrigin?

    public init(bytes: [UInt8], file: String, rulebook: Rulebook, rowLimit: Int) throws(InputError) {
        self.file = file
        try WorkbookFormat.checkNamed(bytes, file: file)
        if WorkbookFormat.isWorkbook(bytes) {
            var book = try XLSXPackage(bytes: bytes, file: file)
            let sheet = try WorkbookCohort.read(&book, sheet: nil, rulebook: rulebook, rowLimit: rowLimit)
            csv = sheet.csv
            origin = sheet.origin
        } else {
            let decoded = try TextDecoder.decode(bytes, file: file)
            csv = try CSVReader.parse(decoded.utf8, file: file)
            origin = nil
        }
    }

    /// Where a record's cell is: "file!sheet!E5" in a workbook, the file and its line in a CSV.
    public func place(_ line: Int?, _ column: Int?) -> (file: String, line: Int?) {
        origin?.place(file: file, line: line, column: column) ?? (file, line)
    }

    /// The header's columns by what `named` makes of each filled cell. A cell it does not know, or a column named
    /// twice, is `unknown(name)`; a `required` column missing is `missing(column)`; all errors at once.
    public func columns<Column: Hashable>(
        named: (String) -> Column?, required: [Column], unknown: (String) -> any Message,
        missing: (Column) -> any Message
    ) throws(InputError) -> [Column: Int] {
        var errors = Diagnostics()
        var columnOf: [Column: Int] = [:]
        for (c, name) in csv.record(0).enumerated() where !InputReader.headerKey(name).isEmpty {
            let at = place(csv.recordLines[0], c)
            guard let column = named(name), columnOf[column] == nil else {
                errors.error(file: at.file, line: at.line, value: Excerpt.cut(name), unknown(Diagnostic.printable(name)))
                continue
            }
            columnOf[column] = c
        }
        for column in required where columnOf[column] == nil {
            let at = place(csv.recordLines[0], nil)
            errors.error(file: at.file, line: at.line, missing(column))
        }
        if errors.hasErrors { throw InputError(errors) }
        return columnOf
    }
}

/// The declared cohort's applicants by county and city as a record names them: normalised, the city with or
/// without 市. Findings and panel scores find their applicant here.
public struct ApplicantLookup: Sendable {
    public enum Found: Sendable, Equatable {
        case row(Int)
        /// The county is in the cohort, under these cities (as written there).
        case otherCity([String])
        case unknown
    }

    private var rowOf: [String: Int] = [:]
    private var citiesOf: [String: [String]] = [:]

    public init(_ table: ApplicantTable) {
        for row in 0..<table.count {
            let county = CellParser.normalise(table.county[row])
            rowOf[county + "\u{1F}" + Tier.normalise(CellParser.normalise(table.city[row]))] = row
            citiesOf[county, default: []].append(table.city[row])
        }
    }

    /// `county` and `city` as written in the record (trimmed and normalised here).
    public func find(county: String, city: String) -> (county: String, city: String, found: Found) {
        let county = InputReader.trimmedName(CellParser.normalise(county))
        let city = InputReader.trimmedName(CellParser.normalise(city))
        if let row = rowOf[county + "\u{1F}" + Tier.normalise(city)] { return (county, city, .row(row)) }
        if let cities = citiesOf[county], !cities.isEmpty, !city.isEmpty { return (county, city, .otherCity(cities)) }
        return (county, city, .unknown)
    }
}
