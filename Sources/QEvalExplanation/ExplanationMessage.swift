import QEvalRules
import QEvalSupport

/// Every text of the explanation stage: the rule kinds, the words for values, and the one line of arithmetic
/// per part that a person can redo with a calculator. Numbers arrive already formatted (see `Figures`).
public enum ExplanationMessage: Message {
    // The 规则 column's rows that are no rule kind (the kinds' names are `RuleKindName`).
    case kindCap
    case kindGate

    // Values as a person reads them.
    case notReported
    case labelNotReported(label: String)
    case verifiedValue(declared: String)
    case yes
    case no
    case level(Int)
    case value(label: String, value: String, unit: String)
    case undefined(label: String, reason: String)
    case undefinedValue(reason: String)
    case zeroDenominator(label: String)
    case zeroBase(label: String)
    case wholeCohort
    case groupStats(group: String, min: String, max: String, n: Int)
    case emptyGroup(group: String)

    // Derived figures.
    case growth(label: String, current: String, previous: String, result: String)
    case ratio(label: String, numerator: String, denominator: String, scale: String, result: String)
    case weightedSum(label: String, terms: String, result: String)
    case weightedTerm(weight: String, label: String, value: String)
    case derivedMissing(label: String, terms: String)

    // Arithmetic lines, one per part.
    case yesNoLine(label: String, value: String, score: String, points: String)
    case levelLine(label: String, value: String, table: String, score: String)
    /// A judged part the expert panel scored: the declared level, each expert's level and points, how combined.
    case levelPanelLine(label: String, declared: String, experts: String, trimmed: Bool, score: String)
    case checklistAllDone(items: Int, score: String)
    case checklistLine(items: Int, missing: Int, names: String, points: String, deduction: String, raw: String, score: String)
    case countsTerm(label: String, value: String, each: String, above: String, result: String)
    /// A count not above its threshold: 0, said in words (the arithmetic would give a negative number).
    case countsTermBelow(label: String, value: String, above: String)
    case countsTermCapped(label: String, value: String, each: String, above: String, raw: String, cap: String)
    case countsTermMissing(label: String)
    case countsLine(terms: String, score: String)
    case countsLineCapped(terms: String, sum: String, cap: String, score: String)
    case stepsLine(label: String, value: String, step: String, score: String)
    case stepsBelow(label: String, value: String, lowest: String)
    case stepsMissing(label: String, value: String)
    case ratingLine(label: String, value: String, full: String, points: String, score: String)
    case ratingMissing(label: String)
    case efficacyTerm(label: String, x: String, stats: String, formula: String, d: String)
    case efficacyAllEqual(label: String, x: String, stats: String, d: String)
    case efficacyBelowThreshold(label: String, x: String, threshold: String)
    case efficacyMissing(label: String, value: String)
    case efficacyLine(term: String, points: String, d: String, score: String)
    case efficacyWeightedLine(terms: String, weighted: String, d: String, points: String, score: String)
    case higherFormula(x: String, min: String, max: String)
    case lowerFormula(x: String, min: String, max: String)
    case thresholdAtLeast(String)
    case thresholdAtMost(String)
    case capLine(sum: String, points: String, adjustment: String)
    case floorLine(sum: String, adjustment: String)
    case reweighted(line: String, score: String, inForce: String, standard: String, result: String)
    case disqualified(reason: String)
    case capLabel
    case gateLabel

    public var localized: Localized {
        switch self {
        case .kindCap: return Localized(zh: "封顶", en: "cap")
        case .kindGate: return Localized(zh: "资格审查", en: "eligibility")
        case .notReported: return Localized(zh: "未填报", en: "not reported")
        case .labelNotReported(let label): return Localized(zh: "\(label)未填报", en: "\(label) not reported")
        case .verifiedValue(let declared):
            return Localized(zh: "（核定值；申报 \(declared)）", en: " (verified; declared \(declared))")
        case .yes: return Localized(zh: "是", en: "yes")
        case .no: return Localized(zh: "否", en: "no")
        case .level(let k): return Localized(zh: "第 \(k) 级", en: "level \(k)")
        case .value(let label, let value, let unit):
            return Localized(zh: "\(label) = \(value)\(unit)", en: "\(label) = \(value)\(unit)")
        case .undefined(let label, let reason):
            return Localized(zh: "\(label)无法计算（\(reason)）", en: "\(label) is undefined (\(reason))")
        case .undefinedValue(let reason): return Localized(zh: "无法计算（\(reason)）", en: "undefined (\(reason))")
        case .zeroDenominator(let label): return Localized(zh: "\(label)为 0", en: "\(label) is 0")
        case .zeroBase(let label): return Localized(zh: "基期\(label)为 0，没有增长基数", en: "the base \(label) is 0")
        case .wholeCohort: return Localized(zh: "全体", en: "all applicants")
        case .groupStats(let group, let min, let max, let n):
            return Localized(zh: "\(group)最小 \(min)、最大 \(max)，共 \(n) 个", en: "\(group): min \(min), max \(max), \(n) eligible")
        case .emptyGroup(let group):
            return Localized(zh: "\(group)无达标参评县", en: "no eligible applicant in \(group)")
        case .growth(let label, let current, let previous, let result):
            return Localized(
                zh: "\(label) = (\(operand(current)) − \(operand(previous))) ÷ \(operand(previous)) × 100% = \(result)%",
                en: "\(label) = (\(operand(current)) − \(operand(previous))) ÷ \(operand(previous)) × 100% = \(result)%")
        case .ratio(let label, let numerator, let denominator, let scale, let result):
            return Localized(
                zh: "\(label) = \(numerator) ÷ \(denominator) × \(scale) = \(result)",
                en: "\(label) = \(numerator) ÷ \(denominator) × \(scale) = \(result)")
        case .weightedSum(let label, let terms, let result):
            return Localized(zh: "\(label) = \(terms) = \(result)", en: "\(label) = \(terms) = \(result)")
        case .weightedTerm(let weight, let label, let value):
            return Localized(zh: "\(weight) × \(value)（\(label)）", en: "\(weight) × \(value) (\(label))")
        case .derivedMissing(let label, let terms):
            return Localized(zh: "\(label)缺少数据（\(terms)）", en: "\(label) is missing (\(terms))")
        case .yesNoLine(let label, let value, let score, let points):
            return Localized(
                zh: "是否项：\(label)：\(value) → 得分 \(score)（满分 \(points)）",
                en: "yes/no: \(label): \(value) → score \(score) (of \(points))")
        case .levelLine(let label, let value, let table, let score):
            return Localized(
                zh: "等级：\(label)：\(value)（各级分值 \(table)）→ 得分 \(score)",
                en: "level: \(label): \(value) (points per level \(table)) → score \(score)")
        case .levelPanelLine(let label, let declared, let experts, let trimmed, let score):
            let how =
                trimmed
                ? Localized(zh: "去掉一个最高分和一个最低分后取平均", en: "the mean after dropping one highest and one lowest")
                : Localized(zh: "取平均", en: "the mean")
            return Localized(
                zh: "专家评审：\(label)（申报 \(declared)）：\(experts)，\(how.zh) → 得分 \(score)",
                en: "expert panel: \(label) (declared \(declared)): \(experts); \(how.en) → score \(score)")
        case .checklistAllDone(let items, let score):
            return Localized(zh: "清单扣分：\(items) 项全部完成 → 得分 \(score)", en: "checklist: all \(items) items done → score \(score)")
        case .checklistLine(let items, let missing, let names, let points, let deduction, let raw, let score):
            return Localized(
                zh:
                    "清单扣分：\(items) 项中 \(missing) 项未完成或未填报（\(names)）→ \(points) − \(missing) × \(deduction) = \(raw)，扣完为止，得分 \(score)",
                en:
                    "checklist: \(missing) of \(items) items not done or not reported (\(names)) → \(points) − \(missing) × \(deduction) = \(raw), not below 0: score \(score)"
            )
        case .countsTerm(let label, let value, let each, let above, let result):
            return Localized(
                zh: "\(label) \(value)：\(each) × (\(value) − \(above)) = \(result)",
                en: "\(label) \(value): \(each) × (\(value) − \(above)) = \(result)")
        case .countsTermCapped(let label, let value, let each, let above, let raw, let cap):
            return Localized(
                zh: "\(label) \(value)：\(each) × (\(value) − \(above)) = \(raw)，单项封顶 \(cap)",
                en: "\(label) \(value): \(each) × (\(value) − \(above)) = \(raw), capped at \(cap)")
        case .countsTermBelow(let label, let value, let above):
            return Localized(zh: "\(label) \(value)：未超过 \(above)，计 0", en: "\(label) \(value): not above \(above), counts 0")
        case .countsTermMissing(let label):
            return Localized(zh: "\(label)未填报，计 0", en: "\(label) not reported, counts 0")
        case .countsLine(let terms, let score):
            return Localized(zh: "计数：\(terms) → 得分 \(score)", en: "counts: \(terms) → score \(score)")
        case .countsLineCapped(let terms, let sum, let cap, let score):
            return Localized(
                zh: "计数：\(terms)；合计 \(sum)，封顶 \(cap) → 得分 \(score)",
                en: "counts: \(terms); sum \(sum), capped at \(cap) → score \(score)")
        case .stepsLine(let label, let value, let step, let score):
            return Localized(
                zh: "阈值分档：\(label) = \(value)，达到 \(step) 档 → 得分 \(score)",
                en: "thresholds: \(label) = \(value), reaches the step \(step) → score \(score)")
        case .stepsBelow(let label, let value, let lowest):
            return Localized(
                zh: "阈值分档：\(label) = \(value)，未达到最低档 \(lowest) → 得分 0",
                en: "thresholds: \(label) = \(value), below the lowest step \(lowest) → score 0")
        case .stepsMissing(let label, let value):
            return Localized(zh: "阈值分档：\(label)：\(value) → 得分 0", en: "thresholds: \(label): \(value) → score 0")
        case .ratingLine(let label, let value, let full, let points, let score):
            return Localized(
                zh: "评分折算：\(label) = \(value)（满分 \(full)）→ 得分 = \(points) × \(value) ÷ \(full) = \(score)",
                en: "rating: \(label) = \(value) (of \(full)) → score = \(points) × \(value) ÷ \(full) = \(score)")
        case .ratingMissing(let label):
            return Localized(zh: "评分折算：\(label)未填报 → 得分 0（未提供不得分）", en: "rating: \(label) not reported → score 0")
        case .efficacyTerm(let label, let x, let stats, let formula, let d):
            return Localized(
                zh: "\(label) x = \(x)（\(stats)）→ d = \(formula) = \(d)",
                en: "\(label) x = \(x) (\(stats)) → d = \(formula) = \(d)")
        case .efficacyAllEqual(let label, let x, let stats, let d):
            return Localized(
                zh: "\(label) x = \(x)（\(stats)，最大值等于最小值）→ d = \(d)",
                en: "\(label) x = \(x) (\(stats), max equals min) → d = \(d)")
        case .efficacyBelowThreshold(let label, let x, let threshold):
            return Localized(
                zh: "\(label) x = \(x)，未达到门槛（\(threshold)），不参与最小值、最大值 → d = 0",
                en: "\(label) x = \(x), below the threshold (\(threshold)), not in min/max → d = 0")
        case .efficacyMissing(let label, let value):
            return Localized(
                zh: "\(label)：\(value)，不参与最小值、最大值 → d = 0",
                en: "\(label): \(value), not in min/max → d = 0")
        case .efficacyLine(let term, let points, let d, let score):
            return Localized(
                zh: "功效系数：\(term)；得分 = \(points) × \(d)% = \(score)",
                en: "efficacy coefficient: \(term); score = \(points) × \(d)% = \(score)")
        case .efficacyWeightedLine(let terms, let weighted, let d, let points, let score):
            return Localized(
                zh: "功效系数：\(terms)；d = \(weighted) = \(d)；得分 = \(points) × \(d)% = \(score)",
                en: "efficacy coefficient: \(terms); d = \(weighted) = \(d); score = \(points) × \(d)% = \(score)")
        case .higherFormula(let x, let min, let max):
            let (x, min, max) = (operand(x), operand(min), operand(max))
            return Localized(
                zh: "60 + 40 × (\(x) − \(min)) ÷ (\(max) − \(min))", en: "60 + 40 × (\(x) − \(min)) ÷ (\(max) − \(min))")
        case .lowerFormula(let x, let min, let max):
            let (x, min, max) = (operand(x), operand(min), operand(max))
            return Localized(
                zh: "60 + 40 × (\(max) − \(x)) ÷ (\(max) − \(min))", en: "60 + 40 × (\(max) − \(x)) ÷ (\(max) − \(min))")
        case .thresholdAtLeast(let t): return Localized(zh: "须 ≥ \(t)", en: "≥ \(t) required")
        case .thresholdAtMost(let t): return Localized(zh: "须 ≤ \(t)", en: "≤ \(t) required")
        case .capLine(let sum, let points, let adjustment):
            return Localized(
                zh: "分项合计 \(sum)，封顶 \(points) → 本行 \(adjustment)",
                en: "parts add up to \(sum), capped at \(points) → this row \(adjustment)")
        case .floorLine(let sum, let adjustment):
            return Localized(
                zh: "分项合计 \(sum)，指标得分不低于 0 → 本行 \(adjustment)",
                en: "parts add up to \(sum), an indicator scores at least 0 → this row \(adjustment)")
        case .reweighted(let line, let score, let inForce, let standard, let result):
            return Localized(
                zh: "\(line)；按调整后分值折算：\(score) × \(inForce) ÷ \(standard) = \(result)",
                en: "\(line); under the adjusted points: \(score) × \(inForce) ÷ \(standard) = \(result)")
        case .disqualified(let reason):
            return Localized(zh: "不具备资格：\(reason)；不计分、不排名", en: "not eligible: \(reason); not scored, not ranked")
        case .capLabel: return Localized(zh: "封顶调整", en: "cap adjustment")
        case .gateLabel: return Localized(zh: "前置指标与一票否决", en: "prerequisites and vetoes")
        }
    }

    public static var examples: [ExplanationMessage] {
        [
            .verifiedValue(declared: "95"),
            .kindCap,
            .kindGate, .notReported, .labelNotReported(label: "人口"), .yes, .no, .level(2),
            .value(label: "人口", value: "52.3", unit: "万人"),
            .undefined(label: "增长率", reason: "基期为 0"), .undefinedValue(reason: "基期为 0"), .zeroDenominator(label: "床位总数"),
            .zeroBase(label: "帮扶企业数"),
            .wholeCohort, .groupStats(group: "第二梯队", min: "3.2", max: "20.1", n: 28), .emptyGroup(group: "第一梯队"),
            .growth(label: "增长率", current: "120", previous: "100", result: "20"),
            .ratio(label: "占比", numerator: "30", denominator: "120", scale: "100", result: "25"),
            .weightedSum(label: "空气质量", terms: "0.4 × 85（优良天数比例）+ 0.6 × 10（PM2.5 改善）", result: "40"),
            .weightedTerm(weight: "0.4", label: "优良天数比例", value: "85"),
            .derivedMissing(label: "空气质量", terms: "PM2.5 改善 未填报"),
            .yesNoLine(label: "农安县", value: "是", score: "2", points: "2"),
            .levelLine(label: "测试中心", value: "第 2 级", table: "0、0.5、1", score: "1"),
            .levelPanelLine(
                label: "质量发展模式", declared: "第 2 级", experts: "张三 2 级（3 分）、李四 2 级（3 分）、王五 1 级（1.5 分）",
                trimmed: false, score: "2.5"),
            .levelPanelLine(
                label: "质量发展模式", declared: "第 2 级", experts: "甲 0 级（0 分，去掉）、乙 2 级（3 分）", trimmed: true,
                score: "2.5"),
            .checklistAllDone(items: 5, score: "2"),
            .checklistLine(items: 5, missing: 2, names: "食品、药品", points: "2", deduction: "1", raw: "0", score: "0"),
            .countsTerm(label: "计量人员", value: "8", each: "0.1", above: "3", result: "0.5"),
            .countsTermCapped(label: "计量人员", value: "25", each: "0.1", above: "3", raw: "2.2", cap: "1"),
            .countsTermMissing(label: "入围项目"), .countsTermBelow(label: "计量人员", value: "1", above: "3"),
            .countsLine(terms: "计量人员 8：0.1 × (8 − 3) = 0.5", score: "0.5"),
            .countsLineCapped(terms: "示范 1：0.5 × (1 − 0) = 0.5；入围 1：0.3 × (1 − 0) = 0.3", sum: "0.8", cap: "0.5", score: "0.5"),
            .stepsLine(label: "主导国家标准", value: "2", step: "2", score: "3"),
            .stepsBelow(label: "主导省级标准", value: "0", lowest: "1"), .stepsMissing(label: "国际标准", value: "未填报"),
            .ratingLine(label: "医疗服务评价", value: "85", full: "100", points: "1", score: "0.85"),
            .ratingMissing(label: "医疗服务评价"),
            .efficacyTerm(
                label: "自愿性认证覆盖率", x: "12.5", stats: "第二梯队最小 3.2、最大 20.1，共 28 个",
                formula: "60 + 40 × (12.5 − 3.2) ÷ (20.1 − 3.2)", d: "82.01"),
            .efficacyAllEqual(label: "覆盖率", x: "95", stats: "全体最小 95、最大 95，共 3 个", d: "100"),
            .efficacyBelowThreshold(label: "覆盖率", x: "85", threshold: "须 ≥ 90"),
            .efficacyMissing(label: "覆盖率", value: "未填报"),
            .efficacyLine(term: "x = 12.5 → d = 82.01", points: "2", d: "82.01", score: "1.640"),
            .efficacyWeightedLine(
                terms: "数量 d = 80；增长率 d = 70", weighted: "0.6 × 80 + 0.4 × 70", d: "76.00", points: "2", score: "1.520"),
            .higherFormula(x: "12.5", min: "3.2", max: "20.1"), .lowerFormula(x: "30", min: "25", max: "40"),
            .thresholdAtLeast("90"), .thresholdAtMost("35"),
            .capLine(sum: "3.5", points: "3", adjustment: "−0.5"), .floorLine(sum: "−0.5", adjustment: "+0.5"),
            .reweighted(line: "是否项：… → 得分 2", score: "2", inForce: "3", standard: "2", result: "3"),
            .disqualified(reason: "前置指标未达标：三星级企业占比（12%，低于 16%）"), .capLabel, .gateLabel,
        ]
    }
}

/// A number as an operand of a formula: a negative one in brackets with a true minus sign, so that
/// "62.963 − -95.3271" reads "62.963 − (−95.3271)".
func operand(_ number: String) -> String {
    number.hasPrefix("-") ? "(−" + number.dropFirst() + ")" : number
}
