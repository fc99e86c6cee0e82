import Foundation
import QEvalSupport

#if canImport(FoundationXML)
    import FoundationXML
#endif

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

/// Streams a worksheet part with Foundation's `XMLParser` (SAX), handing over one row at a time: memory is the
/// row being read, whatever the sheet's size. Hidden rows are rows like any other; empty cells (a style and
/// no value) are left out, so empty trailing rows and columns vanish.
public enum SheetReader {
    /// Excel's last row (2²⁰): a sheet numbering rows beyond it is not one Excel or WPS wrote.
    public static let excelRows = 1_048_576

    static func read(
        _ url: URL, part: String, file: String, sheetName: String, strings: [String], formats: CellFormats,
        rowLimit: Int, _ deliver: (SheetRow) throws(InputError) -> Void
    ) throws(InputError) {
        guard let parser = XMLParser(contentsOf: url) else {
            throw InputError(file: file, WorkbookMessage.truncatedWorkbook)
        }
        parser.shouldResolveExternalEntities = false
        let handler = Handler(strings: strings, formats: formats, rowLimit: min(rowLimit, excelRows))
        var failure: InputError? = nil
        let parsed = withoutActuallyEscaping(deliver) { deliver in
            handler.deliver = { row in
                do throws(InputError) {
                    try deliver(row)
                } catch {
                    failure = error
                    parser.abortParsing()
                }
            }
            parser.delegate = handler
            defer { handler.deliver = { _ in } }
            return parser.parse()
        }
        if let failure { throw failure }
        if let beyond = handler.beyondLimit {
            if beyond > excelRows {
                throw InputError(file: "\(file)!\(sheetName)", WorkbookMessage.beyondExcelRows(row: beyond, limit: excelRows))
            }
            throw InputError(file: "\(file)!\(sheetName)", InputMessage.tooManyRows(found: beyond, limit: rowLimit))
        }
        guard parsed else {
            throw InputError(file: file, WorkbookMessage.badXML(part: part, line: max(1, parser.lineNumber)))
        }
    }

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
    static func position(_ reference: String) -> (row: Int, column: Int)? {
        var column = 0
        var row = 0
        var digits = false
        for byte in reference.utf8 {
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

    /// The SAX handler: the state of the row and the cell being read.
    private final class Handler: NSObject, XMLParserDelegate {
        let strings: [String]
        let formats: CellFormats
        let rowLimit: Int
        var deliver: (SheetRow) -> Void = { _ in }
        /// The first row number past the limit, when the sheet has one.
        var beyondLimit: Int? = nil

        private var rowNumber = 0
        private var cells: [SheetCell] = []
        private var column = -1
        private var type = "n"
        private var style: Int? = nil
        private var value: String? = nil
        private var formula: String? = nil
        private var inline = ""
        /// Which element's characters are being collected.
        private enum Capture { case none, value, formula, inlineText }
        private var capture = Capture.none
        private var phonetic = 0
        private var stopped = false

        init(strings: [String], formats: CellFormats, rowLimit: Int) {
            self.strings = strings
            self.formats = formats
            self.rowLimit = rowLimit
        }

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if stopped { return }
            switch XMLNode.local(elementName) {
            case "row":
                rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
                if rowNumber > rowLimit {
                    beyondLimit = rowNumber
                    stopped = true
                    parser.abortParsing()
                    return
                }
                cells.removeAll(keepingCapacity: true)
                column = -1
            case "c":
                if let reference = attributes["r"], let place = SheetReader.position(reference) {
                    column = place.column
                } else {
                    column += 1
                }
                type = attributes["t"] ?? "n"
                style = attributes["s"].flatMap(Int.init)
                value = nil
                formula = nil
                inline = ""
            case "v":
                capture = .value
                value = value ?? ""
            case "f":
                capture = .formula
                formula = formula ?? ""
            case "t" where phonetic == 0 && type == "inlineStr":
                capture = .inlineText
            case "rPh":
                phonetic += 1
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            switch capture {
            case .none: break
            case .value: value! += string
            case .formula: formula! += string
            case .inlineText: inline += string
            }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            if stopped { return }
            switch XMLNode.local(elementName) {
            case "v", "f", "t": capture = .none
            case "rPh": phonetic -= 1
            case "c": endCell()
            case "row":
                if !cells.isEmpty { deliver(SheetRow(number: rowNumber, cells: cells)) }
            default: break
            }
        }

        private func endCell() {
            // A formula whose result was not saved (files written by programs): whatever its type, no value.
            if (value ?? "").isEmpty, let formula, !formula.isEmpty {
                cells.append(SheetCell(column: column, text: "", problem: .formulaWithoutValue(formula: formula)))
                return
            }
            let v = value?.trimmingCharacters(in: .whitespaces)
            var problem: CellProblem? = nil
            let text: String
            switch type {
            case "s":
                text = v.flatMap(Int.init).flatMap { $0 >= 0 && $0 < strings.count ? strings[$0] : nil } ?? ""
            case "inlineStr":
                text = inline
            case "b":
                text = v == "1" ? "是" : v == "0" ? "否" : (v ?? "")
            case "str", "e":
                text = value ?? ""
            case "d":
                // An ISO 8601 date cell (Strict OOXML): never a figure.
                text = v ?? ""
                problem = .dateInNumber
            default:
                guard let v, !v.isEmpty else { return }
                if let style, formats.date.contains(style) {
                    text = v
                    problem = .dateInNumber
                } else if let number = Double(v) {
                    if let style, formats.percent.contains(style),
                        let exact = Decimal(string: v, locale: Locale(identifier: "en_US_POSIX"))
                    {
                        text = SheetReader.percentText(exact)
                    } else {
                        text = CSVOutput.full(number)
                    }
                } else {
                    text = v
                }
            }
            if !text.isEmpty || problem != nil { cells.append(SheetCell(column: column, text: text, problem: problem)) }
        }
    }
}
