import QEvalSupport

/// What the Evaluation stage says: gates, figures that were not reported or cannot be computed.
public enum EvaluationMessage: Message, Equatable {
    case notReported
    case undefinedRatio(denominator: String)
    case undefinedGrowth(previous: String)
    case gateBelow(label: String, value: String, minimum: String, unit: String)
    case gateNotReported(label: String)
    case vetoField(label: String)
    case prerequisiteFailed(label: String, detail: Localized)
    case vetoed(label: String)

    public var localized: Localized {
        switch self {
        case .notReported:
            return Localized(
                zh: "未填报：该项按未提供不得分（计 0 分）；如有数据请补填，确无此项请填 0。",
                en: "not reported: the part it feeds scores 0 (未提供不得分); fill it in, or enter 0 if there is none")
        case .undefinedRatio(let denominator):
            return Localized(
                zh: "无法计算：\u{201C}\(denominator)\u{201D}为 0，比值没有意义，该项计 0 分；请核对分母。",
                en: "undefined: \(denominator) is 0, so the ratio has no value; the part it feeds scores 0")
        case .undefinedGrowth(let previous):
            return Localized(
                zh: "无法计算：\u{201C}\(previous)\u{201D}为 0，增长率没有基数，该项计 0 分；请核对上年数据。",
                en: "undefined: \(previous) is 0, so the growth rate has no base; the part it feeds scores 0")
        case .gateBelow(let label, let value, let minimum, let unit):
            return Localized(
                zh: "\(label) \(value)\(unit)，低于 \(minimum)\(unit)", en: "\(label) \(value)\(unit), below \(minimum)\(unit)")
        case .gateNotReported(let label):
            return Localized(zh: "\(label) 未填报", en: "\(label) not reported")
        case .vetoField(let label):
            return Localized(zh: "\(label)：是", en: "\(label): yes")
        case .prerequisiteFailed(let label, let detail):
            return Localized(
                zh: "前置指标未达标：\(label)（\(detail.zh)）", en: "prerequisite not met: \(label) (\(detail.en))")
        case .vetoed(let label):
            return Localized(zh: "一票否决：\(label)", en: "vetoed: \(label)")
        }
    }

    public static var examples: [EvaluationMessage] {
        [
            .notReported, .undefinedRatio(denominator: "常住人口"), .undefinedGrowth(previous: "上上年数量"),
            .gateBelow(label: "三星级以上占比", value: "12", minimum: "16", unit: "%"),
            .gateNotReported(label: "三星级以上占比"), .vetoField(label: "发生重大质量安全事故"),
            .prerequisiteFailed(
                label: "三星级以上企业占比", detail: Localized(zh: "12%，低于 16%", en: "12%, below 16%")),
            .vetoed(label: "重大质量安全事故"),
        ]
    }
}
