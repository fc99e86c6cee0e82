import Foundation
import QEvalSupport

/// The standard a cohort is scored against, as data: fields of the reporting form, gates, tiers, derived
/// figures and the 43 (or however many) indicators with their rules. Loaded from `data/rules/*.yaml` by
/// `RulebookLoader`; nothing in Swift knows a particular year's indicators.
public struct Rulebook: Sendable {
    public var name: String
    var year: Int?
    /// Where the rulebook was read from (shown in the workbook's 说明 sheet).
    public var source: String
    public var fields: [FieldSpec]
    public var derived: [DerivedFigure]
    public var tiers: [Tier]
    /// 前置指标: every condition must hold.
    public var prerequisites: [Prerequisite]
    /// 一票否决项: any true field disqualifies.
    public var vetoes: [Veto]
    public var efficacy: EfficacySettings
    /// How many top-ranked counties are proposed for recognition (拟认定).
    public var recognitionCount: Int
    /// Totals are compared at this many decimal places when ranking.
    public var rankDecimals: Int
    /// First-level categories (一级指标) in display order.
    public var categories: [String]
    public var indicators: [Indicator]

    /// Index of each field key, for lookups while loading and reading input.
    public var fieldIndex: [String: Int]
    var derivedIndex: [String: Int]
    /// Each city's county-level units and code prefix (`regions:`), when the rulebook names a list.
    public var regions: RegionList? = nil

    /// The judged fields (`judged: true`), in the form's order: what an expert panel (专家评审) scores.
    public var judgedFields: [Int] { fields.indices.filter { fields[$0].judged } }

    /// The part points of each level of a level field, from the level table that scores it: level k earns
    /// `levelPoints(of:)[k]` (an expert's points for the part).
    public func levelPoints(of field: Int) -> [Double]? {
        for indicator in indicators {
            for part in indicator.parts {
                if case .level(let f, let points) = part.rule, f == field { return points }
            }
        }
        return nil
    }

    public var totalPoints: Double { indicators.reduce(0) { $0 + $1.points } }
    public var defaultPoints: [Double] { indicators.map(\.points) }

    /// The tier a city belongs to, accepting the name with or without the 市 suffix.
    public func tier(ofCity city: String) -> Int? {
        let key = Tier.normalise(city)
        return tiers.firstIndex { $0.cities.contains(key) }
    }

    public func field(_ key: String) -> FieldSpec? { fieldIndex[key].map { fields[$0] } }

    /// Every efficacy comparison group the rules use, each once.
    public var efficacyGroups: [EfficacyGroup] {
        var seen: [EfficacyGroup] = []
        for indicator in indicators {
            for part in indicator.parts {
                if case .efficacy(_, let terms) = part.rule {
                    for term in terms where !seen.contains(term.group) { seen.append(term.group) }
                }
            }
        }
        return seen
    }

    /// Label of a figure (an input field or a derived figure).
    public func label(of figure: FigureRef) -> String {
        switch figure {
        case .field(let i): return fields[i].label
        case .derived(let i): return derived[i].label
        }
    }

    public func key(of figure: FigureRef) -> String {
        switch figure {
        case .field(let i): return fields[i].key
        case .derived(let i): return derived[i].key
        }
    }

    public func unit(of figure: FigureRef) -> String {
        switch figure {
        case .field(let i): return fields[i].unit
        case .derived(let i): return derived[i].unit
        }
    }
}

/// The role a column plays on the reporting form.
public enum FieldRole: String, Sendable {
    /// County, city, code: who the applicant is.
    case id
    /// Figures used by several rules (population).
    case base
    /// Prerequisite and veto fields: required, an empty cell is an error.
    case gate
    /// A figure one indicator's rule reads.
    case indicator
}

public enum FieldType: String, Sendable {
    case text
    /// A real number (areas, revenue, ratings).
    case number
    /// A percentage written as 0–100 (a trailing % is accepted).
    case percent
    /// A whole, non-negative count.
    case count
    /// Yes/no (是/否, 有/无, 1/0, Y/N, yes/no, true/false, √/×).
    case bool
    /// A level 0…n of a level table; n is taken from the rule that reads it.
    case level
}

/// One column of the reporting form (附件2).
public struct FieldSpec: Sendable, Equatable {
    public var key: String
    public var label: String
    public var type: FieldType
    public var unit: String
    public var role: FieldRole
    /// The indicator number the figure feeds, if any.
    public var indicator: Int?
    public var required: Bool
    /// Allowed range (numbers, percents, counts); `nil` bounds are open.
    public var minimum: Double?
    public var maximum: Double?
    /// Highest level for `.level` fields (from the level table that reads it).
    public var maxLevel: Int?
    /// What each level means (`meanings:` of the level table), for messages and the form: 0 = 无, 1 = …
    public internal(set) var levelMeanings: [String]?
    /// A judgement, not a count (`judged: true`): scored by an expert panel (专家评审) when one is given.
    public var judged = false
    /// The range `qeval generate` draws synthetic values from (`sample: [lo, hi]`); nil: a range by type.
    public var sampleRange: ClosedRange<Double>?

    public init(
        key: String, label: String, type: FieldType, unit: String = "", role: FieldRole, indicator: Int? = nil,
        required: Bool = false, minimum: Double? = nil, maximum: Double? = nil, maxLevel: Int? = nil,
        sampleRange: ClosedRange<Double>? = nil,
        levelMeanings: [String]? = nil
    ) {
        self.key = key
        self.label = label
        self.type = type
        self.unit = unit
        self.role = role
        self.indicator = indicator
        self.required = required
        self.minimum = minimum
        self.maximum = maximum
        self.maxLevel = maxLevel
        self.sampleRange = sampleRange
        self.levelMeanings = levelMeanings
    }

    /// "what was expected" in an error about this field's cells, in both languages.
    public var expectation: Localized {
        switch type {
        case .text: return Localized(zh: "文字", en: "text")
        case .bool:
            return Localized(
                zh: "是或否（也可填 有/无、1/0、√/×）", en: "是/否 (also 有/无, 1/0, Y/N, yes/no, true/false, √/×)")
        case .level:
            let top = maxLevel ?? 0
            let levels = (0...max(0, top)).map(String.init)
            let zhLevels =
                levels.count <= 2
                ? levels.joined(separator: " 或 ")
                : levels.dropLast().joined(separator: "、") + " 或 " + levels.last!
            let enLevels =
                levels.count <= 2
                ? levels.joined(separator: " or ")
                : levels.dropLast().joined(separator: ", ") + " or " + levels.last!
            var zh = zhLevels
            var en = "a level: " + enLevels
            if let meanings = levelMeanings, meanings.count == levels.count {
                let pairs = meanings.enumerated().map { "\($0.offset) = \($0.element)" }
                zh += "（" + pairs.joined(separator: "，") + "）"
                en += " (" + pairs.joined(separator: "; ") + ")"
            } else {
                en = "a level from 0 to \(top)"
            }
            return Localized(zh: zh, en: en)
        case .count:
            return Localized(
                zh: "0 或以上的整数" + (unit.isEmpty ? "" : "（单位：\(unit)）"),
                en: "a whole number of \(unit.isEmpty ? "items" : unit), 0 or more")
        case .percent, .number:
            var zhRange = ""
            var enRange = ""
            switch (minimum, maximum) {
            case (let lo?, let hi?):
                zhRange = "\(Points.format(lo)) 到 \(Points.format(hi)) 之间的"
                enRange = " from \(Points.format(lo)) to \(Points.format(hi))"
            case (let lo?, nil):
                zhRange = "\(Points.format(lo)) 或以上的"
                enRange = " of \(Points.format(lo)) or more"
            case (nil, let hi?):
                zhRange = "不超过 \(Points.format(hi)) 的"
                enRange = " of at most \(Points.format(hi))"
            case (nil, nil): break
            }
            if type == .percent {
                return Localized(
                    zh: "\(zhRange)百分数，如 95 或 95%", en: "a percentage (e.g. 95 or 95%)" + enRange)
            }
            return Localized(
                zh: "\(zhRange)数" + (unit.isEmpty ? "" : "（单位：\(unit)）"),
                en: "a number" + enRange + (unit.isEmpty ? "" : " in \(unit)"))
        }
    }
}

/// A comparison tier (梯队) and the prefecture cities in it.
public struct Tier: Sendable, Equatable {
    public var name: String
    /// City names without the 市 suffix.
    public var cities: [String]

    public init(name: String, cities: [String]) {
        self.name = name
        self.cities = cities.map(Tier.normalise)
    }

    /// "济南市" → "济南"; surrounding spaces dropped.
    public static func normalise(_ city: String) -> String {
        var name = city.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.hasSuffix("市") && name.count > 1 { name.removeLast() }
        return name
    }
}

public struct Prerequisite: Sendable {
    public var field: Int
    public var minimum: Double
    public var label: String
}

public struct Veto: Sendable {
    public var field: Int
    public var label: String
}

/// 功效系数法 settings: d = base + span × (x − min)/(max − min).
public struct EfficacySettings: Sendable, Equatable {
    public enum AllEqual: String, Sendable {
        /// Every eligible member gets the full points of the part (the policy's default).
        case full
        /// Every eligible member gets the base (60).
        case base
    }
    public var base: Double = 60
    public var span: Double = 40
    public var allEqual: AllEqual = .full
    public init(base: Double = 60, span: Double = 40, allEqual: AllEqual = .full) {
        self.base = base
        self.span = span
        self.allEqual = allEqual
    }
}

/// A figure a rule reads: an input column or a derived figure.
public enum FigureRef: Sendable, Hashable {
    case field(Int)
    case derived(Int)
}

/// A figure computed from input columns once per applicant and kept for the workbook.
public struct DerivedFigure: Sendable {
    public enum Formula: Sendable {
        /// numerator / denominator × scale; undefined when the denominator is 0 or missing.
        case ratio(numerator: FigureRef, denominator: FigureRef, scale: Double)
        /// (current − previous) / previous × 100; undefined when previous is 0 or missing.
        case growth(current: FigureRef, previous: FigureRef)
        /// Σ weight × figure; what a blank term does is `blanks`.
        case weightedSum([(figure: FigureRef, weight: Double)], blanks: BlankCells)
    }
    /// What a blank cell does to a weighted sum (scoring policy, "Figures built from several cells").
    public enum BlankCells: String, Sendable, CaseIterable {
        /// A sum of counts (award points): a blank adds nothing; missing only when every cell is blank.
        case addNothing = "add_nothing"
        /// A composite of measurements (the air figure): any blank makes the figure missing.
        case makeMissing = "make_missing"
    }
    public var key: String
    public var label: String
    public var unit: String
    public var formula: Formula
    public var indicator: Int?
}

public enum Direction: String, Sendable {
    case higherIsBetter = "higher"
    case lowerIsBetter = "lower"
}

/// A comparison group of the efficacy coefficient: one figure, the cohort or each tier, the eligibility
/// threshold and direction. min and max are taken over its eligible members.
public struct EfficacyGroup: Sendable, Hashable {
    public var figure: FigureRef
    /// min and max within the applicant's tier (相关说明 1) instead of the whole cohort.
    public var tiered: Bool
    /// Only applicants reaching this value are scored and enter min/max ("达到90%的，按功效系数法得分").
    public var threshold: Double?
    public var direction: Direction
}

/// One figure inside an efficacy part, with its weight (0.6/0.4 for count and growth; 0.5/0.5 for a mean).
public struct EfficacyTerm: Sendable {
    public var group: EfficacyGroup
    public var weight: Double
}

/// One counted item of a `counts` part: `each` points per unit above `above`, at most `cap`.
public struct CountItem: Sendable {
    public var field: Int
    public var each: Double
    public var above: Double
    public var cap: Double?
}

/// A step of a `steps` part: reaching `atLeast` earns `points` (the highest step reached counts).
public struct Step: Sendable {
    public var atLeast: Double
    public var points: Double
}

/// The closed set of rule kinds every indicator is built from.
public enum Rule: Sendable {
    /// 有/无: `points` when the field is true.
    case yesNo(field: Int, points: Double)
    /// A level table: level k earns `points[k]`.
    case level(field: Int, points: [Double])
    /// Full `points` minus `deduction` for each item not done, not below 0 (扣完为止).
    case checklist(fields: [Int], points: Double, deduction: Double)
    /// Counts with per-unit points, per-item caps and an overall cap.
    case counts(items: [CountItem], cap: Double?)
    /// Thresholds on one figure: the highest step reached.
    case steps(figure: FigureRef, steps: [Step])
    /// A reviewers' rating used as it is: points × value / fullMarks, clamped to [0, points].
    case rating(field: Int, points: Double, fullMarks: Double)
    /// The efficacy coefficient (功效系数法) of one or more figures, weighted.
    case efficacy(points: Double, terms: [EfficacyTerm])

    /// The most this rule can give (infinite for uncapped counts).
    public var maximum: Double {
        switch self {
        case .yesNo(_, let p): return p
        case .level(_, let p): return p.max() ?? 0
        case .checklist(_, let p, _): return p
        case .counts(let items, let cap):
            let sum = items.reduce(0.0) { $0 + ($1.cap ?? .infinity) }
            return min(sum, cap ?? .infinity)
        case .steps(_, let steps): return steps.map(\.points).max() ?? 0
        case .rating(_, let p, _): return p
        case .efficacy(let p, _): return p
        }
    }

    var kindName: String {
        switch self {
        case .yesNo: return "yesno"
        case .level: return "level"
        case .checklist: return "checklist"
        case .counts: return "counts"
        case .steps: return "steps"
        case .rating: return "rating"
        case .efficacy: return "efficacy"
        }
    }
}

/// One criterion line of an indicator's 评价标准.
public struct Part: Sendable {
    public var label: String
    public var rule: Rule
}

/// 三级指标: one of the scored indicators.
public struct Indicator: Sendable {
    public var number: Int
    /// A stable identity across standards (`id:`): two rulebooks' indicators with the same id are the same
    /// indicator even when their numbers differ. Indicators without one are matched by their name.
    public var id: String?
    public var name: String
    /// A short name for column headers.
    public var shortName: String
    /// 一级指标
    public var category: String
    /// 二级指标
    public var subcategory: String
    /// 分值: the indicator's score is min(points, Σ parts).
    public var points: Double
    /// 数据来源 / 责任单位
    public var sources: String
    public var parts: [Part]
    /// `parts_out_of: N`: the parts are written out of N points (a criterion table taken from another
    /// standard); the score is points × min(N, Σ parts) / N. nil: the parts are written out of `points`.
    public var partsOutOf: Double?
    /// The points or rule are a stand-in chosen where the source gives none (`provisional: true`).
    public var provisional: Bool = false
    /// Why the stand-in was chosen (`note:`), shown by `qeval rules` and in the workbook's 权重 sheet.
    public var note: String = ""

    /// What the parts' sum is cut at and divided by to give the share.
    public var partsScale: Double { partsOutOf ?? points }

    /// The identity used to match indicators across rulebooks: the `id`, else the name.
    public var identity: String { id ?? name }

    /// True when any efficacy group of the indicator is taken within the tier.
    public var tiered: Bool {
        parts.contains { part in
            if case .efficacy(_, let terms) = part.rule { return terms.contains { $0.group.tiered } }
            return false
        }
    }

    /// The rule kinds used, for `qeval rules`.
    public var kinds: [String] {
        var names: [String] = []
        for part in parts where !names.contains(part.rule.kindName) { names.append(part.rule.kindName) }
        return names
    }
}
