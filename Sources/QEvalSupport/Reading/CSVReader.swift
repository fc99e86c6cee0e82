import CCsv

/// Records parsed from CSV text, stored flat: every field's bytes live in one buffer and are addressed by
/// offsets, so reading 100,000 rows allocates a handful of arrays, not millions of strings.
public struct CSVTable: Sendable {
    /// The bytes of every field, back to back (already unquoted by libcsv).
    public private(set) var storage: [UInt8] = []
    /// Start offset of each field in `storage`; a field ends where the next begins (`fieldStarts` has one
    /// extra entry at the end).
    public private(set) var fieldStarts: [Int] = [0]
    /// Index of each record's first field in `fieldStarts`; one extra entry at the end.
    public private(set) var recordStarts: [Int] = [0]
    /// The line (1-based, as an editor shows it) each record starts on.
    public private(set) var recordLines: [Int] = []

    /// Cells that hold something other than text a person typed (a workbook's formula without a saved
    /// result, a date where a figure belongs), by index into `fieldStarts`: reported where the cell is read.
    public private(set) var cellProblems: [Int: CellProblem] = [:]

    public init() {}

    public var recordCount: Int { recordLines.count }

    /// Appends one record of texts (a worksheet's row); `line` is the row's number as the sheet shows it.
    public mutating func append(record fields: [String], line: Int, problems: [Int: CellProblem] = [:]) {
        let first = fieldStarts.count - 1
        for field in fields {
            storage.append(contentsOf: field.utf8)
            fieldStarts.append(storage.count)
        }
        for (f, problem) in problems { cellProblems[first + f] = problem }
        endRecord(line: line)
    }

    /// The same records, each made `width` fields wide (missing fields empty, extra ones dropped): a sheet's
    /// rows end at their last filled cell. Copies bytes, not strings.
    public func padded(to width: Int) -> CSVTable {
        var out = CSVTable()
        out.storage.reserveCapacity(storage.count)
        out.fieldStarts.reserveCapacity(recordCount * width + 1)
        for r in 0..<recordCount {
            let first = out.fieldStarts.count - 1
            let count = fieldCount(ofRecord: r)
            for f in 0..<width {
                if f < count {
                    out.storage.append(contentsOf: bytes(record: r, field: f))
                    if let problem = problem(record: r, field: f) { out.cellProblems[first + f] = problem }
                }
                out.fieldStarts.append(out.storage.count)
            }
            out.endRecord(line: recordLines[r])
        }
        return out
    }

    /// What is wrong with field `f` of record `r` beyond its text, if anything.
    public func problem(record r: Int, field f: Int) -> CellProblem? {
        cellProblems.isEmpty ? nil : cellProblems[recordStarts[r] + f]
    }

    public func fieldCount(ofRecord r: Int) -> Int { recordStarts[r + 1] - recordStarts[r] }

    /// The bytes of field `f` of record `r`.
    public func bytes(record r: Int, field f: Int) -> ArraySlice<UInt8> {
        let index = recordStarts[r] + f
        return storage[fieldStarts[index]..<fieldStarts[index + 1]]
    }

    public func string(record r: Int, field f: Int) -> String {
        String(decoding: bytes(record: r, field: f), as: UTF8.self)
    }

    public func record(_ r: Int) -> [String] {
        (0..<fieldCount(ofRecord: r)).map { string(record: r, field: $0) }
    }

    mutating func appendField(_ pointer: UnsafeRawPointer?, _ length: Int) {
        if let pointer, length > 0 {
            storage.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: length))
        }
        fieldStarts.append(storage.count)
    }

    mutating func endRecord(line: Int) {
        recordStarts.append(fieldStarts.count - 1)
        recordLines.append(line)
    }
}

/// Reads CSV through libcsv, wrapped once here: the parser lives and dies inside `parse`, callbacks reach
/// Swift through an opaque context, and libcsv's error codes become `InputError`s with a line number.
public enum CSVReader {
    /// Parses UTF-8 CSV text. Quoted fields may hold commas, quotes ("") and line breaks; unquoted fields
    /// have surrounding spaces and tabs trimmed (libcsv's default); blank lines are skipped.
    /// An unterminated quote is an error naming the line the quoted field starts on.
    public static func parse(_ text: [UInt8], file: String) throws(InputError) -> CSVTable {
        let state = ParseState()
        var parser = csv_parser()
        guard csv_init(&parser, 0) == 0 else {
            throw InputError(file: file, InputMessage.csvUnparsable(reason: "libcsv: out of memory"))
        }
        defer { csv_free(&parser) }

        let context = Unmanaged.passUnretained(state).toOpaque()
        var failure: InputError? = nil
        // Lines as an editor numbers them: by LF, or by CR in a file without any LF (old Mac Excel).
        let lineBreak: UInt8 = text.contains(0x0A) ? 0x0A : 0x0D

        // libcsv ends a record at CR or LF outside quotes. The text is fed to it in chunks that end right
        // after each such byte (CR LF together), so every record begins at the start of a chunk: the first
        // chunk after the previous record that holds anything but white space. A lone CR inside an LF file
        // ends a record (as libcsv sees it) without starting a new editor line.
        text.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var chunkStart = 0
            var line = 1
            let n = buffer.count
            while chunkStart < n {
                var chunkEnd = chunkStart
                while chunkEnd < n && buffer[chunkEnd] != 0x0A && buffer[chunkEnd] != 0x0D { chunkEnd += 1 }
                if chunkEnd < n {
                    if buffer[chunkEnd] == 0x0D && chunkEnd + 1 < n && buffer[chunkEnd + 1] == 0x0A { chunkEnd += 1 }
                    chunkEnd += 1  // include the line break
                }
                if !state.inRecord {
                    var k = chunkStart
                    while k < chunkEnd && (buffer[k] == 0x20 || buffer[k] == 0x09 || buffer[k] == 0x0D || buffer[k] == 0x0A) {
                        k += 1
                    }
                    if k < chunkEnd {
                        state.inRecord = true
                        state.recordLine = line
                    }
                }
                state.currentLine = line
                let length = chunkEnd - chunkStart
                let consumed = csv_parse(&parser, base + chunkStart, length, fieldCallback, recordCallback, context)
                if consumed != length {
                    let code = csv_error(&parser)
                    failure = InputError(
                        file: file, line: line, InputMessage.csvUnparsable(reason: String(cString: csv_strerror(code))))
                    return
                }
                if buffer[chunkEnd - 1] == lineBreak { line += 1 }
                chunkStart = chunkEnd
            }
        }
        if let failure { throw failure }
        // libcsv reports an open quote at the end only in strict mode, which would also refuse stray quotes
        // inside unquoted fields (37°36'37.8"N) that real files contain; so look at its state directly:
        // a quoted field that has begun (pstate 2, FIELD_BEGUN) and has not seen its closing quote.
        let openQuote = parser.quoted != 0 && parser.pstate == 2
        if openQuote || csv_fini(&parser, fieldCallback, recordCallback, context) != 0 {
            throw InputError(
                file: file, line: state.recordLine, InputMessage.unterminatedQuote)
        }
        return state.table
    }

    /// Quotes one field as libcsv writes it (always in double quotes, inner quotes doubled).
    public static func quote(_ field: String) -> String {
        let source = Array(field.utf8)
        var destination = [UInt8](repeating: 0, count: source.count * 2 + 2)
        let written = source.withUnsafeBytes { src in
            destination.withUnsafeMutableBytes { dst in
                csv_write(dst.baseAddress, dst.count, src.baseAddress, src.count)
            }
        }
        return String(decoding: destination.prefix(written), as: UTF8.self)
    }
}

/// Mutable state the C callbacks write into.
private final class ParseState {
    var table = CSVTable()
    var inRecord = false
    var recordLine = 1
    var currentLine = 1
}

private func fieldCallback(_ field: UnsafeMutableRawPointer?, _ length: Int, _ context: UnsafeMutableRawPointer?) {
    let state = Unmanaged<ParseState>.fromOpaque(context!).takeUnretainedValue()
    state.table.appendField(UnsafeRawPointer(field), length)
}

private func recordCallback(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
    let state = Unmanaged<ParseState>.fromOpaque(context!).takeUnretainedValue()
    state.table.endRecord(line: state.inRecord ? state.recordLine : state.currentLine)
    state.inRecord = false
}
