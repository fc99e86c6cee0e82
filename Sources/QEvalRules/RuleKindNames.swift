import Foundation
import QEvalSupport

/// Rule kinds as reviewers name them (是否项, 等级, 清单 …), for the 权重 sheet and `qeval rules`.
extension Rule {
    var kindLabel: Localized {
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
