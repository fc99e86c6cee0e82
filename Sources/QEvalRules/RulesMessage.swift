import Foundation
import QEvalSupport

/// Where in a rulebook a problem is: the context a Rules message starts with ("indicator 14: level points" /
/// "指标 14 的 level 规则中的 points"). YAML keys and rule kinds stay as the author types them in both
/// languages; everything else is translated.
public indirect enum RulesPlace: Message, Equatable {
    /// The top-level mapping.
    case rulebook
    /// A top-level key, written as in the file ("year", "efficacy.base").
    case key(String)
    /// An entry of a top-level list whose name or number is not known yet.
    case entry(Entry)
    case tier(String)
    case field(String)
    case derived(String)
    case category(String)
    case indicator(Int)
    /// A city of a tier's `cities`.
    case city(tier: String)
    /// A key under another place ("field 'x': unit").
    case sub(RulesPlace, String)
    /// An indicator's part of one rule kind.
    case rule(indicator: Int, kind: String)
    /// A key inside an indicator's rule ("level points").
    case ruleKey(indicator: Int, kind: String, key: String)
    /// An item of a rule's list: a counted item, a step, an efficacy term.
    case ruleItem(indicator: Int, kind: String)
    /// A term of a derived `sum`.
    case sumTerm(derived: String)

    public enum Entry: String, Sendable, CaseIterable {
        case tier, field, derived, indicator, prerequisite, veto, category

        var localized: Localized {
            switch self {
            case .tier: return Localized(zh: "tiers 中的一个梯队", en: "a tier")
            case .field: return Localized(zh: "fields 中的一个字段", en: "a field")
            case .derived: return Localized(zh: "derived 中的一个派生数值", en: "a derived figure")
            case .indicator: return Localized(zh: "indicators 中的一个指标", en: "an indicator")
            case .prerequisite: return Localized(zh: "prerequisite 中的一项", en: "a prerequisite")
            case .veto: return Localized(zh: "veto 中的一项", en: "a veto")
            case .category: return Localized(zh: "categories 中的一项", en: "a category")
            }
        }
    }

    public var localized: Localized {
        switch self {
        case .rulebook:
            return Localized(zh: "文件顶层", en: "the rulebook")
        case .key(let key):
            return Localized(verbatim: key)
        case .entry(let entry):
            return entry.localized
        case .tier(let name):
            return Localized(zh: "梯队\(Quote.zh(name))", en: "tier \(Quote.en(name))")
        case .field(let key):
            return Localized(zh: "字段\(Quote.zh(key))", en: "field \(Quote.en(key))")
        case .derived(let key):
            return Localized(zh: "派生数值\(Quote.zh(key))", en: "derived figure \(Quote.en(key))")
        case .category(let name):
            return Localized(zh: "类别\(Quote.zh(name))", en: "category \(Quote.en(name))")
        case .indicator(let number):
            return Localized(zh: "指标 \(number)", en: "indicator \(number)")
        case .city(let tier):
            return Localized(zh: "梯队\(Quote.zh(tier))中的一个城市", en: "tier \(Quote.en(tier)): a city")
        case .sub(let place, let key):
            return Localized(zh: ZhText.join(place.localized.zh, "的", key), en: "\(place.localized.en): \(key)")
        case .rule(let number, let kind):
            return Localized(zh: "指标 \(number) 的 \(kind) 规则", en: "indicator \(number): \(kind)")
        case .ruleKey(let number, let kind, let key):
            if kind == key {
                return Localized(zh: "指标 \(number) 的 \(kind) 列表", en: "indicator \(number): \(kind)")
            }
            return Localized(zh: "指标 \(number) 的 \(kind) 规则中的 \(key)", en: "indicator \(number): \(kind) \(key)")
        case .ruleItem(let number, let kind):
            let zh: String
            let en: String
            switch kind {
            case "counts": (zh, en) = ("一个计数项", "a counted item")
            case "steps": (zh, en) = ("一个台阶", "a step")
            case "efficacy": (zh, en) = ("一个分项（terms）", "an efficacy term")
            default: (zh, en) = ("一项", "an item of \(kind)")
            }
            return Localized(zh: "指标 \(number) 的 \(kind) 规则中的\(zh)", en: "indicator \(number): \(en)")
        case .sumTerm(let key):
            return Localized(zh: "派生数值\(Quote.zh(key))的 sum 中的一项", en: "derived figure \(Quote.en(key)): a sum term")
        }
    }

    public static var examples: [RulesPlace] {
        [
            .rulebook, .key("year"), .tier("第一梯队"), .field("i02_model"), .derived("i19_growth"), .category("质量发展基础"),
            .indicator(14), .city(tier: "第一梯队"), .sub(.field("i02_model"), "unit"),
            .rule(indicator: 14, kind: "steps"), .ruleKey(indicator: 2, kind: "level", key: "points"),
            .ruleKey(indicator: 14, kind: "steps", key: "steps"), .ruleItem(indicator: 4, kind: "counts"),
            .ruleItem(indicator: 14, kind: "steps"), .ruleItem(indicator: 19, kind: "efficacy"),
            .sumTerm(derived: "i42_award_points"),
        ] + Entry.allCases.map { .entry($0) }
    }
}

/// Every message of the Rules stage: the rulebook loader's refusals. Each
/// case gives both languages side by side; each says what is wrong, where, and how to put it right.
public enum RulesMessage: Message {
    // MARK: The file and its YAML
    case cannotRead(FileProblem)
    case notYAML(problem: String)
    /// A key written twice in one mapping (`place` nil when YAML reports it without a place).
    case duplicateKey(RulesPlace?, keys: [String])
    case emptyFile

    // MARK: Shapes and values
    case notMapping(RulesPlace)
    case keyNotText(RulesPlace)
    case unknownKey(RulesPlace, key: String, allowed: [String])
    case missingKey(RulesPlace, key: String)
    case notList(RulesPlace)
    /// A scalar of the wrong kind; `found` is nil when a list or mapping stands where a scalar should.
    case wrongValue(RulesPlace, expected: ValueKind, found: String?)
    case outOfRange(RulesPlace, Bound)
    case notOneOf(RulesPlace, value: String, allowed: [String])
    case emptyList(RulesPlace)
    case definedTwice(RulesPlace)

    // MARK: Fields, tiers and derived figures
    case requiredField(key: String)
    case badFieldKey(String)
    case minAboveMax(field: String, min: Double, max: Double)
    case unknownField(RulesPlace, key: String)
    case unknownFigure(RulesPlace, key: String)
    case wrongFieldType(RulesPlace, key: String, type: FieldType, allowed: [FieldType])
    case derivedNameTaken(key: String)
    case derivedKinds(key: String, found: Int)
    case levelFieldUnread(key: String)
    case emptyCity(tier: String)
    case cityTwice(city: String, first: String, second: String)
    case efficacyBaseSpan(total: Double)

    // MARK: Indicators and their parts
    case unknownCategory(RulesPlace, category: String, categories: [String])
    case unreachablePoints(RulesPlace, reachable: Double, points: Double)
    case partNotMapping(RulesPlace)
    /// A part with no rule kind (`found` empty) or more than one.
    case ruleKindCount(RulesPlace, found: [String])
    case unknownRuleKind(RulesPlace, kind: String)
    case levelTooShort(RulesPlace)
    case levelSizesDiffer(RulesPlace, field: String)
    case levelMeaningsCount(RulesPlace, meanings: Int, levels: Int)
    case levelMeaningsDiffer(RulesPlace, field: String)
    case efficacyTermsAndFigure(RulesPlace)
    case efficacyWeights(RulesPlace, total: Double)

    /// What a scalar should have been.
    public enum ValueKind: Sendable, CaseIterable {
        case text, number, wholeNumber, boolean

        var localized: Localized {
            switch self {
            case .text: return Localized(zh: "文本", en: "text")
            case .number: return Localized(zh: "数字", en: "a number")
            case .wholeNumber: return Localized(zh: "整数", en: "a whole number")
            case .boolean: return Localized(zh: "true 或 false", en: "true or false")
            }
        }
    }

    /// The range a number must lie in.
    public enum Bound: Sendable {
        case notNegative
        case positive
        case between(Int, Int)
    }

    public var localized: Localized {
        switch self {
        case .cannotRead(let problem):
            return Localized(
                zh: "无法读取文件：\(problem.localized.zh)。请检查路径是否正确、文件是否存在且可读",
                en: "cannot read the file: \(problem.localized.en)")
        case .notYAML(let problem):
            // The parser's own words are English: the Chinese rendering says what to look at instead.
            _ = problem
            return Localized(
                zh: "不是有效的 YAML，此处有语法错误。请检查此处的缩进、冒号后的空格，以及括号和引号是否成对",
                en: "not valid YAML: \(problem)")
        case .duplicateKey(let place, let keys):
            let zh = "同一个映射中有重复的键：\(Wording.list(keys, .zh))。每个键只能写一次，请删去多余的一处"
            let en = "a key appears twice in one mapping: \(Wording.list(keys, .en))"
            guard let place else { return Localized(zh: zh, en: en) }
            return Localized(zh: "\(place.localized.zh)：\(zh)", en: "\(place.localized.en): \(en)")
        case .emptyFile:
            return Localized(
                zh: "文件是空的。评价标准文件至少要有 name、categories、tiers、fields 和 indicators（格式见 docs/RULEBOOK.md）",
                en: "the file is empty")

        case .notMapping(let place):
            return Localized(
                zh: ZhText.join(place.localized.zh, "应为映射（每行写成“键: 值”，或写成 {键: 值, …}）"),
                en: "\(place.localized.en) must be a mapping (key: value)")
        case .keyNotText(let place):
            return Localized(
                zh: "\(place.localized.zh)：键必须是文本，不能用列表或映射作键",
                en: "\(place.localized.en): keys must be text")
        case .unknownKey(let place, let key, let allowed):
            return Localized(
                zh: "\(place.localized.zh)：未知的键\(Quote.zh(key))（应为 \(Wording.list(allowed, .zh)) 之一），请检查拼写",
                en: "\(place.localized.en): unknown key \(Quote.en(key)) (expected one of: \(Wording.list(allowed, .en)))")
        case .missingKey(let place, let key):
            return Localized(
                zh: ZhText.join(place.localized.zh, "缺少必填的键 \(key)，请补上“\(key): …”"),
                en: "\(place.localized.en): \(Quote.en(key)) is missing")
        case .notList(let place):
            return Localized(
                zh: ZhText.join(place.localized.zh, "应为列表（每项一行，以“- ”开头；或写成 [甲, 乙]）"),
                en: "\(place.localized.en) must be a list")
        case .wrongValue(let place, let expected, let found):
            let zhFound = found.map { "，而不是\(Quote.zh($0))" } ?? "，而不是列表或映射"
            let enFound = found.map { ", not \(Quote.en($0))" } ?? ", not a list or mapping"
            return Localized(
                zh: ZhText.join(place.localized.zh, "应为", expected.localized.zh) + zhFound,
                en: "\(place.localized.en) must be \(expected.localized.en)\(enFound)")
        case .outOfRange(let place, let bound):
            switch bound {
            case .notNegative:
                return Localized(
                    zh: ZhText.join(place.localized.zh, "不能为负数，请填 0 或更大的数"),
                    en: "\(place.localized.en) must not be negative")
            case .positive:
                return Localized(
                    zh: ZhText.join(place.localized.zh, "必须大于 0"),
                    en: "\(place.localized.en) must be above 0")
            case .between(let low, let high):
                return Localized(
                    zh: ZhText.join(place.localized.zh, "应在 \(low) 到 \(high) 之间（含 \(low) 和 \(high)）"),
                    en: "\(place.localized.en) must be between \(low) and \(high)")
            }
        case .notOneOf(let place, let value, let allowed):
            return Localized(
                zh: ZhText.join(place.localized.zh, "应为 \(Wording.list(allowed, .zh)) 之一，而不是\(Quote.zh(value))"),
                en: "\(place.localized.en) must be one of \(Wording.list(allowed, .en)), not \(Quote.en(value))")
        case .emptyList(let place):
            return Localized(
                zh: ZhText.join(place.localized.zh, "是空列表，至少需要一项"),
                en: "\(place.localized.en): the list is empty; at least one entry is needed")
        case .definedTwice(let place):
            return Localized(
                zh: ZhText.join(place.localized.zh, "出现了两次，请删去一处或改用另一个名称"),
                en: "\(place.localized.en) is defined twice")

        case .requiredField(let key):
            return Localized(
                zh: "fields 中必须有字段\(Quote.zh(key))（它用来识别申报单位），请补上 - {key: \(key), label: …, type: text, role: id}",
                en: "fields: the \(Quote.en(key)) field is required (it identifies the applicant)")
        case .badFieldKey(let key):
            return Localized(
                zh: "字段的 key\(Quote.zh(key))不可用：key 不能为空，也不能含逗号、引号或换行",
                en: "field key \(Quote.en(key)) must be non-empty, without commas, quotes or line breaks")
        case .minAboveMax(let field, let low, let high):
            let lo = Wording.number(low)
            let hi = Wording.number(high)
            return Localized(
                zh: "字段\(Quote.zh(field))的 min（\(lo)）大于 max（\(hi)），请改正其中一个",
                en: "field \(Quote.en(field)): min \(lo) is above max \(hi)")
        case .unknownField(let place, let key):
            return Localized(
                zh: "\(place.localized.zh)：未知的字段\(Quote.zh(key))（fields 中没有它），请检查拼写，或先在 fields 中定义它",
                en: "\(place.localized.en): unknown field \(Quote.en(key)) (not in fields)")
        case .unknownFigure(let place, let key):
            return Localized(
                zh: "\(place.localized.zh)：未知的数值\(Quote.zh(key))：它既不是 fields 中的字段，也不是在此之前的 derived 中定义的派生数值；请检查拼写",
                en: "\(place.localized.en): unknown figure \(Quote.en(key)) (neither a field nor a derived figure defined above)")
        case .wrongFieldType(let place, let key, let type, let allowed):
            let names = allowed.map(\.rawValue)
            return Localized(
                zh:
                    "\(place.localized.zh)：字段\(Quote.zh(key))的类型是 \(type.rawValue)，这里需要 \(Wording.list(names, .zh)) 类型的字段；请换一个字段，或改正该字段的 type",
                en:
                    "\(place.localized.en): field \(Quote.en(key)) is of type \(type.rawValue); \(names.joined(separator: " or ")) is needed here"
            )
        case .derivedNameTaken(let key):
            return Localized(
                zh: "派生数值\(Quote.zh(key))与已有的字段或派生数值同名，请换一个 key",
                en: "derived figure \(Quote.en(key)) has the name of another field or figure")
        case .derivedKinds(let key, let found):
            return Localized(
                zh: "派生数值\(Quote.zh(key))必须在 ratio、growth、sum 中恰好写一个（现在有 \(found) 个）",
                en: "derived figure \(Quote.en(key)) needs exactly one of ratio, growth, sum (found \(found))")
        case .levelFieldUnread(let key):
            return Localized(
                zh: "level 类型的字段\(Quote.zh(key))没有被任何 level 规则读取，无法知道它有几个等级；请在某个指标中用 level 规则读取它，或改正它的 type",
                en: "level field \(Quote.en(key)) is read by no level rule, so its levels are unknown")
        case .emptyCity(let tier):
            return Localized(
                zh: "梯队\(Quote.zh(tier))中有一个城市名是空的，请填上城市名或删去该项",
                en: "tier \(Quote.en(tier)): a city name is empty")
        case .cityTwice(let city, let first, let second):
            return Localized(
                zh: "城市\(Quote.zh(city))被列入了两个梯队（\(Quote.zh(first))和\(Quote.zh(second))）；一个城市只能属于一个梯队，请删去一处",
                en: "city \(Quote.en(city)) is listed twice (in tier \(Quote.en(first)) and tier \(Quote.en(second)))")
        case .efficacyBaseSpan(let total):
            return Localized(
                zh: "efficacy 的 base + span 必须等于 100（d 的满分是 100），现在是 \(Wording.number(total))；请调整 base 或 span",
                en: "efficacy: base + span must be 100 (a full d is 100), got \(Wording.number(total))")

        case .unknownCategory(let place, let category, let categories):
            return Localized(
                zh:
                    "\(place.localized.zh)：类别\(Quote.zh(category))不在 categories（\(Wording.list(categories, .zh))）中；请改为其中之一，或先在 categories 中添加",
                en:
                    "\(place.localized.en): category \(Quote.en(category)) is not among categories (\(Wording.list(categories, .en)))"
            )
        case .unreachablePoints(let place, let reachable, let points):
            let most = Wording.number(reachable)
            let full = Wording.number(points)
            return Localized(
                zh: "\(place.localized.zh)：各分项加起来最多得 \(most) 分，达不到该指标的 \(full) 分；请核对 points 和各分项的分值",
                en: "\(place.localized.en): its parts can give at most \(most) of its \(full) points")
        case .partNotMapping(let place):
            return Localized(
                zh: "\(place.localized.zh)：分项应为映射，例如 {label: …, yesno: {field: …, points: …}}",
                en: "\(place.localized.en): a part must be a mapping like 'yesno: {...}'")
        case .ruleKindCount(let place, let found):
            let kinds = RulebookLoader.ruleKinds
            if found.count < 2 {
                return Localized(
                    zh: "\(place.localized.zh)：分项缺少规则类型，请写上 \(Wording.list(kinds, .zh)) 之一",
                    en: "\(place.localized.en): a part needs a rule kind (\(Wording.list(kinds, .en)))")
            }
            return Localized(
                zh: "\(place.localized.zh)：一个分项只能有一种规则类型，这里又出现了\(Quote.zh(found[1]))；请把它拆成另一个分项",
                en: "\(place.localized.en): a part has exactly one rule kind; found a second (\(Quote.en(found[1])))")
        case .unknownRuleKind(let place, let kind):
            let kinds = RulebookLoader.ruleKinds
            return Localized(
                zh: "\(place.localized.zh)：未知的规则类型\(Quote.zh(kind))（应为 \(Wording.list(kinds, .zh)) 之一）",
                en: "\(place.localized.en): unknown rule kind \(Quote.en(kind)) (expected one of: \(Wording.list(kinds, .en)))")
        case .levelTooShort(let place):
            return Localized(
                zh: "\(place.localized.zh)：等级分值表至少要有两个等级（0 级和 1 级），例如 points: [0, 1]",
                en: "\(place.localized.en): a level table needs at least two levels (0 and 1)")
        case .levelSizesDiffer(let place, let field):
            return Localized(
                zh: "\(place.localized.zh)：字段\(Quote.zh(field))被几个 level 规则读取，但它们的等级数不同；请让这些 points 表一样长",
                en: "\(place.localized.en): field \(Quote.en(field)) is read by level tables of different sizes")
        case .levelMeaningsCount(let place, let meanings, let levels):
            return Localized(
                zh: "\(place.localized.zh)：meanings 有 \(meanings) 项，但 points 有 \(levels) 个等级；请为每个等级各写一个含义（从 0 级写起）",
                en:
                    "\(place.localized.en): meanings has \(meanings) entries but points has \(levels) levels; give one meaning per level, from level 0"
            )
        case .levelMeaningsDiffer(let place, let field):
            return Localized(
                zh: "\(place.localized.zh)：字段\(Quote.zh(field))也被另一个 level 规则读取，两处的 meanings 不一致；请写成相同的",
                en:
                    "\(place.localized.en): field \(Quote.en(field)) is read by another level table with different meanings; give the same meanings on both"
            )
        case .efficacyTermsAndFigure(let place):
            return Localized(
                zh: "\(place.localized.zh)：efficacy 规则要么写 terms，要么写单个 figure（可带 threshold、direction），不能两者都写",
                en: "\(place.localized.en): efficacy takes either 'terms' or a single 'figure', not both")
        case .efficacyWeights(let place, let total):
            return Localized(
                zh: "\(place.localized.zh)：efficacy 各项的 weight 之和必须是 1，现在是 \(Wording.number(total))；请调整各项的 weight",
                en: "\(place.localized.en): efficacy term weights must add up to 1, they add up to \(Wording.number(total))")

        }
    }

    public static var examples: [RulesMessage] {
        let i14 = RulesPlace.indicator(14)
        return [
            .cannotRead(.notFound),
            .notYAML(problem: "did not find expected ',' or ']'"),
            .duplicateKey(nil, keys: ["points"]),
            .emptyFile,
            .notMapping(.entry(.tier)),
            .keyNotText(.indicator(3)),
            .unknownKey(.rulebook, key: "recognise", allowed: ["name", "recognition", "year"]),
            .missingKey(i14, key: "parts"),
            .notList(.key("categories")),
            .wrongValue(.sub(i14, "points"), expected: .number, found: "two"),
            .outOfRange(.ruleKey(indicator: 14, kind: "steps", key: "points"), .notNegative),
            .notOneOf(.sub(.field("i02_model"), "type"), value: "levels", allowed: ["text", "number", "level"]),
            .emptyList(.sub(i14, "parts")),
            .definedTwice(.tier("第一梯队")),
            .requiredField(key: "county"),
            .badFieldKey("a,b"),
            .minAboveMax(field: "i38_energy_intensity_drop", min: 10, max: -100),
            .unknownField(.rule(indicator: 1, kind: "yesno"), key: "i01_rate"),
            .unknownFigure(.ruleItem(indicator: 19, kind: "efficacy"), key: "i19_grwoth"),
            .wrongFieldType(.rule(indicator: 2, kind: "yesno"), key: "i02_model", type: .level, allowed: [.bool]),
            .derivedNameTaken(key: "population"),
            .derivedKinds(key: "i19_growth", found: 2),
            .levelFieldUnread(key: "i02_model"),
            .emptyCity(tier: "第一梯队"),
            .cityTwice(city: "青岛", first: "第一梯队", second: "第二梯队"),
            .efficacyBaseSpan(total: 90),
            .unknownCategory(i14, category: "质量基础", categories: ["质量发展理念", "质量发展基础"]),
            .unreachablePoints(i14, reachable: 2.5, points: 3),
            .partNotMapping(i14),
            .ruleKindCount(i14, found: []),
            .ruleKindCount(i14, found: ["steps", "level"]),
            .unknownRuleKind(i14, kind: "step"),
            .levelTooShort(.rule(indicator: 2, kind: "level")),
            .levelSizesDiffer(.rule(indicator: 16, kind: "level"), field: "i16_test_center"),
            .levelMeaningsCount(.rule(indicator: 2, kind: "level"), meanings: 2, levels: 3),
            .levelMeaningsDiffer(.rule(indicator: 2, kind: "level"), field: "i02_model"),
            .efficacyTermsAndFigure(.indicator(19)),
            .efficacyWeights(.indicator(19), total: 0.9),
        ]
    }
}

/// A value the author wrote, quoted as each language quotes: “x” / 'x'.
private enum Quote {
    static func zh(_ text: String) -> String { "“\(text)”" }
    static func en(_ text: String) -> String { "'\(text)'" }
}

private enum ZhText {
    /// Joins pieces of a Chinese sentence, with a space where a Latin letter or digit meets a Chinese
    /// character ("指标 2" + "的" → "指标 2 的"; "year" + "应为" → "year 应为"); values inside quotes are
    /// left as they are.
    static func join(_ pieces: String...) -> String {
        var out = ""
        for piece in pieces where !piece.isEmpty {
            if let last = out.last, let first = piece.first,
                (isLatin(last) && isHan(first)) || (isHan(last) && isLatin(first))
            {
                out += " "
            }
            out += piece
        }
        return out
    }

    private static func isLatin(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "_")
    }

    private static func isHan(_ c: Character) -> Bool {
        guard let scalar = c.unicodeScalars.first else { return false }
        return (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
    }
}
