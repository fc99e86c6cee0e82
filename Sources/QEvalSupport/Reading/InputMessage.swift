/// What the Input stage says about a file, its header and its cells: each case in Chinese and English.
/// Messages name the value and say what to write instead; the place (file, line, column, county) is added
/// by `Diagnostic`.
public enum InputMessage: Message {
    // The file as a whole.
    case cannotRead(FileProblem)
    case fileEmpty
    case unicodeText(form: String)
    case notText(kind: Localized)
    case notUTF8(offset: Int, forced: String)
    case gbWithUTF8Mark
    case markButNotUTF8(offset: Int)
    case neitherEncoding(offset: Int, byte: String)
    case neitherEncodingGB(detail: Localized)
    case iconvMissing
    case csvUnparsable(reason: String)
    case unterminatedQuote
    case noRows
    case headerOnly

    // The header.
    case headerNUL(column: Int)
    case unnamedColumnWithValues(column: Int, firstLine: Int)
    case unnamedEmptyColumn(column: Int)
    case unknownColumn(name: String, suggestion: String?)
    case columnTwice(first: Int, second: Int)
    case columnMatchesTwo(name: String, first: String, second: String)
    case requiredColumnMissing(key: String, label: String)
    case columnMissing(key: String, label: String)
    case columnMissingAllowed
    case allowMissingUnknown(key: String)
    case titleRowSkipped(title: String)
    case noteColumnsKept(names: [String])
    case titleRowNotHeader(title: String)
    case noRulebookIdentity
    case tooManyColumns(found: Int, limit: Int, fields: Int)
    case tooManyRows(found: Int, limit: Int)

    // Rows.
    case blankRow
    case fieldCount(found: Int, expected: Int)
    case countyEmpty
    case countyNUL
    case nameTooLong(length: Int, limit: Int)
    case cityEmpty(cities: String)
    case cityNUL(cities: String)
    case unknownCity(value: String, cities: String)
    case sameApplicantTwice(firstLine: Int)
    case sameCountyTwice(value: String, other: String, firstLine: Int)
    case countyInOtherCity(county: String, city: String, belongsTo: String)
    case countyNotInList(county: String, city: String)
    case codeWrongCity(code: String, city: String, prefix: String)

    // Cells.
    case cellNUL(expected: Localized)
    case textTooLong(length: Int, limit: Int)
    case gateCellEmpty(expected: Localized)
    case badCell(value: String, problem: CellProblem?, expected: Localized)
    case implausibleFraction(value: String, median: String)

    public var localized: Localized {
        switch self {
        case .cannotRead(let problem):
            return Localized(
                zh: "无法读取该文件：\(problem.localized.zh)。",
                en: "cannot read the file: \(problem.localized.en).")
        case .fileEmpty:
            return Localized(
                zh: "文件是空的：应有一行表头，其下每个申报县（市、区）一行。",
                en: "the file is empty: expected a header row and one row per applicant")
        case .unicodeText(let form):
            // The byte order ("little-endian") means nothing to a reviewer; the Chinese names the family only.
            let family = form.hasPrefix("UTF-32") ? "UTF-32" : "UTF-16"
            return Localized(
                zh:
                    "文件是“Unicode 文本”格式（\(family) 编码，Excel 另存为“Unicode 文本”时得到），不是 UTF-8 或 GB18030 的 CSV；请另存为“CSV UTF-8”或“CSV（逗号分隔）”后重试。",
                en:
                    "the file is \(form) (Excel's \"Unicode text\"), not CSV in UTF-8 or GB18030; save it as \"CSV UTF-8\" or as CSV (逗号分隔) and try again"
            )
        case .notText(let kind):
            return Localized(
                zh: "这不是 CSV 文本文件（看起来是\(kind.zh)）；请在 Excel 或 WPS 中另存为 CSV（UTF-8 或 GB18030）后重试。",
                en:
                    "this is not a CSV text file (it looks like \(kind.en)); save the sheet as CSV (UTF-8 or GB18030) and try again"
            )
        case .notUTF8(let offset, let forced):
            return Localized(
                zh: "按 --encoding \(forced) 读取，文件在第 \(offset) 字节处不是有效的 UTF-8；请改用 --encoding gb18030，或不指定编码由程序自动识别。",
                en: "the file is not valid UTF-8 at byte \(offset) (read with --encoding \(forced)); try --encoding gb18030")
        case .gbWithUTF8Mark:
            return Localized(
                zh: "指定了 --encoding gb18030，但文件以 UTF-8 字节顺序标记开头（是“CSV UTF-8”文件）；请去掉 --encoding。",
                en:
                    "--encoding gb18030 was given but the file starts with a UTF-8 byte-order mark (it is \"CSV UTF-8\"); leave out --encoding"
            )
        case .markButNotUTF8(let offset):
            return Localized(
                zh: "文件以 UTF-8 字节顺序标记开头，但在第 \(offset) 字节处不是有效的 UTF-8；文件可能已损坏，请重新导出。",
                en: "the file starts with a UTF-8 byte-order mark but is not valid UTF-8 at byte \(offset)")
        case .neitherEncoding(let offset, let byte):
            return Localized(
                zh: "文件既不是 UTF-8 也不是 GB18030：按 UTF-8 读到第 \(offset) 字节时，字节 0x\(byte) 无法识别；请另存为“CSV UTF-8”，或用 --encoding 指定编码。",
                en:
                    "the file is neither UTF-8 nor GB18030: it reads as UTF-8 up to byte offset \(offset), where byte 0x\(byte) breaks it; re-save it as \"CSV UTF-8\" or pass --encoding"
            )
        case .neitherEncodingGB(let detail):
            return Localized(
                zh: "文件既不是 UTF-8 也不是 GB18030（\(detail.zh)）；请另存为“CSV UTF-8”或“CSV（逗号分隔）”，或用 --encoding 指定编码。",
                en:
                    "the file is neither UTF-8 nor GB18030 (\(detail.en)); save it as \"CSV UTF-8\" or as CSV (逗号分隔), or pass --encoding"
            )
        case .iconvMissing:
            return Localized(
                zh: "本机的 iconv 无法读取 GB18030；请将文件另存为“CSV UTF-8”后重试。",
                en: "this system's iconv cannot read GB18030; save the file as \"CSV UTF-8\" and try again")
        case .csvUnparsable(let reason):
            return Localized(
                zh: "无法解析 CSV（\(reason)）；请在 Excel 或 WPS 中重新另存为 CSV。",
                en: "the CSV could not be parsed: \(reason)")
        case .unterminatedQuote:
            return Localized(
                zh: "从这一行开始的带引号的单元格没有结束引号（\"）；请补上引号，或删去多余的引号。",
                en: "a quoted field that starts in the record on this line is never closed (unterminated quote \")")
        case .noRows:
            return Localized(
                zh: "文件只有空行：应有一行表头，其下每个申报县（市、区）一行。",
                en: "the file has no rows (only blank lines): expected a header row and one row per applicant")
        case .headerOnly:
            return Localized(
                zh: "表头下面没有数据行：应为每个申报县（市、区）填写一行。",
                en: "the header has no rows below it: expected one row per applicant")

        case .headerNUL(let column):
            return Localized(
                zh: "表头第 \(column) 列含有空字符（NUL）；请重新输入该列名。",
                en: "header column \(column) contains a NUL byte")
        case .unnamedColumnWithValues(let column, let firstLine):
            return Localized(
                zh: "表头第 \(column) 列没有列名，但下面有数据（第一个在第 \(firstLine) 行）：每列都要有列名（填报表的字段名或中文名称）。",
                en:
                    "header column \(column) has no name but holds values (first on line \(firstLine)): every column needs a name (a key or Chinese label of the form)"
            )
        case .unnamedEmptyColumn(let column):
            return Localized(
                zh: "表头第 \(column) 列没有列名，也没有数据，已忽略。",
                en: "header column \(column) has no name and no values; it is ignored")
        case .unknownColumn(let rawName, let suggestion):
            let name = Excerpt.both(rawName)
            let hintZh = suggestion.map { "是否指\u{201C}\($0)\u{201D}？" } ?? ""
            let hintEn = suggestion.map { " Did you mean \"\($0)\"?" } ?? ""
            return Localized(
                zh: "列名\u{201C}\(name.zh)\u{201D}不是填报表中的字段。\(hintZh)请改为填报表的中文名称或字段名，或删去该列。",
                en:
                    "unknown column \"\(name.en)\": not a key or label of the rulebook's fields.\(hintEn) Rename it to a label or key of the form, or delete the column."
            )
        case .columnTwice(let first, let second):
            return Localized(
                zh: "该列出现了两次（表头第 \(first) 列和第 \(second) 列）；请只保留一列。",
                en: "the column appears twice (header columns \(first) and \(second)); keep one")
        case .columnMatchesTwo(let rawName, let first, let second):
            let name = Excerpt.both(rawName)
            return Localized(
                zh: "列名\u{201C}\(name.zh)\u{201D}同时对应两个字段（\(first) 和 \(second)）；请写出完整的中文名称或字段名。",
                en: "the header \"\(name.en)\" matches two fields (\(first) and \(second)); write the full label or the key")
        case .requiredColumnMissing(let key, let label):
            return Localized(
                zh: "缺少必需的列：请添加列\u{201C}\(label)\u{201D}（或 \(key)）。",
                en: "required column is missing from the header (name it \(key) or \(label))")
        case .columnMissing(let key, let label):
            return Localized(
                zh: "缺少这一列：若不加\u{201C}\(label)\u{201D}，所有申报县该项都按未填报计 0 分。请补上这一列；若确实无此数据，可用 --allow-missing \(key) 明确允许。",
                en:
                    "the column is missing: without \(label) every applicant would score 0 on what it feeds. Add the column; if the figure really is not available, allow it with --allow-missing \(key)."
            )
        case .columnMissingAllowed:
            return Localized(
                zh: "缺少该列（已用 --allow-missing 允许）：所有申报县该项按未填报计 0 分。",
                en: "column is missing (allowed by --allow-missing): every applicant is treated as not reporting it (scores 0)")
        case .allowMissingUnknown(let rawKey):
            let key = Excerpt.both(rawKey)
            return Localized(
                zh: "--allow-missing 中的\u{201C}\(key.zh)\u{201D}不是评价标准中的字段；请用 qeval template 查看字段名。",
                en: "--allow-missing \(key.en): not a field of the rulebook; `qeval template` lists the keys")
        case .noteColumnsKept(let names):
            return Localized(
                zh: "\(names.joined(separator: "、"))列是备注，不是评价标准的填报项：原样保留，显示在工作簿“原始数据”表和网页的县页面，不参与计分。",
                en:
                    "\(names.joined(separator: ", ")) hold remarks, not figures of the standard: kept as written, shown in the workbook's 原始数据 sheet and on the county page, never scored."
            )
        case .titleRowSkipped(let title):
            return Localized(
                zh: "第一行\u{201C}\(title)\u{201D}是标题行，不是表头，已跳过；表头取自下一行。",
                en: "the first row \"\(title)\" is a title, not the header; it was skipped and the header read from the next row")
        case .titleRowNotHeader(let title):
            return Localized(
                zh: "第一行\u{201C}\(title)\u{201D}看起来是标题而不是表头：请删去标题行，使第一行为列名（县（市、区）、所属地级市……）。",
                en:
                    "row 1 (\"\(title)\") looks like a title rather than the header: delete the title row so that the first row holds the column names"
            )
        case .noRulebookIdentity:
            return Localized(
                zh: "评价标准没有定义 county 或 city 字段，无法读取申报数据；请检查评价标准文件。",
                en: "the rulebook has no county or city field; the input cannot be read")

        case .tooManyColumns(let found, let limit, let fields):
            return Localized(
                zh:
                    "表头有 \(found) 列，超过上限 \(limit) 列（评价标准的 \(fields) 个填报项，另留 \(limit - fields) 列给备注等）；这不像申报汇总表。请只保留填报表中的列后重试。",
                en:
                    "the header has \(found) columns, more than the limit of \(limit) (the rulebook's \(fields) fields plus \(limit - fields) for notes and the like); this does not look like a cohort. Keep only the form's columns and try again."
            )
        case .tooManyRows(let found, let limit):
            return Localized(
                zh: "文件有 \(found) 行申报数据，超过上限 \(limit) 行（全国县级单位约 2850 个）；请检查是否选错了文件，或分批上传。",
                en:
                    "the file has \(found) applicant rows, more than the limit of \(limit) (the country has about 2,850 county-level units); check that this is the right file, or split it."
            )
        case .blankRow:
            return Localized(zh: "该行全部为空，已跳过。", en: "the row has only empty cells; it is skipped")
        case .fieldCount(let found, let expected):
            let zhHint =
                found < expected ? "少了逗号，或该行被截断" : "多了逗号，或某个含逗号的值没有用双引号括起来"
            let enHint =
                found < expected
                ? "too few fields: a comma is missing or the row was cut short"
                : "too many fields: an extra comma, or a comma inside a value that is not in double quotes"
            return Localized(
                zh: "该行有 \(found) 个单元格，而表头有 \(expected) 列（\(zhHint)）。",
                en: "the row has \(found) field\(found == 1 ? "" : "s") but the header has \(expected) (\(enHint))")
        case .countyEmpty:
            return Localized(
                zh: "县（市、区）名称为空：每一行都要填写申报县（市、区）的名称。",
                en: "the county name is empty: every row must name its county (县、市、区)")
        case .countyNUL:
            return Localized(
                zh: "县（市、区）名称含有空字符（NUL）：请重新输入名称。",
                en: "the county name contains a NUL byte: expected the name of a county (县、市、区)")
        case .nameTooLong(let length, let limit):
            return Localized(
                zh: "县（市、区）名称有 \(length) 个字，超过上限 \(limit) 个字；请只填写名称本身，如“历城区”。",
                en: "the county name has \(length) characters, more than the limit of \(limit); write the name alone, e.g. 历城区")
        case .cityEmpty(let cities):
            return Localized(
                zh: "所属地级市为空：应为\(cities)之一。", en: "the city is empty: expected one of \(cities)")
        case .cityNUL(let cities):
            return Localized(
                zh: "所属地级市含有空字符（NUL）：应为\(cities)之一。",
                en: "the city contains a NUL byte: expected one of \(cities)")
        case .unknownCity(let rawValue, let cities):
            let value = Excerpt.both(rawValue)
            return Localized(
                zh: "值\u{201C}\(value.zh)\u{201D}不是山东省的地级市：应为\(cities)之一（\u{201C}市\u{201D}字可省略）。",
                en: "unknown city \"\(value.en)\": expected one of \(cities) (the 市 suffix is optional)")
        case .sameApplicantTwice(let firstLine):
            return Localized(
                zh: "同一县（市、区）和地级市出现了两次（第一次在第 \(firstLine) 行）；每个申报单位只填一行，请删去重复的行。",
                en: "the same county and city appear twice (first on line \(firstLine)); each applicant has one row")
        case .sameCountyTwice(let rawValue, let rawOther, let firstLine):
            let value = Excerpt.both(rawValue)
            let other = Excerpt.both(rawOther)
            return Localized(
                zh:
                    "\u{201C}\(value.zh)\u{201D}与第 \(firstLine) 行的\u{201C}\(other.zh)\u{201D}是同一个县（市、区）（仅差\u{201C}市/县/区\u{201D}字）；每个申报单位只填一行，请删去其中一行。",
                en:
                    "\"\(value.en)\" and \"\(other.en)\" on line \(firstLine) are the same county (they differ only in the 市/县/区 suffix); each applicant has one row, delete one"
            )
        case .countyInOtherCity(let rawCounty, let city, let belongsTo):
            let county = Excerpt.both(rawCounty)
            return Localized(
                zh: "\(county.zh)属于\(belongsTo)，不属于\(city)：请把所属地级市改为\(belongsTo)（地级市决定梯队和功效系数的比较组）。",
                en:
                    "\(county.en) belongs to \(belongsTo), not \(city): correct the city to \(belongsTo) (the city decides the tier and the efficacy comparison group)"
            )
        case .countyNotInList(let rawCounty, let city):
            let county = Excerpt.both(rawCounty)
            return Localized(
                zh: "\(county.zh)不在\(city)的县级行政区划名单中（新设或更名的单位，或名称有误）；请核对名称。",
                en:
                    "\(county.en) is not in the list of \(city)'s county-level units (a new or renamed unit, or a misspelling); check the name"
            )
        case .codeWrongCity(let rawCode, let city, let prefix):
            let code = Excerpt.both(rawCode)
            return Localized(
                zh: "行政区划代码\u{201C}\(code.zh)\u{201D}不属于\(city)：\(city)的代码以 \(prefix) 开头；请核对代码或所属地级市。",
                en:
                    "administrative code \"\(code.en)\" is not one of \(city)'s: its codes start with \(prefix); check the code or the city"
            )

        case .cellNUL(let expected):
            return Localized(
                zh: "单元格含有空字符（NUL）；应填\(expected.zh)。",
                en: "the cell contains a NUL byte: expected \(expected.en)")
        case .textTooLong(let length, let limit):
            return Localized(
                zh: "单元格有 \(length) 个字，超过上限 \(limit) 个字；请只填写该项的内容。",
                en: "the cell has \(length) characters, more than the limit of \(limit); write the figure alone")
        case .gateCellEmpty(let expected):
            return Localized(
                zh: "单元格为空，但前置指标和一票否决项必须填报：应填\(expected.zh)。",
                en: "the cell is empty but this gate figure is required: expected \(expected.en)")
        case .badCell(let value, let problem, let expected):
            let quoted = Diagnostic.printable(value)
            let zhProblem = problem.map { $0.localized.zh + "；" } ?? ""
            let enProblem = problem.map { $0.localized.en + "; " } ?? ""
            // A cell with no text of its own (a formula without its result) is named as the cell, not as "".
            return Localized(
                zh: (quoted.isEmpty ? "单元格无法识别：" : "值\u{201C}\(quoted)\u{201D}无法识别：") + "\(zhProblem)应填\(expected.zh)。",
                en: (quoted.isEmpty ? "the cell: " : "value \"\(quoted)\": ") + "\(enProblem)expected \(expected.en)")
        case .implausibleFraction(let value, let median):
            return Localized(
                zh: "值 \(value) 远小于其他申报县（中位数 \(median)）：是否误填为小数？百分数应填 0–100 之间的数，如 51.55 表示 51.55%。请核对。",
                en:
                    "value \(value) is far below the rest of the cohort (median \(median)): entered as a fraction? Percentages are written 0–100, e.g. 51.55 for 51.55 %. Please check."
            )
        }
    }

    public static var examples: [InputMessage] {
        let expected = Localized(zh: "0 到 100 之间的数", en: "a number from 0 to 100")
        return [
            .cannotRead(.notFound), .fileEmpty, .unicodeText(form: "UTF-16"),
            .notText(kind: Localized(zh: "PDF 文档", en: "a PDF document")), .notUTF8(offset: 12, forced: "utf-8"),
            .gbWithUTF8Mark, .markButNotUTF8(offset: 7), .neitherEncoding(offset: 9, byte: "FF"),
            .neitherEncodingGB(detail: Localized(zh: "文件在字符中间结束", en: "the file ends in the middle of a character")),
            .iconvMissing, .csvUnparsable(reason: "out of memory"), .unterminatedQuote, .noRows, .headerOnly,
            .headerNUL(column: 3), .unnamedColumnWithValues(column: 16, firstLine: 3), .unnamedEmptyColumn(column: 4),
            .unknownColumn(name: "常驻人口", suggestion: "常住人口"), .columnTwice(first: 11, second: 16),
            .columnMatchesTwo(name: "面积", first: "a", second: "b"),
            .requiredColumnMissing(key: "county", label: "县（市、区）"),
            .columnMissing(key: "i20_voluntary_cert_coverage", label: "自愿性认证覆盖率"), .columnMissingAllowed,
            .allowMissingUnknown(key: "i99"), .titleRowSkipped(title: "2023年申报汇总表"), .noteColumnsKept(names: ["“备注”", "“审核说明”"]),
            .titleRowNotHeader(title: "2023年申报汇总表"), .noRulebookIdentity,
            .tooManyColumns(found: 10_000, limit: 231, fields: 131), .tooManyRows(found: 30_000, limit: 20_000),
            .nameTooLong(length: 300, limit: 50), .textTooLong(length: 900, limit: 200), .blankRow,
            .fieldCount(found: 12, expected: 15), .countyEmpty, .countyNUL, .cityEmpty(cities: "济南、青岛"),
            .cityNUL(cities: "济南、青岛"), .unknownCity(value: "北京市", cities: "济南、青岛"),
            .sameApplicantTwice(firstLine: 3), .sameCountyTwice(value: "寿光", other: "寿光市", firstLine: 4),
            .countyInOtherCity(county: "寿光市", city: "济南市", belongsTo: "潍坊市"),
            .countyNotInList(county: "样本县0001", city: "济南市"),
            .codeWrongCity(code: "370783", city: "济南市", prefix: "3701"), .cellNUL(expected: expected),
            .gateCellEmpty(expected: expected),
            .badCell(value: "9O", problem: .notANumber, expected: expected),
            .implausibleFraction(value: "0.5155", median: "62.3"),
        ]
    }
}

/// Why a present cell could not be read, beyond what its column expects.
public enum CellProblem: Message, Equatable {
    case notANumber
    case notYesNo
    case nulByte
    case tooLarge
    case percentSignInNumber
    case badThousandsSeparators
    case levelBeyondTable(String)
    case negativeCount
    case fractionalCount
    case belowMinimum(String)
    case aboveMaximum(String)
    /// A workbook cell holding a formula whose result was never saved (a file written by a program, not by
    /// Excel or WPS, which save each formula's result beside it).
    case formulaWithoutValue(formula: String)
    /// A workbook cell formatted as a date where a figure is expected (Excel stores a date as a day number).
    case dateInNumber

    public var localized: Localized {
        switch self {
        case .notANumber: return Localized(zh: "不是数字", en: "not a number")
        case .notYesNo: return Localized(zh: "不是\u{201C}是/否\u{201D}", en: "not a yes/no answer")
        case .nulByte: return Localized(zh: "含有空字符（NUL）", en: "the cell contains a NUL byte")
        case .tooLarge: return Localized(zh: "数字太大", en: "the number is too large")
        case .percentSignInNumber:
            return Localized(zh: "百分号（%）只能用于百分数列", en: "a % sign belongs only in percentage columns")
        case .badThousandsSeparators:
            return Localized(
                zh: "千位分隔符（,）必须每三位一组，如 1,234,567",
                en: "thousands separators (,) must set off groups of three digits, as in 1,234,567")
        case .levelBeyondTable(let level):
            return Localized(zh: "等级 \(level) 超出了等级表", en: "level \(level) is beyond the table")
        case .negativeCount: return Localized(zh: "数量不能为负数", en: "a count cannot be negative")
        case .fractionalCount: return Localized(zh: "数量必须是整数", en: "a count must be a whole number")
        case .belowMinimum(let lo):
            return Localized(zh: "低于允许的最小值 \(lo)", en: "below the lowest allowed value \(lo)")
        case .aboveMaximum(let hi):
            return Localized(zh: "超过允许的最大值 \(hi)", en: "above the highest allowed value \(hi)")
        case .formulaWithoutValue(let formula):
            return Localized(
                zh: "这是公式（=\(Excerpt.cut(formula, limit: 60))），但文件中没有保存它的计算结果。请在 Excel 或 WPS 中打开并保存一次（会保存计算结果），或把公式改为数值",
                en:
                    "the cell is a formula (=\(Excerpt.cut(formula, limit: 60))) whose result the file does not hold. Open and save the workbook once in Excel or WPS (which saves results), or replace the formula by its value"
            )
        case .dateInNumber:
            return Localized(
                zh: "单元格是日期格式，这里应是数字。请把单元格格式改为“常规”或“数值”后重新填写",
                en:
                    "the cell is formatted as a date where a figure belongs. Set its format to General or Number and enter the figure again"
            )
        }
    }

    public static var examples: [CellProblem] {
        [
            .notANumber, .notYesNo, .nulByte, .tooLarge, .percentSignInNumber, .badThousandsSeparators,
            .levelBeyondTable("3"), .negativeCount, .fractionalCount, .belowMinimum("0"), .aboveMaximum("100"),
            .formulaWithoutValue(formula: "SUM(E2:E9)"), .dateInNumber,
        ]
    }
}
