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
    /// Not text: an Excel workbook (.xlsx), which carries its own encoding.
    case xlsx = "xlsx"

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
    /// Detection order: a UTF-8 byte-order mark; valid UTF-8; GB18030. UTF-16/UTF-32 (with or without a
    /// byte-order mark) and files that are not text at all (a workbook renamed to .csv, a PDF, an archive)
    /// are refused with a message saying what to do. `--encoding` (`forced`) decides between UTF-8 and
    /// GB18030 but never makes a binary or UTF-16 file readable.
    public static func decode(_ bytes: [UInt8], file: String, forced: TextEncoding? = nil) throws(InputError)
        -> DecodedText
    {
        if bytes.isEmpty {
            throw InputError(file: file, InputMessage.fileEmpty)
        }
        // UTF-16 before the binary check: its ASCII characters are half NUL bytes.
        if let form = utf16Kind(bytes) {
            throw InputError(file: file, InputMessage.unicodeText(form: form))
        }
        if let kind = binaryKind(bytes) {
            throw InputError(file: file, InputMessage.notText(kind: kind))
        }
        let hasBOM = bytes.starts(with: utf8BOM)
        switch forced {
        case .some(.utf8), .some(.utf8BOM):
            let body = hasBOM ? Array(bytes.dropFirst(3)) : bytes
            if let offset = firstInvalidUTF8(body) {
                throw InputError(
                    file: file, line: lineNumber(of: offset, in: body),
                    InputMessage.notUTF8(offset: offset + (hasBOM ? 3 : 0), forced: forced!.rawValue))
            }
            return DecodedText(utf8: body, encoding: hasBOM ? .utf8BOM : .utf8)
        case .some(.gb18030):
            if hasBOM {
                // Read as GB18030 the mark would become "锘?" glued to the first header: refuse, don't guess.
                throw InputError(
                    file: file, line: 1, InputMessage.gbWithUTF8Mark)
            }
            return DecodedText(utf8: try gb18030ToUTF8(bytes, file: file), encoding: .gb18030)
        case .none, .some(.xlsx):  // `.xlsx` names a workbook, never a forced text encoding
            if hasBOM {
                let body = Array(bytes.dropFirst(3))
                if let offset = firstInvalidUTF8(body) {
                    throw InputError(
                        file: file, line: lineNumber(of: offset, in: body),
                        InputMessage.markButNotUTF8(offset: offset + 3))
                }
                return DecodedText(utf8: body, encoding: .utf8BOM)
            }
            guard let badUTF8 = firstInvalidUTF8(bytes) else {
                return DecodedText(utf8: bytes, encoding: .utf8)
            }
            do {
                return DecodedText(utf8: try gb18030ToUTF8(bytes, file: file), encoding: .gb18030)
            } catch {
                // Neither reads. When the text before the bad byte holds Chinese in UTF-8, the file is UTF-8
                // with a damaged byte: point at that byte, not at where GB18030 stumbled over the UTF-8.
                guard bytes[..<badUTF8].contains(where: { $0 >= 0x80 }) else { throw error }
                throw InputError(
                    file: file, line: lineNumber(of: badUTF8, in: bytes),
                    InputMessage.neitherEncoding(
                        offset: badUTF8, byte: String(bytes[badUTF8], radix: 16, uppercase: true)))
            }
        }
    }

    static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]
    /// U+FEFF in GB18030 (its four-byte form).
    static let gb18030BOM: [UInt8] = [0x84, 0x31, 0x95, 0x33]

    /// "UTF-16 (little-endian)" and the like when the bytes are UTF-16 or UTF-32, by byte-order mark or by
    /// the pattern of NUL bytes that ASCII text leaves in them; nil otherwise.
    static func utf16Kind(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return "UTF-32 (little-endian)" }
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return "UTF-32 (big-endian)" }
        if bytes.starts(with: [0xFF, 0xFE]) { return "UTF-16 (little-endian)" }
        if bytes.starts(with: [0xFE, 0xFF]) { return "UTF-16 (big-endian)" }
        // No mark: headers are ASCII keys or CJK labels; in UTF-16 ASCII leaves NULs in every other byte.
        let head = bytes.prefix(1024)
        guard head.count >= 8 else { return nil }
        var evenNUL = 0
        var oddNUL = 0
        for (i, b) in head.enumerated() where b == 0 {
            if i % 2 == 0 { evenNUL += 1 } else { oddNUL += 1 }
        }
        let pairs = head.count / 2
        // (CJK text has few NULs, but its commas and quotes still leave one at every separator.)
        if oddNUL >= 8 && oddNUL * 8 >= pairs && evenNUL * 4 < oddNUL {
            return "UTF-16 (little-endian, no byte-order mark)"
        }
        if evenNUL >= 8 && evenNUL * 8 >= pairs && oddNUL * 4 < evenNUL {
            return "UTF-16 (big-endian, no byte-order mark)"
        }
        return nil
    }

    /// Recognises the common binary files people mistake for CSV by their first bytes, and other binary
    /// data by its control bytes (text has tabs and line breaks, not NULs and escapes).
    static func binaryKind(_ bytes: [UInt8]) -> Localized? {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            return Localized(zh: "一个 .xlsx 工作簿或其他 ZIP 压缩包", en: "an .xlsx workbook or another ZIP archive")
        }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return Localized(zh: "旧版 .xls（或 WPS .et）工作簿", en: "an old .xls (or WPS .et) workbook")
        }
        if bytes.starts(with: Array("%PDF".utf8)) { return Localized(zh: "PDF 文档", en: "a PDF document") }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return Localized(zh: "PNG 图片", en: "a PNG image") }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return Localized(zh: "JPEG 图片", en: "a JPEG image") }
        if bytes.starts(with: [0x1F, 0x8B]) { return Localized(zh: "gzip 压缩包", en: "a gzip archive") }
        if bytes.starts(with: Array("Rar!".utf8)) { return Localized(zh: "RAR 压缩包", en: "a RAR archive") }
        if bytes.starts(with: [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) { return Localized(zh: "7-Zip 压缩包", en: "a 7-Zip archive") }
        if bytes.starts(with: [0x7F, 0x45, 0x4C, 0x46]) { return Localized(zh: "程序文件（ELF）", en: "a program (ELF)") }
        if bytes.starts(with: Array("MZ".utf8)) && bytes.count > 64 && bytes.prefix(64).contains(0) {
            return Localized(zh: "Windows 程序", en: "a Windows program")
        }
        // Many control bytes early on: binary data, not a text file with one stray NUL in a cell.
        let head = bytes.prefix(4096)
        var controls = 0
        for b in head where b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { controls += 1 }
        if controls > 8 {
            return Localized(
                zh: "二进制数据（前 \(head.count) 字节中有 \(controls) 个 NUL 等控制字符）",
                en: "binary data (\(controls) control bytes such as NUL in the first \(head.count) bytes)")
        }
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

    /// The 1-based line that byte `offset` falls on, counted as `CSVReader` counts them: by LF, or by CR
    /// in a file without any LF (old Mac line endings).
    static func lineNumber(of offset: Int, in bytes: [UInt8]) -> Int {
        let lineBreak: UInt8 = bytes.contains(0x0A) ? 0x0A : 0x0D
        var line = 1
        for b in bytes.prefix(offset) where b == lineBreak { line += 1 }
        return line
    }

    /// A short text (a file name in a ZIP archive) in GB18030; nil when it is not valid GB18030.
    public static func gb18030(_ bytes: [UInt8]) -> String? {
        guard let utf8 = try? gb18030ToUTF8(bytes, file: "") else { return nil }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// GB18030 → UTF-8 through glibc's iconv. An invalid or truncated byte sequence is an error naming its
    /// line and byte offset.
    static func gb18030ToUTF8(_ bytes: [UInt8], file: String) throws(InputError) -> [UInt8] {
        let converter = iconv_open("UTF-8", "GB18030")
        if converter == iconv_t(bitPattern: -1) {
            throw InputError(file: file, InputMessage.iconvMissing)
        }
        defer { iconv_close(converter) }
        if bytes.isEmpty { return [] }
        // GB18030 never takes fewer bytes than UTF-8 needs but half (two bytes → at most three), so this
        // is enough; the loop still grows the buffer if iconv ever says E2BIG.
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var input = bytes
        var consumed = 0
        var produced = 0
        var failure: Int32 = 0
        while true {
            var e2big = false
            input.withUnsafeMutableBufferPointer { inBuf in
                output.withUnsafeMutableBufferPointer { outBuf in
                    var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress! + consumed)
                        .assumingMemoryBound(to: CChar.self)
                    var inLeft = inBuf.count - consumed
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress! + produced)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuf.count - produced
                    let result = iconv(converter, &inPtr, &inLeft, &outPtr, &outLeft)
                    let code = errno
                    consumed = inBuf.count - inLeft
                    produced = outBuf.count - outLeft
                    if result == -1 {
                        if code == E2BIG { e2big = true } else { failure = code == 0 ? EILSEQ : code }
                    }
                }
            }
            if !e2big { break }
            output.append(contentsOf: [UInt8](repeating: 0, count: bytes.count + 16))
        }
        if failure != 0 {
            let at = min(consumed, bytes.count - 1)
            let what =
                failure == EINVAL
                ? Localized(zh: "文件在一个字符的中间结束", en: "the file ends in the middle of a character")
                : Localized(
                    zh: "第 \(at) 字节 0x\(String(bytes[at], radix: 16, uppercase: true)) 无法解码",
                    en: "undecodable byte 0x\(String(bytes[at], radix: 16, uppercase: true)) at byte offset \(at)")
            throw InputError(
                file: file, line: lineNumber(of: at, in: bytes),
                InputMessage.neitherEncodingGB(detail: what))
        }
        output.removeSubrange(produced...)
        // A GB18030 byte-order mark (84 31 95 33) decodes to U+FEFF: drop it, as the UTF-8 one is dropped.
        if output.starts(with: utf8BOM) { output.removeFirst(3) }
        return output
    }

    /// UTF-8 → GB18030, for tests and for writing a template Chinese Excel opens directly.
    static func utf8ToGB18030(_ text: String) -> [UInt8]? {
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

/// An input's encoding as a reviewer knows it: by the Excel "save as" type that produces it, not by the
/// decoder's name ("utf-8-bom" meant nothing to the tester).
public enum EncodingName: Message, Equatable {
    case of(TextEncoding)

    public var localized: Localized {
        switch self {
        case .of(.utf8): return Localized(zh: "UTF-8 编码", en: "UTF-8")
        case .of(.utf8BOM): return Localized(zh: "UTF-8 编码（Excel 的“CSV UTF-8”）", en: "UTF-8 (Excel's “CSV UTF-8”)")
        case .of(.gb18030):
            return Localized(
                zh: "GB18030 编码（Excel 的“CSV（逗号分隔）”）", en: "GB18030 (Excel's “CSV (Comma delimited)” on Chinese Windows)")
        case .of(.xlsx): return Localized(zh: "Excel 工作簿", en: "Excel workbook")
        }
    }

    public static var examples: [EncodingName] { TextEncoding.allCases.map { .of($0) } }
}
