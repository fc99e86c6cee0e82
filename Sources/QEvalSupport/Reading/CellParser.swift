import Foundation

/// The text of one cell as Chinese Excel and WPS users type it: full-width digits and signs
/// (０–９ ． － ＋ ％ ，), thousands separators and yes/no words, read by every stage that reads a table
/// (the applicants, a weights file, the regions list). What a field of the standard accepts is `FieldCell`'s.
public enum CellParser {
    /// Full-width forms to ASCII and surrounding white space (ASCII and U+3000) removed.
    public static func normalise(_ text: String) -> String {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E:  // full-width ASCII block: ０–９, ．, －, ＋, ％, ，, letters
                out.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000:
                out.append(" ")
            case 0x3002:  // 。 typed for a decimal point
                out.append(".")
            case 0x2212, 0xFE63:  // − minus sign, ﹣ small hyphen-minus (from Word or an IME)
                out.append("-")
            case 0xFE6A:  // ﹪ small percent sign
                out.append("%")
            case 0xFEFF, 0x200B:  // a stray byte-order mark or zero-width space pasted with the value
                continue
            default:
                out.append(scalar)
            }
        }
        // Unicode White_Space: the same set as Foundation's whitespacesAndNewlines, without its bridging cost
        // on the per-cell path.
        var start = out.startIndex
        var end = out.endIndex
        while start < end && out[start].properties.isWhitespace { start += 1 }
        while end > start && out[end - 1].properties.isWhitespace { end -= 1 }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: out[start..<end])
        return String(result)
    }

    /// The yes/no cells a form mostly holds (是, 否, 1, 0) read straight from their UTF-8 bytes; anything
    /// else goes through `normalise` and `boolean`.
    @inline(__always)
    public static func fastBoolean(_ bytes: ArraySlice<UInt8>) -> Double? {
        let i = bytes.startIndex
        switch bytes.count {
        case 1:
            if bytes[i] == 0x31 { return 1 }
            if bytes[i] == 0x30 { return 0 }
        case 3:
            if bytes[i] == 0xE6 && bytes[i + 1] == 0x98 && bytes[i + 2] == 0xAF { return 1 }  // 是
            if bytes[i] == 0xE5 && bytes[i + 1] == 0x90 && bytes[i + 2] == 0xA6 { return 0 }  // 否
        default: break
        }
        return nil
    }

    static let trueWords: Set<String> = ["是", "有", "1", "y", "yes", "true", "√", "✓", "✔", "t"]
    static let falseWords: Set<String> = ["否", "无", "無", "0", "n", "no", "false", "×", "✗", "✘", "x", "f"]

    /// Yes/no words as county offices write them.
    public static func boolean(_ text: String) -> Bool? {
        let word = text.lowercased()
        if trueWords.contains(word) { return true }
        if falseWords.contains(word) { return false }
        return nil
    }

    /// "1,234,567.5" → "1234567.5" only when the commas sit every three digits; otherwise nil.
    public static func withoutThousandsSeparators(_ text: Substring) -> String? {
        var body = text
        var sign = ""
        if body.first == "-" || body.first == "+" {
            sign = String(body.first!)
            body = body.dropFirst()
        }
        let pieces = body.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count <= 2 else { return nil }
        let groups = pieces[0].split(separator: ",", omittingEmptySubsequences: false)
        guard groups.count > 1, let first = groups.first, (1...3).contains(first.count) else { return nil }
        for g in groups.dropFirst() where g.count != 3 { return nil }
        for g in groups where !g.allSatisfy({ $0.isASCII && $0.isNumber }) { return nil }
        return sign + groups.joined() + (pieces.count == 2 ? "." + pieces[1] : "")
    }

    /// A decimal number in plain notation: optional sign, digits, optional fraction. No exponents, no
    /// "nan"/"inf", no hex: what a person types in a form.
    public static func decimal(_ text: Substring) -> Double? {
        let bytes = Array(text.utf8)
        if let v = fastDecimal(bytes[...]) { return v }
        // Long mantissas: validate the shape, then let the standard library round.
        var i = 0
        if i < bytes.count && (bytes[i] == 0x2D || bytes[i] == 0x2B) { i += 1 }
        var digits = 0
        var dots = 0
        while i < bytes.count {
            let b = bytes[i]
            if b >= 0x30 && b <= 0x39 {
                digits += 1
            } else if b == 0x2E {
                dots += 1
            } else {
                return nil
            }
            i += 1
        }
        guard digits > 0, dots <= 1 else { return nil }
        return Double(String(text))
    }

    /// Exact parse of short ASCII decimals: the integer mantissa and the power of ten are both exact
    /// doubles, so one division gives the correctly rounded result (the same as strtod).
    @inline(__always)
    public static func fastDecimal(_ bytes: ArraySlice<UInt8>) -> Double? {
        var i = bytes.startIndex
        let end = bytes.endIndex
        guard i < end else { return nil }
        var negative = false
        if bytes[i] == 0x2D {
            negative = true
            i += 1
        } else if bytes[i] == 0x2B {
            i += 1
        }
        var mantissa: Int64 = 0
        var digits = 0
        var fraction = 0
        var seenDot = false
        while i < end {
            let b = bytes[i]
            if b >= 0x30 && b <= 0x39 {
                if digits >= 15 { return nil }
                mantissa = mantissa * 10 + Int64(b - 0x30)
                if mantissa != 0 || seenDot { digits += 1 }
                if seenDot { fraction += 1 }
            } else if b == 0x2E && !seenDot {
                seenDot = true
            } else {
                return nil
            }
            i += 1
        }
        // At least one digit somewhere ("." and "-" alone are not numbers).
        guard fraction <= 22, bytes.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        var value = Double(mantissa)
        if fraction > 0 { value /= powersOfTen[fraction] }
        return negative ? -value : value
    }

    static let powersOfTen: [Double] = (0...22).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }
}
