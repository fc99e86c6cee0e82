import Foundation

/// Formatting of points for people: at most 4 decimals, trailing zeros dropped.
public enum Points {
    public static func format(_ value: Double, decimals: Int = 4) -> String {
        if value.isNaN || value.isInfinite { return "—" }
        var bytes = printf(value, decimals)
        if bytes.contains(0x2E) {  // "."
            while bytes.last == 0x30 { bytes.removeLast() }  // "0"
            if bytes.last == 0x2E { bytes.removeLast() }
        }
        if bytes == [0x2D, 0x30] { return "0" }  // "-0"
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Exactly `decimals` decimals ("80.5900"), for aligned columns; never "-0.00".
    public static func fixed(_ value: Double, decimals: Int) -> String {
        if value.isNaN || value.isInfinite { return "—" }
        var bytes = printf(value, decimals)
        if bytes.first == 0x2D && bytes.dropFirst().allSatisfy({ $0 == 0x30 || $0 == 0x2E }) { bytes.removeFirst() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `value` at `decimals` decimals as ASCII bytes. Values whose scaled magnitude is below 2^53 are rounded
    /// in integer arithmetic (half to even on the scaled double, which agrees with C's `%.*f` except where the
    /// product itself rounds across a half, far below a displayed digit); larger ones go through `%.*f`.
    /// Foundation's String(format:) was a fifth of writing the 计分过程 sheet.
    static func printf(_ value: Double, _ decimals: Int) -> [UInt8] {
        let d = min(max(decimals, 0), 15)
        let scaled = (abs(value) * powersOfTen[d]).rounded(.toNearestOrEven)
        guard scaled < 9_007_199_254_740_992 else {
            return Array(String(format: "%.\(d)f", value).utf8)
        }
        var digits = Array(String(UInt64(scaled)).utf8)
        if d > 0 {
            if digits.count <= d { digits.insert(contentsOf: [UInt8](repeating: 0x30, count: d + 1 - digits.count), at: 0) }
            digits.insert(0x2E, at: digits.count - d)
        }
        if value < 0 || (value == 0 && value.sign == .minus) { digits.insert(0x2D, at: 0) }
        return digits
    }

    static let powersOfTen: [Double] = (0...15).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }
}
