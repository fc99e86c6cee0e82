import Testing

@testable import QEval
@testable import QEvalCompare
@testable import QEvalEvaluation
@testable import QEvalExplanation
@testable import QEvalForms
@testable import QEvalInput
@testable import QEvalPipeline
@testable import QEvalRanking
@testable import QEvalReports
@testable import QEvalRobustness
@testable import QEvalRules
@testable import QEvalSupport

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
            #expect(error.render(.en).contains(file), sourceLocation: sourceLocation)
            #expect(error.render(.zh).contains(file), sourceLocation: sourceLocation)
            return error
        }
    }

    /// The English message names every word of `words`, and the place is `line` in both languages: English
    /// `file:line:column`, Chinese `file 第N行第M列` with the message in Chinese.
    static func expect(
        _ error: RulebookError?, line: Int, mentions words: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let error else { return }
        let english = error.render(.en)
        let chinese = error.render(.zh)
        #expect(error.line == line, "line of: \(english)", sourceLocation: sourceLocation)
        #expect(english.contains("\(file):\(line)"), "\(english)", sourceLocation: sourceLocation)
        for word in words {
            #expect(error.message.en.contains(word), "'\(word)' not in: \(error.message.en)", sourceLocation: sourceLocation)
        }
        expectChinese(error, line: line, sourceLocation: sourceLocation)
    }

    /// The Chinese rendering: 错误：, the file, 第N行, and a message written in Chinese (not the English one).
    static func expectChinese(_ error: RulebookError, line: Int?, sourceLocation: SourceLocation = #_sourceLocation) {
        let chinese = error.render(.zh)
        #expect(chinese.hasPrefix("错误：\(file)"), "\(chinese)", sourceLocation: sourceLocation)
        if let line {
            #expect(chinese.contains("\(file) 第\(line)行"), "\(chinese)", sourceLocation: sourceLocation)
        }
        #expect(containsHan(error.message.zh), "no Chinese in: \(error.message.zh)", sourceLocation: sourceLocation)
        #expect(error.message.zh != error.message.en, "\(chinese)", sourceLocation: sourceLocation)
    }

    static func containsHan(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
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
        #expect(e?.message.en.contains("a key appears twice in one mapping: points") == true, "\(String(describing: e))")
        #expect(e?.message.zh.contains("重复的键：points") == true, "\(String(describing: e?.message.zh))")
        if let e { Self.expectChinese(e, line: nil) }
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
        #expect(e?.message.en.contains("YAML") == true)
        #expect(e?.message.zh.contains("不是有效的 YAML") == true)
        if let e { Self.expectChinese(e, line: e.line) }
    }

    // MARK: - Chinese messages, pinned

    @Test func unknownRuleKindInChineseReadsInFull() throws {
        let e = try #require(Self.refusal(Self.yaml(replacing: 18, with: "      - {label: 有得2分, step: {field: a, points: 2}}")))
        #expect(
            e.render(.zh)
                == "错误：rules/broken.yaml 第18行第23列：评价标准文件：指标 1：未知的规则类型“step”（应为 yesno、level、checklist、counts、steps、rating、efficacy 之一）"
        )
        #expect(
            e.render(.en)
                == "error: rules/broken.yaml:18:23: rulebook: indicator 1: unknown rule kind 'step' (expected one of: yesno, level, checklist, counts, steps, rating, efficacy)"
        )
    }

    @Test func cityInTwoTiersInChineseReadsInFull() throws {
        let e = try #require(Self.refusal(Self.yaml(replacing: 5, with: "  - {name: 二档, cities: [淄博, 青岛]}")))
        #expect(
            e.message.zh == "城市“青岛”被列入了两个梯队（“一档”和“二档”）；一个城市只能属于一个梯队，请删去一处")
    }

    @Test func pointsNotANumberInChineseReadsInFull() throws {
        let e = try #require(Self.refusal(Self.yaml(replacing: 16, with: "    points: two")))
        #expect(e.render(.zh) == "错误：rules/broken.yaml 第16行第13列：评价标准文件：指标 1 的 points 应为数字，而不是“two”")
    }

    /// `description` follows the run's language (Chinese unless --lang en / QEVAL_LANG=en).
    @Test func descriptionIsTheRenderingInTheRunsLanguage() throws {
        let e = try #require(Self.refusal(Self.yaml(replacing: 16, with: "    points: two")))
        #expect(e.description == e.render(Language.current))
    }

    // MARK: - Level meanings

    /// The base rulebook with indicator 1 read as a three-level field, its level rule written as `level`.
    static func levelYAML(_ level: String) -> String {
        Self.lines.joined(separator: "\n")
            .replacingOccurrences(
                of: "type: bool, role: indicator, indicator: 1", with: "type: level, role: indicator, indicator: 1"
            )
            .replacingOccurrences(of: "      - {label: 有得2分, yesno: {field: a, points: 2}}", with: level) + "\n"
    }

    @Test func levelMeaningsAreLoadedOntoTheField() throws {
        let rules = try RulebookLoader.load(
            yaml: Self.levelYAML("      - {label: 等级, level: {field: a, points: [0, 1, 2], meanings: [无, 有但未落实, 有并已落实]}}"),
            file: Self.file)
        let field = try #require(rules.field("a"))
        #expect(field.maxLevel == 2)
        #expect(field.levelMeanings == ["无", "有但未落实", "有并已落实"])
        // a level rule without meanings leaves them nil
        let plain = try RulebookLoader.load(
            yaml: Self.levelYAML("      - {label: 等级, level: {field: a, points: [0, 1, 2]}}"), file: Self.file)
        #expect(plain.field("a")?.levelMeanings == nil)
    }

    @Test func levelMeaningsOfTheWrongCountAreRefusedWithTheirLine() {
        let e = Self.refusal(
            Self.levelYAML(
                "      - label: 等级\n        level:\n          field: a\n          points: [0, 1, 2]\n          meanings: [无, 有]"))
        // line 18 is the part's label; meanings is on line 22
        Self.expect(e, line: 22, mentions: ["indicator 1", "meanings has 2 entries", "3 levels"])
        #expect(e?.message.zh.contains("meanings 有 2 项，但 points 有 3 个等级") == true, "\(String(describing: e?.message.zh))")
    }

    @Test func twoLevelTablesOnOneFieldMustAgreeOnMeanings() {
        let e = Self.refusal(
            Self.levelYAML(
                "      - {label: 等级, level: {field: a, points: [0, 1, 2], meanings: [无, 有, 好]}}\n"
                    + "      - {label: 再评, level: {field: a, points: [0, 0, 0], meanings: [无, 有, 优]}}"))
        Self.expect(e, line: 19, mentions: ["different meanings", "'a'"])
    }

    @Test func theShandongRulebookGivesMeaningsForEveryLevelField() throws {
        let rules = try Fixture.rulebook()
        let levelFields = rules.fields.filter { $0.type == .level }
        #expect(!levelFields.isEmpty)
        for field in levelFields {
            #expect(field.levelMeanings?.count == field.maxLevel.map { $0 + 1 }, "\(field.key)")
        }
        #expect(rules.field("i02_model")?.levelMeanings == ["无", "有模式具备一定推广性", "明确可推广"])
    }
}
