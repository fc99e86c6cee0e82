import Foundation
import Yams

/// A rulebook that cannot be used, with the file and the place (line:column) of the problem.
public struct RulebookError: Error, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return "error: \(place): rulebook: \(message)"
    }
}

/// Reads a rulebook YAML file (format: docs/RULEBOOK.md) into a checked `Rulebook`.
///
/// Strict by design: an unknown key, an unknown rule kind, an unknown field, a number that is not a
/// number, a city in two tiers, parts that cannot reach an indicator's points — each is refused with its
/// place, because a rulebook that silently ignores a typo scores counties wrongly.
public struct RulebookLoader {
    let file: String

    public static func load(path: String) throws(RulebookError) -> Rulebook {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw RulebookError(file: path, message: "cannot read the file: \(error.localizedDescription)")
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
            throw RulebookError(file: file, message: "not valid YAML: \(error)")
        }
        guard let root else { throw RulebookError(file: file, message: "the file is empty") }
        return try loader.rulebook(root)
    }

    private func yamlError(_ error: YamlError) -> RulebookError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return RulebookError(file: file, line: mark.line, column: mark.column, message: "not valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, _):
            return RulebookError(file: file, message: "a key appears twice in one mapping: \(duplicates.joined(separator: ", "))")
        default:
            return RulebookError(file: file, message: "not valid YAML: \(error)")
        }
    }

    // MARK: - Node access with places

    func fail(_ node: Node?, _ message: String) -> RulebookError {
        RulebookError(file: file, line: node?.mark?.line, column: node?.mark?.column, message: message)
    }

    /// A mapping whose keys are all among `allowed`, each at most once.
    func mapping(_ node: Node, _ what: String, allowed: Set<String>) throws(RulebookError) -> [String: Node] {
        guard case .mapping(let mapping) = node else { throw fail(node, "\(what) must be a mapping (key: value)") }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { throw fail(key, "\(what): keys must be text") }
            guard allowed.contains(name) else {
                throw fail(
                    key, "\(what): unknown key '\(name)' (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            if result[name] != nil { throw fail(key, "\(what): key '\(name)' appears twice") }
            result[name] = value
        }
        return result
    }

    func sequence(_ node: Node?, _ what: String) throws(RulebookError) -> [Node] {
        guard let node else { throw fail(nil, "\(what) is missing") }
        guard case .sequence(let seq) = node else { throw fail(node, "\(what) must be a list") }
        return Array(seq)
    }

    func require(_ map: [String: Node], _ key: String, in what: String, at node: Node) throws(RulebookError) -> Node {
        guard let value = map[key] else { throw fail(node, "\(what): '\(key)' is missing") }
        return value
    }

    func string(_ node: Node, _ what: String) throws(RulebookError) -> String {
        guard case .scalar(let scalar) = node else { throw fail(node, "\(what) must be text") }
        return scalar.string
    }

    func number(_ node: Node, _ what: String) throws(RulebookError) -> Double {
        guard case .scalar(let scalar) = node, let value = Double(scalar.string.trimmingCharacters(in: .whitespaces)),
            value.isFinite
        else {
            throw fail(node, "\(what) must be a number, not '\(node.string ?? "a list or mapping")'")
        }
        return value
    }

    func integer(_ node: Node, _ what: String) throws(RulebookError) -> Int {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string.trimmingCharacters(in: .whitespaces)) else {
            throw fail(node, "\(what) must be a whole number, not '\(node.string ?? "a list or mapping")'")
        }
        return value
    }

    func boolean(_ node: Node, _ what: String) throws(RulebookError) -> Bool {
        guard let value = node.bool else { throw fail(node, "\(what) must be true or false") }
        return value
    }

    func nonNegative(_ node: Node, _ what: String) throws(RulebookError) -> Double {
        let value = try number(node, what)
        if value < 0 { throw fail(node, "\(what) must not be negative") }
        return value
    }

    // MARK: - The rulebook

    private static let topKeys: Set<String> = [
        "name", "year", "recognition", "rank_decimals", "efficacy", "categories", "tiers", "fields",
        "prerequisite", "veto", "derived", "indicators", "notes", "regions",
    ]

    func rulebook(_ root: Node) throws(RulebookError) -> Rulebook {
        let top = try mapping(root, "the rulebook", allowed: Self.topKeys)
        let name = try string(try require(top, "name", in: "the rulebook", at: root), "name")
        let year = try top["year"].map { node throws(RulebookError) in try integer(node, "year") }
        var recognition = 10
        if let node = top["recognition"] {
            recognition = try integer(node, "recognition")
            if recognition < 0 { throw fail(node, "recognition must be 0 or more") }
        }
        var rankDecimals = 4
        if let node = top["rank_decimals"] {
            rankDecimals = try integer(node, "rank_decimals")
            if !(0...9).contains(rankDecimals) { throw fail(node, "rank_decimals must be between 0 and 9") }
        }
        let efficacy =
            try top["efficacy"].map { node throws(RulebookError) in try efficacySettings(node) }
            ?? EfficacySettings()

        let categoriesNode = try require(top, "categories", in: "the rulebook", at: root)
        var categories: [String] = []
        for node in try sequence(categoriesNode, "categories") {
            let category = try string(node, "a category")
            if categories.contains(category) { throw fail(node, "category '\(category)' is listed twice") }
            categories.append(category)
        }

        let tiers = try tierList(try require(top, "tiers", in: "the rulebook", at: root))

        let fieldsNode = try require(top, "fields", in: "the rulebook", at: root)
        var fields: [FieldSpec] = []
        var fieldIndex: [String: Int] = [:]
        var fieldNodes: [Node] = []
        for node in try sequence(fieldsNode, "fields") {
            let spec = try field(node)
            if fieldIndex[spec.key] != nil { throw fail(node, "field '\(spec.key)' is defined twice") }
            fieldIndex[spec.key] = fields.count
            fields.append(spec)
            fieldNodes.append(node)
        }
        for key in ["county", "city"] where fieldIndex[key] == nil {
            throw fail(fieldsNode, "fields: the '\(key)' field is required (it identifies the applicant)")
        }

        var derived: [DerivedFigure] = []
        var derivedIndex: [String: Int] = [:]
        if let node = top["derived"] {
            for item in try sequence(node, "derived") {
                let figure = try derivedFigure(item, fields: fields, fieldIndex: fieldIndex, derivedIndex: derivedIndex)
                if fieldIndex[figure.key] != nil || derivedIndex[figure.key] != nil {
                    throw fail(item, "derived figure '\(figure.key)' has the name of another field or figure")
                }
                derivedIndex[figure.key] = derived.count
                derived.append(figure)
            }
        }

        var prerequisites: [Prerequisite] = []
        if let node = top["prerequisite"] {
            for item in try sequence(node, "prerequisite") {
                let map = try mapping(item, "a prerequisite", allowed: ["field", "min", "label"])
                let (index, spec) = try fieldRef(
                    try require(map, "field", in: "a prerequisite", at: item), fields: fields, fieldIndex: fieldIndex)
                guard [.number, .percent, .count].contains(spec.type) else {
                    throw fail(map["field"], "prerequisite field '\(spec.key)' must be a number, percent or count")
                }
                let minimum = try number(try require(map, "min", in: "a prerequisite", at: item), "min")
                let label = try map["label"].map { n throws(RulebookError) in try string(n, "label") } ?? spec.label
                prerequisites.append(Prerequisite(field: index, minimum: minimum, label: label))
            }
        }
        var vetoes: [Veto] = []
        if let node = top["veto"] {
            for item in try sequence(node, "veto") {
                let map = try mapping(item, "a veto", allowed: ["field", "label"])
                let (index, spec) = try fieldRef(
                    try require(map, "field", in: "a veto", at: item), fields: fields, fieldIndex: fieldIndex)
                guard spec.type == .bool else { throw fail(map["field"], "veto field '\(spec.key)' must be of type bool") }
                let label = try map["label"].map { n throws(RulebookError) in try string(n, "label") } ?? spec.label
                vetoes.append(Veto(field: index, label: label))
            }
        }
        let gateFields = Set(prerequisites.map(\.field) + vetoes.map(\.field))
        for i in gateFields {
            fields[i].required = true
            fields[i].role = .gate
        }

        let indicatorsNode = try require(top, "indicators", in: "the rulebook", at: root)
        var indicators: [Indicator] = []
        var levelMax: [Int: Int] = [:]
        for item in try sequence(indicatorsNode, "indicators") {
            let indicator = try self.indicator(
                item, categories: categories, fields: fields, fieldIndex: fieldIndex, derivedIndex: derivedIndex,
                levelMax: &levelMax)
            if indicators.contains(where: { $0.number == indicator.number }) {
                throw fail(item, "indicator \(indicator.number) is defined twice")
            }
            if let id = indicator.id, let other = indicators.first(where: { $0.id == id }) {
                throw fail(item, StandardMessage.idTwice(indicator: indicator.number, id: id, other: other.number).text)
            }
            indicators.append(indicator)
        }
        if indicators.isEmpty { throw fail(indicatorsNode, "indicators: the list is empty") }
        for (i, max) in levelMax { fields[i].maxLevel = max }
        for (i, spec) in fields.enumerated() where spec.type == .level && spec.maxLevel == nil {
            throw fail(fieldNodes[i], "level field '\(spec.key)' is read by no level rule, so its levels are unknown")
        }

        var regions: RegionList? = nil
        if let node = top["regions"] {
            // A path relative to the rulebook's folder, so the rulebook and its data move together.
            let relative = try string(node, "regions")
            let path =
                relative.hasPrefix("/")
                ? relative : URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(relative).path
            do {
                regions = try RegionList.load(path: path, tiers: tiers)
            } catch {
                let first = error.diagnostics.errors.first
                throw RulebookError(
                    file: file, line: node.mark?.line, column: node.mark?.column,
                    message: first.map { "regions: " + $0.render(.en) } ?? "regions: \(path)")
            }
        }

        return Rulebook(
            name: name, year: year, source: file, fields: fields, derived: derived, tiers: tiers,
            prerequisites: prerequisites, vetoes: vetoes, efficacy: efficacy, recognitionCount: recognition,
            rankDecimals: rankDecimals, categories: categories, indicators: indicators, fieldIndex: fieldIndex,
            derivedIndex: derivedIndex, regions: regions)
    }

    func efficacySettings(_ node: Node) throws(RulebookError) -> EfficacySettings {
        let map = try mapping(node, "efficacy", allowed: ["base", "span", "all_equal"])
        var settings = EfficacySettings()
        if let n = map["base"] { settings.base = try nonNegative(n, "efficacy.base") }
        if let n = map["span"] { settings.span = try nonNegative(n, "efficacy.span") }
        if settings.base + settings.span != 100 {
            throw fail(node, "efficacy: base + span must be 100 (a full d is 100), got \(settings.base + settings.span)")
        }
        if let n = map["all_equal"] {
            let text = try string(n, "efficacy.all_equal")
            guard let policy = EfficacySettings.AllEqual(rawValue: text) else {
                throw fail(n, "efficacy.all_equal must be 'full' or 'base', not '\(text)'")
            }
            settings.allEqual = policy
        }
        return settings
    }

    func tierList(_ node: Node) throws(RulebookError) -> [Tier] {
        var tiers: [Tier] = []
        var cityTier: [String: String] = [:]
        for item in try sequence(node, "tiers") {
            let map = try mapping(item, "a tier", allowed: ["name", "cities"])
            let name = try string(try require(map, "name", in: "a tier", at: item), "tier name")
            if tiers.contains(where: { $0.name == name }) { throw fail(item, "tier '\(name)' is defined twice") }
            var cities: [String] = []
            for cityNode in try sequence(try require(map, "cities", in: "tier '\(name)'", at: item), "cities") {
                let city = Tier.normalise(try string(cityNode, "a city"))
                if city.isEmpty { throw fail(cityNode, "tier '\(name)': a city name is empty") }
                if let other = cityTier[city] {
                    throw fail(cityNode, "city '\(city)' is listed twice (in tier '\(other)' and tier '\(name)')")
                }
                cityTier[city] = name
                cities.append(city)
            }
            tiers.append(Tier(name: name, cities: cities))
        }
        if tiers.isEmpty { throw fail(node, "tiers: at least one tier is needed") }
        return tiers
    }

    private static let fieldKeys: Set<String> = [
        "key", "label", "type", "unit", "role", "indicator", "required", "min", "max", "notes", "sample",
    ]

    func field(_ node: Node) throws(RulebookError) -> FieldSpec {
        let map = try mapping(node, "a field", allowed: Self.fieldKeys)
        let key = try string(try require(map, "key", in: "a field", at: node), "field key")
        if key.isEmpty || key.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) {
            throw fail(map["key"], "field key '\(key)' must be non-empty, without commas, quotes or line breaks")
        }
        let label = try string(try require(map, "label", in: "field '\(key)'", at: node), "label")
        let typeNode = try require(map, "type", in: "field '\(key)'", at: node)
        let typeName = try string(typeNode, "type")
        guard let type = FieldType(rawValue: typeName) else {
            throw fail(
                typeNode, "field '\(key)': unknown type '\(typeName)' (expected text, number, percent, count, bool or level)")
        }
        let roleNode = try require(map, "role", in: "field '\(key)'", at: node)
        let roleName = try string(roleNode, "role")
        guard let role = FieldRole(rawValue: roleName) else {
            throw fail(roleNode, "field '\(key)': unknown role '\(roleName)' (expected id, base, gate or indicator)")
        }
        let unit = try map["unit"].map { n throws(RulebookError) in try string(n, "unit") } ?? ""
        let indicator = try map["indicator"].map { n throws(RulebookError) in try integer(n, "indicator") }
        var required = try map["required"].map { n throws(RulebookError) in try boolean(n, "required") } ?? false
        if key == "county" || key == "city" { required = true }
        var minimum = try map["min"].map { n throws(RulebookError) in try number(n, "min") }
        var maximum = try map["max"].map { n throws(RulebookError) in try number(n, "max") }
        switch type {
        case .percent:
            minimum = minimum ?? 0
            maximum = maximum ?? 100
        case .number, .count:
            minimum = minimum ?? 0
        default: break
        }
        if let lo = minimum, let hi = maximum, lo > hi {
            throw fail(node, "field '\(key)': min \(lo) is above max \(hi)")
        }
        var sample: ClosedRange<Double>? = nil
        if let sampleNode = map["sample"] {
            let bounds = try sequence(sampleNode, "field '\(key)': sample")
            guard bounds.count == 2 else { throw fail(sampleNode, StandardMessage.sampleNotPair(field: key).text) }
            let lo = try number(bounds[0], "field '\(key)': sample")
            let hi = try number(bounds[1], "field '\(key)': sample")
            if lo > hi || minimum.map({ lo < $0 }) == true || maximum.map({ hi > $0 }) == true {
                throw fail(sampleNode, StandardMessage.sampleOutOfRange(field: key, low: lo, high: hi).text)
            }
            sample = lo...hi
        }
        return FieldSpec(
            key: key, label: label, type: type, unit: unit, role: role, indicator: indicator, required: required,
            minimum: minimum, maximum: maximum, sampleRange: sample)
    }

    func fieldRef(_ node: Node, fields: [FieldSpec], fieldIndex: [String: Int]) throws(RulebookError) -> (Int, FieldSpec) {
        let key = try string(node, "field")
        guard let index = fieldIndex[key] else { throw fail(node, "unknown field '\(key)' (not in fields)") }
        return (index, fields[index])
    }

    /// A numeric figure: a number/percent/count field or a derived figure.
    func figureRef(_ node: Node, fields: [FieldSpec], fieldIndex: [String: Int], derivedIndex: [String: Int])
        throws(RulebookError) -> FigureRef
    {
        let key = try string(node, "figure")
        if let i = fieldIndex[key] {
            guard [.number, .percent, .count].contains(fields[i].type) else {
                throw fail(node, "figure '\(key)' is a \(fields[i].type.rawValue) field; a number, percent or count is needed")
            }
            return .field(i)
        }
        if let i = derivedIndex[key] { return .derived(i) }
        throw fail(node, "unknown figure '\(key)' (neither a field nor a derived figure defined above)")
    }

    func derivedFigure(_ node: Node, fields: [FieldSpec], fieldIndex: [String: Int], derivedIndex: [String: Int])
        throws(RulebookError) -> DerivedFigure
    {
        let map = try mapping(node, "a derived figure", allowed: ["key", "label", "unit", "indicator", "ratio", "growth", "sum", "blank_cells"])
        let key = try string(try require(map, "key", in: "a derived figure", at: node), "key")
        let label = try string(try require(map, "label", in: "derived figure '\(key)'", at: node), "label")
        let unit = try map["unit"].map { n throws(RulebookError) in try string(n, "unit") } ?? ""
        let indicator = try map["indicator"].map { n throws(RulebookError) in try integer(n, "indicator") }
        let kinds = ["ratio", "growth", "sum"].filter { map[$0] != nil }
        guard kinds.count == 1 else {
            throw fail(node, "derived figure '\(key)' needs exactly one of ratio, growth, sum (found \(kinds.count))")
        }
        let ref = { (n: Node) throws(RulebookError) -> FigureRef in
            try self.figureRef(n, fields: fields, fieldIndex: fieldIndex, derivedIndex: derivedIndex)
        }
        let formula: DerivedFigure.Formula
        if let n = map["ratio"] {
            let m = try mapping(n, "ratio", allowed: ["numerator", "denominator", "scale"])
            formula = .ratio(
                numerator: try ref(try require(m, "numerator", in: "ratio", at: n)),
                denominator: try ref(try require(m, "denominator", in: "ratio", at: n)),
                scale: try m["scale"].map { s throws(RulebookError) in try number(s, "scale") } ?? 1)
        } else if let n = map["growth"] {
            let m = try mapping(n, "growth", allowed: ["current", "previous"])
            formula = .growth(
                current: try ref(try require(m, "current", in: "growth", at: n)),
                previous: try ref(try require(m, "previous", in: "growth", at: n)))
        } else {
            var terms: [(figure: FigureRef, weight: Double)] = []
            for t in try sequence(map["sum"], "sum") {
                let m = try mapping(t, "a sum term", allowed: ["figure", "weight"])
                terms.append(
                    (
                        try ref(try require(m, "figure", in: "a sum term", at: t)),
                        try number(try require(m, "weight", in: "a sum term", at: t), "weight")
                    ))
            }
            if terms.isEmpty { throw fail(map["sum"], "sum: at least one term is needed") }
            // What a blank cell means must be said, not guessed: a blank count adds nothing, a blank
            // measurement is not a measurement of 0 (scoring policy, "Figures built from several cells").
            let blanksNode = try require(map, "blank_cells", in: "derived figure '\(key)'", at: node)
            let word = try string(blanksNode, "blank_cells")
            guard let blanks = DerivedFigure.BlankCells(rawValue: word) else {
                throw fail(blanksNode, "derived figure '\(key)': blank_cells must be 'add_nothing' (a sum of counts) or 'make_missing' (a composite of measurements), not '\(word)'")
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
        levelMax: inout [Int: Int]
    ) throws(RulebookError) -> Indicator {
        let map = try mapping(node, "an indicator", allowed: Self.indicatorKeys)
        let indicatorNumber = try integer(try require(map, "number", in: "an indicator", at: node), "number")
        let what = "indicator \(indicatorNumber)"
        let name = try string(try require(map, "name", in: what, at: node), "name")
        let short = try map["short"].map { n throws(RulebookError) in try string(n, "short") } ?? name
        let categoryNode = try require(map, "category", in: what, at: node)
        let category = try string(categoryNode, "category")
        guard categories.contains(category) else {
            throw fail(
                categoryNode, "\(what): category '\(category)' is not among categories (\(categories.joined(separator: ", ")))")
        }
        let subcategory = try map["subcategory"].map { n throws(RulebookError) in try string(n, "subcategory") } ?? ""
        let pointsNode = try require(map, "points", in: what, at: node)
        let points = try number(pointsNode, "\(what): points")
        if points <= 0 { throw fail(pointsNode, "\(what): points must be above 0") }
        let sources = try map["sources"].map { n throws(RulebookError) in try string(n, "sources") } ?? ""
        var parts: [Part] = []
        for partNode in try sequence(try require(map, "parts", in: what, at: node), "\(what): parts") {
            parts.append(
                try part(
                    partNode, in: what, fields: fields, fieldIndex: fieldIndex, derivedIndex: derivedIndex,
                    levelMax: &levelMax))
        }
        if parts.isEmpty { throw fail(node, "\(what): parts is empty") }
        var outOf: Double? = nil
        if let n = map["parts_out_of"] {
            let value = try number(n, "\(what): parts_out_of")
            if value <= 0 { throw fail(n, StandardMessage.partsOutOfNotPositive(indicator: indicatorNumber).text) }
            outOf = value
        }
        let reachable = parts.reduce(0.0) { $0 + $1.rule.maximum }
        if let outOf, reachable + 1e-9 < outOf {
            throw fail(
                map["parts_out_of"],
                StandardMessage.partsBelowOutOf(indicator: indicatorNumber, reachable: reachable, outOf: outOf).text)
        }
        if outOf == nil && reachable + 1e-9 < points {
            throw fail(
                pointsNode,
                "\(what): its parts can give at most \(Points.format(reachable)) of its \(Points.format(points)) points")
        }
        var id: String? = nil
        if let n = map["id"] {
            let text = try string(n, "\(what): id").trimmingCharacters(in: .whitespaces)
            if text.isEmpty { throw fail(n, StandardMessage.idEmpty(indicator: indicatorNumber).text) }
            id = text
        }
        let provisional =
            try map["provisional"].map { n throws(RulebookError) in try boolean(n, "\(what): provisional") } ?? false
        let note = try map["note"].map { n throws(RulebookError) in try string(n, "\(what): note") } ?? ""
        if provisional && note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw fail(map["provisional"], StandardMessage.provisionalWithoutNote(indicator: indicatorNumber).text)
        }
        return Indicator(
            number: indicatorNumber, id: id, name: name, shortName: short, category: category, subcategory: subcategory,
            points: points, sources: sources, parts: parts, partsOutOf: outOf, provisional: provisional, note: note)
    }

    func part(
        _ node: Node, in what: String, fields: [FieldSpec], fieldIndex: [String: Int], derivedIndex: [String: Int],
        levelMax: inout [Int: Int]
    ) throws(RulebookError) -> Part {
        guard case .mapping(let raw) = node else { throw fail(node, "\(what): a part must be a mapping like 'yesno: {...}'") }
        var label = ""
        var kindNode: (String, Node, Node)? = nil
        for (key, value) in raw {
            guard let name = key.string else { throw fail(key, "\(what): part keys must be text") }
            if name == "label" {
                label = try string(value, "label")
            } else if Self.ruleKinds.contains(name) {
                if kindNode != nil { throw fail(key, "\(what): a part has exactly one rule kind; found a second ('\(name)')") }
                kindNode = (name, value, key)
            } else {
                throw fail(
                    key, "\(what): unknown rule kind '\(name)' (expected one of: \(Self.ruleKinds.joined(separator: ", ")))")
            }
        }
        guard let (kind, body, _) = kindNode else {
            throw fail(node, "\(what): a part needs a rule kind (\(Self.ruleKinds.joined(separator: ", ")))")
        }
        let typed = { (n: Node, allowed: [FieldType]) throws(RulebookError) -> Int in
            let (index, spec) = try self.fieldRef(n, fields: fields, fieldIndex: fieldIndex)
            guard allowed.contains(spec.type) else {
                throw self.fail(
                    n,
                    "\(what): field '\(spec.key)' is of type \(spec.type.rawValue); \(kind) needs \(allowed.map(\.rawValue).joined(separator: " or "))"
                )
            }
            return index
        }
        let rule: Rule
        switch kind {
        case "yesno":
            let m = try mapping(body, "\(what): yesno", allowed: ["field", "points"])
            rule = .yesNo(
                field: try typed(try require(m, "field", in: "yesno", at: body), [.bool]),
                points: try nonNegative(try require(m, "points", in: "yesno", at: body), "\(what): points"))
        case "level":
            let m = try mapping(body, "\(what): level", allowed: ["field", "points"])
            let field = try typed(try require(m, "field", in: "level", at: body), [.level])
            var table: [Double] = []
            for p in try sequence(try require(m, "points", in: "level", at: body), "\(what): level points") {
                table.append(try nonNegative(p, "\(what): level points"))
            }
            if table.count < 2 { throw fail(body, "\(what): a level table needs at least two levels (0 and 1)") }
            if let previous = levelMax[field], previous != table.count - 1 {
                throw fail(body, "\(what): field '\(fields[field].key)' is read by level tables of different sizes")
            }
            levelMax[field] = table.count - 1
            rule = .level(field: field, points: table)
        case "checklist":
            let m = try mapping(body, "\(what): checklist", allowed: ["fields", "points", "deduct"])
            var items: [Int] = []
            for f in try sequence(try require(m, "fields", in: "checklist", at: body), "\(what): checklist fields") {
                items.append(try typed(f, [.bool]))
            }
            if items.isEmpty { throw fail(body, "\(what): checklist fields is empty") }
            rule = .checklist(
                fields: items, points: try nonNegative(try require(m, "points", in: "checklist", at: body), "\(what): points"),
                deduction: try nonNegative(try require(m, "deduct", in: "checklist", at: body), "\(what): deduct"))
        case "counts":
            let m = try mapping(body, "\(what): counts", allowed: ["items", "cap"])
            var items: [CountItem] = []
            for itemNode in try sequence(try require(m, "items", in: "counts", at: body), "\(what): counts items") {
                let im = try mapping(itemNode, "\(what): a counted item", allowed: ["field", "each", "above", "cap"])
                items.append(
                    CountItem(
                        field: try typed(try require(im, "field", in: "a counted item", at: itemNode), [.count, .number]),
                        each: try nonNegative(try require(im, "each", in: "a counted item", at: itemNode), "\(what): each"),
                        above: try im["above"].map { n throws(RulebookError) in try nonNegative(n, "\(what): above") } ?? 0,
                        cap: try im["cap"].map { n throws(RulebookError) in try nonNegative(n, "\(what): cap") }))
            }
            if items.isEmpty { throw fail(body, "\(what): counts items is empty") }
            rule = .counts(items: items, cap: try m["cap"].map { n throws(RulebookError) in try nonNegative(n, "\(what): cap") })
        case "steps":
            let m = try mapping(body, "\(what): steps", allowed: ["figure", "field", "steps"])
            guard let figureNode = m["figure"] ?? m["field"] else { throw fail(body, "\(what): steps: 'figure' is missing") }
            let figure = try figureRef(figureNode, fields: fields, fieldIndex: fieldIndex, derivedIndex: derivedIndex)
            var steps: [Step] = []
            for s in try sequence(try require(m, "steps", in: "steps", at: body), "\(what): steps") {
                let sm = try mapping(s, "\(what): a step", allowed: ["at_least", "points"])
                steps.append(
                    Step(
                        atLeast: try number(try require(sm, "at_least", in: "a step", at: s), "\(what): at_least"),
                        points: try nonNegative(try require(sm, "points", in: "a step", at: s), "\(what): points")))
            }
            if steps.isEmpty { throw fail(body, "\(what): steps is empty") }
            rule = .steps(figure: figure, steps: steps.sorted { $0.atLeast > $1.atLeast })
        case "rating":
            let m = try mapping(body, "\(what): rating", allowed: ["field", "points", "full_marks"])
            let full = try m["full_marks"].map { n throws(RulebookError) in try number(n, "\(what): full_marks") } ?? 100
            if full <= 0 { throw fail(m["full_marks"], "\(what): full_marks must be above 0") }
            rule = .rating(
                field: try typed(try require(m, "field", in: "rating", at: body), [.number, .percent]),
                points: try nonNegative(try require(m, "points", in: "rating", at: body), "\(what): points"),
                fullMarks: full)
        default:  // efficacy
            let m = try mapping(
                body, "\(what): efficacy", allowed: ["points", "tiered", "terms", "figure", "threshold", "direction"])
            let points = try nonNegative(try require(m, "points", in: "efficacy", at: body), "\(what): points")
            let tieredDefault = try m["tiered"].map { n throws(RulebookError) in try boolean(n, "\(what): tiered") } ?? false
            var termNodes: [(Node, [String: Node])] = []
            if let termsNode = m["terms"] {
                if m["figure"] != nil || m["threshold"] != nil || m["direction"] != nil {
                    throw fail(body, "\(what): efficacy takes either 'terms' or a single 'figure', not both")
                }
                for t in try sequence(termsNode, "\(what): terms") {
                    termNodes.append(
                        (
                            t,
                            try mapping(
                                t, "\(what): an efficacy term", allowed: ["figure", "weight", "threshold", "tiered", "direction"])
                        ))
                }
            } else {
                termNodes.append((body, m))
            }
            var terms: [EfficacyTerm] = []
            for (t, tm) in termNodes {
                let figure = try figureRef(
                    try require(tm, "figure", in: "\(what): efficacy", at: t), fields: fields, fieldIndex: fieldIndex,
                    derivedIndex: derivedIndex)
                let weight =
                    termNodes.count == 1 && tm["weight"] == nil
                    ? 1 : try nonNegative(try require(tm, "weight", in: "\(what): an efficacy term", at: t), "\(what): weight")
                let threshold = try tm["threshold"].map { n throws(RulebookError) in try number(n, "\(what): threshold") }
                let tiered =
                    try tm["tiered"].map { n throws(RulebookError) in try boolean(n, "\(what): tiered") } ?? tieredDefault
                var direction = Direction.higherIsBetter
                if let d = tm["direction"] {
                    let text = try string(d, "direction")
                    guard let parsed = Direction(rawValue: text) else {
                        throw fail(d, "\(what): direction must be 'higher' or 'lower', not '\(text)'")
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
                throw fail(body, "\(what): efficacy term weights must add up to 1, they add up to \(Points.format(totalWeight))")
            }
            rule = .efficacy(points: points, terms: terms)
        }
        return Part(label: label, rule: rule)
    }
}
