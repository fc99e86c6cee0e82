import QEvalRules
import QEvalSupport

/// Where the records of a table read from a worksheet came from: the sheet, and each column's place in it,
/// so every problem is located as `申报汇总.xlsx!Sheet1!E23`.
public struct SheetOrigin: Sendable {
    public var sheet: String
    /// The sheet's column (A = 0) of each column of the table.
    public var columns: [Int]

    /// "file!sheet!E23" for a cell, "file!sheet" for a row (its number then stays the line).
    public func place(file: String, line: Int?, column: Int?) -> (file: String, line: Int?) {
        guard let line, let column, column >= 0, column < columns.count else { return ("\(file)!\(sheet)", line) }
        return ("\(file)!\(sheet)!\(CellName.of(row: line - 1, column: columns[column]))", nil)
    }
}

/// A worksheet read as the rows of a table, as a CSV file is: the records in `csv` (one per row that holds
/// anything, every one as wide as the widest), their lines the sheet's row numbers.
public struct SheetTable: Sendable {
    public var csv: CSVTable
    public var origin: SheetOrigin
    /// The workbook is a ranked workbook written by qeval, read from its 原始数据 sheet.
    public var isRankedWorkbook: Bool
}

/// A cohort in an .xlsx workbook: the sheet chosen (`--sheet`, else a ranked workbook's 原始数据, else the
/// first worksheet) and read as a table for the input stage.
public enum WorkbookCohort {
    /// Chooses the sheet and reads it. `rowLimit` stops a sheet with far more rows than allowed early.
    public static func read(
        _ book: inout XLSXPackage, sheet requested: String?, rulebook: Rulebook, rowLimit: Int? = nil
    ) throws(InputError) -> SheetTable {
        let sheets = try book.sheets()
        guard !sheets.isEmpty else { throw InputError(file: book.file, WorkbookMessage.noSheets) }
        let chosen: (name: String, part: String)
        var ranked = false
        if let requested {
            guard let found = sheets.first(where: { $0.name == requested }) else {
                let list = sheets.map { "\u{201C}\($0.name)\u{201D}" }.joined(separator: "、")
                throw InputError(file: book.file, WorkbookMessage.sheetNotFound(name: requested, sheets: list))
            }
            chosen = found
        } else {
            chosen = sheets[0]
        }
        // qeval's own ranked workbook: its 原始数据 sheet, whichever sheet was asked for or came first.
        let inputNames = Language.allCases.map { WorkbookText.inputSheet.text($0) }
        let aboutNames = Language.allCases.map { WorkbookText.aboutSheet.text($0) }
        let overallNames = Language.allCases.map { WorkbookText.overallSheet.text($0) }
        var sheet = chosen
        // All three of qeval's sheet names, so a reviewer's own workbook that happens to have a 说明 and a
        // 原始数据 sheet is not taken for one (and below: only when its second row holds field keys).
        if sheets.contains(where: { aboutNames.contains($0.name) }),
            sheets.contains(where: { overallNames.contains($0.name) }),
            let inputs = sheets.first(where: { inputNames.contains($0.name) }),
            requested.map({ inputNames.contains($0) }) ?? true
        {
            sheet = inputs
            ranked = true
        }
        let strings = try book.sharedStrings()
        let formats = try book.cellFormats()
        // Each row goes straight into a byte table as it is parsed (no per-cell strings kept), as wide as its
        // last filled cell; the table is made rectangular once the widest row is known.
        var raw = CSVTable()
        var width = 0
        let limit = rowLimit.map { $0 + 10 } ?? SheetReader.excelRows
        try book.readRows(sheet.part, sheetName: sheet.name, strings: strings, formats: formats, rowLimit: limit) {
            (row: SheetRow) throws(InputError) in
            var last = -1
            for cell in row.cells { last = max(last, cell.column) }
            width = max(width, last + 1)
            var fields = [String](repeating: "", count: last + 1)
            var problems: [Int: CellProblem] = [:]
            for cell in row.cells {
                fields[cell.column] = cell.text
                if let problem = cell.problem { problems[cell.column] = problem }
            }
            raw.append(record: fields, line: row.number, problems: problems)
        }
        if ranked, Self.keysOnSecondRow(raw, rulebook) {
            return rankedTable(raw, width: width, sheet: sheet.name, rulebook: rulebook)
        }
        return SheetTable(
            csv: raw.padded(to: width), origin: SheetOrigin(sheet: sheet.name, columns: Array(0..<width)),
            isRankedWorkbook: false)
    }

    /// The 原始数据 sheet qeval writes: labels on row 1, keys on row 2 (none over county and city), data from
    /// row 3. Its own columns — tier, line, status and the derived figures — are not inputs and are left out.
    /// Whether row 2 names fields by key, as qeval's 原始数据 sheet does (otherwise the sheet is read as any
    /// table is, its header found the usual way).
    static func keysOnSecondRow(_ raw: CSVTable, _ rulebook: Rulebook) -> Bool {
        guard let r = raw.recordLines.firstIndex(of: 2) else { return false }
        return raw.record(r).filter { rulebook.fieldIndex[$0.trimmingCharacters(in: .whitespaces)] != nil }.count >= 2
    }

    static func rankedTable(_ raw: CSVTable, width: Int, sheet: String, rulebook: Rulebook) -> SheetTable {
        func row(_ line: Int) -> [String] {
            guard let r = raw.recordLines.firstIndex(of: line) else { return Array(repeating: "", count: width) }
            let fields = raw.record(r)
            return (0..<width).map { $0 < fields.count ? fields[$0] : "" }
        }
        let labels = row(1)
        let keys = row(2)
        let own: Set<String> = Set(
            [WorkbookText.tier, .line, .status].flatMap { text in Language.allCases.map { text.text($0) } })
        let identity: [String: String] = Dictionary(
            uniqueKeysWithValues: Language.allCases.flatMap { language in
                [(WorkbookText.county.text(language), "county"), (WorkbookText.city.text(language), "city")]
            })
        let derived = Set(rulebook.derived.map(\.key))
        var columns: [Int] = []
        var header: [String] = []
        for c in 0..<width {
            let key = keys[c].trimmingCharacters(in: .whitespaces)
            let label = labels[c].trimmingCharacters(in: .whitespaces)
            if derived.contains(key) || own.contains(label) { continue }
            if key.isEmpty, label.isEmpty { continue }
            columns.append(c)
            header.append(key.isEmpty ? (identity[label] ?? label) : key)
        }
        var csv = CSVTable()
        csv.append(record: header, line: 2)
        for r in 0..<raw.recordCount where raw.recordLines[r] > 2 {
            let count = raw.fieldCount(ofRecord: r)
            var problems: [Int: CellProblem] = [:]
            let fields = columns.enumerated().map { i, c -> String in
                guard c < count else { return "" }
                if let problem = raw.problem(record: r, field: c) { problems[i] = problem }
                return raw.string(record: r, field: c)
            }
            csv.append(record: fields, line: raw.recordLines[r], problems: problems)
        }
        return SheetTable(csv: csv, origin: SheetOrigin(sheet: sheet, columns: columns), isRankedWorkbook: true)
    }
}
