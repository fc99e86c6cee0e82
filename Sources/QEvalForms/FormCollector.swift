import Foundation
import QEvalInput
import QEvalRules
import QEvalSupport

/// The returned forms gathered into one cohort: the merged CSV (keys header) that `rank` reads, the table read
/// from it, and the warnings, every one located in the form it came from.
public struct CollectedForms {
    /// The merged cohort as CSV text.
    public var csv: CSVOutput
    public var table: ApplicantTable
    /// Warnings, located as file!sheet!cell.
    public var diagnostics: Diagnostics
    public var files: [String]
    /// Empty items per county ("county（city）"), in the order of the forms.
    /// Per county, the labels of the items left empty (the console names them, so nobody has to open the form).
    public var blanks: [(county: String, items: [String])]
}

/// Reads filled forms — `.xlsx` as `qeval form` writes them and as Excel, WPS or LibreOffice save them again,
/// and one-row (or more) CSV files — and merges them into one cohort, checked by `InputReader` exactly as
/// `rank` checks its input; every problem is moved back to the file and cell it came from.
public enum FormCollector {
    /// One file to collect: its name as messages show it and its bytes (read from disk, or uploaded).
    public struct FormFile: Sendable {
        public var name: String
        public var bytes: [UInt8]
        public init(name: String, bytes: [UInt8]) {
            self.name = name
            self.bytes = bytes
        }
    }

    /// Where a figure came from: the file (with sheet and cell for a workbook) and, for a CSV, its line.
    struct Place {
        var file: String
        var line: Int?
    }

    /// One applicant as read from a form: the text of each field (nil: no cell), and where each came from.
    struct FormRow {
        var file: String
        var line: Int?
        var values: [String?]
        var places: [Int: Place]
    }

    /// The form files named by `paths`: files as given, folders expanded to their .xlsx and .csv files (sorted,
    /// without Office's "~$" lock files and hidden files).
    public static func formFiles(_ paths: [String]) throws(InputError) -> [String] {
        guard !paths.isEmpty else { throw InputError(FormsMessage.noForms) }
        var files: [String] = []
        var errors = Diagnostics()
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                errors.error(file: path, InputMessage.cannotRead(FileProblem.of(errno: ENOENT, path: path)))
                continue
            }
            if isDirectory.boolValue {
                let names: [String]
                do {
                    names = try FileManager.default.contentsOfDirectory(atPath: path)
                } catch {
                    errors.error(file: path, InputMessage.cannotRead(FileProblem.of(path: path, error: error)))
                    continue
                }
                let found = names.filter { name in
                    let lower = name.lowercased()
                    return !name.hasPrefix("~$") && !name.hasPrefix(".")
                        && (lower.hasSuffix(".xlsx") || lower.hasSuffix(".csv"))
                }.sorted()
                if found.isEmpty { errors.error(file: path, FormsMessage.noFormsInFolder) }
                let folder = path.hasSuffix("/") ? path : path + "/"
                files += found.map { folder + $0 }
            } else {
                files.append(path)
            }
        }
        if errors.hasErrors { throw InputError(errors) }
        return files
    }

    /// Reads every form under `paths`, checks the merged rows as `rank` does, and returns the cohort. Throws
    /// every error found, each located in its form; nothing is returned (so nothing written) on an error.
    public static func collect(
        paths: [String], rulebook: Rulebook, options: ReadOptions = ReadOptions(), mergedName: String = "cohort.csv"
    ) throws(InputError) -> CollectedForms {
        var errors = Diagnostics(errorCap: options.errorCap)
        var files: [FormFile] = []
        for path in try formFiles(paths) {
            do {
                files.append(FormFile(name: path, bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))))
            } catch {
                errors.error(file: path, InputMessage.cannotRead(FileProblem.of(path: path, error: error)))
            }
        }
        if errors.hasErrors { throw InputError(errors) }
        return try collect(files: files, rulebook: rulebook, options: options, mergedName: mergedName)
    }

    /// The same, for files already in memory (an upload of several forms, or of a .zip of them).
    public static func collect(
        files: [FormFile], rulebook: Rulebook, options: ReadOptions = ReadOptions(), mergedName: String = "cohort.csv"
    ) throws(InputError) -> CollectedForms {
        guard !files.isEmpty else { throw InputError(FormsMessage.noForms) }
        let options = options.withFieldKeys(rulebook)
        var errors = Diagnostics(errorCap: options.errorCap)
        var rows: [FormRow] = []
        for file in files {
            do {
                let lower = file.name.lowercased()
                if WorkbookFormat.isWorkbook(file.bytes) || lower.hasSuffix(".xlsx") {
                    var book = try XLSXPackage(bytes: file.bytes, file: file.name)
                    if try isForm(&book) {
                        book.limits = .form
                        if let row = try readWorkbook(&book, rulebook: rulebook, options: options, errors: &errors) {
                            rows.append(row)
                        }
                    } else {
                        // A cohort workbook (many applicants on one sheet), read as a CSV of them is.
                        let sheet = try WorkbookCohort.read(
                            &book, sheet: options.sheet, rulebook: rulebook, rowLimit: options.maxRows)
                        rows += tableRows(
                            sheet.csv, file: file.name, origin: sheet.origin, rulebook: rulebook,
                            options: options, errors: &errors)
                    }
                } else if lower.hasSuffix(".csv") {
                    rows += try readCSV(file, rulebook: rulebook, options: options, errors: &errors)
                } else {
                    errors.error(file: file.name, FormsMessage.unsupportedFile)
                }
            } catch {
                errors.merge(error.diagnostics)
            }
        }
        // Every error at once: the cells are checked even when a form could not be read or a county came twice
        // (issue 24: removing a duplicate once revealed three cell errors that had been there all along).
        checkDuplicates(rows, rulebook: rulebook, errors: &errors)
        let earlier = errors
        if rows.isEmpty, earlier.hasErrors { throw InputError(earlier) }

        // The merged cohort, read exactly as `rank` reads a CSV.
        var csv = CSVOutput()
        csv.header(rulebook.fields.map(\.key))
        for row in rows {
            csv.append(
                rulebook.fields.enumerated().map { i, field in
                    guard let value = row.values[i], !value.isEmpty else { return .empty }
                    return field.type == .text ? .text(value) : .formatted(CSVReader.quote(value))
                })
        }
        let bytes = Array(csv.text.utf8)
        // The line each merged row starts on, to move problems back to their forms.
        var rowOfLine: [Int: Int] = [:]
        if let parsed = try? CSVReader.parse(bytes, file: mergedName) {
            for r in 1..<parsed.recordCount where r - 1 < rows.count { rowOfLine[parsed.recordLines[r]] = r - 1 }
        }
        func relocate(_ d: Diagnostic) -> Diagnostic {
            var d = d
            guard let line = d.line, let r = rowOfLine[line] else { return d }
            let row = rows[r]
            if let key = d.column, let f = rulebook.fieldIndex[key], let place = row.places[f] {
                d.file = place.file
                d.line = place.line
                d.inForm = true
            } else {
                d.file = row.file
                d.line = row.line
            }
            return d
        }
        var warnings = Diagnostics(errorCap: options.errorCap)
        var table: ApplicantTable
        do {
            table = try InputReader.read(
                bytes: bytes, file: mergedName, rulebook: rulebook, options: options, diagnostics: &warnings)
        } catch {
            var located = earlier
            // A county twice is already reported above with both files; the merged table's own report of it
            // would only repeat it.
            let duplicates: Set<String> = ["sameApplicantTwice", "sameCountyTwice"]
            let reported = earlier.items.contains { $0.kind == "sameCounty" }
            for d in error.diagnostics.items where !(reported && duplicates.contains(d.kind)) { located.report(relocate(d)) }
            throw InputError(located)
        }
        if earlier.hasErrors { throw InputError(earlier) }
        var located = Diagnostics(errorCap: options.errorCap)
        for d in warnings.items { located.report(relocate(d)) }
        // The table was merged through a UTF-8 CSV, but the reviewer gave workbooks: 说明 and the console say so.
        if files.allSatisfy({ WorkbookFormat.isWorkbook($0.bytes) }) { table.encoding = .xlsx }
        // Later stages (the Evaluation's "not reported") name the form's cell too.
        table.places = .forms(
            rows.map { row in
                CellPlaces.FormPlaces(file: row.file, line: row.line, fields: row.places.mapValues { ($0.file, $0.line) })
            })
        let countyField = rulebook.fieldIndex["county"]
        let cityField = rulebook.fieldIndex["city"]
        let blanks = rows.map { row -> (county: String, items: [String]) in
            let county = countyField.flatMap { row.values[$0] } ?? ""
            let city = cityField.flatMap { row.values[$0] } ?? ""
            let empty = rulebook.fields.filter { field in
                guard let i = rulebook.fieldIndex[field.key] else { return false }
                return field.role != .id && (row.values[i] ?? "").trimmingCharacters(in: .whitespaces).isEmpty
            }.map(\.label)
            return ("\(county)（\(city)）", empty)
        }
        return CollectedForms(csv: csv, table: table, diagnostics: located, files: files.map(\.name), blanks: blanks)
    }

    /// One county in two files (or twice in one) is an error naming both places.
    static func checkDuplicates(_ rows: [FormRow], rulebook: Rulebook, errors: inout Diagnostics) {
        guard let countyField = rulebook.fieldIndex["county"], let cityField = rulebook.fieldIndex["city"] else { return }
        var seen: [String: FormRow] = [:]
        for row in rows {
            let county = InputReader.trimmedName(CellParser.normalise(row.values[countyField] ?? ""))
            let city = InputReader.trimmedName(CellParser.normalise(row.values[cityField] ?? ""))
            guard !county.isEmpty else { continue }
            let key = county + "\u{0}" + city
            if let first = seen[key] {
                let firstPlace = first.places[countyField] ?? Place(file: first.file, line: first.line)
                let place = row.places[countyField] ?? Place(file: row.file, line: row.line)
                let other = firstPlace.file + (firstPlace.line.map { Language.current == .zh ? " 第\($0)行" : ":\($0)" } ?? "")
                errors.error(
                    file: place.file, line: place.line, column: "county", columnLabel: rulebook.fields[countyField].label,
                    value: county, applicant: "\(county)（\(city)）",
                    FormsMessage.sameCounty(county: "\(county)（\(city)）", otherFile: other))
            } else {
                seen[key] = row
            }
        }
    }
}
