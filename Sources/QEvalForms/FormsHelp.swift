import QEvalSupport

/// The help of `qeval form` and `qeval collect`.
public enum FormsHelp: Message {
    case form
    case formOut
    case collect
    case collectInputs
    case collectOut

    public var localized: Localized {
        switch self {
        case .form:
            return Localized(
                zh: "生成发给各县（市、区）的填报表（附件2，.xlsx）：每项一行，含单位、填报说明、下拉选项和数值校验，只有“填报值”列可填写。",
                en:
                    "Write the reporting form (annex 2, .xlsx) for the counties: one row per item with its unit, notes, dropdowns and checks; only the Value column can be edited."
            )
        case .formOut:
            return Localized(zh: "填报表的保存位置。默认：填报表.xlsx", en: "Where to write the form. Default: form.xlsx")
        case .collect:
            return Localized(
                zh: "汇总各县交回的填报表（.xlsx 或 .csv，可给文件夹），逐格检查，合并为一个可供 rank 使用的 CSV。有错误时不写出任何文件。",
                en:
                    "Collect the returned forms (.xlsx or .csv files, or folders), check every cell, and merge them into one CSV that rank reads. Nothing is written on an error."
            )
        case .collectInputs:
            return Localized(zh: "填报表文件或文件夹（可多个）。", en: "Form files or folders (one or more).")
        case .collectOut:
            return Localized(zh: "汇总后的 CSV 文件。", en: "The merged CSV file.")
        }
    }

    public static var examples: [FormsHelp] { [.form, .formOut, .collect, .collectInputs, .collectOut] }
}
