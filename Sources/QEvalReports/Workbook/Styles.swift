import QEval

/// The workbook's few styles, in one place.
enum Style {
    static let header = CellStyle(bold: true, background: 0xDDEBF7, wrap: true, center: true)
    static let subHeader = CellStyle(bold: false, background: 0xF2F2F2, wrap: true, center: true)
    static let pointsRow = CellStyle(bold: true, numberFormat: .twoDecimals, background: 0xFFF2CC, center: true)
    static let text = CellStyle()
    static let wrapped = CellStyle(wrap: true)
    static let centered = CellStyle(center: true)
    static let number2 = CellStyle(numberFormat: .twoDecimals)
    static let number4 = CellStyle(numberFormat: .fourDecimals)
    static let share = CellStyle(numberFormat: .twoDecimals)
    static let integer = CellStyle(numberFormat: .integer, center: true)
    static let total = CellStyle(bold: true, numberFormat: .twoDecimals)
    static let recognised = CellStyle(bold: true, fontColor: 0x006100, center: true)
    static let disqualified = CellStyle(fontColor: 0x9C0006, wrap: true)
    static let grey = CellStyle(fontColor: 0x808080)
    static let changed = CellStyle(bold: true, numberFormat: .twoDecimals, background: 0xFFC7CE)
    static let warning = CellStyle(fontColor: 0x9C5700, wrap: true)
    /// A figure a reviewer settled (核定): orange, in 原始数据 and 核查记录.
    static let verified = CellStyle(bold: true, background: 0xFCE4D6, center: true)
    static let verifiedNumber = CellStyle(bold: true, numberFormat: .twoDecimals, background: 0xFCE4D6)
    static let verifiedInteger = CellStyle(bold: true, numberFormat: .integer, background: 0xFCE4D6, center: true)
    static let up = CellStyle(bold: true, fontColor: 0x006100, center: true)
    static let down = CellStyle(bold: true, fontColor: 0xC00000, center: true)
    static let label = CellStyle(bold: true, background: 0xF2F2F2)
}

/// Column widths that fit Chinese text: a CJK character is about two Latin widths.
enum Width {
    static func of(_ text: String) -> Double {
        var w = 0.0
        for scalar in text.unicodeScalars { w += scalar.value > 0x2E80 ? 2.1 : 1.1 }
        return w
    }

    static func fit(_ texts: [String], minimum: Double = 6, maximum: Double = 40) -> Double {
        min(maximum, max(minimum, (texts.map(of).max() ?? 0) + 2))
    }

    /// Lines a wrapped text takes in a column of `width`.
    static func lines(_ text: String, width: Double) -> Int {
        let room = max(1, width - 1)
        // One pass over the scalars, line by line (no substrings: this runs for every 计分过程 row).
        var total = 0
        var w = 0.0
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                total += max(1, Int((w / room).rounded(.up)))
                w = 0
            } else {
                w += scalar.value > 0x2E80 ? 2.1 : 1.1
            }
        }
        return total + max(1, Int((w / room).rounded(.up)))
    }

    /// The height (points) of a row whose wrapped cells are (text, column width): readers do not grow
    /// rows to fit wrapped text on opening, so long names and reasons would be cut. Nil for one line.
    static func rowHeight(_ cells: [(String, Double)], maxLines: Int = 8) -> Double? {
        let n = min(maxLines, cells.map { lines($0.0, width: $0.1) }.max() ?? 1)
        return n > 1 ? 15 * Double(n) : nil
    }
}
