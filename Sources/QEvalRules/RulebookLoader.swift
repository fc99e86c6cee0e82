import Foundation
import QEvalSupport
import Yams

/// A rulebook that cannot be used, with the file and the place (line:column) of the problem. The message
/// is held in both languages and shown in the run's language:
///
///     错误：data/rules/x.yaml 第212行第9列：评价标准文件：指标 14：未知的规则类型“step”（…）
///     error: data/rules/x.yaml:212:9: rulebook: indicator 14: unknown rule kind 'step' (…)
public struct RulebookError: UserFacingError {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: Localized

    public init(file: String, line: Int? = nil, column: Int? = nil, message: Localized) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public init(file: String, line: Int? = nil, column: Int? = nil, _ message: RulesMessage) {
        self.init(file: file, line: line, column: column, message: message.localized)
    }

    /// The whole error line in `language`.
    public func render(_ language: Language) -> String {
        switch language {
        case .zh:
            var place = file
            if let line {
                place += " 第\(line)行"
                if let column { place += "第\(column)列" }
            }
            return "错误：\(place)：评价标准文件：\(message.zh)"
        case .en:
            var place = file
            if let line { place += ":\(line)" }
            if let column { place += ":\(column)" }
            return "error: \(place): rulebook: \(message.en)"
        }
    }

    public var description: String { render(.current) }
}

/// Reads a rulebook YAML file (format: docs/RULEBOOK.md) into a checked `Rulebook`.
///
/// Strict by design: an unknown key, an unknown rule kind, an unknown field, a number that is not a
/// number, a city in two tiers, parts that cannot reach an indicator's points — each is refused with its
/// place, because a rulebook that silently ignores a typo scores counties wrongly. Every refusal is a
/// `RulesMessage`, in Chinese and English.
public struct RulebookLoader {
    let file: String

    public static func load(path: String) throws(RulebookError) -> Rulebook {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw RulebookError(file: path, .cannotRead(FileProblem.of(path: path, error: error)))
        }
        return try load(yaml: text, file: path)
    }

    public static func load(yaml: String, file: String) throws(RulebookError) -> Rulebook {
        let loader = RulebookLoader(file: file)
        let root: Node?
        do {
            // The basic resolver tags every scalar as text: the walker below reads numbers and booleans itself,
            // and Yams' default tag resolution (a regular expression per scalar, run again for each duplicate-key
            // check) was most of the 12 ms a rulebook took to load.
            root = try Yams.compose(yaml: yaml, .basic)
        } catch let error as YamlError {
            throw loader.yamlError(error)
        } catch {
            throw RulebookError(file: file, .notYAML(problem: "\(error)"))
        }
        guard let root else { throw RulebookError(file: file, .emptyFile) }
        return try loader.rulebook(root)
    }

    private func yamlError(_ error: YamlError) -> RulebookError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return RulebookError(file: file, line: mark.line, column: mark.column, .notYAML(problem: problem))
        case .duplicatedKeysInMapping(let duplicates, _):
            return RulebookError(file: file, .duplicateKey(nil, keys: duplicates))
        default:
            return RulebookError(file: file, .notYAML(problem: "\(error)"))
        }
    }

    // MARK: - Node access with places

    func fail(_ node: Node?, _ message: RulesMessage) -> RulebookError {
        RulebookError(file: file, line: node?.mark?.line, column: node?.mark?.column, message)
    }

    /// A problem described by another stage's catalogue (the standard's own keys: id, provisional, sample).
    func fail(_ node: Node?, _ message: some Message) -> RulebookError {
        RulebookError(file: file, line: node?.mark?.line, column: node?.mark?.column, message: message.localized)
    }

    /// A mapping whose keys are all among `allowed`, each at most once.
    func mapping(_ node: Node, _ what: RulesPlace, allowed: Set<String>) throws(RulebookError) -> [String: Node] {
        guard case .mapping(let mapping) = node else { throw fail(node, .notMapping(what)) }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { throw fail(key, .keyNotText(what)) }
            guard allowed.contains(name) else {
                throw fail(key, .unknownKey(what, key: name, allowed: allowed.sorted()))
            }
            if result[name] != nil { throw fail(key, .duplicateKey(what, keys: [name])) }
            result[name] = value
        }
        return result
    }

    func sequence(_ node: Node, _ what: RulesPlace) throws(RulebookError) -> [Node] {
        guard case .sequence(let seq) = node else { throw fail(node, .notList(what)) }
        return Array(seq)
    }

    func require(_ map: [String: Node], _ key: String, in what: RulesPlace, at node: Node) throws(RulebookError) -> Node {
        guard let value = map[key] else { throw fail(node, .missingKey(what, key: key)) }
        return value
    }

    func string(_ node: Node, _ what: RulesPlace) throws(RulebookError) -> String {
        guard case .scalar(let scalar) = node else { throw fail(node, .wrongValue(what, expected: .text, found: nil)) }
        return scalar.string
    }

    func number(_ node: Node, _ what: RulesPlace) throws(RulebookError) -> Double {
        guard case .scalar(let scalar) = node, let value = Double(scalar.string.trimmingCharacters(in: .whitespaces)),
            value.isFinite
        else {
            throw fail(node, .wrongValue(what, expected: .number, found: node.string))
        }
        return value
    }

    func integer(_ node: Node, _ what: RulesPlace) throws(RulebookError) -> Int {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string.trimmingCharacters(in: .whitespaces)) else {
            throw fail(node, .wrongValue(what, expected: .wholeNumber, found: node.string))
        }
        return value
    }

    func boolean(_ node: Node, _ what: RulesPlace) throws(RulebookError) -> Bool {
        guard let value = node.bool else { throw fail(node, .wrongValue(what, expected: .boolean, found: node.string)) }
        return value
    }

    func nonNegative(_ node: Node, _ what: RulesPlace) throws(RulebookError) -> Double {
        let value = try number(node, what)
        if value < 0 { throw fail(node, .outOfRange(what, .notNegative)) }
        return value
    }

    // MARK: - The rulebook

    private static let topKeys: Set<String> = [
        "name", "year", "recognition", "rank_decimals", "efficacy", "categories", "tiers", "fields",
        "prerequisite", "veto", "derived", "indicators", "notes", "regions",
    ]

    /// What the level rules that read a field have said about it: its highest level and, when given, what
    /// each level means.
    struct LevelTable {
        var maxLevel: Int
        var meanings: [String]?
    }

    func rulebook(_ root: Node) throws(RulebookError) -> Rulebook {
        let top = try mapping(root, .rulebook, allowed: Self.topKeys)
        let name = try string(try require(top, "name", in: .rulebook, at: root), .key("name"))
        let year = try top["year"].map { node throws(RulebookError) in try integer(node, .key("year")) }
        var recognition = 10
        if let node = top["recognition"] {
            recognition = try integer(node, .key("recognition"))
            if recognition < 0 { throw fail(node, .outOfRange(.key("recognition"), .notNegative)) }
        }
        var rankDecimals = 4
        if let node = top["rank_decimals"] {
            rankDecimals = try integer(node, .key("rank_decimals"))
            if !(0...9).contains(rankDecimals) { throw fail(node, .outOfRange(.key("rank_decimals"), .between(0, 9))) }
        }
        let efficacy =
            try top["efficacy"].map { node throws(RulebookError) in try efficacySettings(node) }
            ?? EfficacySettings()

        let categoriesNode = try require(top, "categories", in: .rulebook, at: root)
        var categories: [String] = []
        for node in try sequence(categoriesNode, .key("categories")) {
            let category = try string(node, .entry(.category))
            if categories.contains(category) { throw fail(node, .definedTwice(.category(category))) }
            categories.append(category)
        }

        let tiers = try tierList(try require(top, "tiers", in: .rulebook, at: root))

        let fieldsNode = try require(top, "fields", in: .rulebook, at: root)
        var fields: [FieldSpec] = []
        var fieldIndex: [String: Int] = [:]
        var fieldNodes: [Node] = []
        for node in try sequence(fieldsNode, .key("fields")) {
            let spec = try field(node)
            if fieldIndex[spec.key] != nil { throw fail(node, .definedTwice(.field(spec.key))) }
            fieldIndex[spec.key] = fields.count
            fields.append(spec)
            fieldNodes.append(node)
        }
        for key in ["county", "city"] where fieldIndex[key] == nil {
            throw fail(fieldsNode, .requiredField(key: key))
        }

        var derived: [DerivedFigure] = []
        var derivedIndex: [String: Int] = [:]
        if let node = top["derived"] {
            for item in try sequence(node, .key("derived")) {
                let figure = try derivedFigure(item, fields: fields, fieldIndex: fieldIndex, derivedIndex: derivedIndex)
                if fieldIndex[figure.key] != nil || derivedIndex[figure.key] != nil {
                    throw fail(item, .derivedNameTaken(key: figure.key))
                }
                derivedIndex[figure.key] = derived.count
                derived.append(figure)
            }
        }

        var prerequisites: [Prerequisite] = []
        if let node = top["prerequisite"] {
            let what = RulesPlace.entry(.prerequisite)
            for item in try sequence(node, .key("prerequisite")) {
                let map = try mapping(item, what, allowed: ["field", "min", "label"])
                let (index, spec) = try fieldRef(
                    try require(map, "field", in: what, at: item), in: what, fields: fields, fieldIndex: fieldIndex)
                guard [.number, .percent, .count].contains(spec.type) else {
                    throw fail(
                        map["field"],
                        .wrongFieldType(what, key: spec.key, type: spec.type, allowed: [.number, .percent, .count]))
                }
                let minimum = try number(try require(map, "min", in: what, at: item), .sub(what, "min"))
                let label = try map["label"].map { n throws(RulebookError) in try string(n, .sub(what, "label")) } ?? spec.label
                prerequisites.append(Prerequisite(field: index, minimum: minimum, label: label))
            }
        }
        var vetoes: [Veto] = []
        if let node = top["veto"] {
            let what = RulesPlace.entry(.veto)
            for item in try sequence(node, .key("veto")) {
                let map = try mapping(item, what, allowed: ["field", "label"])
                let (index, spec) = try fieldRef(
                    try require(map, "field", in: what, at: item), in: what, fields: fields, fieldIndex: fieldIndex)
                guard spec.type == .bool else {
                    throw fail(map["field"], .wrongFieldType(what, key: spec.key, type: spec.type, allowed: [.bool]))
                }
                let label = try map["label"].map { n throws(RulebookError) in try string(n, .sub(what, "label")) } ?? spec.label
                vetoes.append(Veto(field: index, label: label))
            }
        }
        let gateFields = Set(prerequisites.map(\.field) + vetoes.map(\.field))
        for i in gateFields {
            fields[i].required = true
            fields[i].role = .gate
        }

        let indicatorsNode = try require(top, "indicators", in: .rulebook, at: root)
        var indicators: [Indicator] = []
        var levels: [Int: LevelTable] = [:]
        for item in try sequence(indicatorsNode, .key("indicators")) {
            let indicator = try self.indicator(
                item, categories: categories, fields: fields, fieldIndex: fieldIndex, derivedIndex: derivedIndex,
                levels: &levels)
            if indicators.contains(where: { $0.number == indicator.number }) {
                throw fail(item, .definedTwice(.indicator(indicator.number)))
            }
            if let id = indicator.id, let other = indicators.first(where: { $0.id == id }) {
                throw fail(item, StandardMessage.idTwice(indicator: indicator.number, id: id, other: other.number))
            }
            indicators.append(indicator)
        }
        if indicators.isEmpty { throw fail(indicatorsNode, .emptyList(.key("indicators"))) }
        for (i, table) in levels {
            fields[i].maxLevel = table.maxLevel
            fields[i].levelMeanings = table.meanings
        }
        for (i, spec) in fields.enumerated() where spec.type == .level && spec.maxLevel == nil {
            throw fail(fieldNodes[i], .levelFieldUnread(key: spec.key))
        }

        var regions: RegionList? = nil
        if let node = top["regions"] {
            // A path relative to the rulebook's folder, so the rulebook and its data move together.
            let relative = try string(node, .key("regions"))
            let path =
                relative.hasPrefix("/")
                ? relative : URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(relative).path
            do throws(InputError) {
                regions = try RegionList.load(path: path, tiers: tiers)
            } catch {
                let first = error.diagnostics.errors.first
                throw RulebookError(
                    file: file, line: node.mark?.line, column: node.mark?.column,
                    message: Localized(
                        zh: "regions：" + (first?.render(.zh) ?? path), en: "regions: " + (first?.render(.en) ?? path)))
            }
        }

        return Rulebook(
            name: name, year: year, source: file, fields: fields, derived: derived, tiers: tiers,
            prerequisites: prerequisites, vetoes: vetoes, efficacy: efficacy, recognitionCount: recognition,
            rankDecimals: rankDecimals, categories: categories, indicators: indicators, fieldIndex: fieldIndex,
            derivedIndex: derivedIndex, regions: regions)
    }

    func efficacySettings(_ node: Node) throws(RulebookError) -> EfficacySettings {
        let map = try mapping(node, .key("efficacy"), allowed: ["base", "span", "all_equal"])
        var settings = EfficacySettings()
        if let n = map["base"] { settings.base = try nonNegative(n, .key("efficacy.base")) }
        if let n = map["span"] { settings.span = try nonNegative(n, .key("efficacy.span")) }
        if settings.base + settings.span != 100 {
            throw fail(node, .efficacyBaseSpan(total: settings.base + settings.span))
        }
        if let n = map["all_equal"] {
            let text = try string(n, .key("efficacy.all_equal"))
            guard let policy = EfficacySettings.AllEqual(rawValue: text) else {
                throw fail(n, .notOneOf(.key("efficacy.all_equal"), value: text, allowed: ["full", "base"]))
            }
            settings.allEqual = policy
        }
        return settings
    }

    func tierList(_ node: Node) throws(RulebookError) -> [Tier] {
        var tiers: [Tier] = []
        var cityTier: [String: String] = [:]
        for item in try sequence(node, .key("tiers")) {
            let map = try mapping(item, .entry(.tier), allowed: ["name", "cities"])
            let name = try string(try require(map, "name", in: .entry(.tier), at: item), .sub(.entry(.tier), "name"))
            if tiers.contains(where: { $0.name == name }) { throw fail(item, .definedTwice(.tier(name))) }
            var cities: [String] = []
            let citiesNode = try require(map, "cities", in: .tier(name), at: item)
            for cityNode in try sequence(citiesNode, .sub(.tier(name), "cities")) {
                let city = Tier.normalise(try string(cityNode, .city(tier: name)))
                if city.isEmpty { throw fail(cityNode, .emptyCity(tier: name)) }
                if let other = cityTier[city] {
                    throw fail(cityNode, .cityTwice(city: city, first: other, second: name))
                }
                cityTier[city] = name
                cities.append(city)
            }
            tiers.append(Tier(name: name, cities: cities))
        }
        if tiers.isEmpty { throw fail(node, .emptyList(.key("tiers"))) }
        return tiers
    }

    private static let fieldKeys: Set<String> = [
        "key", "label", "type", "unit", "role", "indicator", "required", "min", "max", "notes", "sample", "judged",
    ]

    func field(_ node: Node) throws(RulebookError) -> FieldSpec {
        let map = try mapping(node, .entry(.field), allowed: Self.fieldKeys)
        let key = try string(try require(map, "key", in: .entry(.field), at: node), .sub(.entry(.field), "key"))
        if key.isEmpty || key.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) {
            throw fail(map["key"], .badFieldKey(key))
        }
        let what = RulesPlace.field(key)
        let label = try string(try require(map, "label", in: what, at: node), .sub(what, "label"))
        let typeNode = try require(map, "type", in: what, at: node)
        let typeName = try string(typeNode, .sub(what, "type"))
        guard let type = FieldType(rawValue: typeName) else {
            throw fail(
                typeNode,
                .notOneOf(
                    .sub(what, "type"), value: typeName, allowed: ["text", "number", "percent", "count", "bool", "level"]))
        }
        let roleNode = try require(map, "role", in: what, at: node)
        let roleName = try string(roleNode, .sub(what, "role"))
        guard let role = FieldRole(rawValue: roleName) else {
            throw fail(roleNode, .notOneOf(.sub(what, "role"), value: roleName, allowed: ["id", "base", "gate", "indicator"]))
        }
        let unit = try map["unit"].map { n throws(RulebookError) in try string(n, .sub(what, "unit")) } ?? ""
        let indicator = try map["indicator"].map { n throws(RulebookError) in try integer(n, .sub(what, "indicator")) }
        var required = try map["required"].map { n throws(RulebookError) in try boolean(n, .sub(what, "required")) } ?? false
        if key == "county" || key == "city" { required = true }
        var minimum = try map["min"].map { n throws(RulebookError) in try number(n, .sub(what, "min")) }
        var maximum = try map["max"].map { n throws(RulebookError) in try number(n, .sub(what, "max")) }
        switch type {
        case .percent:
            minimum = minimum ?? 0
            maximum = maximum ?? 100
        case .number, .count:
            minimum = minimum ?? 0
        default: break
        }
        if let lo = minimum, let hi = maximum, lo > hi {
            throw fail(node, .minAboveMax(field: key, min: lo, max: hi))
        }
        var sample: ClosedRange<Double>? = nil
        if let sampleNode = map["sample"] {
            let bounds = try sequence(sampleNode, .sub(.field(key), "sample"))
            guard bounds.count == 2 else { throw fail(sampleNode, StandardMessage.sampleNotPair(field: key)) }
            let lo = try number(bounds[0], .sub(.field(key), "sample"))
            let hi = try number(bounds[1], .sub(.field(key), "sample"))
            if lo > hi || minimum.map({ lo < $0 }) == true || maximum.map({ hi > $0 }) == true {
                throw fail(sampleNode, StandardMessage.sampleOutOfRange(field: key, low: lo, high: hi))
            }
            sample = lo...hi
        }
        let judged = try map["judged"].map { n throws(RulebookError) in try boolean(n, .sub(what, "judged")) } ?? false
        if judged && type != .level { throw fail(map["judged"], StandardMessage.judgedNotLevel(field: key)) }
        var spec = FieldSpec(
            key: key, label: label, type: type, unit: unit, role: role, indicator: indicator, required: required,
            minimum: minimum, maximum: maximum, sampleRange: sample)
        spec.judged = judged
        return spec
    }

    /// A field named at `node` by the rule or entry `what`.
    func fieldRef(_ node: Node, in what: RulesPlace, fields: [FieldSpec], fieldIndex: [String: Int]) throws(RulebookError)
        -> (Int, FieldSpec)
    {
        let key = try string(node, .sub(what, "field"))
        guard let index = fieldIndex[key] else { throw fail(node, .unknownField(what, key: key)) }
        return (index, fields[index])
    }

    /// A numeric figure named at `node` by `what`: a number/percent/count field or a derived figure.
    func figureRef(
        _ node: Node, in what: RulesPlace, fields: [FieldSpec], fieldIndex: [String: Int], derivedIndex: [String: Int]
    ) throws(RulebookError) -> FigureRef {
        let key = try string(node, .sub(what, "figure"))
        if let i = fieldIndex[key] {
            guard [.number, .percent, .count].contains(fields[i].type) else {
                throw fail(
                    node, .wrongFieldType(what, key: key, type: fields[i].type, allowed: [.number, .percent, .count]))
            }
            return .field(i)
        }
        if let i = derivedIndex[key] { return .derived(i) }
        throw fail(node, .unknownFigure(what, key: key))
    }

    func derivedFigure(_ node: Node, fields: [FieldSpec], fieldIndex: [String: Int], derivedIndex: [String: Int])
        throws(RulebookError) -> DerivedFigure
    {
        let map = try mapping(
            node, .entry(.derived), allowed: ["key", "label", "unit", "indicator", "ratio", "growth", "sum", "blank_cells"])
        let key = try string(try require(map, "key", in: .entry(.derived), at: node), .sub(.entry(.derived), "key"))
        let what = RulesPlace.derived(key)
        let label = try string(try require(map, "label", in: what, at: node), .sub(what, "label"))
        let unit = try map["unit"].map { n throws(RulebookError) in try string(n, .sub(what, "unit")) } ?? ""
        let indicator = try map["indicator"].map { n throws(RulebookError) in try integer(n, .sub(what, "indicator")) }
        let kinds = ["ratio", "growth", "sum"].filter { map[$0] != nil }
        guard kinds.count == 1 else {
            throw fail(node, .derivedKinds(key: key, found: kinds.count))
        }
        let ref = { (n: Node, place: RulesPlace) throws(RulebookError) -> FigureRef in
            try self.figureRef(n, in: place, fields: fields, fieldIndex: fieldIndex, derivedIndex: derivedIndex)
        }
        let formula: DerivedFigure.Formula
        if let n = map["ratio"] {
            let place = RulesPlace.sub(what, "ratio")
            let m = try mapping(n, place, allowed: ["numerator", "denominator", "scale"])
            formula = .ratio(
                numerator: try ref(try require(m, "numerator", in: place, at: n), place),
                denominator: try ref(try require(m, "denominator", in: place, at: n), place),
                scale: try m["scale"].map { s throws(RulebookError) in try number(s, .sub(place, "scale")) } ?? 1)
        } else if let n = map["growth"] {
            let place = RulesPlace.sub(what, "growth")
            let m = try mapping(n, place, allowed: ["current", "previous"])
            formula = .growth(
                current: try ref(try require(m, "current", in: place, at: n), place),
                previous: try ref(try require(m, "previous", in: place, at: n), place))
        } else {
            // exactly one kind is present (checked above): this is `sum`
            let sumNode = map["sum"] ?? node
            let place = RulesPlace.sumTerm(derived: key)
            var terms: [(figure: FigureRef, weight: Double)] = []
            for t in try sequence(sumNode, .sub(what, "sum")) {
                let m = try mapping(t, place, allowed: ["figure", "weight"])
                terms.append(
                    (
                        try ref(try require(m, "figure", in: place, at: t), place),
                        try number(try require(m, "weight", in: place, at: t), .sub(place, "weight"))
                    ))
            }
            if terms.isEmpty { throw fail(sumNode, .emptyList(.sub(what, "sum"))) }
            // What a blank cell means must be said, not guessed: a blank count adds nothing, a blank
            // measurement is not a measurement of 0 (scoring policy, "Figures built from several cells").
            let blanksNode = try require(map, "blank_cells", in: what, at: node)
            let word = try string(blanksNode, .sub(what, "blank_cells"))
            guard let blanks = DerivedFigure.BlankCells(rawValue: word) else {
                throw fail(
                    blanksNode,
                    .notOneOf(.sub(what, "blank_cells"), value: word, allowed: DerivedFigure.BlankCells.allCases.map(\.rawValue)))
            }
            formula = .weightedSum(terms, blanks: blanks)
        }
        return DerivedFigure(key: key, label: label, unit: unit, formula: formula, indicator: indicator)
    }

    private static let indicatorKeys: Set<String> = [
        "number", "id", "name", "short", "category", "subcategory", "points", "sources", "parts", "notes",
        "parts_out_of", "provisional", "note",
    ]
    static let ruleKinds = ["yesno", "level", "checklist", "counts", "steps", "rating", "efficacy"]

    func indicator(
        _ node: Node, categories: [String], fields: [FieldSpec], fieldIndex: [String: Int], derivedIndex: [String: Int],
        levels: inout [Int: LevelTable]
    ) throws(RulebookError) -> Indicator {
        let map = try mapping(node, .entry(.indicator), allowed: Self.indicatorKeys)
        let indicatorNumber = try integer(
            try require(map, "number", in: .entry(.indicator), at: node), .sub(.entry(.indicator), "number"))
        let what = RulesPlace.indicator(indicatorNumber)
        let name = try string(try require(map, "name", in: what, at: node), .sub(what, "name"))
        let short = try map["short"].map { n throws(RulebookError) in try string(n, .sub(what, "short")) } ?? name
        let categoryNode = try require(map, "category", in: what, at: node)
        let category = try string(categoryNode, .sub(what, "category"))
        guard categories.contains(category) else {
            throw fail(categoryNode, .unknownCategory(what, category: category, categories: categories))
        }
        let subcategory =
            try map["subcategory"].map { n throws(RulebookError) in try string(n, .sub(what, "subcategory")) } ?? ""
        let pointsNode = try require(map, "points", in: what, at: node)
        let points = try number(pointsNode, .sub(what, "points"))
        if points <= 0 { throw fail(pointsNode, .outOfRange(.sub(what, "points"), .positive)) }
        let sources = try map["sources"].map { n throws(RulebookError) in try string(n, .sub(what, "sources")) } ?? ""
        var parts: [Part] = []
        for partNode in try sequence(try require(map, "parts", in: what, at: node), .sub(what, "parts")) {
            parts.append(
                try part(
                    partNode, of: indicatorNumber, fields: fields, fieldIndex: fieldIndex, derivedIndex: derivedIndex,
                    levels: &levels))
        }
        if parts.isEmpty { throw fail(node, .emptyList(.sub(what, "parts"))) }
        var outOf: Double? = nil
        if let n = map["parts_out_of"] {
            let value = try number(n, .sub(what, "parts_out_of"))
            if value <= 0 { throw fail(n, StandardMessage.partsOutOfNotPositive(indicator: indicatorNumber)) }
            outOf = value
        }
        let reachable = parts.reduce(0.0) { $0 + $1.rule.maximum }
        if let outOf, reachable + 1e-9 < outOf {
            throw fail(
                map["parts_out_of"],
                StandardMessage.partsBelowOutOf(indicator: indicatorNumber, reachable: reachable, outOf: outOf))
        }
        if outOf == nil && reachable + 1e-9 < points {
            throw fail(pointsNode, .unreachablePoints(what, reachable: reachable, points: points))
        }
        var id: String? = nil
        if let n = map["id"] {
            let text = try string(n, .sub(what, "id")).trimmingCharacters(in: .whitespaces)
            if text.isEmpty { throw fail(n, StandardMessage.idEmpty(indicator: indicatorNumber)) }
            id = text
        }
        let provisional =
            try map["provisional"].map { n throws(RulebookError) in try boolean(n, .sub(what, "provisional")) } ?? false
        let note = try map["note"].map { n throws(RulebookError) in try string(n, .sub(what, "note")) } ?? ""
        if provisional && note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw fail(map["provisional"], StandardMessage.provisionalWithoutNote(indicator: indicatorNumber))
        }
        return Indicator(
            number: indicatorNumber, id: id, name: name, shortName: short, category: category, subcategory: subcategory,
            points: points, sources: sources, parts: parts, partsOutOf: outOf, provisional: provisional, note: note)
    }

    func part(
        _ node: Node, of indicator: Int, fields: [FieldSpec], fieldIndex: [String: Int], derivedIndex: [String: Int],
        levels: inout [Int: LevelTable]
    ) throws(RulebookError) -> Part {
        let what = RulesPlace.indicator(indicator)
        guard case .mapping(let raw) = node else { throw fail(node, .partNotMapping(what)) }
        var label = ""
        var kindNode: (String, Node, Node)? = nil
        for (key, value) in raw {
            guard let name = key.string else { throw fail(key, .keyNotText(what)) }
            if name == "label" {
                label = try string(value, .sub(what, "label"))
            } else if Self.ruleKinds.contains(name) {
                if let (first, _, _) = kindNode { throw fail(key, .ruleKindCount(what, found: [first, name])) }
                kindNode = (name, value, key)
            } else {
                throw fail(key, .unknownRuleKind(what, kind: name))
            }
        }
        guard let (kind, body, _) = kindNode else {
            throw fail(node, .ruleKindCount(what, found: []))
        }
        let rulePlace = RulesPlace.rule(indicator: indicator, kind: kind)
        /// The place of one of the rule's keys.
        func keyPlace(_ name: String) -> RulesPlace { .ruleKey(indicator: indicator, kind: kind, key: name) }
        let typed = { (n: Node, allowed: [FieldType]) throws(RulebookError) -> Int in
            let (index, spec) = try self.fieldRef(n, in: rulePlace, fields: fields, fieldIndex: fieldIndex)
            guard allowed.contains(spec.type) else {
                throw self.fail(n, .wrongFieldType(rulePlace, key: spec.key, type: spec.type, allowed: allowed))
            }
            return index
        }
        let rule: Rule
        switch kind {
        case "yesno":
            let m = try mapping(body, rulePlace, allowed: ["field", "points"])
            rule = .yesNo(
                field: try typed(try require(m, "field", in: rulePlace, at: body), [.bool]),
                points: try nonNegative(try require(m, "points", in: rulePlace, at: body), keyPlace("points")))
        case "level":
            let m = try mapping(body, rulePlace, allowed: ["field", "points", "meanings"])
            let field = try typed(try require(m, "field", in: rulePlace, at: body), [.level])
            var table: [Double] = []
            for p in try sequence(try require(m, "points", in: rulePlace, at: body), keyPlace("points")) {
                table.append(try nonNegative(p, keyPlace("points")))
            }
            if table.count < 2 { throw fail(body, .levelTooShort(rulePlace)) }
            var meanings: [String]? = nil
            if let meaningsNode = m["meanings"] {
                var list: [String] = []
                for item in try sequence(meaningsNode, keyPlace("meanings")) {
                    list.append(try string(item, keyPlace("meanings")).trimmingCharacters(in: .whitespaces))
                }
                if list.count != table.count {
                    throw fail(meaningsNode, .levelMeaningsCount(rulePlace, meanings: list.count, levels: table.count))
                }
                meanings = list
            }
            if let previous = levels[field] {
                if previous.maxLevel != table.count - 1 {
                    throw fail(body, .levelSizesDiffer(rulePlace, field: fields[field].key))
                }
                if let mine = meanings, let theirs = previous.meanings, mine != theirs {
                    throw fail(m["meanings"], .levelMeaningsDiffer(rulePlace, field: fields[field].key))
                }
                meanings = meanings ?? previous.meanings
            }
            levels[field] = LevelTable(maxLevel: table.count - 1, meanings: meanings)
            rule = .level(field: field, points: table)
        case "checklist":
            let m = try mapping(body, rulePlace, allowed: ["fields", "points", "deduct"])
            var items: [Int] = []
            let fieldsNode = try require(m, "fields", in: rulePlace, at: body)
            for f in try sequence(fieldsNode, keyPlace("fields")) {
                items.append(try typed(f, [.bool]))
            }
            if items.isEmpty { throw fail(body, .emptyList(keyPlace("fields"))) }
            rule = .checklist(
                fields: items, points: try nonNegative(try require(m, "points", in: rulePlace, at: body), keyPlace("points")),
                deduction: try nonNegative(try require(m, "deduct", in: rulePlace, at: body), keyPlace("deduct")))
        case "counts":
            let m = try mapping(body, rulePlace, allowed: ["items", "cap"])
            let itemPlace = RulesPlace.ruleItem(indicator: indicator, kind: kind)
            var items: [CountItem] = []
            for itemNode in try sequence(try require(m, "items", in: rulePlace, at: body), keyPlace("items")) {
                let im = try mapping(itemNode, itemPlace, allowed: ["field", "each", "above", "cap"])
                items.append(
                    CountItem(
                        field: try typed(try require(im, "field", in: itemPlace, at: itemNode), [.count, .number]),
                        each: try nonNegative(try require(im, "each", in: itemPlace, at: itemNode), keyPlace("each")),
                        above: try im["above"].map { n throws(RulebookError) in try nonNegative(n, keyPlace("above")) } ?? 0,
                        cap: try im["cap"].map { n throws(RulebookError) in try nonNegative(n, keyPlace("cap")) }))
            }
            if items.isEmpty { throw fail(body, .emptyList(keyPlace("items"))) }
            rule = .counts(items: items, cap: try m["cap"].map { n throws(RulebookError) in try nonNegative(n, keyPlace("cap")) })
        case "steps":
            let m = try mapping(body, rulePlace, allowed: ["figure", "field", "steps"])
            guard let figureNode = m["figure"] ?? m["field"] else { throw fail(body, .missingKey(rulePlace, key: "figure")) }
            let figure = try figureRef(
                figureNode, in: rulePlace, fields: fields, fieldIndex: fieldIndex, derivedIndex: derivedIndex)
            let stepPlace = RulesPlace.ruleItem(indicator: indicator, kind: kind)
            var steps: [Step] = []
            for s in try sequence(try require(m, "steps", in: rulePlace, at: body), keyPlace("steps")) {
                let sm = try mapping(s, stepPlace, allowed: ["at_least", "points"])
                steps.append(
                    Step(
                        atLeast: try number(try require(sm, "at_least", in: stepPlace, at: s), keyPlace("at_least")),
                        points: try nonNegative(try require(sm, "points", in: stepPlace, at: s), keyPlace("points"))))
            }
            if steps.isEmpty { throw fail(body, .emptyList(keyPlace("steps"))) }
            rule = .steps(figure: figure, steps: steps.sorted { $0.atLeast > $1.atLeast })
        case "rating":
            let m = try mapping(body, rulePlace, allowed: ["field", "points", "full_marks"])
            let full = try m["full_marks"].map { n throws(RulebookError) in try number(n, keyPlace("full_marks")) } ?? 100
            if full <= 0 { throw fail(m["full_marks"], .outOfRange(keyPlace("full_marks"), .positive)) }
            rule = .rating(
                field: try typed(try require(m, "field", in: rulePlace, at: body), [.number, .percent]),
                points: try nonNegative(try require(m, "points", in: rulePlace, at: body), keyPlace("points")),
                fullMarks: full)
        default:  // efficacy
            let m = try mapping(
                body, rulePlace, allowed: ["points", "tiered", "terms", "figure", "threshold", "direction"])
            let points = try nonNegative(try require(m, "points", in: rulePlace, at: body), keyPlace("points"))
            let tieredDefault = try m["tiered"].map { n throws(RulebookError) in try boolean(n, keyPlace("tiered")) } ?? false
            let termPlace = RulesPlace.ruleItem(indicator: indicator, kind: kind)
            var termNodes: [(Node, [String: Node])] = []
            if let termsNode = m["terms"] {
                if m["figure"] != nil || m["threshold"] != nil || m["direction"] != nil {
                    throw fail(body, .efficacyTermsAndFigure(what))
                }
                for t in try sequence(termsNode, keyPlace("terms")) {
                    termNodes.append(
                        (t, try mapping(t, termPlace, allowed: ["figure", "weight", "threshold", "tiered", "direction"])))
                }
                if termNodes.isEmpty { throw fail(termsNode, .emptyList(keyPlace("terms"))) }
            } else {
                termNodes.append((body, m))
            }
            var terms: [EfficacyTerm] = []
            for (t, tm) in termNodes {
                let place = termNodes.count == 1 && m["terms"] == nil ? rulePlace : termPlace
                let figure = try figureRef(
                    try require(tm, "figure", in: place, at: t), in: place, fields: fields, fieldIndex: fieldIndex,
                    derivedIndex: derivedIndex)
                let weight =
                    termNodes.count == 1 && tm["weight"] == nil
                    ? 1 : try nonNegative(try require(tm, "weight", in: place, at: t), keyPlace("weight"))
                let threshold = try tm["threshold"].map { n throws(RulebookError) in try number(n, keyPlace("threshold")) }
                let tiered =
                    try tm["tiered"].map { n throws(RulebookError) in try boolean(n, keyPlace("tiered")) } ?? tieredDefault
                var direction = Direction.higherIsBetter
                if let d = tm["direction"] {
                    let text = try string(d, keyPlace("direction"))
                    guard let parsed = Direction(rawValue: text) else {
                        throw fail(d, .notOneOf(keyPlace("direction"), value: text, allowed: ["higher", "lower"]))
                    }
                    direction = parsed
                }
                terms.append(
                    EfficacyTerm(
                        group: EfficacyGroup(figure: figure, tiered: tiered, threshold: threshold, direction: direction),
                        weight: weight))
            }
            let totalWeight = terms.reduce(0) { $0 + $1.weight }
            if abs(totalWeight - 1) > 1e-9 {
                throw fail(body, .efficacyWeights(what, total: totalWeight))
            }
            rule = .efficacy(points: points, terms: terms)
        }
        return Part(label: label, rule: rule)
    }
}
