import QEvalRules
import QEvalSupport

/// Every text of the comparison (workbook sheets, statuses, notes), in Chinese and English.
public enum CompareText: Message {
    case documentTitle(String)
    case mainSheet, indicatorsSheet, chartSheet, aboutSheet
    case topSheet(Int)
    case mainTitle(standard: String, a: String, b: String)
    case topTitle(String)
    case indicatorsTitle
    case chartTitleSheet(String)
    case aboutTitle(String)
    case rankA, rankB, rankChange, totalA, totalB, totalChange, statusA, statusB, change
    case entering(Int)
    case leaving(Int)
    case topUnchanged(Int)
    case pointsAToB
    case rankChangeUp
    case rankChangeChart
    case rankChangeChartTop(Int)
    case notInData, newlyRanked, notRanked, gainedQualification, lostQualification
    case weightsLine(source: String, maximum: String)
    case maximumDiffers(String)
    case adjustedList(String)
    case scenario(String)
    case scenarioData(String)
    case scenarioWeights(String)
    case dataLine(file: String, sha: String)
    case aboutRankChange, rankChangeText, aboutTotalChange, totalChangeText
    case problemsOf(String)
    // Input figures that differ between two data sets.
    case inputChangesSheet
    case inputChangesTitle(String)
    case valueA, valueB, scoreA, scoreB, itemLabel, fieldKey, unitLabel
    case indicatorLabel, notFilled
    case inputChangesLine(changes: Int, counties: Int)
    case inputChangeItem(county: String, item: String, a: String, b: String)
    case moreInputChanges(Int)
    case noInputChanges

    public var localized: Localized {
        switch self {
        case .documentTitle(let s): return Localized(zh: "\(s) 方案对比", en: "\(s): comparison")
        case .mainSheet: return Localized(zh: "对比", en: "Comparison")
        case .topSheet(let n): return Localized(zh: "前\(n)名变化", en: "Top \(n) changes")
        case .indicatorsSheet: return Localized(zh: "指标差异", en: "Indicator differences")
        case .chartSheet: return Localized(zh: "排名变化图", en: "Rank shifts")
        case .aboutSheet: return Localized(zh: "说明", en: "About")
        case .mainTitle(let s, let a, let b):
            return Localized(zh: "\(s) — 方案对比（A：\(a)；B：\(b)）", en: "\(s) — comparison (A: \(a); B: \(b))")
        case .topTitle(let s): return Localized(zh: "\(s) — 拟认定名单变化", en: "\(s) — changes to the proposed list")
        case .indicatorsTitle: return Localized(zh: "指标得分差异（B − A）", en: "Indicator score differences (B − A)")
        case .chartTitleSheet(let s): return Localized(zh: "\(s) — 排名变化图", en: "\(s) — rank shifts")
        case .aboutTitle(let s): return Localized(zh: "\(s) — 方案对比说明", en: "\(s) — about the comparison")
        case .rankA: return Localized(zh: "排名 A", en: "Rank A")
        case .rankB: return Localized(zh: "排名 B", en: "Rank B")
        case .rankChange: return Localized(zh: "排名变化", en: "Rank change")
        case .totalA: return Localized(zh: "总分 A", en: "Total A")
        case .totalB: return Localized(zh: "总分 B", en: "Total B")
        case .totalChange: return Localized(zh: "总分变化", en: "Total change")
        case .statusA: return Localized(zh: "状态 A", en: "Status A")
        case .statusB: return Localized(zh: "状态 B", en: "Status B")
        case .change: return Localized(zh: "变化", en: "Change")
        case .inputChangesSheet: return Localized(zh: "数据变化", en: "Changed inputs")
        case .inputChangesTitle(let standard):
            return Localized(zh: "\(standard) — 两份数据中不同的填报值", en: "\(standard) — inputs that differ between the two data sets")
        case .valueA: return Localized(zh: "A 的值", en: "Value in A")
        case .valueB: return Localized(zh: "B 的值", en: "Value in B")
        case .scoreA: return Localized(zh: "该指标得分 A", en: "Indicator score A")
        case .scoreB: return Localized(zh: "该指标得分 B", en: "Indicator score B")
        case .itemLabel: return Localized(zh: "填报项", en: "Item")
        case .fieldKey: return Localized(zh: "字段代码", en: "Field code")
        case .unitLabel: return Localized(zh: "单位", en: "Unit")
        case .indicatorLabel: return Localized(zh: "指标", en: "Indicator")
        case .notFilled: return Localized(zh: "（未填）", en: "(empty)")
        case .inputChangesLine(let changes, let counties):
            return Localized(
                zh: "两份数据有 \(changes) 个填报值不同，涉及 \(counties) 个县（市、区），全部列在工作簿“数据变化”表中：",
                en:
                    "\(changes) input value(s) differ between the two data sets, for \(counties) count\(counties == 1 ? "y" : "ies"); all are listed in the workbook's Changed inputs sheet:"
            )
        case .inputChangeItem(let county, let item, let a, let b):
            return Localized(zh: "  \(county)：\(item) \(a) → \(b)", en: "  \(county): \(item) \(a) → \(b)")
        case .moreInputChanges(let n):
            return Localized(zh: "  ……另有 \(n) 处，见“数据变化”表", en: "  … and \(n) more, in the Changed inputs sheet")
        case .noInputChanges:
            return Localized(zh: "两份数据中各县的填报值完全相同。", en: "every county's input values are the same in both data sets.")
        case .entering(let n): return Localized(zh: "进入前\(n)名", en: "enters the top \(n)")
        case .leaving(let n): return Localized(zh: "退出前\(n)名", en: "leaves the top \(n)")
        case .topUnchanged(let n):
            return Localized(zh: "前\(n)名（拟认定）名单没有变化", en: "The top \(n) (proposed) list does not change")
        case .pointsAToB: return Localized(zh: "分值 A → B", en: "Points A → B")
        case .rankChangeUp: return Localized(zh: "排名变化（正数为上升）", en: "Rank change (positive: up)")
        case .rankChangeChart: return Localized(zh: "排名变化", en: "Rank change")
        case .rankChangeChartTop(let n):
            return Localized(zh: "排名变化（B 方案前 \(n) 名）", en: "Rank change (B's top \(n))")
        case .notInData: return Localized(zh: "不在此数据中", en: "not in this data")
        case .newlyRanked: return Localized(zh: "新参评", en: "new")
        case .notRanked: return Localized(zh: "未参评", en: "absent")
        case .gainedQualification: return Localized(zh: "取得资格", en: "qualified")
        case .lostQualification: return Localized(zh: "失去资格", en: "disqualified")
        case .weightsLine(let source, let maximum):
            return Localized(zh: "\(source)，满分 \(maximum)", en: "\(source), full marks \(maximum)")
        case .maximumDiffers(let standard):
            return Localized(zh: "（与标准满分 \(standard) 不同）", en: " (not the standard's \(standard))")
        case .adjustedList(let list): return Localized(zh: "；已调整：\(list)", en: "; adjusted: \(list)")
        case .scenario(let s): return Localized(zh: "方案 \(s)", en: "Scenario \(s)")
        case .scenarioData(let s): return Localized(zh: "方案 \(s) 数据", en: "Scenario \(s) data")
        case .scenarioWeights(let s): return Localized(zh: "方案 \(s) 权重", en: "Scenario \(s) points")
        case .dataLine(let file, let sha): return Localized(zh: "\(file)（校验值 SHA-256：\(sha)）", en: "\(file) (SHA-256 \(sha))")
        case .aboutRankChange: return Localized(zh: "排名变化", en: "Rank change")
        case .rankChangeText:
            return Localized(
                zh:
                    "排名 A − 排名 B：▲ 为上升，▼ 为下降；只在一个方案的数据中出现的县标为\u{201C}新参评\u{201D}或\u{201C}未参评\u{201D}，在一个方案中不具备资格的县标为\u{201C}取得资格\u{201D}或\u{201C}失去资格\u{201D}。",
                en:
                    "Rank A − rank B: ▲ up, ▼ down; a county in only one data set is marked new or absent, one disqualified under one scenario qualified or disqualified."
            )
        case .aboutTotalChange: return Localized(zh: "总分变化", en: "Total change")
        case .totalChangeText: return Localized(zh: "总分 B − 总分 A。", en: "Total B − total A.")
        case .problemsOf(let s): return Localized(zh: "方案 \(s) 的数据问题", en: "Data problems of scenario \(s)")
        }
    }

    public static var examples: [CompareText] {
        [
            .documentTitle("标准"), .mainSheet, .indicatorsSheet, .chartSheet, .aboutSheet, .topSheet(10),
            .mainTitle(standard: "标准", a: "a.csv", b: "b.csv"), .topTitle("标准"), .indicatorsTitle,
            .chartTitleSheet("标准"), .aboutTitle("标准"), .rankA, .rankB, .rankChange, .totalA, .totalB, .totalChange,
            .statusA, .statusB, .change, .entering(10), .leaving(10), .topUnchanged(10), .pointsAToB, .rankChangeUp,
            .rankChangeChart, .rankChangeChartTop(60), .notInData, .newlyRanked, .notRanked, .gainedQualification,
            .lostQualification, .weightsLine(source: "调整权重文件：b.csv", maximum: "103"), .maximumDiffers("100"),
            .adjustedList("1（2→5）"), .scenario("A"), .scenarioData("A"), .scenarioWeights("A"),
            .dataLine(file: "a.csv", sha: "ab12"), .aboutRankChange, .rankChangeText, .aboutTotalChange, .totalChangeText,
            .problemsOf("A"), .inputChangesSheet, .inputChangesTitle("标准"), .valueA, .valueB, .scoreA, .scoreB, .itemLabel,
            .fieldKey, .unitLabel, .indicatorLabel, .notFilled, .inputChangesLine(changes: 3, counties: 2),
            .inputChangeItem(county: "历城区（济南市）", item: "自愿性认证覆盖率（%）", a: "95", b: "62"), .moreInputChanges(5),
            .noInputChanges,
        ]
    }
}
