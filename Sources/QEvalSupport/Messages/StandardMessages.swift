/// Texts about rulebooks as stand-ins for a standard (provisional choices, parts scored out of another
/// standard's points, synthetic ranges) and about comparing two standards. Each case gives its Chinese and
/// English rendering together.
public enum StandardMessage: Message, Equatable {
    // Loader: the keys `sample`, `parts_out_of`, `id`, `provisional`, `note`.
    case sampleNotPair(field: String)
    case sampleOutOfRange(field: String, low: Double, high: Double)
    case partsOutOfNotPositive(indicator: Int)
    case partsBelowOutOf(indicator: Int, reachable: Double, outOf: Double)
    case idEmpty(indicator: Int)
    case idTwice(indicator: Int, id: String, other: Int)
    case provisionalWithoutNote(indicator: Int)
    /// `judged: true` on a field no level table reads: the panel gives levels, so only a level field can be judged.
    case judgedNotLevel(field: String)

    // `qeval rules`
    case provisionalMark
    case provisionalHeading(count: Int)
    case scoredOutOf(outOf: Double)

    // 权重 sheet
    case provisionalColumn
    /// The console and the 说明 sheet, whenever a standard has provisional indicators.
    case provisionalNotice(count: Int, numbers: String)
    case provisionalNoticeAll(count: Int)
    case provisionalLabel

    // compare across standards
    case rulesOptionsNeedTwoInputs
    case weightsNeedOneStandard
    case standardA
    case standardB
    case indicatorMatching
    /// The unmatched indicators by number and name ("8 质量信用").
    case matchedIndicators(count: Int, onlyA: [String], onlyB: [String])
    case indicatorPairRule
    case twoStandardsTitle(a: String, b: String)
    case shareDifferenceTitle
    case sameStandardPoints

    public var localized: Localized {
        switch self {
        case .judgedNotLevel(let field):
            return Localized(
                zh: "字段 '\(field)'：只有等级字段（type: level，由等级表计分）才能标为 judged: true（专家评审）",
                en:
                    "field '\(field)': only a level field (type: level, scored by a level table) can be judged: true (expert panel)"
            )
        case .sampleNotPair(let field):
            return Localized(
                zh: "字段 '\(field)'：sample 应写成 [下限, 上限]", en: "field '\(field)': sample must be [low, high]")
        case .sampleOutOfRange(let field, let low, let high):
            let range = "[\(Wording.number(low)), \(Wording.number(high))]"
            return Localized(
                zh: "字段 '\(field)'：sample \(range) 应由小到大，且在 min/max 范围内",
                en: "field '\(field)': sample \(range) must be increasing and within min/max")
        case .partsOutOfNotPositive(let indicator):
            return Localized(
                zh: "指标 \(indicator)：parts_out_of 必须大于 0", en: "indicator \(indicator): parts_out_of must be above 0")
        case .partsBelowOutOf(let indicator, let reachable, let outOf):
            return Localized(
                zh: "指标 \(indicator)：各评分项最多只能得 \(Wording.number(reachable)) 分，达不到 parts_out_of 的 \(Wording.number(outOf)) 分",
                en:
                    "indicator \(indicator): its parts can give at most \(Wording.number(reachable)) of the \(Wording.number(outOf)) in parts_out_of"
            )
        case .idEmpty(let indicator):
            return Localized(zh: "指标 \(indicator)：id 不能为空", en: "indicator \(indicator): id must not be empty")
        case .idTwice(let indicator, let id, let other):
            return Localized(
                zh: "指标 \(indicator)：id '\(id)' 已用于指标 \(other)",
                en: "indicator \(indicator): id '\(id)' is already indicator \(other)'s")
        case .provisionalWithoutNote(let indicator):
            return Localized(
                zh: "指标 \(indicator)：暂定（provisional: true）的指标须用 note 说明取了什么口径、为什么",
                en: "indicator \(indicator): a provisional indicator needs a note saying what was chosen and why")
        case .provisionalMark:
            return Localized(zh: "暂定", en: "provisional")
        case .provisionalHeading(let count):
            return Localized(
                zh: "暂定口径（\(count) 项，来源未给出分值或评价标准，取得官方评分表后应替换）：",
                en: "Provisional choices (\(count); the source gives no points or rule — replace them from the official table):")
        case .scoredOutOf(let outOf):
            return Localized(
                zh: "按 \(Wording.number(outOf)) 分制评分后折算", en: "scored out of \(Wording.number(outOf)), then scaled")
        case .provisionalColumn:
            return Localized(zh: "暂定口径说明", en: "Provisional choice")
        case .provisionalNotice(let count, let numbers):
            return Localized(
                zh:
                    "注意：本评价标准有 \(count) 项指标（\(numbers)）的分值或计分方法是暂定的（来源文件没有给出），据此得出的分数和名次只供参考；取得官方评分表后应替换规则文件。每项的暂定理由见工作簿“权重”表的“暂定口径说明”列。",
                en:
                    "Note: \(count) indicators of this standard (\(numbers)) have provisional points or rules (the source gives none); scores and ranks based on them are for reference only, until the rulebook is replaced from the official table. The 权重 sheet's Provisional choice column gives each reason."
            )
        case .provisionalNoticeAll(let count):
            return Localized(
                zh: "注意：本评价标准全部 \(count) 项指标的分值或计分方法都是暂定的（来源文件没有给出），据此得出的分数和名次只供参考；取得官方评分表后应替换规则文件。每项的暂定理由见工作簿“权重”表的“暂定口径说明”列。",
                en:
                    "Note: all \(count) indicators of this standard have provisional points or rules (the source gives none); scores and ranks based on them are for reference only, until the rulebook is replaced from the official table. The 权重 sheet's Provisional choice column gives each reason."
            )
        case .provisionalLabel: return Localized(zh: "暂定口径", en: "Provisional")
        case .rulesOptionsNeedTwoInputs:
            return Localized(
                zh: "错误：--rules-a / --rules-b 用于比较两份输入（A.csv B.csv）在两套评价标准下的结果，请给出两个输入文件",
                en: "error: --rules-a / --rules-b compare two inputs (A.csv B.csv) under two standards; give two input files")
        case .weightsNeedOneStandard:
            return Localized(
                zh: "错误：两套评价标准的指标编号不同，--weights 无法同时用于两者；请分别用 qeval rank --weights 调整",
                en:
                    "error: the two standards number their indicators differently, so one --weights file cannot apply to both; adjust each with qeval rank --weights"
            )
        case .standardA:
            return Localized(zh: "评价标准 A", en: "Standard A")
        case .standardB:
            return Localized(zh: "评价标准 B", en: "Standard B")
        case .indicatorMatching:
            return Localized(zh: "指标对应", en: "Indicator matching")
        case .matchedIndicators(let count, let onlyA, let onlyB):
            func list(_ names: [String], _ language: Language) -> String {
                names.isEmpty ? (language == .zh ? "无" : "none") : Wording.list(names, language)
            }
            return Localized(
                zh: "两套标准共有的指标 \(count) 项；仅 A 有：\(list(onlyA, .zh))；仅 B 有：\(list(onlyB, .zh))",
                en: "\(count) indicators in both standards; only in A: \(list(onlyA, .en)); only in B: \(list(onlyB, .en))")
        case .indicatorPairRule:
            return Localized(
                zh: "指标按规则文件中的 id 对应（无 id 时按指标名称完全相同对应），不按序号；只列出两套标准都有的指标。",
                en:
                    "Indicators are matched by their id in the rulebooks (by identical name where there is none), not by number; only indicators both standards have are listed."
            )
        case .twoStandardsTitle(let a, let b):
            return Localized(zh: "A：\(a) ↔ B：\(b)", en: "A: \(a) ↔ B: \(b)")
        case .shareDifferenceTitle:
            return Localized(
                zh: "指标得分差异（B − A，两套标准共有的指标；表头为 A 序号→B 序号）",
                en: "Indicator score differences (B − A, indicators both standards have; headers are A's number→B's number)")
        case .sameStandardPoints:
            return Localized(zh: "分值 A → B", en: "Points A → B")
        }
    }

    public static var examples: [StandardMessage] {
        [
            .provisionalNotice(count: 3, numbers: "4、14、15"), .provisionalNoticeAll(count: 43), .provisionalLabel,
            .sampleNotPair(field: "i28_funds"), .sampleOutOfRange(field: "i28_funds", low: 5, high: 1),
            .partsOutOfNotPositive(indicator: 4), .partsBelowOutOf(indicator: 4, reachable: 3, outOf: 5),
            .idEmpty(indicator: 4), .idTwice(indicator: 5, id: "media", other: 4), .provisionalWithoutNote(indicator: 10),
            .judgedNotLevel(field: "i01_slogan"),
            .provisionalMark, .provisionalHeading(count: 43), .scoredOutOf(outOf: 7), .provisionalColumn,
            .rulesOptionsNeedTwoInputs, .weightsNeedOneStandard, .standardA, .standardB, .indicatorMatching,
            .matchedIndicators(count: 20, onlyA: ["10 质量品牌", "28 农产品质量安全县"], onlyB: []), .indicatorPairRule,
            .twoStandardsTitle(a: "甲标准", b: "乙标准"), .shareDifferenceTitle, .sameStandardPoints,
        ]
    }
}
