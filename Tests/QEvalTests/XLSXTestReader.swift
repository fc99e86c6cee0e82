import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A small XLSX reader for tests, independent of libxlsxwriter: unzips with ZIPFoundation and parses the
/// parts with Foundation's XMLParser. It reads what the tests check — sheet names and order, cells with
/// their type, formula and cached value (inline, shared or formula strings), and the few sheet-level
/// settings (frozen pane, autofilter, conditional formats, page set-up, charts) — and nothing else.
struct XLSXTestReader {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// An element of a parsed part: local name (namespace prefix dropped), attributes (prefixes kept),
    /// children and the text directly inside it.
    final class Node {
        let name: String
        let attributes: [String: String]
        var children: [Node] = []
        var text = ""

        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }

        subscript(attribute: String) -> String? { attributes[attribute] }

        func child(_ name: String) -> Node? { children.first { $0.name == name } }

        /// Every descendant (depth first) with this local name.
        func all(_ name: String) -> [Node] {
            var out: [Node] = []
            func visit(_ node: Node) {
                for c in node.children {
                    if c.name == name { out.append(c) }
                    visit(c)
                }
            }
            visit(self)
            return out
        }

        func first(_ name: String) -> Node? { all(name).first }

        /// The text of this element and all its descendants, in order (a rich-text `<is>` has several `<t>`).
        var allText: String { text + children.map(\.allText).joined() }
    }

    /// Parses one XML part into a tree.
    static func parse(_ data: Data, part: String) throws -> Node {
        final class Builder: NSObject, XMLParserDelegate {
            var stack: [Node] = [Node(name: "#document", attributes: [:])]
            func parser(
                _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
            ) {
                let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
                let node = Node(name: local, attributes: attributeDict)
                stack.last!.children.append(node)
                stack.append(node)
            }
            func parser(
                _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?
            ) {
                stack.removeLast()
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last!.text += string }
        }
        // From a stream, the parser is fed in chunks: libxml2 refuses a single chunk over 10 MB ("huge input
        // lookup"), which a whole-cohort 计分过程 sheet exceeds.
        let parser = XMLParser(stream: InputStream(data: data))
        let builder = Builder()
        parser.delegate = builder
        guard parser.parse() else {
            throw Failure("\(part): not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "unknown error")")
        }
        guard let root = builder.stack.first?.children.first else { throw Failure("\(part): no root element") }
        return root
    }

    /// One cell as stored: `type` is the `t` attribute (nil for a number), `formula` the `<f>` text,
    /// `cached` the `<v>` text, and `text` the string the cell shows when it is a string of any kind.
    struct Cell {
        var reference: String
        var row: Int
        var column: Int
        var type: String?
        var formula: String?
        var cached: String?
        var text: String?
        var style: Int?

        /// The numeric value (cached, for a formula); nil for strings, errors and blanks.
        var number: Double? {
            guard type == nil || type == "n", let cached else { return nil }
            return Double(cached)
        }

        var isString: Bool { type == "s" || type == "inlineStr" || type == "str" }
        var isFormula: Bool { formula != nil }
        /// What a reader shows: the text, else the cached value.
        var display: String { text ?? cached ?? "" }
    }

    struct Sheet {
        var name: String
        var part: String
        var root: Node
        /// Cells by 0-based (row, column).
        var cells: [Int: [Int: Cell]]
        var charts: [Node]
        /// The drawing parts (chart anchors: `twoCellAnchor` with `from` and `to` cells).
        var drawings: [Node] = []

        func cell(_ row: Int, _ column: Int) -> Cell? { cells[row]?[column] }
        subscript(_ reference: String) -> Cell? {
            guard let (r, c) = XLSXTestReader.position(reference) else { return nil }
            return cell(r, c)
        }
        /// Display text of a cell ("" when absent).
        func text(_ row: Int, _ column: Int) -> String { cell(row, column)?.display ?? "" }
        func number(_ row: Int, _ column: Int) -> Double? { cell(row, column)?.number }
        /// Display texts of a row, from column 0 to its last stored cell.
        func row(_ row: Int) -> [String] {
            guard let columns = cells[row], let last = columns.keys.max() else { return [] }
            return (0...last).map { text(row, $0) }
        }
        var rowCount: Int { (cells.keys.max() ?? -1) + 1 }
        var allCells: [Cell] { cells.values.flatMap(\.values) }

        var autofilter: String? { root.child("autoFilter")?["ref"] }
        var frozenPane: (rows: Int, columns: Int)? {
            guard let pane = root.first("pane"), pane["state"] == "frozen" else { return nil }
            return (Int(pane["ySplit"] ?? "0") ?? 0, Int(pane["xSplit"] ?? "0") ?? 0)
        }
        var pageSetup: [String: String] { root.child("pageSetup")?.attributes ?? [:] }
        var fitToPage: Bool { root.child("sheetPr")?.child("pageSetUpPr")?["fitToPage"] == "1" }
        var footer: String { root.child("headerFooter")?.child("oddFooter")?.text ?? "" }
        var header: String { root.child("headerFooter")?.child("oddHeader")?.text ?? "" }
        /// (sqref, rule type, the rule's text attribute, its first formula) of each conditional format.
        var conditionalFormats: [(range: String, type: String, text: String?, formula: String?)] {
            root.all("conditionalFormatting").flatMap { cf in
                cf.all("cfRule").map { (cf["sqref"] ?? "", $0["type"] ?? "", $0["text"], $0.child("formula")?.text) }
            }
        }
        /// Row heights (points) set explicitly, by 0-based row.
        var heights: [Int: Double] {
            var out: [Int: Double] = [:]
            for row in root.all("row") {
                if let r = Int(row["r"] ?? ""), let h = Double(row["ht"] ?? "") { out[r - 1] = h }
            }
            return out
        }
        /// Column widths from `<cols>`, by 0-based column.
        var widths: [Int: Double] {
            var out: [Int: Double] = [:]
            for col in root.all("col") {
                guard let lo = Int(col["min"] ?? ""), let hi = Int(col["max"] ?? ""),
                    let w = Double(col["width"] ?? "")
                else { continue }
                for c in lo...hi { out[c - 1] = w }
            }
            return out
        }
    }

    let url: URL
    /// Sheet names in workbook order.
    let sheetNames: [String]
    let workbook: Node
    private let parts: [String: Data]
    private let sheetParts: [String: String]
    private let sharedStrings: [String]

    init(url: URL) throws {
        self.url = url
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw Failure("\(url.path): not a zip archive (\(error))")
        }
        var parts: [String: Data] = [:]
        for entry in archive where entry.type == .file {
            var data = Data()
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            parts[entry.path] = data
        }
        self.parts = parts
        guard let workbookData = parts["xl/workbook.xml"] else { throw Failure("no xl/workbook.xml") }
        workbook = try Self.parse(workbookData, part: "xl/workbook.xml")
        let rels = try Self.relationships(parts, of: "xl/workbook.xml")
        var names: [String] = []
        var sheetParts: [String: String] = [:]
        for sheet in workbook.all("sheet") {
            guard let name = sheet["name"], let id = sheet["r:id"], let target = rels[id] else {
                throw Failure("xl/workbook.xml: a <sheet> without name or relationship")
            }
            names.append(name)
            sheetParts[name] = target
        }
        sheetNames = names
        self.sheetParts = sheetParts
        if let shared = parts["xl/sharedStrings.xml"] {
            sharedStrings = try Self.parse(shared, part: "xl/sharedStrings.xml").children.filter { $0.name == "si" }
                .map { si in si.all("t").map(\.text).joined() }
        } else {
            sharedStrings = []
        }
    }

    init(path: String) throws { try self.init(url: URL(fileURLWithPath: path)) }

    /// The raw bytes of a part ("xl/worksheets/sheet1.xml").
    func part(_ path: String) -> Data? { parts[path] }
    var partNames: [String] { parts.keys.sorted() }

    /// The part path of a sheet.
    func partPath(ofSheet name: String) throws -> String {
        guard let path = sheetParts[name] else { throw Failure("no sheet named \(name); sheets: \(sheetNames)") }
        return path
    }

    /// Relationship id → target part path, for the part at `path`.
    static func relationships(_ parts: [String: Data], of path: String) throws -> [String: String] {
        let folder = (path as NSString).deletingLastPathComponent
        let relsPath = folder + "/_rels/" + (path as NSString).lastPathComponent + ".rels"
        guard let data = parts[relsPath] else { return [:] }
        var out: [String: String] = [:]
        for rel in try parse(data, part: relsPath).all("Relationship") {
            guard let id = rel["Id"], let target = rel["Target"] else { continue }
            if rel["TargetMode"] == "External" { continue }
            out[id] = resolve(target, from: folder)
        }
        return out
    }

    /// A relationship target relative to `folder` ("../charts/chart1.xml"), or absolute ("/xl/…").
    static func resolve(_ target: String, from folder: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var components = folder.split(separator: "/").map(String.init)
        for piece in target.split(separator: "/") {
            if piece == ".." {
                if !components.isEmpty { components.removeLast() }
            } else if piece != "." {
                components.append(String(piece))
            }
        }
        return components.joined(separator: "/")
    }

    func sheet(_ name: String) throws -> Sheet {
        let path = try partPath(ofSheet: name)
        guard let data = parts[path] else { throw Failure("sheet \(name): part \(path) is missing") }
        let root = try Self.parse(data, part: path)
        var cells: [Int: [Int: Cell]] = [:]
        for c in root.all("c") {
            guard let reference = c["r"], let (row, column) = Self.position(reference) else {
                throw Failure("\(path): a cell without a valid r attribute")
            }
            let type = c["t"]
            let formula = c.child("f")?.text
            let cached = c.child("v")?.text
            var text: String? = nil
            switch type {
            case "inlineStr": text = c.child("is")?.all("t").map(\.text).joined() ?? ""
            case "str": text = cached ?? ""
            case "s":
                guard let index = cached.flatMap({ Int($0) }), sharedStrings.indices.contains(index) else {
                    throw Failure("\(path) \(reference): shared string index \(cached ?? "nil") out of range")
                }
                text = sharedStrings[index]
            default: break
            }
            cells[row, default: [:]][column] = Cell(
                reference: reference, row: row, column: column, type: type, formula: formula, cached: cached,
                text: text, style: c["s"].flatMap { Int($0) })
        }
        // Charts: sheet → drawing → chart parts.
        var charts: [Node] = []
        var drawings: [Node] = []
        let sheetRels = try Self.relationships(parts, of: path)
        for drawingID in root.all("drawing").compactMap({ $0["r:id"] }) {
            guard let drawingPath = sheetRels[drawingID] else { continue }
            if let data = parts[drawingPath] { drawings.append(try Self.parse(data, part: drawingPath)) }
            let drawingRels = try Self.relationships(parts, of: drawingPath)
            for chartPath in drawingRels.values.sorted() where chartPath.contains("charts/") {
                if let data = parts[chartPath] { charts.append(try Self.parse(data, part: chartPath)) }
            }
        }
        return Sheet(name: name, part: path, root: root, cells: cells, charts: charts, drawings: drawings)
    }

    /// The number format code of a cell style index (`s`), from xl/styles.xml; built-in ids map to their
    /// codes (libxlsxwriter stores "0.00" as built-in 2).
    func numberFormat(style: Int?) throws -> String {
        guard let data = parts["xl/styles.xml"] else { throw Failure("no xl/styles.xml") }
        let styles = try Self.parse(data, part: "xl/styles.xml")
        var custom: [Int: String] = [:]
        for f in styles.child("numFmts")?.children ?? [] {
            if let id = Int(f["numFmtId"] ?? ""), let code = f["formatCode"] { custom[id] = code }
        }
        let xfs = styles.child("cellXfs")?.children.filter { $0.name == "xf" } ?? []
        let index = style ?? 0
        guard xfs.indices.contains(index) else { throw Failure("style \(index) not in cellXfs (\(xfs.count))") }
        let id = Int(xfs[index]["numFmtId"] ?? "0") ?? 0
        let builtIn = [0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%"]
        return custom[id] ?? builtIn[id] ?? "builtin:\(id)"
    }

    /// Defined names of the workbook: (name, local sheet index or nil, formula).
    var definedNames: [(name: String, sheet: Int?, value: String)] {
        workbook.all("definedName").map { ($0["name"] ?? "", $0["localSheetId"].flatMap { Int($0) }, $0.text) }
    }

    /// "AB12" → (11, 27), 0-based; "$" signs are ignored.
    static func position(_ reference: String) -> (Int, Int)? {
        var column = 0
        var row = 0
        var sawLetter = false
        var sawDigit = false
        for ch in reference.unicodeScalars where ch != "$" {
            switch ch.value {
            case 65...90:
                guard !sawDigit else { return nil }
                column = column * 26 + Int(ch.value - 64)
                sawLetter = true
            case 48...57:
                guard sawLetter else { return nil }
                row = row * 10 + Int(ch.value - 48)
                sawDigit = true
            default: return nil
            }
        }
        guard sawLetter, sawDigit, row > 0 else { return nil }
        return (row - 1, column - 1)
    }

    /// A copy of the archive at `source` written to `destination` with some parts' bytes replaced; the
    /// other entries are copied unchanged, in their order.
    /// Copies a workbook, each part passed through `transform` (its name and bytes → the bytes to write).
    static func rewrite(_ source: URL, to destination: URL, transform: (String, Data) throws -> Data) throws {
        let input = try Archive(url: source, accessMode: .read)
        try? FileManager.default.removeItem(at: destination)
        let output = try Archive(url: destination, accessMode: .create)
        for entry in input {
            var data = Data()
            _ = try input.extract(entry) { data.append($0) }
            let bytes = try transform(entry.path, data)
            try output.addEntry(
                with: entry.path, type: entry.type, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate,
                provider: { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) })
        }
    }

    static func rewrite(_ source: URL, to destination: URL, replacing replacements: [String: Data]) throws {
        let input = try Archive(url: source, accessMode: .read)
        try? FileManager.default.removeItem(at: destination)
        let output = try Archive(url: destination, accessMode: .create)
        var pending = replacements
        for entry in input {
            var data = Data()
            _ = try input.extract(entry) { data.append($0) }
            if let replacement = pending.removeValue(forKey: entry.path) { data = replacement }
            let bytes = data
            try output.addEntry(
                with: entry.path, type: entry.type, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate,
                provider: { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) })
        }
        if !pending.isEmpty { throw Failure("no part named \(pending.keys.sorted()) in \(source.path)") }
    }
}
