import Foundation
import QEvalSupport

/// Rule kinds as reviewers name them (是否项, 等级, 清单扣分 …): the one vocabulary of the 权重 sheet,
/// `qeval rules`, the 计分过程 sheet and `qeval explain`.
public enum RuleKindName: Message, Equatable {
    case yesNo, level, checklist, counts, steps, rating, efficacy

    public var localized: Localized {
        switch self {
        case .yesNo: return Localized(zh: "是否项", en: "yes/no")
        case .level: return Localized(zh: "等级", en: "level")
        case .checklist: return Localized(zh: "清单扣分", en: "checklist")
        case .counts: return Localized(zh: "计数", en: "counts")
        case .steps: return Localized(zh: "阈值分档", en: "thresholds")
        case .rating: return Localized(zh: "评分折算", en: "rating")
        case .efficacy: return Localized(zh: "功效系数", en: "efficacy coefficient")
        }
    }

    public static var examples: [RuleKindName] { [.yesNo, .level, .checklist, .counts, .steps, .rating, .efficacy] }
}

extension Rule {
    public var kindLabel: Localized {
        switch self {
        case .yesNo: return RuleKindName.yesNo.localized
        case .level: return RuleKindName.level.localized
        case .checklist: return RuleKindName.checklist.localized
        case .counts: return RuleKindName.counts.localized
        case .steps: return RuleKindName.steps.localized
        case .rating: return RuleKindName.rating.localized
        case .efficacy: return RuleKindName.efficacy.localized
        }
    }
}

extension Indicator {
    /// The rule kinds used, in the run's language ("功效系数、是否项").
    public var kindLabels: String {
        var names: [String] = []
        for part in parts {
            let name = part.rule.kindLabel.text()
            if !names.contains(name) { names.append(name) }
        }
        return names.joined(separator: Language.current == .zh ? "、" : ", ")
    }
}
