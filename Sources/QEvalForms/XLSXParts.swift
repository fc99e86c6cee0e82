import Foundation
import QEvalSupport
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

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
