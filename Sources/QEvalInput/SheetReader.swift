import CLibXML2
import Foundation
import QEvalSupport

/// One cell as a person reads it in Excel or WPS: numbers in their shortest form ("95", whether stored as
/// `95`, `95.0` or `9.5E1`), a percentage-formatted 0.95 as "95%", booleans as 是/否, shared and inline
/// strings as their text, formulas by their saved result. `problem` marks what is not a value a person typed.
public struct SheetCell: Sendable {
    /// 0-based column (A = 0).
    public var column: Int
    public var text: String
    public var problem: CellProblem?
}

/// One row with at least one cell that holds something; `number` as the sheet shows it (1-based).
public struct SheetRow: Sendable {
    public var number: Int
    public var cells: [SheetCell]
}

/// Reads a worksheet part with libxml2's SAX2 push parser, fed chunk by chunk as the ZIP archive inflates
/// the part, handing over one row at a time: memory is the row being read, whatever the sheet's size. (It
/// replaced Foundation's `XMLParser`, whose per-element strings and attribute dictionaries made a 2,844-row
/// sheet take 11 times as long as the same CSV; docs/PERFORMANCE.md.) Hidden rows are rows like any other;
/// empty cells (a style and no value) are left out, so empty trailing rows and columns vanish. Entities are
/// never loaded or expanded and nothing is fetched from the network.
public enum SheetReader {
    /// Excel's last row (2²⁰): a sheet numbering rows beyond it is not one Excel or WPS wrote.
    public static let excelRows = 1_048_576

    /// A percentage-formatted cell's value as the percentage a person sees: shifted in decimal, not binary
    /// (0.57 × 100 must read 57, not 56.99999999999999), and to Excel's 15 significant digits, so that 0.623
    /// stored by a program as 0.6229999999999999 reads 62.3 as Excel shows it.
    static func percentText(_ stored: Decimal) -> String {
        var scaled = stored * 100
        guard !scaled.isZero else { return "0%" }
        let magnitude = Int(floor(log10(abs(NSDecimalNumber(decimal: scaled).doubleValue)))) + 1
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 15 - magnitude, .plain)
        return NSDecimalNumber(decimal: rounded).stringValue + "%"
    }

    /// "E23" → (row 23, column 4); nil when the reference is not a cell's.
    static func position(_ reference: String) -> (row: Int, column: Int)? { position(Array(reference.utf8)) }

    static func position(_ reference: [UInt8]) -> (row: Int, column: Int)? {
        var column = 0
        var row = 0
        var digits = false
        for byte in reference {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where !digits:
                column = column * 26 + Int(byte - UInt8(ascii: "A") + 1)
                if column > 16_384 { return nil }
            case UInt8(ascii: "a")...UInt8(ascii: "z") where !digits:
                column = column * 26 + Int(byte - UInt8(ascii: "a") + 1)
                if column > 16_384 { return nil }
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits = true
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
                if row > 100_000_000 { return nil }
            case UInt8(ascii: "$"): continue
            default: return nil
            }
        }
        guard column > 0, row > 0 else { return nil }
        return (row, column - 1)
    }

    /// A stored number as a person reads it: "95" for 95, 95.0 or 9.5E1; a plain decimal, never an exponent.
    static func plainNumber(_ stored: String) -> String? {
        guard let number = Double(stored), number.isFinite else { return nil }
        let text = CSVOutput.full(number)
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) else { return text }
        return Decimal(string: stored, locale: Locale(identifier: "en_US_POSIX")).map { NSDecimalNumber(decimal: $0).stringValue }
            ?? text
    }
}

/// The state of the row and the cell being read, and the libxml2 push parser that calls into it.
final class SheetParser {
    let strings: [String]
    let formats: CellFormats
    let rowLimit: Int
    /// Receives each row; returns false to stop reading.
    var deliver: (SheetRow) -> Bool = { _ in true }
    /// The first row number past the limit, when the sheet has one.
    private(set) var beyondLimit: Int? = nil
    /// The line where the XML could not be parsed, when it could not.
    private(set) var badLine: Int? = nil
    private(set) var stopped = false

    private var context: xmlParserCtxtPtr? = nil
    private var handler = xmlSAXHandler()

    private var rowNumber = 0
    private var cells: [SheetCell] = []
    private var column = -1
    private var type: [UInt8] = Array("n".utf8)
    private static let sharedString = Array("s".utf8)
    private static let inlineString = Array("inlineStr".utf8)
    private static let boolean = Array("b".utf8)
    private static let formulaString = Array("str".utf8)
    private static let error = Array("e".utf8)
    private static let date = Array("d".utf8)

    /// Digits with an optional minus and no leading zero: a stored integer that reads as itself.
    private static func isPlainInteger(_ bytes: ArraySlice<UInt8>) -> Bool {
        var digits = bytes[...]
        if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
        guard let first = digits.first, digits.count < 16, first != UInt8(ascii: "0") || digits.count == 1 else { return false }
        return digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
    private var style: Int? = nil
    private var value: [UInt8]? = nil
    private var formula: [UInt8]? = nil
    private var inline: [UInt8] = []
    private enum Capture { case none, value, formula, inlineText }
    private var capture = Capture.none
    private var phonetic = 0
    private var inInline = false

    init(strings: [String], formats: CellFormats, rowLimit: Int) {
        self.strings = strings
        self.formats = formats
        self.rowLimit = rowLimit
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { ctx, localname, _, _, _, _, count, _, attributes in
            guard let ctx, let localname else { return }
            Unmanaged<SheetParser>.fromOpaque(ctx).takeUnretainedValue().start(localname, Int(count), attributes)
        }
        handler.endElementNs = { ctx, localname, _, _ in
            guard let ctx, let localname else { return }
            Unmanaged<SheetParser>.fromOpaque(ctx).takeUnretainedValue().end(localname)
        }
        handler.characters = { ctx, bytes, length in
            guard let ctx, let bytes else { return }
            Unmanaged<SheetParser>.fromOpaque(ctx).takeUnretainedValue().characters(bytes, Int(length))
        }
        // Problems are read from the return codes, never printed to standard error.
        handler.serror = { _, _ in }
    }

    deinit {
        if let context {
            xmlFreeDoc(context.pointee.myDoc)
            xmlFreeParserCtxt(context)
        }
    }

    /// Parses the next chunk of the part; false once parsing has stopped (an error, the row limit, or
    /// `deliver` asking to stop).
    func feed(_ chunk: Data) -> Bool {
        if stopped { return false }
        return chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self) else { return true }
            if context == nil {
                let me = Unmanaged.passUnretained(self).toOpaque()
                context = xmlCreatePushParserCtxt(&handler, me, nil, 0, nil)
                guard let context else {
                    badLine = 1
                    stopped = true
                    return false
                }
                // No network, no entity substitution, no DTD loading: a sheet needs none of them.
                _ = xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue))
            }
            return parse(base, Int32(raw.count), terminate: false)
        }
    }

    /// Ends the document; false when it was not well-formed.
    func finish() -> Bool {
        if stopped { return badLine == nil }
        guard context != nil else {
            badLine = 1
            return false
        }
        return parse(nil, 0, terminate: true)
    }

    private func parse(_ bytes: UnsafePointer<CChar>?, _ count: Int32, terminate: Bool) -> Bool {
        let status = xmlParseChunk(context, bytes, count, terminate ? 1 : 0)
        if stopped { return false }
        if status != 0 {
            badLine = Int(xmlSAX2GetLineNumber(context))
            stopped = true
            return false
        }
        return true
    }

    private func stop() {
        stopped = true
        xmlStopParser(context)
    }

    // MARK: SAX events

    private static func named(_ name: UnsafePointer<xmlChar>, _ expected: StaticString) -> Bool {
        strcmp(
            UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self),
            UnsafeRawPointer(expected.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }

    /// An attribute's value: libxml2 gives five pointers per attribute (name, prefix, URI, value, end).
    private static func attribute(
        _ name: StaticString, _ count: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) -> [UInt8]? {
        guard let attributes else { return nil }
        for i in 0..<count {
            guard let local = attributes[i * 5], named(local, name), let start = attributes[i * 5 + 3],
                let end = attributes[i * 5 + 4]
            else { continue }
            return Array(UnsafeBufferPointer(start: start, count: end - start))
        }
        return nil
    }

    private static func integer(_ bytes: [UInt8]?) -> Int? {
        guard let bytes, !bytes.isEmpty, bytes.count < 12 else { return nil }
        var n = 0
        for b in bytes {
            guard b >= 0x30, b <= 0x39 else { return nil }
            n = n * 10 + Int(b - 0x30)
        }
        return n
    }

    private func start(
        _ name: UnsafePointer<xmlChar>, _ count: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        if stopped { return }
        if Self.named(name, "c") {
            if let reference = Self.attribute("r", count, attributes), let place = SheetReader.position(reference) {
                column = place.column
            } else {
                column += 1
            }
            type = Self.attribute("t", count, attributes) ?? [UInt8(ascii: "n")]
            style = Self.integer(Self.attribute("s", count, attributes))
            value = nil
            formula = nil
            inline.removeAll(keepingCapacity: true)
        } else if Self.named(name, "v") {
            capture = .value
            if value == nil { value = [] }
        } else if Self.named(name, "row") {
            rowNumber = Self.integer(Self.attribute("r", count, attributes)) ?? rowNumber + 1
            if rowNumber > rowLimit {
                beyondLimit = rowNumber
                stop()
                return
            }
            cells.removeAll(keepingCapacity: true)
            column = -1
        } else if Self.named(name, "f") {
            capture = .formula
            if formula == nil { formula = [] }
        } else if Self.named(name, "is") {
            inInline = true
        } else if Self.named(name, "t") {
            if inInline && phonetic == 0 { capture = .inlineText }
        } else if Self.named(name, "rPh") {
            phonetic += 1
        }
    }

    private func characters(_ bytes: UnsafePointer<xmlChar>, _ length: Int) {
        let chunk = UnsafeBufferPointer(start: bytes, count: length)
        switch capture {
        case .none: break
        case .value: value!.append(contentsOf: chunk)
        case .formula: formula!.append(contentsOf: chunk)
        case .inlineText: inline.append(contentsOf: chunk)
        }
    }

    private func end(_ name: UnsafePointer<xmlChar>) {
        if stopped { return }
        if Self.named(name, "c") {
            endCell()
        } else if Self.named(name, "v") || Self.named(name, "f") || Self.named(name, "t") {
            capture = .none
        } else if Self.named(name, "row") {
            if !cells.isEmpty, !deliver(SheetRow(number: rowNumber, cells: cells)) { stop() }
        } else if Self.named(name, "is") {
            inInline = false
        } else if Self.named(name, "rPh") {
            phonetic -= 1
        }
    }

    private func endCell() {
        // A formula whose result was not saved (files written by programs): whatever its type, no value.
        if (value ?? []).isEmpty, let formula, !formula.isEmpty {
            let text = String(decoding: formula, as: UTF8.self)
            cells.append(SheetCell(column: column, text: "", problem: .formulaWithoutValue(formula: text)))
            return
        }
        // The value without surrounding spaces (writers put none; a few pad), compared as bytes: this runs
        // once per cell, and Foundation's trimming and string comparison were a third of the read.
        let bytes = value ?? []
        var lower = 0
        var upper = bytes.count
        while lower < upper, bytes[lower] == 0x20 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 { upper -= 1 }
        let trimmed = bytes[lower..<upper]
        let v: String? = value == nil ? nil : String(decoding: trimmed, as: UTF8.self)
        var problem: CellProblem? = nil
        let text: String
        switch type {
        case Self.sharedString:
            let index = Self.integer(Array(trimmed)) ?? -1
            text = index >= 0 && index < strings.count ? strings[index] : ""
        case Self.inlineString:
            text = String(decoding: inline, as: UTF8.self)
        case Self.boolean:
            text = v == "1" ? "是" : v == "0" ? "否" : (v ?? "")
        case Self.formulaString, Self.error:
            text = value.map { String(decoding: $0, as: UTF8.self) } ?? ""
        case Self.date:
            // An ISO 8601 date cell (Strict OOXML): never a figure.
            text = v ?? ""
            problem = .dateInNumber
        default:
            guard let v, !v.isEmpty else { return }
            if let style, formats.date.contains(style) {
                text = v
                problem = .dateInNumber
            } else if let style, formats.percent.contains(style), Double(v) != nil,
                let exact = Decimal(string: v, locale: Locale(identifier: "en_US_POSIX"))
            {
                text = SheetReader.percentText(exact)
            } else if Self.isPlainInteger(trimmed) {
                text = v  // "95": already as a person reads it
            } else {
                text = SheetReader.plainNumber(v) ?? v
            }
        }
        if !text.isEmpty || problem != nil { cells.append(SheetCell(column: column, text: text, problem: problem)) }
    }
}
