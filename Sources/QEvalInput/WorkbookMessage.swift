import QEvalSupport

/// What the input stage says about a workbook as a file: what it is when it is not an .xlsx this tool reads
/// and what to save it as, a damaged or oversized one, a sheet that is not there.
public enum WorkbookMessage: Message, Equatable {
    case notAWorkbook
    case legacyExcel
    case encrypted
    case openDocument
    case zipNotWorkbook
    case truncatedWorkbook
    case partMissing(part: String)
    case partTooLarge(part: String, limitMiB: Int)
    case workbookTooLarge(limitMiB: Int)
    case tooManyEntries(limit: Int)
    case badXML(part: String, line: Int)
    case beyondExcelRows(row: Int, limit: Int)
    case sheetNotFound(name: String, sheets: String)
    case noSheets
    case sheetOnlyForWorkbooks
    case formGivenAsCohort(sheet: String)
    case rankedWorkbook(sheet: String)
    case encodingIgnored

    public var localized: Localized {
        switch self {
        case .notAWorkbook:
            return Localized(
                zh: "不是 Excel 工作簿（.xlsx）。请用 Excel 或 WPS 打开后另存为“Excel 工作簿（*.xlsx）”。",
                en: "not an Excel workbook (.xlsx). Open it in Excel or WPS and save it as “Excel Workbook (*.xlsx)”.")
        case .legacyExcel:
            return Localized(
                zh:
                    "这是旧版 Excel 97-2003 工作簿（.xls）或 WPS 表格（.et）文件，本工具读取 .xlsx。请在 Excel 或 WPS 中打开它，选择“文件 → 另存为”，保存类型选“Excel 工作簿（*.xlsx）”，再使用另存的文件。",
                en:
                    "this is an old Excel 97-2003 workbook (.xls) or a WPS spreadsheet (.et); this tool reads .xlsx. Open it in Excel or WPS, choose File → Save As, pick “Excel Workbook (*.xlsx)” and use the saved file."
            )
        case .encrypted:
            return Localized(
                zh:
                    "工作簿设有打开密码（已加密），无法读取。请在 Excel 或 WPS 中输入密码打开，取消密码（Excel：文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码；WPS：文件 → 文档加密 → 密码加密，清空密码）后保存，再使用该文件。",
                en:
                    "the workbook is protected by a password (encrypted) and cannot be read. Open it in Excel or WPS with the password, remove the password (Excel: File → Info → Protect Workbook → Encrypt with Password, clear it; WPS: File → Document Encryption), save, and use that file."
            )
        case .openDocument:
            return Localized(
                zh: "这是 OpenDocument 电子表格（.ods），本工具读取 .xlsx。请在 WPS、LibreOffice 或 Excel 中打开，另存为“Excel 工作簿（*.xlsx）”后再使用。",
                en:
                    "this is an OpenDocument spreadsheet (.ods); this tool reads .xlsx. Open it in WPS, LibreOffice or Excel and save it as “Excel Workbook (*.xlsx)”."
            )
        case .zipNotWorkbook:
            return Localized(
                zh: "这是一个 ZIP 压缩包，不是 Excel 工作簿。请先解压，再使用其中的 .xlsx 或 .csv 文件。",
                en: "this is a ZIP archive, not an Excel workbook. Unpack it and use the .xlsx or .csv files inside.")
        case .truncatedWorkbook:
            return Localized(
                zh: "工作簿已损坏或不完整，可能没有传输完整。请重新获取该文件，或在 Excel/WPS 中打开后重新保存。",
                en:
                    "the workbook is damaged or incomplete; it may not have been copied in full. Get it again, or open it in Excel or WPS and save it again."
            )
        case .partMissing(let part):
            return Localized(
                zh: "工作簿缺少组成部分 \(part)，不是完整的 .xlsx 文件。请在 Excel/WPS 中打开后重新保存。",
                en:
                    "the workbook has no part \(part); it is not a complete .xlsx file. Open it in Excel or WPS and save it again."
            )
        case .partTooLarge(let part, let limit):
            let what = Self.partInWords(part)
            return Localized(
                zh:
                    "工作簿中\(what.zh)解压后超过 \(limit) MB，已拒绝读取。申报数据远没有这么大；文件本身很小、解压后却极大，通常是有意做成拖垮电脑的文件（常称“压缩炸弹”）。请向发送者索要原来的文件，或在 Excel/WPS 中打开后另存为新的 .xlsx。",
                en:
                    "\(what.en) in the workbook is larger than \(limit) MB uncompressed, so it was not read. Reporting data is never that large; a small file that unpacks to that much is usually made to bring a computer down (a “zip bomb”). Ask the sender for the original file, or open it in Excel or WPS and save it as a new .xlsx."
            )
        case .workbookTooLarge(let limit):
            return Localized(
                zh:
                    "工作簿解压后合计超过 \(limit) MB，已拒绝读取。申报数据远没有这么大；文件本身很小、解压后却极大，通常是有意做成拖垮电脑的文件（常称“压缩炸弹”）。请向发送者索要原来的文件，或在 Excel/WPS 中打开后另存为新的 .xlsx。",
                en:
                    "the workbook is larger than \(limit) MB uncompressed in all, so it was not read. Reporting data is never that large; this is usually a file made to bring a computer down (a “zip bomb”). Ask the sender for the original file, or open it in Excel or WPS and save it as a new .xlsx."
            )
        case .tooManyEntries(let limit):
            return Localized(
                zh: "工作簿由超过 \(limit) 个部分组成（正常的工作簿只有几十个），已拒绝读取。请在 Excel/WPS 中打开后另存为新的 .xlsx。",
                en:
                    "the workbook has more than \(limit) parts (a normal one has a few dozen), so it was not read. Open it in Excel or WPS and save it as a new .xlsx."
            )
        case .badXML(let part, let line):
            return Localized(
                zh: "工作簿中的 \(part) 第 \(line) 行无法读取，文件可能已损坏。请在 Excel/WPS 中打开后重新保存。",
                en:
                    "\(part) in the workbook cannot be read at line \(line); the file may be damaged. Open it in Excel or WPS and save it again."
            )
        case .beyondExcelRows(let row, let limit):
            return Localized(
                zh: "工作表有第 \(row) 行，超出了 Excel 的最大行数 \(limit)，不是 Excel 或 WPS 保存的文件。请在 Excel/WPS 中打开后重新保存。",
                en:
                    "the sheet has a row \(row), beyond Excel's last row \(limit); Excel and WPS do not write such files. Open it in Excel or WPS and save it again."
            )
        case .sheetNotFound(let name, let sheets):
            return Localized(
                zh: "工作簿中没有名为“\(name)”的工作表。工作簿中的工作表有：\(sheets)。请用 --sheet 指定其中之一（名称须完全一致）。",
                en:
                    "the workbook has no sheet named “\(name)”. Its sheets are: \(sheets). Name one of them with --sheet (exactly as written)."
            )
        case .noSheets:
            return Localized(
                zh: "工作簿中没有含单元格的工作表（只有图表或为空）。",
                en: "the workbook has no worksheet with cells (only charts, or none).")
        case .sheetOnlyForWorkbooks:
            return Localized(
                zh: "--sheet 只用于 Excel 工作簿（.xlsx）；这个输入是 CSV 文件，请去掉 --sheet。",
                en: "--sheet applies to Excel workbooks (.xlsx) only; this input is a CSV file, so leave --sheet out.")
        case .formGivenAsCohort(let sheet):
            return Localized(
                zh: "这是一份县级填报表（工作表“\(sheet)”），按一个申报单位读取。多份填报表请放在一个文件夹中一起读取，或用 qeval collect 合并。",
                en:
                    "this is a county's reporting form (sheet “\(sheet)”), read as one applicant. Put several forms in one folder to read them together, or merge them with qeval collect."
            )
        case .rankedWorkbook(let sheet):
            return Localized(
                zh: "这是 qeval 生成的排名工作簿，读取其中的“\(sheet)”表（梯队、状态和派生列不作为输入）。",
                en:
                    "this is a ranked workbook written by qeval; its “\(sheet)” sheet is read (the tier, status and derived columns are not inputs)."
            )
        case .encodingIgnored:
            return Localized(
                zh: "--encoding 只用于 CSV 文件；Excel 工作簿自带编码，已忽略该选项。",
                en: "--encoding applies to CSV files only; an Excel workbook carries its own encoding, so the option was ignored."
            )
        }
    }

    /// A part of the package said as what it holds, its path after it for whoever opens the file as a zip:
    /// "一张工作表的内容（xl/worksheets/sheet1.xml）", not the path alone.
    static func partInWords(_ part: String) -> Localized {
        let name = part.split(separator: "/").last.map(String.init) ?? part
        if part.hasPrefix("xl/worksheets/") {
            return Localized(zh: "一张工作表的内容（\(part)）", en: "the cells of a worksheet (\(part))")
        }
        switch name {
        case "sharedStrings.xml": return Localized(zh: "存放文字的部分（\(part)）", en: "the part holding its texts (\(part))")
        case "styles.xml": return Localized(zh: "存放格式的部分（\(part)）", en: "the part holding its formats (\(part))")
        case "workbook.xml": return Localized(zh: "工作表目录（\(part)）", en: "the list of its worksheets (\(part))")
        default: return Localized(zh: "组成部分 \(part)", en: "the part \(part)")
        }
    }

    public static var examples: [WorkbookMessage] {
        [
            .notAWorkbook, .legacyExcel, .encrypted, .openDocument, .zipNotWorkbook, .truncatedWorkbook,
            .partMissing(part: "xl/workbook.xml"), .partTooLarge(part: "xl/worksheets/sheet1.xml", limitMiB: 1024),
            .workbookTooLarge(limitMiB: 1536), .tooManyEntries(limit: 10_000),
            .badXML(part: "xl/sharedStrings.xml", line: 3), .beyondExcelRows(row: 1_048_577, limit: 1_048_576),
            .sheetNotFound(name: "数据", sheets: "“Sheet1”、“说明”"), .noSheets, .sheetOnlyForWorkbooks,
            .formGivenAsCohort(sheet: "填报表"), .rankedWorkbook(sheet: "原始数据"), .encodingIgnored,
        ]
    }
}
