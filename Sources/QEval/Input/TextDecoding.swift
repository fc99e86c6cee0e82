import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The character encodings a county office's CSV arrives in.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf8BOM = "utf-8-bom"
    /// What Excel and WPS save on Chinese Windows ("CSV (逗号分隔)"); a superset of GBK and GB2312.
    case gb18030 = "gb18030"

    /// Parses an `--encoding` value; GBK and GB2312 are read as GB18030, which contains them.
    public init?(option: String) {
        switch option.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": self = .utf8
        case "utf-8-bom", "utf8-bom", "utf-8-sig": self = .utf8BOM
        case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030
        default: return nil
        }
    }
}

/// Decoded input: UTF-8 bytes without a byte-order mark, and the encoding they were read as.
public struct DecodedText: Sendable {
    public var utf8: [UInt8]
    public var encoding: TextEncoding
}

public enum TextDecoder {
    /// Detects (or, with `forced`, applies) the encoding and returns UTF-8 bytes.
    ///
    /// Detection order: a UTF-8 byte-order mark; valid UTF-8; GB18030. UTF-16 and files that are not text
    /// at all (a workbook renamed to .csv, a PDF) are refused with a message saying what to do.
    public static func decode(_ bytes: [UInt8], file: String, forced: TextEncoding? = nil) throws(InputError)
        -> DecodedText
    {
        if bytes.isEmpty {
            throw InputError(file: file, "the file is empty: expected a header row and one row per applicant")
        }
        if let kind = binaryKind(bytes) {
            throw InputError(
                file: file,
                "this is not a CSV text file (it looks like \(kind)); save the sheet as CSV (UTF-8 or GB18030) and try again"
            )
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw InputError(
                file: file,
                "the file is UTF-16 (Excel's \"Unicode text\"); save it as \"CSV UTF-8\" or as CSV in GB18030 instead")
        }
        let hasBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        switch forced {
        case .some(.utf8), .some(.utf8BOM):
            let body = hasBOM ? Array(bytes.dropFirst(3)) : bytes
            if let offset = firstInvalidUTF8(body) {
                throw InputError(
                    file: file, line: lineNumber(of: offset, in: body),
                    "the file is not valid UTF-8 at byte \(offset + (hasBOM ? 3 : 0)) (read with --encoding \(forced!.rawValue)); try --encoding gb18030"
                )
            }
            return DecodedText(utf8: body, encoding: hasBOM ? .utf8BOM : .utf8)
        case .some(.gb18030):
            return DecodedText(utf8: try gb18030ToUTF8(bytes, file: file), encoding: .gb18030)
        case .none:
            if hasBOM {
                let body = Array(bytes.dropFirst(3))
                if let offset = firstInvalidUTF8(body) {
                    throw InputError(
                        file: file, line: lineNumber(of: offset, in: body),
                        "the file starts with a UTF-8 byte-order mark but is not valid UTF-8 at byte \(offset + 3)")
                }
                return DecodedText(utf8: body, encoding: .utf8BOM)
            }
            if firstInvalidUTF8(bytes) == nil {
                return DecodedText(utf8: bytes, encoding: .utf8)
            }
            return DecodedText(utf8: try gb18030ToUTF8(bytes, file: file), encoding: .gb18030)
        }
    }

    /// Recognises the common binary files people mistake for CSV by their first bytes.
    static func binaryKind(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "an .xlsx workbook or another ZIP archive" }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return "an old .xls workbook" }
        if bytes.starts(with: Array("%PDF".utf8)) { return "a PDF document" }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "a PNG image" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "a JPEG image" }
        // Many NUL bytes early on: binary data, not a text file with one stray NUL.
        let head = bytes.prefix(4096)
        let nuls = head.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        if nuls > 8 { return "binary data (\(nuls) NUL bytes in the first \(head.count) bytes)" }
        return nil
    }

    /// Byte offset of the first byte that breaks UTF-8, or nil when the whole buffer is valid.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            let length: Int
            let minimum: UInt32
            var value: UInt32
            if b & 0xE0 == 0xC0 {
                length = 2
                minimum = 0x80
                value = UInt32(b & 0x1F)
            } else if b & 0xF0 == 0xE0 {
                length = 3
                minimum = 0x800
                value = UInt32(b & 0x0F)
            } else if b & 0xF8 == 0xF0 {
                length = 4
                minimum = 0x10000
                value = UInt32(b & 0x07)
            } else {
                return i
            }
            if i + length > n { return i }
            for k in 1..<length {
                let c = bytes[i + k]
                if c & 0xC0 != 0x80 { return i }
                value = (value << 6) | UInt32(c & 0x3F)
            }
            if value < minimum || value > 0x10FFFF || (0xD800...0xDFFF).contains(value) { return i }
            i += length
        }
        return nil
    }

    /// The 1-based line that byte `offset` falls on.
    static func lineNumber(of offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        for b in bytes.prefix(offset) where b == 0x0A { line += 1 }
        return line
    }

    /// GB18030 → UTF-8 through glibc's iconv.
    static func gb18030ToUTF8(_ bytes: [UInt8], file: String) throws(InputError) -> [UInt8] {
        let converter = iconv_open("UTF-8", "GB18030")
        if converter == iconv_t(bitPattern: -1) {
            throw InputError(file: file, "this system's iconv cannot read GB18030")
        }
        defer { iconv_close(converter) }
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var input = bytes
        var failedAt: Int? = nil
        var produced = 0
        input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                let result = iconv(converter, &inPtr, &inLeft, &outPtr, &outLeft)
                if result == -1 {
                    failedAt = inBuf.count - inLeft
                }
                produced = outBuf.count - outLeft
            }
        }
        if let failedAt {
            throw InputError(
                file: file, line: lineNumber(of: failedAt, in: bytes),
                "the file is neither UTF-8 nor GB18030 (undecodable byte 0x\(String(bytes[min(failedAt, bytes.count - 1)], radix: 16, uppercase: true)) at byte \(failedAt)); save it as \"CSV UTF-8\" or pass --encoding"
            )
        }
        output.removeSubrange(produced...)
        return output
    }

    /// UTF-8 → GB18030, for tests and for writing a template Chinese Excel opens directly.
    public static func utf8ToGB18030(_ text: String) -> [UInt8]? {
        let converter = iconv_open("GB18030", "UTF-8")
        if converter == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(converter) }
        var input = Array(text.utf8)
        if input.isEmpty { return [] }
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var ok = true
        var produced = 0
        input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                if iconv(converter, &inPtr, &inLeft, &outPtr, &outLeft) == -1 { ok = false }
                produced = outBuf.count - outLeft
            }
        }
        guard ok else { return nil }
        return Array(output[..<produced])
    }
}
