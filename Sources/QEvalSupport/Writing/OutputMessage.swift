/// What the output stages (workbooks, CSVs) say when a file cannot be written.
public enum OutputMessage: Message {
    case cannotWrite(path: String, problem: FileProblem)
    case outputIsInput(path: String)
    case sameOutputTwice(String, String)
    case folderMissing(output: String, folder: String)
    case workbookFailed(path: String, code: Int)
    case workbookCell(sheet: String, cell: String, code: Int)
    case workbookSheet(name: String)
    case workbookClosed
    case chartFailed

    public var localized: Localized {
        switch self {
        case .cannotWrite(let path, let problem):
            return Localized(
                zh: "无法写出 \(path)：\(problem.localized.zh)。", en: "cannot write \(path): \(problem.localized.en).")
        case .outputIsInput(let path):
            return Localized(
                zh: "输出文件 \(path) 就是输入文件；程序不会覆盖输入文件，请用 --out 另选一个文件名。",
                en: "the output path \(path) is an input file; the input is never overwritten — choose another --out")
        case .sameOutputTwice(let a, let b):
            return Localized(
                zh: "两个输出会写到同一个文件：\(a) 和 \(b)；请为它们选不同的文件名。",
                en: "two outputs would be written to the same file: \(a) and \(b)")
        case .folderMissing(let output, let folder):
            return Localized(
                zh: "\(output) 所在的文件夹 \(folder) 不存在；请先建立该文件夹，或用 --out 另选位置。",
                en: "the folder for \(output) does not exist: \(folder); create it or choose another --out")
        case .workbookFailed(let path, let code):
            return Localized(
                zh: "无法写出工作簿 \(path)（写入库返回错误代码 \(code)）；请检查磁盘空间和文件夹权限后重试。",
                en:
                    "cannot write the workbook \(path) (libxlsxwriter error \(code)); check the disk space and the folder's permissions"
            )
        case .workbookCell(let sheet, let cell, let code):
            return Localized(
                zh: "写工作表\u{201C}\(sheet)\u{201D}的 \(cell) 单元格时出错（写入库返回错误代码 \(code)，多为内容超出 Excel 的限制，如单元格超过 32767 个字符）。",
                en:
                    "writing sheet '\(sheet)', cell \(cell): libxlsxwriter error \(code) (usually beyond an Excel limit, such as 32,767 characters in a cell)"
            )
        case .workbookSheet(let name):
            return Localized(
                zh: "无法添加工作表\u{201C}\(name)\u{201D}（名称重复或含有不允许的字符）。",
                en: "cannot add the sheet '\(name)' (a duplicate or invalid name?)")
        case .workbookClosed:
            return Localized(zh: "工作簿已经关闭，无法继续写入。", en: "the workbook is already closed")
        case .chartFailed:
            return Localized(zh: "无法在工作簿中添加图表。", en: "cannot add a chart")
        }
    }

    public static var examples: [OutputMessage] {
        [
            .cannotWrite(path: "reports/a.xlsx", problem: .noPermission), .outputIsInput(path: "a.csv"),
            .sameOutputTwice("a.csv", "b.csv"), .folderMissing(output: "x/a.xlsx", folder: "x"),
            .workbookFailed(path: "a.xlsx", code: 2),
            .workbookCell(sheet: "总排名", cell: "B2", code: 11),
            .workbookSheet(name: "总排名"), .workbookClosed, .chartFailed,
        ]
    }
}
