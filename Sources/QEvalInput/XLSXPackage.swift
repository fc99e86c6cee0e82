import Foundation
import QEvalSupport
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// How much of a workbook is inflated before it is refused unread. A cohort of 100,000 applicants is a sheet
/// of about 330 MB of XML; a form is a few hundred kilobytes. A zip bomb (a small file that inflates to
/// gigabytes) is refused from the sizes the archive declares, and again while inflating, so a forged size
/// does not get past the cap either.
public struct XLSXLimits: Sendable {
    /// The largest worksheet part, streamed to a temporary file and parsed from there.
    public var sheetBytes: Int
    /// The largest other part (workbook, relationships, styles, shared strings), parsed in memory.
    public var partBytes: Int
    /// All parts read from one workbook together.
    public var totalBytes: Int
    /// Entries in the archive: a workbook has a few dozen.
    public var entries: Int

    public init(sheetBytes: Int, partBytes: Int, totalBytes: Int, entries: Int) {
        self.sheetBytes = sheetBytes
        self.partBytes = partBytes
        self.totalBytes = totalBytes
        self.entries = entries
    }

    public static let standard = XLSXLimits(
        sheetBytes: 1024 * 1024 * 1024, partBytes: 200 * 1024 * 1024, totalBytes: 1536 * 1024 * 1024, entries: 10_000)
    /// A returned county form: one small sheet.
    public static let form = XLSXLimits(
        sheetBytes: 20 * 1024 * 1024, partBytes: 20 * 1024 * 1024, totalBytes: 60 * 1024 * 1024, entries: 10_000)
}

/// An .xlsx file opened for reading through ZIPFoundation: its parts, their relationships, its sheets, its
/// shared strings and the number formats of its cell styles. The one workbook reader of the input stage,
/// used for cohorts (`WorkbookCohort`) and for returned forms.
public struct XLSXPackage {
    public let file: String
    let archive: Archive
    /// Caps for what is read from here on (a form, once recognised, is held to `XLSXLimits.form`).
    public var limits: XLSXLimits
    /// Bytes inflated so far, against `limits.totalBytes`.
    private var total = 0

    /// Opens `bytes` (the whole file) as a workbook, after `WorkbookFormat.check` has refused what is not one.
    public init(bytes: [UInt8], file: String, limits: XLSXLimits = .standard) throws(InputError) {
        try WorkbookFormat.check(bytes, file: file)
        self.file = file
        self.limits = limits
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw InputError(file: file, WorkbookMessage.truncatedWorkbook)
        }
        var entries = 0
        for _ in archive {
            entries += 1
            if entries > limits.entries {
                throw InputError(file: file, WorkbookMessage.tooManyEntries(limit: limits.entries))
            }
        }
        if archive["mimetype"] != nil, archive["content.xml"] != nil {
            throw InputError(file: file, WorkbookMessage.openDocument)
        }
        if archive["[Content_Types].xml"] == nil {
            throw InputError(file: file, WorkbookMessage.zipNotWorkbook)
        }
    }

    /// Reads the file at `path` and opens it.
    public init(path: String, limits: XLSXLimits = .standard) throws(InputError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InputError(file: path, InputMessage.cannotRead(FileProblem.of(path: path, error: error)))
        }
        try self.init(bytes: [UInt8](data), file: path, limits: limits)
    }

    private struct TooLarge: Error {}

    /// Checks a part's declared size against `limit` and the running total before anything is inflated.
    private func admit(_ entry: Entry, limit: Int) throws(InputError) {
        if entry.uncompressedSize > UInt64(limit) {
            throw InputError(file: file, WorkbookMessage.partTooLarge(part: entry.path, limitMiB: limit / 1024 / 1024))
        }
        if total + Int(entry.uncompressedSize) > limits.totalBytes {
            throw InputError(file: file, WorkbookMessage.workbookTooLarge(limitMiB: limits.totalBytes / 1024 / 1024))
        }
    }

    /// A part's bytes; nil when the archive has no such part.
    public mutating func part(_ name: String) throws(InputError) -> Data? {
        guard let entry = archive[name] else { return nil }
        let limit = limits.partBytes
        try admit(entry, limit: limit)
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                data.append(chunk)
                if data.count > limit || data.count > Int(entry.uncompressedSize) { throw TooLarge() }
            }
        } catch is TooLarge {
            throw InputError(file: file, WorkbookMessage.partTooLarge(part: name, limitMiB: limit / 1024 / 1024))
        } catch {
            throw InputError(file: file, WorkbookMessage.truncatedWorkbook)
        }
        total += data.count
        return data
    }

    mutating func required(_ name: String) throws(InputError) -> XMLNode {
        guard let data = try part(name) else { throw InputError(file: file, WorkbookMessage.partMissing(part: name)) }
        return try XMLNode.parse(data, part: name, file: file)
    }

    /// Target of each relationship id in `part`'s relationships, as a path inside the archive.
    mutating func relationships(of part: String) throws(InputError) -> [String: String] {
        let folder = (part as NSString).deletingLastPathComponent
        let rels = folder + "/_rels/" + (part as NSString).lastPathComponent + ".rels"
        guard let data = try self.part(rels) else { return [:] }
        let root = try XMLNode.parse(data, part: rels, file: file)
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
            let root = try XMLNode.parse(data, part: "_rels/.rels", file: file)
            for r in root.all("Relationship") where (r.attributes["Type"] ?? "").hasSuffix("/officeDocument") {
                if let target = r.attributes["Target"] { return Self.resolve(target, from: "") }
            }
        }
        return "xl/workbook.xml"
    }

    /// The worksheets in the workbook's order: name and part. Chart sheets and dialog sheets have no cells and
    /// are left out.
    public mutating func sheets() throws(InputError) -> [(name: String, part: String)] {
        let main = try workbookPart()
        let workbook = try required(main)
        let targets = try relationships(of: main)
        var found: [(String, String)] = []
        for sheet in workbook.all("sheet") {
            guard let name = sheet.attributes["name"] else { continue }
            let id = sheet.attributes.first { $0.key == "r:id" || $0.key.hasSuffix(":id") }?.value
            if let id, let target = targets[id], target.contains("worksheets/") { found.append((name, target)) }
        }
        return found
    }

    /// The first sheet called one of `names`, and its part; nil when there is none.
    public mutating func sheet(named names: [String]) throws(InputError) -> (name: String, part: String)? {
        let all = try sheets()
        for name in names { if let found = all.first(where: { $0.name == name }) { return found } }
        return nil
    }

    mutating func relatedPart(endingWith suffix: String) throws(InputError) -> String? {
        let main = try workbookPart()
        let targets = try relationships(of: main)
        return targets.values.sorted().first { $0.lowercased().hasSuffix(suffix) }
    }

    /// The shared strings, each the text of its runs (phonetic guides left out), read as a stream.
    public mutating func sharedStrings() throws(InputError) -> [String] {
        guard let name = try relatedPart(endingWith: "sharedstrings.xml"), let data = try part(name) else { return [] }
        let collector = SharedStringsCollector()
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = collector
        guard parser.parse() else {
            throw InputError(file: file, WorkbookMessage.badXML(part: name, line: max(1, parser.lineNumber)))
        }
        return collector.strings
    }

    /// What each cell style's number format shows: a percentage (the cell holds 0.95 for 95 %) or a date.
    public mutating func cellFormats() throws(InputError) -> CellFormats {
        guard let name = try relatedPart(endingWith: "styles.xml"), let data = try part(name) else {
            return CellFormats(percent: [], date: [])
        }
        let root = try XMLNode.parse(data, part: name, file: file)
        var percentFormats: Set<Int> = [9, 10]  // Excel's built-in 0% and 0.00%
        // Excel's built-in date and time formats, the CJK ones (27–36, 50–58) included.
        var dateFormats = Set(14...22).union(27...36).union(45...47).union(50...58)
        for format in root.all("numFmt") {
            guard let id = format.attributes["numFmtId"].flatMap(Int.init) else { continue }
            let code = CellFormats.visible(format.attributes["formatCode"] ?? "")
            if code.contains("%") {
                percentFormats.insert(id)
            } else if CellFormats.isDate(code) {
                dateFormats.insert(id)
            } else {
                // A custom format may redefine a built-in id.
                percentFormats.remove(id)
                dateFormats.remove(id)
            }
        }
        var percent: Set<Int> = []
        var date: Set<Int> = []
        if let xfs = root.first("cellXfs") {
            for (i, xf) in xfs.children.filter({ $0.name == "xf" }).enumerated() {
                guard let id = xf.attributes["numFmtId"].flatMap(Int.init) else { continue }
                if percentFormats.contains(id) { percent.insert(i) }
                if dateFormats.contains(id) { date.insert(i) }
            }
        }
        return CellFormats(percent: percent, date: date)
    }

    /// Streams the rows of the sheet in `part` (see `SheetReader`): inflated chunk by chunk straight into the
    /// parser, within `limits.sheetBytes`.
    public mutating func readRows(
        _ part: String, sheetName: String, strings: [String], formats: CellFormats, rowLimit: Int = SheetReader.excelRows,
        _ row: (SheetRow) throws(InputError) -> Void
    ) throws(InputError) {
        guard let entry = archive[part] else { throw InputError(file: file, WorkbookMessage.partMissing(part: part)) }
        let limit = limits.sheetBytes
        try admit(entry, limit: limit)
        let parser = SheetParser(strings: strings, formats: formats, rowLimit: min(rowLimit, SheetReader.excelRows))
        var failure: InputError? = nil
        var inflated = 0
        var outcome: Result<Void, InputError> = .success(())
        withoutActuallyEscaping(row) { row in
            parser.deliver = { sheetRow in
                do throws(InputError) {
                    try row(sheetRow)
                    return true
                } catch {
                    failure = error
                    return false
                }
            }
            defer { parser.deliver = { _ in true } }
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    inflated += chunk.count
                    if inflated > limit || inflated > Int(entry.uncompressedSize) { throw TooLarge() }
                    if !parser.feed(chunk) { throw Stopped() }
                }
                _ = parser.finish()
            } catch is TooLarge {
                outcome = .failure(
                    InputError(file: file, WorkbookMessage.partTooLarge(part: part, limitMiB: limit / 1024 / 1024)))
            } catch is Stopped {
                // The parser stopped: a row past the limit, a caller's error or malformed XML (below).
            } catch {
                outcome = .failure(InputError(file: file, WorkbookMessage.truncatedWorkbook))
            }
        }
        total += inflated
        if let failure { throw failure }
        if case .failure(let error) = outcome { throw error }
        if let beyond = parser.beyondLimit {
            if beyond > SheetReader.excelRows {
                throw InputError(
                    file: "\(file)!\(sheetName)", WorkbookMessage.beyondExcelRows(row: beyond, limit: SheetReader.excelRows))
            }
            throw InputError(file: "\(file)!\(sheetName)", InputMessage.tooManyRows(found: beyond, limit: rowLimit))
        }
        if let line = parser.badLine {
            throw InputError(file: file, WorkbookMessage.badXML(part: part, line: max(1, line)))
        }
    }

    private struct Stopped: Error {}

    /// The text of every non-empty cell of a (small) sheet, row → column → text (0-based), and the cells that
    /// hold no value a person typed (a formula without its result, a date), row → column → problem.
    public mutating func cells(_ part: String, sheetName: String) throws(InputError)
        -> (texts: [Int: [Int: String]], problems: [Int: [Int: CellProblem]])
    {
        let strings = try sharedStrings()
        let formats = try cellFormats()
        var cells: [Int: [Int: String]] = [:]
        var problems: [Int: [Int: CellProblem]] = [:]
        try readRows(part, sheetName: sheetName, strings: strings, formats: formats) { (row: SheetRow) throws(InputError) in
            for cell in row.cells {
                if !cell.text.isEmpty { cells[row.number - 1, default: [:]][cell.column] = cell.text }
                if let problem = cell.problem { problems[row.number - 1, default: [:]][cell.column] = problem }
            }
        }
        return (cells, problems)
    }
}

/// Which cell styles show a percentage or a date, by style index (a cell's `s`).
public struct CellFormats: Sendable {
    public var percent: Set<Int>
    public var date: Set<Int>

    public init(percent: Set<Int>, date: Set<Int>) {
        self.percent = percent
        self.date = date
    }

    /// A format code without its quoted text ("年"), escaped characters and bracketed parts ([Red], [$-804]).
    static func visible(_ code: String) -> String {
        var out = ""
        var quoted = false
        var bracket = false
        var escaped = false
        for ch in code {
            if escaped {
                escaped = false
                continue
            }
            switch ch {
            case "\"": quoted.toggle()
            case "\\" where !quoted: escaped = true
            case "[" where !quoted: bracket = true
            case "]" where !quoted: bracket = false
            default: if !quoted && !bracket { out.append(ch) }
            }
        }
        return out
    }

    /// Whether a visible format code shows a date or a time (y, d, h or s in it).
    static func isDate(_ visible: String) -> Bool {
        let code = visible.lowercased().replacingOccurrences(of: "general", with: "")
        return code.contains { "ydhs".contains($0) }
    }
}

/// Collects the shared strings (`si`), each the text of its `t` elements outside phonetic runs (`rPh`).
private final class SharedStringsCollector: NSObject, XMLParserDelegate {
    var strings: [String] = []
    private var current = ""
    private var inText = false
    private var phonetic = 0

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch XMLNode.local(elementName) {
        case "si": current = ""
        case "t": inText = phonetic == 0
        case "rPh": phonetic += 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch XMLNode.local(elementName) {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": phonetic -= 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }
}
