import Foundation

/// Reads one cell as the type its column expects, accepting what Chinese Excel and WPS users type:
/// full-width digits and signs (０–９ ． － ＋ ％ ，), a trailing %, thousands separators, and yes/no words.
enum CellParser {
    public enum Outcome: Equatable {
        /// Empty cell: "not reported".
        case empty
        case value(Double)
        /// Present but unreadable: `reason` says what was wrong beyond the column's expectation, if anything.
        case invalid(problem: CellProblem?)
    }

    /// Parses `bytes` (UTF-8) for a field of `spec`'s type and range.
    public static func parse(_ bytes: ArraySlice<UInt8>, as spec: borrowing FieldSpec) -> Outcome {
        if bytes.isEmpty { return .empty }
        if bytes.contains(0) { return .invalid(problem: .nulByte) }
        // Fast path: plain ASCII decimal, the usual case.
        if spec.type != .bool, let v = fastDecimal(bytes) {
            return check(v, spec)
        }
        if spec.type == .bool, let b = fastBoolean(bytes) { return .value(b) }
        let text = normalise(String(decoding: bytes, as: UTF8.self))
        if text.isEmpty { return .empty }
        switch spec.type {
        case .text:
            return .value(0)
        case .bool:
            guard let b = boolean(text) else { return .invalid(problem: .notYesNo) }
            return .value(b ? 1 : 0)
        case .level, .count, .number, .percent:
            var body = Substring(text)
            if body.hasSuffix("%") {
                guard spec.type == .percent else {
                    return .invalid(problem: .percentSignInNumber)
                }
                body = body.dropLast()
                while body.last == " " { body = body.dropLast() }
            }
            if body.contains(",") {
                guard let plain = withoutThousandsSeparators(body) else {
                    return .invalid(
                        problem: decimal(Substring(body.filter { $0 != "," })) != nil ? .badThousandsSeparators : .notANumber)
                }
                body = Substring(plain)
            }
            guard let v = decimal(body) else { return .invalid(problem: .notANumber) }
            return check(v, spec)
        }
    }

    static func check(_ value: Double, _ spec: borrowing FieldSpec) -> Outcome {
        // A number too long for a Double ("1" and 400 zeros) must not become infinity in the scores.
        guard value.isFinite else { return .invalid(problem: .tooLarge) }
        let v = value == 0 ? 0 : value  // "-0" is 0, not a negative zero that prints as "-0"
        switch spec.type {
        case .text: return .value(0)
        case .bool:
            if v == 1 { return .value(1) }
            if v == 0 { return .value(0) }
            return .invalid(problem: .notYesNo)
        case .level:
            guard v == v.rounded(), v >= 0, v <= Double(spec.maxLevel ?? 0) else {
                return .invalid(problem: v == v.rounded() && v >= 0 ? .levelBeyondTable(Points.format(v)) : nil)
            }
            return .value(v)
        case .count:
            guard v >= 0 else { return .invalid(problem: .negativeCount) }
            guard v == v.rounded() else { return .invalid(problem: .fractionalCount) }
            if let lo = spec.minimum, v < lo { return .invalid(problem: .belowMinimum(Points.format(lo))) }
            if let hi = spec.maximum, v > hi { return .invalid(problem: .aboveMaximum(Points.format(hi))) }
            return .value(v)
        case .number, .percent:
            if let lo = spec.minimum, v < lo { return .invalid(problem: .belowMinimum(Points.format(lo))) }
            if let hi = spec.maximum, v > hi { return .invalid(problem: .aboveMaximum(Points.format(hi))) }
            return .value(v)
        }
    }

    /// Full-width forms to ASCII and surrounding white space (ASCII and U+3000) removed.
    static func normalise(_ text: String) -> String {
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
    static func fastBoolean(_ bytes: ArraySlice<UInt8>) -> Double? {
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
    static func boolean(_ text: String) -> Bool? {
        let word = text.lowercased()
        if trueWords.contains(word) { return true }
        if falseWords.contains(word) { return false }
        return nil
    }

    /// "1,234,567.5" → "1234567.5" only when the commas sit every three digits; otherwise nil.
    static func withoutThousandsSeparators(_ text: Substring) -> String? {
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
    static func decimal(_ text: Substring) -> Double? {
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
    static func fastDecimal(_ bytes: ArraySlice<UInt8>) -> Double? {
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
