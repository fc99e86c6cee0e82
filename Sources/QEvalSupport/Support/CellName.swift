/// A cell's name as Excel shows it ("E23", "$B$2"): for messages that locate a returned form's cell and for
/// the formulas the workbooks write, so both name cells alike.
public enum CellName {
    public static func of(row: Int, column: Int, absoluteRow: Bool = false, absoluteColumn: Bool = false) -> String {
        (absoluteColumn ? "$" : "") + self.column(column) + (absoluteRow ? "$" : "") + String(row + 1)
    }

    /// "A" for 0, "Z" for 25, "AA" for 26.
    public static func column(_ column: Int) -> String {
        var n = column + 1
        var name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }
}
