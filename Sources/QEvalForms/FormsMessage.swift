import Foundation
import QEvalRules
import QEvalSupport

/// The texts of the county reporting form (`qeval form`) and of collecting the returned forms (`qeval collect`).
public enum FormsMessage: Message {
    // The form's own texts.
    case sheetName
    case title(rulebook: String)
    case instructions
    case headerNumber, headerIndicator, headerItem, headerUnit, headerValue, headerNote, headerKey
    case idNote
    case prerequisiteRow(String)
    case vetoRow(String)
    case requiredMark
    case gateNote
    case boolNote
    case cityNote(String)
    case inputTitle
    case notReportedNote
    // Collecting.
    case sheetMissing(String)
    case columnsMissing
    case columnMissing
    case rowMissing
    case duplicateRow(otherCell: String)
    case unknownKey(String)
    case noForms
    case noFormsInFolder
    case unsupportedFile
    case sameCounty(county: String, otherFile: String)
    case noDataRow
    case emptyForm
    // The console summary.
    case summary(forms: Int, counties: Int, out: String)
    case blanks(county: String, items: [String])
    case noBlanks
    case formWritten(path: String, fields: Int)

    public var localized: Localized {
        switch self {
        case .sheetName: return Localized(zh: "填报表", en: "Form")
        case .title(let name):
            return Localized(zh: "\(name) 申报数据填报表（附件2）", en: "\(name): reporting form (annex 2)")
        case .instructions:
            return Localized(
                zh: "请只在“填报值”列（黄色为尚未填写）填写；每格的要求见“填报说明”，选中单元格时也会提示。未掌握的数据请留空，不要填 0。",
                en:
                    "Fill in the Value column only (yellow: not filled yet); each row's Notes say what to enter, as does the hint when a cell is selected. Leave a figure you do not have empty; do not enter 0."
            )
        case .headerNumber: return Localized(zh: "序号", en: "No.")
        case .headerIndicator: return Localized(zh: "指标", en: "Indicator")
        case .headerItem: return Localized(zh: "填报项", en: "Item")
        case .headerUnit: return Localized(zh: "单位", en: "Unit")
        case .headerValue: return Localized(zh: "填报值", en: "Value")
        case .headerNote: return Localized(zh: "填报说明", en: "Notes")
        case .headerKey: return Localized(zh: "字段代码", en: "Field code")
        case .idNote: return Localized(zh: "申报单位基本信息", en: "About the applicant")
        case .prerequisiteRow(let label): return Localized(zh: "前置指标：\(label)", en: "Prerequisite: \(label)")
        case .vetoRow(let label): return Localized(zh: "一票否决：\(label)", en: "Veto: \(label)")
        case .requiredMark: return Localized(zh: "（必填）", en: " (required)")
        case .gateNote:
            return Localized(
                zh: "必填，不能留空：留空时无法判断申报资格，汇总时会报错。",
                en: "Required: a blank one cannot show whether the county qualifies, and collecting stops on it.")
        case .boolNote:
            return Localized(zh: "从下拉列表选择“是”或“否”", en: "Choose 是 (yes) or 否 (no) from the list")
        case .cityNote(let list):
            return Localized(zh: "从下拉列表选择：\(list)", en: "choose from the list: \(list)")
        case .inputTitle: return Localized(zh: "填报要求", en: "What to enter")
        case .notReportedNote:
            return Localized(zh: "未掌握的数据请留空。", en: "Leave it empty if the figure is not known.")
        case .sheetMissing(let name):
            return Localized(
                zh: "找不到工作表“\(name)”。请使用 qeval form 生成的填报表，不要改工作表名。",
                en: "there is no sheet “\(name)”. Use the form qeval form writes, without renaming its sheet.")
        case .columnsMissing:
            return Localized(
                zh: "找不到“填报值”和“字段”两列的表头。请使用 qeval form 生成的填报表，不要删除或改写表头。",
                en:
                    "the headers of the Value and Key columns are missing. Use the form qeval form writes, without changing its headers."
            )
        case .columnMissing:
            return Localized(
                zh: "文件中没有这一项的列。请按 qeval template 的表头填写，或用 qeval form 生成的填报表。",
                en: "the file has no column for this item. Use the header of qeval template or the form of qeval form.")
        case .rowMissing:
            return Localized(
                zh: "填报表中没有这一项的行（可能被删除了）。请用新的填报表重新填写，或补回这一行。",
                en: "the form has no row for this item (it may have been deleted). Fill in a fresh form or restore the row.")
        case .duplicateRow(let other):
            return Localized(
                zh: "这一项在填报表中出现了两次（另一处在 \(other)）。请删除多余的一行。",
                en: "this item appears twice in the form (also at \(other)). Delete the extra row.")
        case .unknownKey(let key):
            return Localized(
                zh: "“字段”列中的“\(key)”不是本评价标准的数据项。请使用与本标准对应的填报表。",
                en: "“\(key)” in the Key column is not a figure of this standard. Use the form made for this standard.")
        case .noForms: return Localized(zh: "没有给出要汇总的填报表。", en: "no forms were given to collect.")
        case .noFormsInFolder:
            return Localized(zh: "文件夹中没有 .xlsx 或 .csv 填报表。", en: "the folder holds no .xlsx or .csv forms.")
        case .unsupportedFile:
            return Localized(
                zh: "只能汇总 .xlsx 填报表或 .csv 文件。", en: "only .xlsx forms and .csv files can be collected.")
        case .sameCounty(let county, let other):
            return Localized(
                zh: "“\(county)”在 \(other) 中也填报了：同一县（市、区）只能有一份填报表。请删除其中一份。",
                en: "“\(county)” is also reported in \(other): one form per county. Remove one of them.")
        case .noDataRow:
            return Localized(zh: "文件中只有表头，没有数据行。", en: "the file has a header but no data row.")
        case .emptyForm:
            return Localized(
                zh: "填报表是空白的：“填报值”一列（E 列）没有填写任何内容。如果这是县里交回的表，请让该县填好后重新交回；如果是误放进来的空白表，请把它移出文件夹后重新汇总。",
                en:
                    "the form is blank: nothing is filled in its Value column (column E). If the county returned it, ask them to fill it in and return it again; if it is a blank form put here by mistake, move it out of the folder and collect again."
            )
        case .summary(let forms, let counties, let out):
            return Localized(
                zh: "已读取 \(forms) 份填报表，共 \(counties) 个县（市、区），汇总写入 \(out)。",
                en: "read \(forms) form(s), \(counties) count\(counties == 1 ? "y" : "ies"); the cohort is in \(out).")
        case .blanks(let county, let items):
            // The first five by name; a form with many blanks is summarised rather than listed in full.
            let shown = items.prefix(5)
            let more = items.count > shown.count
            return Localized(
                zh: "  \(county)：\(items.count) 项未填——" + shown.joined(separator: "、") + (more ? " 等" : ""),
                en: "  \(county): \(items.count) item(s) empty — " + shown.joined(separator: ", ") + (more ? ", …" : ""))
        case .noBlanks: return Localized(zh: "所有填报项均已填写。", en: "every item is filled in.")
        case .formWritten(let path, let fields):
            return Localized(
                zh: "已写出填报表 \(path)（\(fields) 个填报项）。", en: "wrote the form \(path) (\(fields) items).")
        }
    }

    public static var examples: [FormsMessage] {
        [
            .sheetName, .title(rulebook: "山东省质量强县"), .instructions, .headerNumber, .headerIndicator, .headerItem,
            .headerUnit, .headerValue, .headerNote, .headerKey, .idNote, .cityNote("济南、青岛"), .inputTitle,
            .notReportedNote,
            .sheetMissing("填报表"),
            .columnsMissing, .columnMissing, .rowMissing, .duplicateRow(otherCell: "E24"), .unknownKey("x1"), .noForms,
            .noFormsInFolder, .unsupportedFile, .sameCounty(county: "历城区（济南）", otherFile: "a.xlsx"), .noDataRow, .emptyForm,
            .summary(forms: 2, counties: 2, out: "cohort.csv"),
            .blanks(county: "历城区（济南）", items: ["动员部署大会", "质量发展模式", "质量工作经费", "a", "b", "c"]),
            .prerequisiteRow("三星市场监管所占比不低于16%"), .vetoRow("统计数据不实问题"), .requiredMark, .gateNote, .boolNote, .noBlanks,
            .formWritten(path: "form.xlsx", fields: 131),
        ]
    }
}
