import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

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
    public var blanks: [(county: String, count: Int)]
}

/// Reads filled forms — `.xlsx` as `qeval form` writes them and as Excel, WPS or LibreOffice save them again,
/// and one-row (or more) CSV files — and merges them into one cohort, checked by `InputReader` exactly as
/// `rank` checks its input; every problem is moved back to the file and cell it came from.
public enum FormCollector {
    /// The largest uncompressed part of a workbook that is read, and the largest total: a form is a few
    /// hundred kilobytes, so anything near these is not a form (a zip bomb is refused before it is inflated).
    public static let partLimit = 20 * 1024 * 1024
    public static let totalLimit = 60 * 1024 * 1024

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
        let files = try formFiles(paths)
        var errors = Diagnostics(errorCap: options.errorCap)
        var rows: [FormRow] = []
        for file in files {
            do {
                let lower = file.lowercased()
                if lower.hasSuffix(".csv") {
                    rows += try readCSV(file, rulebook: rulebook, options: options, errors: &errors)
                } else if lower.hasSuffix(".xlsx") {
                    if let row = try readWorkbook(file, rulebook: rulebook, options: options, errors: &errors) {
                        rows.append(row)
                    }
                } else {
                    errors.error(file: file, FormsMessage.unsupportedFile)
                }
            } catch {
                errors.merge(error.diagnostics)
            }
        }
        checkDuplicates(rows, rulebook: rulebook, errors: &errors)
        if errors.hasErrors { throw InputError(errors) }

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
            } else {
                d.file = row.file
                d.line = row.line
            }
            return d
        }
        var warnings = Diagnostics(errorCap: options.errorCap)
        let table: ApplicantTable
        do {
            table = try InputReader.read(
                bytes: bytes, file: mergedName, rulebook: rulebook, options: options, diagnostics: &warnings)
        } catch {
            var located = Diagnostics(errorCap: options.errorCap)
            for d in error.diagnostics.items { located.report(relocate(d)) }
            throw InputError(located)
        }
        var located = Diagnostics(errorCap: options.errorCap)
        for d in warnings.items { located.report(relocate(d)) }
        let countyField = rulebook.fieldIndex["county"]
        let cityField = rulebook.fieldIndex["city"]
        let blanks = rows.map { row -> (county: String, count: Int) in
            let county = countyField.flatMap { row.values[$0] } ?? ""
            let city = cityField.flatMap { row.values[$0] } ?? ""
            let empty = rulebook.fields.indices.filter { i in
                rulebook.fields[i].role != .id && (row.values[i] ?? "").trimmingCharacters(in: .whitespaces).isEmpty
            }.count
            return ("\(county)（\(city)）", empty)
        }
        return CollectedForms(csv: csv, table: table, diagnostics: located, files: files, blanks: blanks)
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

    // MARK: Workbooks

    /// Reads a form workbook; nil (with errors reported) when its layout is not a form's.
    static func readWorkbook(_ file: String, rulebook: Rulebook, options: ReadOptions, errors: inout Diagnostics)
        throws(InputError) -> FormRow?
    {
        var book = try WorkbookParts(path: file)
        let sheetNames = Language.allCases.map { FormsMessage.sheetName.text($0) }
        let (sheetName, sheetPath) = try book.sheet(named: sheetNames)
        let strings = try book.sharedStrings()
        let percentStyles = try book.percentStyles()
        let cells = try book.cells(sheetPath, strings: strings, percentStyles: percentStyles)

        // The header row: the one naming both the value and the key columns (in either language).
        let valueHeaders: Set<String> = Set(Language.allCases.map { FormsMessage.headerValue.localized.text($0) })
        let keyHeaders: Set<String> = Set(Language.allCases.map { FormsMessage.headerKey.localized.text($0) })
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

/// The parts of an .xlsx file that a form needs, read through ZIPFoundation with every part's size capped.
struct WorkbookParts {
    let path: String
    let archive: Archive
    /// Bytes inflated so far, against `FormCollector.totalLimit`.
    private var total = 0

    init(path: String) throws(InputError) {
        self.path = path
        let url = URL(fileURLWithPath: path)
        let head: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            head = try handle.read(upToCount: 4) ?? Data()
            try handle.close()
        } catch {
            throw InputError(file: path, InputMessage.cannotRead(FileProblem.of(path: path, error: error)))
        }
        // "PK\u{3}\u{4}" (a zip with entries) or "PK\u{5}\u{6}" (an empty one): anything else is not a workbook.
        guard head.count == 4, head[head.startIndex] == 0x50, head[head.startIndex + 1] == 0x4B else {
            throw InputError(file: path, FormsMessage.notAWorkbook)
        }
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw InputError(file: path, FormsMessage.truncatedWorkbook)
        }
    }

    private struct TooLarge: Error {}

    /// A part's bytes; nil when the archive has no such part.
    mutating func part(_ name: String) throws(InputError) -> Data? {
        guard let entry = archive[name] else { return nil }
        let limit = FormCollector.partLimit
        let mib = limit / 1024 / 1024
        // The declared size is checked before anything is inflated, and the inflated bytes again while
        // reading (a forged header must not get past the cap).
        if entry.uncompressedSize > UInt64(limit) {
            throw InputError(file: path, FormsMessage.partTooLarge(part: name, limitMiB: mib))
        }
        if total + Int(entry.uncompressedSize) > FormCollector.totalLimit {
            throw InputError(file: path, FormsMessage.workbookTooLarge(limitMiB: FormCollector.totalLimit / 1024 / 1024))
        }
        var data = Data()
        do {
            _ = try archive.extract(entry) { chunk in
                data.append(chunk)
                if data.count > limit || data.count > Int(entry.uncompressedSize) { throw TooLarge() }
            }
        } catch is TooLarge {
            throw InputError(file: path, FormsMessage.partTooLarge(part: name, limitMiB: mib))
        } catch {
            throw InputError(file: path, FormsMessage.truncatedWorkbook)
        }
        total += data.count
        return data
    }

    mutating func required(_ name: String) throws(InputError) -> XMLNode {
        guard let data = try part(name) else { throw InputError(file: path, FormsMessage.partMissing(part: name)) }
        return try XMLNode.parse(data, part: name, file: path)
    }

    /// Target of each relationship id in `part`'s relationships, as a path inside the archive.
    mutating func relationships(of part: String) throws(InputError) -> [String: String] {
        let folder = (part as NSString).deletingLastPathComponent
        let rels = folder + "/_rels/" + (part as NSString).lastPathComponent + ".rels"
        guard let data = try self.part(rels) else { return [:] }
        let root = try XMLNode.parse(data, part: rels, file: path)
        var targets: [String: String] = [:]
        for r in root.all("Relationship") {
            guard let id = r.attributes["Id"], let target = r.attributes["Target"] else { continue }
            targets[id] = Self.resolve(target, from: folder)
        }
        return targets
    }

    static func resolve(_ target: String, from folder: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var parts = folder.split(separator: "/").map(String.init)
        for piece in target.split(separator: "/") {
            if piece == ".." {
                if !parts.isEmpty { parts.removeLast() }
            } else if piece != "." {
                parts.append(String(piece))
            }
        }
        return parts.joined(separator: "/")
    }

    /// The workbook's main part, from the package relationships (xl/workbook.xml in practice).
    mutating func workbookPart() throws(InputError) -> String {
        if let data = try part("_rels/.rels") {
            let root = try XMLNode.parse(data, part: "_rels/.rels", file: path)
            for r in root.all("Relationship") where (r.attributes["Type"] ?? "").hasSuffix("/officeDocument") {
                if let target = r.attributes["Target"] { return Self.resolve(target, from: "") }
            }
        }
        return "xl/workbook.xml"
    }

    /// The first sheet called one of `names`, and its part.
    mutating func sheet(named names: [String]) throws(InputError) -> (String, String) {
        let main = try workbookPart()
        let workbook = try required(main)
        let targets = try relationships(of: main)
        for sheet in workbook.all("sheet") {
            guard let name = sheet.attributes["name"], names.contains(name) else { continue }
            let id = sheet.attributes.first { $0.key == "r:id" || $0.key.hasSuffix(":id") }?.value
            if let id, let target = targets[id] { return (name, target) }
        }
        throw InputError(file: path, FormsMessage.sheetMissing(names.first ?? ""))
    }

    mutating func sharedStringsPart() throws(InputError) -> String? {
        let main = try workbookPart()
        let targets = try relationships(of: main)
        return targets.first { $0.value.lowercased().hasSuffix("sharedstrings.xml") }?.value
    }

    /// The shared strings, each the text of its runs (phonetic guides left out).
    mutating func sharedStrings() throws(InputError) -> [String] {
        guard let name = try sharedStringsPart(), let data = try part(name) else { return [] }
        let root = try XMLNode.parse(data, part: name, file: path)
        return root.all("si").map(\.plainText)
    }

    /// Style indices (`s` of a cell) whose number format shows a percentage: such a cell holds 0.95 for 95%.
    mutating func percentStyles() throws(InputError) -> Set<Int> {
        let main = try workbookPart()
        let targets = try relationships(of: main)
        guard let name = targets.first(where: { $0.value.lowercased().hasSuffix("styles.xml") })?.value,
            let data = try part(name)
        else { return [] }
        let root = try XMLNode.parse(data, part: name, file: path)
        var percentFormats: Set<Int> = [9, 10]  // Excel's built-in 0% and 0.00%
        for format in root.all("numFmt") {
            if let id = format.attributes["numFmtId"].flatMap(Int.init),
                (format.attributes["formatCode"] ?? "").contains("%")
            {
                percentFormats.insert(id)
            }
        }
        var styles: Set<Int> = []
        if let xfs = root.first("cellXfs") {
            for (i, xf) in xfs.children.filter({ $0.name == "xf" }).enumerated() {
                if let id = xf.attributes["numFmtId"].flatMap(Int.init), percentFormats.contains(id) { styles.insert(i) }
            }
        }
        return styles
    }

    /// The text of every non-empty cell: row → column → text, as a person would read it (numbers in their
    /// shortest form, booleans as 是/否, a percentage-formatted 0.95 as "95%").
    mutating func cells(_ sheet: String, strings: [String], percentStyles: Set<Int>) throws(InputError)
        -> [Int: [Int: String]]
    {
        let root = try required(sheet)
        var cells: [Int: [Int: String]] = [:]
        for c in root.all("c") {
            guard let reference = c.attributes["r"], let (row, column) = Self.position(reference) else { continue }
            let type = c.attributes["t"] ?? "n"
            let v = c.first("v")?.text
            let text: String?
            switch type {
            case "s":
                text = v.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.flatMap {
                    $0 >= 0 && $0 < strings.count ? strings[$0] : nil
                }
            case "inlineStr": text = c.first("is")?.plainText
            case "b": text = v.map { $0 == "1" ? "是" : "否" }
            case "str", "e": text = v
            default:
                if let v, let number = Double(v.trimmingCharacters(in: .whitespaces)) {
                    if let s = c.attributes["s"].flatMap(Int.init), percentStyles.contains(s),
                        let exact = Decimal(
                            string: v.trimmingCharacters(in: .whitespaces), locale: Locale(identifier: "en_US_POSIX"))
                    {
                        // Shifted in decimal, not binary: 0.57 × 100 must read 57, not 56.99999999999999.
                        text = NSDecimalNumber(decimal: exact * 100).stringValue + "%"
                    } else {
                        text = CSVOutput.full(number)
                    }
                } else {
                    text = v
                }
            }
            if let text, !text.isEmpty { cells[row, default: [:]][column] = text }
        }
        return cells
    }

    /// "E23" → (22, 4).
    static func position(_ reference: String) -> (Int, Int)? {
        var column = 0
        var digits = ""
        for ch in reference.uppercased() {
            if let a = ch.asciiValue, a >= 65, a <= 90, digits.isEmpty {
                column = column * 26 + Int(a - 64)
            } else if ch.isNumber {
                digits.append(ch)
            } else if ch != "$" {
                return nil
            }
        }
        guard column > 0, let row = Int(digits), row > 0 else { return nil }
        return (row - 1, column - 1)
    }
}

/// A small XML tree from Foundation's `XMLParser` (parts of a form are small). Element names lose their
/// namespace prefix ("x:c" → "c"), as some writers use a prefixed SpreadsheetML namespace.
final class XMLNode {
    let name: String
    var attributes: [String: String]
    var children: [XMLNode] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    func first(_ name: String) -> XMLNode? {
        for child in children {
            if child.name == name { return child }
            if let found = child.first(name) { return found }
        }
        return nil
    }

    func all(_ name: String) -> [XMLNode] {
        var found: [XMLNode] = []
        func visit(_ node: XMLNode) {
            for child in node.children {
                if child.name == name { found.append(child) }
                visit(child)
            }
        }
        visit(self)
        return found
    }

    /// The text of the `t` elements inside, leaving out phonetic runs (`rPh`).
    var plainText: String {
        if name == "rPh" { return "" }
        if name == "t" { return text }
        return children.map(\.plainText).joined()
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [XMLNode] = [XMLNode(name: "", attributes: [:])]

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            let node = XMLNode(name: local, attributes: attributes)
            stack.last!.children.append(node)
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            if stack.count > 1 { stack.removeLast() }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last!.text += string }
    }

    static func parse(_ data: Data, part: String, file: String) throws(InputError) -> XMLNode {
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        let builder = Builder()
        parser.delegate = builder
        guard parser.parse() else {
            throw InputError(file: file, FormsMessage.badXML(part: part, line: max(1, parser.lineNumber)))
        }
        return builder.stack[0]
    }
}
