import QEvalRules
import QEvalSupport

/// The texts of reviewers' findings (核查记录): the file's columns, every way a finding is refused, and the
/// summaries the console, the workbooks and the web show.
public enum FindingsMessage: Message {
    // The file's columns.
    case columnCounty, columnCity, columnField, columnValue, columnReason, columnEvidence, columnReviewer, columnDate
    // Refusals, each located by file, line and column.
    case missingColumn(String)
    case unknownColumn(name: String, allowed: String)
    case noRows
    case unknownApplicant(county: String, city: String)
    case applicantInOtherCity(county: String, city: String, cities: String)
    case unknownField(name: String, suggestion: String?)
    case identityField(label: String)
    case badValue(value: String, problem: CellProblem?, expected: Localized)
    case blankGate(label: String)
    case noReason
    case duplicate(firstLine: Int?, firstCell: String?)
    case textTooLong(length: Int, limit: Int)
    // What a finding did.
    case summary(findings: Int, changes: Int, confirmations: Int, applicants: Int, rankChanges: Int)
    case enteringRecognised(top: Int, names: String)
    case leavingRecognised(top: Int, names: String)
    case disqualified(names: String)
    case requalified(names: String)
    case declaredVerified(declared: String, verified: String, reason: String)
    case rejectedFigure(label: String, reason: String)
    case declaredScenario
    case verifiedScenario(String)
    case compareNeedsOneInput
    case notFilled
    case confirmation
    case verifiedValue
    case fileLine(file: String, sha: String)
    // The 核查记录 sheets.
    case columnKey, columnDeclared, columnResult, columnIndicator, columnDeclaredScore, columnVerifiedScore, columnPlace
    case changed
    case sheetTitle(String)
    case aboutFindings
    case aboutFindingsLine(file: String, sha: String, findings: Int, changes: Int, confirmations: Int)
    case countyFindingsNone
    case verifiedCellFill
    // The template.
    case templateWritten(path: String, fields: Int)
    case templateWrittenCSV(String)
    case templateFileName
    case exportFileName(evaluation: Int64)
    case recordedAt(file: String, line: Int)
    case templateInstructions
    case sheetName

    public var localized: Localized {
        switch self {
        case .columnCounty: return Localized(zh: "县（市、区）", en: "county")
        case .columnCity: return Localized(zh: "所属地级市", en: "city")
        case .columnField: return Localized(zh: "填报项", en: "field")
        case .columnValue: return Localized(zh: "核定值", en: "value")
        case .columnReason: return Localized(zh: "核查理由", en: "reason")
        case .columnEvidence: return Localized(zh: "佐证材料", en: "evidence")
        case .columnReviewer: return Localized(zh: "核查人", en: "reviewer")
        case .columnDate: return Localized(zh: "核查日期", en: "date")
        case .missingColumn(let name):
            return Localized(
                zh: "核查记录缺少“\(name)”一列。请按 qeval findings template 生成的表头填写（县（市、区）、所属地级市、填报项、核定值、核查理由，佐证材料、核查人、核查日期可选）。",
                en:
                    "the findings file has no column “\(name)”. Use the header qeval findings template writes (county, city, field, value, reason; evidence, reviewer and date optional)."
            )
        case .unknownColumn(let name, let allowed):
            return Localized(
                zh: "列名“\(name)”不是核查记录的列。可用的列：\(allowed)。请改正列名或删去该列。",
                en: "“\(name)” is not a column of a findings file. The columns are: \(allowed). Rename or remove it.")
        case .noRows:
            return Localized(
                zh: "核查记录中只有表头，没有任何一条记录。没有核查结果时请不要加 --findings。",
                en: "the findings file has a header but no finding. Leave out --findings when there is none.")
        case .unknownApplicant(let county, let city):
            return Localized(
                zh: "申报数据中没有“\(county)（\(city)）”：核查记录只能针对申报数据中的县（市、区）。请核对县名和所属地级市（与申报数据写法一致）。",
                en:
                    "there is no “\(county) (\(city))” in the cohort: a finding can only name an applicant of the cohort. Check the county and city as the cohort writes them."
            )
        case .applicantInOtherCity(let county, let city, let cities):
            return Localized(
                zh: "申报数据中的“\(county)”属于\(cities)，不是“\(city)”。请改正所属地级市。",
                en: "“\(county)” of the cohort belongs to \(cities), not “\(city)”. Correct the city.")
        case .unknownField(let name, let suggestion):
            let hint = suggestion.map { Localized(zh: "是否指“\($0)”？", en: " Did you mean “\($0)”?") }
            return Localized(
                zh: "“\(name)”不是填报表中的填报项。\(hint?.zh ?? "")请写填报项的中文名称或字段代码（见 qeval form 的填报表或 qeval findings template 的下拉列表）。",
                en:
                    "“\(name)” is not an item of the form.\(hint?.en ?? "") Write the item's Chinese label or field code (as in qeval form's form or qeval findings template's list)."
            )
        case .identityField(let label):
            return Localized(
                zh: "“\(label)”是申报单位的身份信息，不是可核定的数据，不能写入核查记录。县名或所属地级市有误时请改正申报数据。",
                en: "“\(label)” identifies the applicant; it is not a figure a finding can settle. Correct the cohort itself.")
        case .badValue(let value, let problem, let expected):
            let why = problem?.localized
            return Localized(
                zh: "核定值“\(value)”无法识别\(why.map { "：" + $0.zh } ?? "")；应填\(expected.zh)。不接受（佐证不足）时请留空。",
                en:
                    "the verified value “\(value)” cannot be read\(why.map { ": " + $0.en } ?? ""); expected \(expected.en). Leave it empty to reject the figure (no sufficient evidence)."
            )
        case .blankGate(let label):
            return Localized(
                zh: "“\(label)”是前置指标或一票否决项，核定值不能留空：请填写核实后的数值或“是/否”。",
                en:
                    "“\(label)” is a prerequisite or veto: its verified value cannot be empty. Enter the verified figure or yes/no."
            )
        case .noReason:
            return Localized(
                zh: "核查理由为空：每条核查记录都必须写明理由（如“佐证材料显示为 62%”）。",
                en: "no reason: every finding must say why (e.g. “the evidence shows 62%”).")
        case .duplicate(let line, let cell):
            let zh = cell ?? line.map { "第\($0)行" } ?? ""
            let en = cell ?? line.map { "line \($0)" } ?? ""
            return Localized(
                zh: "同一县（市、区）的同一填报项已在\(zh)核定过：每项只能有一条核查记录。请删去其中一条。",
                en: "the same applicant and item already have a finding at \(en): one finding per item. Remove one.")
        case .textTooLong(let length, let limit):
            return Localized(
                zh: "内容有 \(length) 个字，超过 \(limit) 字的上限：请精简，详细材料写在佐证材料中注明的文件里。",
                en: "\(length) characters, more than the \(limit) allowed: shorten it and keep the detail in the evidence file.")
        case .summary(let n, let m, let k, let p, let q):
            return Localized(
                zh: "核查记录：\(n) 条（改变 \(m) 项、确认 \(k) 项），影响 \(p) 个申报单位的得分，\(q) 个名次变化",
                en:
                    "findings: \(n) (\(m) changed, \(k) confirmed), changing the scores of \(p) applicant\(p == 1 ? "" : "s") and \(q) rank\(q == 1 ? "" : "s")"
            )
        case .enteringRecognised(let top, let names):
            return Localized(
                zh: "  因核查进入拟认定（前 \(top) 名）：\(names)", en: "  entering the recognised top \(top) by the findings: \(names)")
        case .leavingRecognised(let top, let names):
            return Localized(
                zh: "  因核查退出拟认定（前 \(top) 名）：\(names)", en: "  leaving the recognised top \(top) by the findings: \(names)")
        case .disqualified(let names):
            return Localized(zh: "  因核查不具备资格：\(names)", en: "  disqualified by the findings: \(names)")
        case .requalified(let names):
            return Localized(zh: "  因核查取得资格：\(names)", en: "  qualified by the findings: \(names)")
        case .declaredVerified(let declared, let verified, let reason):
            return Localized(
                zh: "申报 \(declared)，核定 \(verified)：\(reason)", en: "declared \(declared), verified \(verified): \(reason)")
        case .rejectedFigure(let label, let reason):
            return Localized(
                zh: "“\(label)”核查不予认可（佐证不足），按未提供不得分（计 0 分）。核查理由：\(reason)",
                en: "“\(label)” rejected by the reviewers (not enough evidence): not reported, scores 0. Reason: \(reason)")
        case .declaredScenario: return Localized(zh: "申报数据", en: "declared")
        case .verifiedScenario(let file): return Localized(zh: "核定数据（\(file)）", en: "verified (\(file))")
        case .compareNeedsOneInput:
            return Localized(
                zh: "compare --findings 比较一份申报数据与其核定结果：只给一个申报数据文件，不要同时给第二个文件。",
                en: "compare --findings sets one cohort's declared figures against its verified ones: give one input, not two.")
        case .notFilled: return Localized(zh: "（未填）", en: "(empty)")
        case .confirmation: return Localized(zh: "确认", en: "confirmed")
        case .verifiedValue: return Localized(zh: "核定值", en: "verified")
        case .fileLine(let file, let sha):
            return Localized(zh: "\(file)（校验值 SHA-256：\(sha)）", en: "\(file) (SHA-256 \(sha))")
        case .templateWritten(let path, let fields):
            return Localized(
                zh: "已写出核查记录模板 \(path)（“填报项”可从下拉列表选择 \(fields) 个填报项之一）。",
                en: "wrote the findings template \(path) (the field column offers the \(fields) items of the form).")
        case .templateWrittenCSV(let path):
            return Localized(
                zh: "已写出核查记录模板 \(path)（只有表头；“填报项”写填报表中的中文名称或字段代码）。",
                en: "wrote the findings template \(path) (the header only; name the item by its Chinese label or field code).")
        case .templateFileName: return Localized(zh: "核查记录.xlsx", en: "findings.xlsx")
        case .exportFileName(let id): return Localized(zh: "核查记录-评审\(id).csv", en: "findings-evaluation\(id).csv")
        case .recordedAt(let file, let line): return Localized(zh: "\(file) 第\(line)行", en: "\(file):\(line)")
        case .templateInstructions:
            return Localized(
                zh: "每行一条核查记录：县（市、区）和所属地级市与申报数据一致；填报项从下拉列表选择；核定值按填报表的要求填写，不接受（佐证不足）时留空；核查理由必填。",
                en:
                    "One finding per row: county and city as in the cohort; the item from the list; the verified value as the form asks for it, empty to reject the figure; a reason is required."
            )
        case .sheetName: return Localized(zh: "核查记录", en: "Findings")
        case .columnKey: return Localized(zh: "字段代码", en: "Field code")
        case .columnDeclared: return Localized(zh: "申报值", en: "Declared")
        case .columnResult: return Localized(zh: "结果", en: "Result")
        case .columnIndicator: return Localized(zh: "指标", en: "Indicator")
        case .columnDeclaredScore: return Localized(zh: "该指标得分（按申报）", en: "Indicator score (declared)")
        case .columnVerifiedScore: return Localized(zh: "该指标得分（按核定）", en: "Indicator score (verified)")
        case .columnPlace: return Localized(zh: "记录位置", en: "Where recorded")
        case .changed: return Localized(zh: "改变", en: "changed")
        case .sheetTitle(let standard): return Localized(zh: "\(standard) — 核查记录", en: "\(standard) — findings")
        case .aboutFindings: return Localized(zh: "核查记录", en: "Findings")
        case .aboutFindingsLine(let file, let sha, let n, let m, let k):
            return Localized(
                zh:
                    "\(file)（校验值 SHA-256：\(sha)）：\(n) 条（改变 \(m) 项、确认 \(k) 项）。本工作簿的得分和排名按核定后的数据计算；“原始数据”表中被核定的单元格以橙色标出，批注写明申报值、核定值和理由。",
                en:
                    "\(file) (SHA-256 \(sha)): \(n) finding(s) (\(m) changed, \(k) confirmed). Scores and ranks in this workbook are those of the verified data; in 原始数据 every verified cell is filled orange, its note giving the declared and verified values and the reason."
            )
        case .countyFindingsNone: return Localized(zh: "本县（市、区）没有核查记录。", en: "No finding concerns this county.")
        case .verifiedCellFill: return Localized(zh: "核定", en: "verified")
        }
    }

    public static var examples: [FindingsMessage] {
        [
            .columnCounty, .columnCity, .columnField, .columnValue, .columnReason, .columnEvidence, .columnReviewer,
            .columnDate, .missingColumn("核查理由"), .unknownColumn(name: "备注2", allowed: "县（市、区）、所属地级市"), .noRows,
            .unknownApplicant(county: "历城区", city: "青岛"), .applicantInOtherCity(county: "历城区", city: "青岛", cities: "济南市"),
            .unknownField(name: "自愿认证覆盖率", suggestion: "自愿性认证覆盖率"), .unknownField(name: "x", suggestion: nil),
            .identityField(label: "县（市、区）"),
            .badValue(value: "九十五", problem: .notANumber, expected: Localized(zh: "百分数", en: "a percentage")),
            .blankGate(label: "近三年发生重大及以上生产安全事故"), .noReason, .duplicate(firstLine: 2, firstCell: nil),
            .duplicate(firstLine: nil, firstCell: "核查.xlsx!Sheet1!C2"),
            .textTooLong(length: 300, limit: 200),
            .summary(findings: 3, changes: 2, confirmations: 1, applicants: 5, rankChanges: 4),
            .enteringRecognised(top: 10, names: "历城区（济南市）"), .leavingRecognised(top: 10, names: "历下区（济南市）"),
            .disqualified(names: "章丘区（济南市）"), .requalified(names: "长清区（济南市）"),
            .declaredVerified(declared: "95", verified: "62", reason: "佐证材料显示为 62%"),
            .rejectedFigure(label: "政府专门召开创建动员部署大会", reason: "未见会议纪要"), .declaredScenario, .verifiedScenario("核查.csv"),
            .compareNeedsOneInput, .notFilled, .confirmation,
            .verifiedValue, .fileLine(file: "核查.csv", sha: "ab12"), .templateWritten(path: "核查记录.xlsx", fields: 129),
            .templateWrittenCSV("核查记录.csv"), .templateFileName, .exportFileName(evaluation: 3),
            .recordedAt(file: "核查.csv", line: 3),
            .templateInstructions, .sheetName, .columnKey, .columnDeclared, .columnResult, .columnIndicator,
            .columnDeclaredScore, .columnVerifiedScore, .columnPlace, .changed, .sheetTitle("标准"), .aboutFindings,
            .aboutFindingsLine(file: "核查.csv", sha: "ab12", findings: 3, changes: 2, confirmations: 1), .countyFindingsNone,
            .verifiedCellFill,
        ]
    }
}
