import Testing

@testable import QEval

/// Malformed rulebooks are refused with the file and the line of the problem (docs/RULEBOOK.md: "each
/// stops the run with the file and line:column"). Each case changes one line of a small valid rulebook.
@Suite struct RulebookErrorTests {
    static let file = "rules/broken.yaml"

    /// A minimal valid rulebook; the comment on each line is its line number.
    static let lines: [String] = [
        "name: 最小规则",  // 1
        "categories: [甲类]",  // 2
        "tiers:",  // 3
        "  - {name: 一档, cities: [济南, 青岛]}",  // 4
        "  - {name: 二档, cities: [淄博]}",  // 5
        "fields:",  // 6
        "  - {key: county, label: 县, type: text, role: id}",  // 7
        "  - {key: city, label: 市, type: text, role: id}",  // 8
        "  - {key: a, label: 甲项, type: bool, role: indicator, indicator: 1}",  // 9
        "  - {key: x, label: 数值一, type: number, role: indicator, indicator: 2}",  // 10
        "  - {key: y, label: 数值二, type: number, role: indicator, indicator: 2}",  // 11
        "indicators:",  // 12
        "  - number: 1",  // 13
        "    name: 第一项",  // 14
        "    category: 甲类",  // 15
        "    points: 2",  // 16
        "    parts:",  // 17
        "      - {label: 有得2分, yesno: {field: a, points: 2}}",  // 18
        "  - number: 2",  // 19
        "    name: 第二项",  // 20
        "    category: 甲类",  // 21
        "    points: 3",  // 22
        "    parts:",  // 23
        "      - efficacy:",  // 24
        "          points: 3",  // 25
        "          terms:",  // 26
        "            - {figure: x, weight: 0.6}",  // 27
        "            - {figure: y, weight: 0.4}",  // 28
    ]

    /// The base text with line `number` (1-based) replaced by `text` (which may hold several lines).
    static func yaml(replacing number: Int? = nil, with text: String = "") -> String {
        var copy = lines
        if let number { copy[number - 1] = text }
        return copy.joined(separator: "\n") + "\n"
    }

    /// Loads `yaml` expecting a refusal; returns the error (or records an issue and returns nil).
    static func refusal(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> RulebookError? {
        do {
            _ = try RulebookLoader.load(yaml: yaml, file: file)
            Issue.record("the rulebook was accepted", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(error.file == file, sourceLocation: sourceLocation)
            #expect(error.description.contains(file), sourceLocation: sourceLocation)
            return error
        }
    }

    static func expect(
        _ error: RulebookError?, line: Int, mentions words: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let error else { return }
        #expect(error.line == line, "line of: \(error.description)", sourceLocation: sourceLocation)
        #expect(error.description.contains("\(file):\(line)"), "\(error.description)", sourceLocation: sourceLocation)
        for word in words {
            #expect(error.message.contains(word), "'\(word)' not in: \(error.message)", sourceLocation: sourceLocation)
        }
    }

    @Test func baseRulebookLoads() throws {
        let rules = try RulebookLoader.load(yaml: Self.yaml(), file: Self.file)
        #expect(rules.indicators.count == 2)
        #expect(close(rules.totalPoints, 5))
        #expect(rules.source == Self.file)
    }

    @Test func unknownRuleKind() {
        let e = Self.refusal(Self.yaml(replacing: 18, with: "      - {label: 有得2分, yes_no: {field: a, points: 2}}"))
        Self.expect(e, line: 18, mentions: ["unknown rule kind", "yes_no", "indicator 1"])
    }

    @Test func unknownField() {
        let e = Self.refusal(Self.yaml(replacing: 18, with: "      - {label: 有得2分, yesno: {field: b, points: 2}}"))
        Self.expect(e, line: 18, mentions: ["unknown field", "'b'"])
    }

    @Test func unknownFigureInAnEfficacyTerm() {
        let e = Self.refusal(Self.yaml(replacing: 28, with: "            - {figure: z, weight: 0.4}"))
        Self.expect(e, line: 28, mentions: ["unknown figure", "'z'"])
    }

    @Test func pointsNotANumber() {
        let e = Self.refusal(Self.yaml(replacing: 16, with: "    points: two"))
        Self.expect(e, line: 16, mentions: ["points", "must be a number", "two"])
    }

    /// A key written twice in one mapping is refused, not resolved silently to one of the two values.
    @Test func keyWrittenTwiceInOneMapping() {
        let e = Self.refusal(Self.yaml(replacing: 16, with: "    points: 2\n    points: 3"))
        #expect(e?.message.contains("a key appears twice in one mapping: points") == true, "\(String(describing: e))")
    }

    @Test func tierCityListedTwice() {
        let e = Self.refusal(Self.yaml(replacing: 5, with: "  - {name: 二档, cities: [淄博, 青岛]}"))
        Self.expect(e, line: 5, mentions: ["青岛", "listed twice", "一档", "二档"])
    }

    @Test func tierCityListedTwiceWithTheShiSuffix() {
        // 青岛市 is 青岛: still the same city.
        let e = Self.refusal(Self.yaml(replacing: 5, with: "  - {name: 二档, cities: [淄博, 青岛市]}"))
        Self.expect(e, line: 5, mentions: ["青岛", "listed twice"])
    }

    @Test func efficacyWeightsNotSummingToOne() {
        let e = Self.refusal(Self.yaml(replacing: 28, with: "            - {figure: y, weight: 0.3}"))
        // reported at the efficacy mapping, which starts on line 25 (its first key, points)
        Self.expect(e, line: 25, mentions: ["weights must add up to 1", "0.9", "indicator 2"])
    }

    @Test func partsUnableToReachThePoints() {
        let e = Self.refusal(Self.yaml(replacing: 16, with: "    points: 3"))
        Self.expect(e, line: 16, mentions: ["indicator 1", "at most 2", "3 points"])
    }

    @Test func unknownTopLevelKey() {
        let e = Self.refusal(Self.yaml(replacing: 2, with: "categories: [甲类]\nrecognise: 5"))
        Self.expect(e, line: 3, mentions: ["unknown key", "recognise"])
    }

    @Test func unknownKeyInsideAnIndicator() {
        let e = Self.refusal(Self.yaml(replacing: 21, with: "    catgory: 甲类"))
        Self.expect(e, line: 21, mentions: ["unknown key", "catgory"])
    }

    @Test func levelPointsNotANumber() {
        let base = Self.lines.joined(separator: "\n")
        let yaml =
            base.replacingOccurrences(
                of: "type: bool, role: indicator, indicator: 1", with: "type: level, role: indicator, indicator: 1"
            )
            .replacingOccurrences(
                of: "      - {label: 有得2分, yesno: {field: a, points: 2}}",
                with: "      - {label: 等级, level: {field: a, points: [0, 1, zwei]}}") + "\n"
        let e = Self.refusal(yaml)
        Self.expect(e, line: 18, mentions: ["must be a number", "zwei"])
    }

    @Test func yamlSyntaxErrorNamesTheLine() {
        let e = Self.refusal(Self.yaml(replacing: 16, with: "    points: [2"))
        #expect(e?.line != nil)
        #expect(e?.message.contains("YAML") == true)
    }
}
