import Foundation
import Testing

@testable import QEval
@testable import QEvalPanel
@testable import QEvalPipeline
@testable import QEvalReports
@testable import QEvalSupport

/// The expert panel (issue 27, scoring-policy.md "Expert panel"), with numbers worked by hand.
///
/// 质量发展模式 (i02_model, indicator 2, 3 points) has the level table 0 → 0, 1 → 1.5, 2 → 3.
/// - Three experts 2, 2, 1: (3 + 3 + 1.5) / 3 = 2.5.
/// - Five experts 2, 2, 1, 0, 2: points 3, 3, 1.5, 0, 3; one 0 and one 3 dropped: (3 + 1.5 + 3) / 3 = 2.5.
/// - Spread: 2, 2, 1 spreads 3 − 1.5 = 1.5, exactly half of 3: not flagged; 0, 2, 2 spreads 3 > 1.5: flagged.
@Suite struct PanelTests {
    static let rows: [[String: String]] = [
        ["county": "甲县", "city": "济南市", "i02_model": "0"],
        ["county": "乙县", "city": "青岛市", "i02_model": "2"],
        // Vetoed: needs no expert at all.
        ["county": "戊县", "city": "淄博市", "veto_safety": "是"],
    ]

    /// A panel CSV: every ranked applicant × every judged field × every expert at `fallback`, except the levels
    /// given in `levels[county][field key][expert]`.
    static func panelCSV(
        experts: [String], levels: [String: [String: [String: String]]] = [:], fallback: String = "1",
        counties: [(String, String)] = [("甲县", "济南市"), ("乙县", "青岛市")], rulebook: Rulebook
    ) -> String {
        var text = "专家,县（市、区）,所属地级市,填报项,等级\n"
        for (county, city) in counties {
            for f in rulebook.judgedFields {
                let key = rulebook.fields[f].key
                for expert in experts {
                    let level = levels[county]?[key]?[expert] ?? fallback
                    if level == "-" { continue }
                    text += "\(expert),\(county),\(city),\(key),\(level)\n"
                }
            }
        }
        return text
    }

    struct Files {
        var cohort: String
        var panel: String
        var findings: String
    }

    static func files(panel: String, findings: String = "", rows: [[String: String]] = rows) throws -> Files {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qeval-panel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let cohort = dir.appendingPathComponent("申报.csv")
        try Fixture.csv(rows, rulebook: try Fixture.rulebook()).write(to: cohort, atomically: true, encoding: .utf8)
        let file = dir.appendingPathComponent("专家评分.csv")
        try panel.write(to: file, atomically: true, encoding: .utf8)
        let found = dir.appendingPathComponent("核查.csv")
        try findings.write(to: found, atomically: true, encoding: .utf8)
        return Files(cohort: cohort.path, panel: file.path, findings: found.path)
    }

    static func load(_ panel: String) throws -> RankedCohort {
        let f = try files(panel: panel)
        return try RankedCohort.load(input: f.cohort, rulebook: try Fixture.rulebook(), panel: [f.panel])
    }

    static func errors(_ body: () throws -> Void) -> [Diagnostic] {
        do {
            try body()
        } catch let error as InputError {
            return error.diagnostics.errors
        } catch {
            Issue.record("unexpected \(error)")
        }
        return []
    }

    @Test func threeExpertsTwoTwoOneGiveTwoPointFiveOnTheModel() throws {
        let rulebook = try Fixture.rulebook()
        let cohort = try Self.load(
            Self.panelCSV(
                experts: ["张三", "李四", "王五"], levels: ["甲县": ["i02_model": ["张三": "2", "李四": "2", "王五": "1"]]],
                rulebook: rulebook))
        #expect(close(Fixture.score(cohort, county: "甲县", indicator: 2), 2.5))
        // 乙县: everyone 1 → 1.5 although it declared 2.
        #expect(close(Fixture.score(cohort, county: "乙县", indicator: 2), 1.5))
        let panel = try #require(cohort.verification?.panel)
        let part = try #require(panel.part(row: Fixture.row(cohort, "甲县"), field: rulebook.fieldIndex["i02_model"]!))
        #expect(part.points == 2.5)
        #expect(part.declaredLevel == 0 && part.declaredPoints == 0)
        #expect(part.spread == 1.5 && !part.flagged)
        #expect(part.scores.map(\.dropped) == [false, false, false])
        // The panel's 2.5 is nearer 3 (level 2) than 1.5 (level 1).
        #expect(part.roundedLevel == 2)
        // The declared cohort beside it still says 0 for 甲县's model.
        let declared = try #require(cohort.verification?.declared)
        #expect(Fixture.score(declared, county: "甲县", indicator: 2) == 0)
        // The vetoed 戊县 has no panel part and needs none.
        #expect(panel.parts(ofRow: Fixture.row(cohort, "戊县")).isEmpty)
    }

    @Test func fiveExpertsDropOneHighestAndOneLowest() throws {
        let rulebook = try Fixture.rulebook()
        let experts = ["甲", "乙", "丙", "丁", "戊"]
        let levels = ["甲": "2", "乙": "2", "丙": "1", "丁": "0", "戊": "2"]
        let cohort = try Self.load(
            Self.panelCSV(experts: experts, levels: ["甲县": ["i02_model": levels]], rulebook: rulebook))
        #expect(close(Fixture.score(cohort, county: "甲县", indicator: 2), 2.5))
        let part = try #require(
            cohort.verification?.panel?.part(row: Fixture.row(cohort, "甲县"), field: rulebook.fieldIndex["i02_model"]!))
        // Sorted by name (丁 丙 乙 戊 甲 in code-point order); 丁 gave the 0 and is dropped, with exactly one of the 3s.
        let dropped = part.scores.filter(\.dropped)
        #expect(dropped.count == 2)
        #expect(dropped.map(\.points).sorted() == [0, 3])
        #expect(dropped.contains { $0.expert == "丁" })
        #expect(part.spread == 3 && part.flagged)
        // The combination on its own.
        #expect(Panel.combine([3, 3, 1.5, 0, 3]).points == 2.5)
        #expect(Panel.combine([3, 3, 1.5]).points == 2.5)
        #expect(Panel.combine([0, 3, 3, 3]).points == 2.25)  // four experts: nothing dropped
    }

    @Test func theSpreadFlagsZeroAgainstThree() throws {
        let rulebook = try Fixture.rulebook()
        let cohort = try Self.load(
            Self.panelCSV(
                experts: ["张三", "李四", "王五"],
                levels: [
                    "甲县": ["i02_model": ["张三": "0", "李四": "2", "王五": "2"]],
                    // 0.5 vs 0.3 on 产业计量 (0.5 points): spread 0.2, not above 0.25.
                    "乙县": ["i16_industrial_metrology": ["张三": "1", "李四": "2", "王五": "2"]],
                ], rulebook: rulebook))
        let panel = try #require(cohort.verification?.panel)
        let flagged = panel.flagged.map { "\(cohort.evaluation.table.county[$0.row]) \(rulebook.fields[$0.field].key)" }
        #expect(flagged == ["甲县 i02_model"])
        #expect(close(Fixture.score(cohort, county: "甲县", indicator: 2), 2))
        // The console names it.
        let lines = ConsoleSummary.findings(cohort, language: .zh).joined(separator: "\n")
        #expect(lines.contains("分歧：甲县（济南市） “质量发展模式”：张三 0、李四 2、王五 2；极差 3 分，超过 1.5 分"))
    }

    @Test func kendallsWAgainstAHandWorkedTable() {
        // Three experts, four applicants (points). Ranks within each expert, ties averaged:
        //   A 2 1 0 0 → 4 3 1.5 1.5   (one tie of two: T = 2³ − 2 = 6)
        //   B 2 2 1 0 → 3.5 3.5 2 1   (T = 6)
        //   C 1 2 0 0 → 3 4 1.5 1.5   (T = 6)
        // Rank sums 10.5 10.5 5 4, mean m(n+1)/2 = 7.5, S = 9 + 9 + 6.25 + 12.25 = 36.5.
        // W = 12 × 36.5 / (3² × (4³ − 4) − 3 × 18) = 438 / 486 = 0.901234…
        let w = Panel.kendallW([[2, 1, 0, 0], [2, 2, 1, 0], [1, 2, 0, 0]])
        #expect(w.map { close($0, 438.0 / 486.0) } == true)
        // Identical rankings without ties: W = 1; two raters exactly reversed: W = 0.
        #expect(Panel.kendallW([[1, 2, 3], [1, 2, 3], [1, 2, 3]]).map { close($0, 1) } == true)
        #expect(Panel.kendallW([[1, 2, 3], [3, 2, 1]]).map { close($0, 0) } == true)
        // Every rater ties everything: undefined.
        #expect(Panel.kendallW([[1, 1], [2, 2]]) == nil)
        #expect(Panel.kendallW([[1, 2]]) == nil)
    }

    @Test func tooFewExpertsIsAnErrorInBothLanguages() throws {
        let rulebook = try Fixture.rulebook()
        let f = try Self.files(
            panel: Self.panelCSV(
                experts: ["张三", "李四", "王五"], levels: ["甲县": ["i02_model": ["王五": "-"]]], rulebook: rulebook))
        let errors = Self.errors { _ = try RankedCohort.load(input: f.cohort, rulebook: rulebook, panel: [f.panel]) }
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.applicant == "甲县（济南市）")
        #expect(error.render(.zh).contains("“质量发展模式”只有 2 位专家的评分（张三、李四），至少需要 3 位。"))
        #expect(error.render(.en).contains("“质量发展模式” has scores from 2 experts (张三、李四); at least 3 are needed."))
        #expect(error.render(.zh).contains("专家评分.csv"))
    }

    @Test func anUnknownLevelIsALocatedErrorInBothLanguages() throws {
        let rulebook = try Fixture.rulebook()
        let f = try Self.files(
            panel: Self.panelCSV(
                experts: ["张三", "李四", "王五"], levels: ["乙县": ["i02_model": ["李四": "3"]]], rulebook: rulebook))
        let errors = Self.errors { _ = try RankedCohort.load(input: f.cohort, rulebook: rulebook, panel: [f.panel]) }
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        // Header, then 甲县's 8 × 3 rows, then 乙县's i02_model: 张三 line 26, 李四 line 27.
        #expect(error.line == 27)
        #expect(error.column == "level" && error.columnLabel == "等级")
        #expect(
            error.render(.zh).contains("等级“3”不是“质量发展模式”的等级；应为以下之一：“0 无”、“1 有模式具备一定推广性”、“2 明确可推广”"))
        #expect(error.render(.en).contains("“3” is not a level of “质量发展模式”"))
        // The wording alone and the workbook's "2 明确可推广" are levels too.
        let spec = rulebook.fields[rulebook.fieldIndex["i02_model"]!]
        #expect(PanelFile.level("明确可推广", of: spec) == 2)
        #expect(PanelFile.level("1 有模式具备一定推广性", of: spec) == 1)
        #expect(PanelFile.level("2 无", of: spec) == nil)
    }

    @Test func aFindingOnAJudgedFieldIsAnErrorInBothLanguages() throws {
        let rulebook = try Fixture.rulebook()
        let f = try Self.files(
            panel: Self.panelCSV(experts: ["张三", "李四", "王五"], rulebook: rulebook),
            findings: "县（市、区）,所属地级市,填报项,核定值,核查理由\n甲县,济南市,质量发展模式,2,佐证齐全\n")
        let errors = Self.errors {
            _ = try RankedCohort.load(input: f.cohort, rulebook: rulebook, findings: f.findings, panel: [f.panel])
        }
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.line == 2)
        #expect(error.render(.zh).contains("“质量发展模式”由专家评审确定，不能再有核查记录"))
        #expect(error.render(.en).contains("“质量发展模式” is settled by the expert panel: it cannot also have a finding"))
        // Without the panel the same finding settles the field like any other.
        let cohort = try RankedCohort.load(input: f.cohort, rulebook: rulebook, findings: f.findings)
        #expect(Fixture.score(cohort, county: "甲县", indicator: 2) == 3)
    }

    @Test func aNotJudgedFieldAndAnUnknownApplicantAreRefused() throws {
        let rulebook = try Fixture.rulebook()
        var panel = Self.panelCSV(experts: ["张三", "李四", "王五"], rulebook: rulebook)
        panel += "张三,甲县,济南市,注册计量师数量,1\n张三,庚县,济南市,质量发展模式,1\n"
        let f = try Self.files(panel: panel)
        let errors = Self.errors { _ = try RankedCohort.load(input: f.cohort, rulebook: rulebook, panel: [f.panel]) }
        #expect(errors.map(\.line) == [50, 51])
        #expect(errors[0].render(.zh).contains("“注册计量师数量”是按申报（或核查）数据计分的填报项，不由专家评审"))
        #expect(errors[1].render(.zh).contains("申报数据中没有“庚县（济南市）”"))
    }

    /// `rank --panel` on a generated cohort against a computation from the policy alone: each expert's level →
    /// the level table's points → the mean (five or more: sorted, first and last dropped) → the indicator score
    /// moves by (panel − declared part) (the judged indicators' parts never reach their caps: 16 is 0.5 + 1 of
    /// 1.5, 25 is 0.5 + 0.5 + 1 + 1 of 3).
    @Test func rankWithPanelEqualsThePolicyComputedByHand() throws {
        let rulebook = try Fixture.rulebook()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qeval-panel-gen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let input = dir.appendingPathComponent("申报.csv").path
        try CohortGenerator(count: 80, seed: 27).csv(for: rulebook).text.write(
            toFile: input, atomically: true, encoding: .utf8)
        let declared = try RankedCohort.load(input: input, rulebook: rulebook)
        let table = declared.evaluation.table
        var random = SeededGenerator(seed: 2027)
        var csv = "expert,county,city,field,level\n"
        // levels[row][field] = the experts' levels, in file order.
        var levels: [Int: [Int: [Int]]] = [:]
        for row in 0..<table.count {
            let experts = 3 + Int(random.next() % 4)  // 3…6 experts
            for f in rulebook.judgedFields {
                let top = rulebook.fields[f].maxLevel!
                for e in 0..<experts {
                    let level = Int(random.next() % UInt64(top + 1))
                    levels[row, default: [:]][f, default: []].append(level)
                    csv += "专家\(e + 1),\(table.county[row]),\(table.city[row]),\(rulebook.fields[f].label),\(level)\n"
                }
            }
        }
        let panelFile = dir.appendingPathComponent("评分.csv").path
        try csv.write(toFile: panelFile, atomically: true, encoding: .utf8)
        let cohort = try RankedCohort.load(input: input, rulebook: rulebook, panel: [panelFile])

        let levelTables: [Int: [Double]] = [
            rulebook.fieldIndex["i02_model"]!: [0, 1.5, 3], rulebook.fieldIndex["i08_action_plan"]!: [0, 1, 2],
            rulebook.fieldIndex["i11_support_policy"]!: [0, 1, 3], rulebook.fieldIndex["i12_platform"]!: [0, 1, 2],
            rulebook.fieldIndex["i16_industrial_metrology"]!: [0, 0.3, 0.5],
            rulebook.fieldIndex["i16_test_center"]!: [0, 0.5, 1], rulebook.fieldIndex["i25_product_help"]!: [0, 0.5, 1],
            rulebook.fieldIndex["i27_analysis"]!: [0, 1, 2],
        ]
        #expect(Set(levelTables.keys) == Set(rulebook.judgedFields))
        var checked = 0
        for row in 0..<table.count where declared.evaluation.isRanked(row) {
            var expected: [Int: Double] = [:]  // indicator number → score
            for (f, given) in levels[row]! {
                let points = given.map { levelTables[f]![$0] }
                var kept = points.sorted()
                if kept.count >= 5 { kept = Array(kept.dropFirst().dropLast()) }
                let panelPart = kept.reduce(0, +) / Double(kept.count)
                let declaredPart = table.present[f][row] ? levelTables[f]![Int(table.values[f][row])] : 0
                let number = rulebook.fields[f].indicator!
                let k = rulebook.indicators.firstIndex { $0.number == number }!
                expected[number, default: declared.scoreboard.scores[k][row]] += panelPart - declaredPart
            }
            for (number, score) in expected {
                let k = rulebook.indicators.firstIndex { $0.number == number }!
                #expect(abs(cohort.scoreboard.scores[k][row] - score) < 1e-9, "\(table.name(row)) indicator \(number)")
            }
            // Nothing else moves.
            let others = rulebook.indicators.indices.filter { expected[rulebook.indicators[$0].number] == nil }
            #expect(others.allSatisfy { cohort.scoreboard.scores[$0][row] == declared.scoreboard.scores[$0][row] })
            checked += 1
        }
        #expect(checked > 70)
    }

    @Test func theExpertWorkbookRoundTripsAndHidesTheDeclaredLevelWhenBlind() throws {
        let rulebook = try Fixture.rulebook()
        let f = try Self.files(panel: "")
        let cohort = try RankedCohort.load(input: f.cohort, rulebook: rulebook)
        let dir = URL(fileURLWithPath: f.cohort).deletingLastPathComponent()
        let open = dir.appendingPathComponent("张三.xlsx").path
        let blind = dir.appendingPathComponent("李四.xlsx").path
        #expect(try ExpertSheet(cohort: cohort, expert: "张三", blind: false).write(to: open) == 16)
        try ExpertSheet(cohort: cohort, expert: "李四", blind: true).write(to: blind)
        let openSheet = try XLSXTestReader(path: open).sheet(PanelMessage.scoringSheetName.text)
        let blindSheet = try XLSXTestReader(path: blind).sheet(PanelMessage.scoringSheetName.text)
        #expect(openSheet.row(0).contains("申报等级"))
        #expect(!blindSheet.row(0).contains("申报等级"))
        let openRows = (0..<openSheet.rowCount).map { openSheet.row($0) }
        // 乙县 declared 2 on the model: shown with its wording.
        #expect(openRows.contains { $0.contains("乙县") && $0.contains("2 明确可推广") })
        // Two ranked applicants × 8 judged fields; the vetoed 戊县 is not there.
        #expect(openRows.filter { $0.contains("张三") }.count == 16)
        #expect(!openRows.contains { $0.contains("戊县") })
        // An unfilled sheet read back: every row a warning, then too few experts (an error).
        let errors = Self.errors { _ = try RankedCohort.load(input: f.cohort, rulebook: rulebook, panel: [open]) }
        #expect(errors.count == 16)
    }

    /// A county's feedback workbook shows its panel parts and the levels, but names no expert: 专家1, 专家2, 专家3
    /// in the panel's order, in its 专家评审 sheet and in its 计分过程. The reviewers' ranked workbook names them.
    @Test func aCountysFeedbackNamesNoExpert() throws {
        let rulebook = try Fixture.rulebook()
        let cohort = try Self.load(
            Self.panelCSV(
                experts: ["张三", "李四", "王五"], levels: ["甲县": ["i02_model": ["张三": "2", "李四": "2", "王五": "1"]]],
                rulebook: rulebook))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qeval-fb-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let paths = try FeedbackSet.write(cohort, to: folder)
        let mine = try #require(paths.first { $0.contains("甲县") })
        let book = try XLSXTestReader(path: mine)
        var texts: [String] = []
        for name in ["专家评审", "计分过程"] {
            let sheet = try book.sheet(name)
            for r in 0..<sheet.rowCount { texts += sheet.row(r) }
        }
        #expect(!texts.contains { $0.contains("张三") || $0.contains("李四") || $0.contains("王五") })
        // 张三 (U+5F20), 李四 (U+674E), 王五 (U+738B) in code-point order: 张三 is 专家1.
        #expect(texts.contains { $0.contains("专家1 2 级（3 分）、专家2 2 级（3 分）、专家3 1 级（1.5 分），取平均 → 得分 2.5") })
        let ranked = FileManager.default.temporaryDirectory.appendingPathComponent("qeval-rk-\(UUID().uuidString).xlsx").path
        _ = try RankingWorkbook(cohort: cohort, info: cohort.runInfo()).write(to: ranked)
        let sheet = try XLSXTestReader(path: ranked).sheet("专家评审")
        #expect(sheet.row(0).contains("张三"))
    }

    /// An applicant a finding qualifies must be scored by the panel: the expert's sheet made with the findings lists
    /// it, and without its levels `rank --panel --findings` refuses (too few experts).
    @Test func aFindingThatQualifiesAnApplicantPutsItOnTheExpertsSheet() throws {
        let rulebook = try Fixture.rulebook()
        let f = try Self.files(
            panel: Self.panelCSV(experts: ["张三", "李四", "王五"], rulebook: rulebook),
            findings: "县（市、区）,所属地级市,填报项,核定值,核查理由\n戊县,淄博市,veto_safety,否,经核实未发生\n")
        let withFindings = try RankedCohort.load(input: f.cohort, rulebook: rulebook, findings: f.findings)
        let sheet = ExpertSheet(cohort: withFindings, expert: "张三", blind: false)
        #expect(sheet.applicants.map { withFindings.evaluation.table.county[$0] } == ["甲县", "乙县", "戊县"])
        let errors = Self.errors {
            _ = try RankedCohort.load(input: f.cohort, rulebook: rulebook, findings: f.findings, panel: [f.panel])
        }
        #expect(errors.count == rulebook.judgedFields.count)
        #expect(errors.allSatisfy { $0.applicant == "戊县（淄博市）" })
    }

    /// The part's share is panel points ÷ the part's standard points, so adjusted points scale it as any other
    /// share: 质量发展模式 at 6 points instead of 3, the panel's 2.5 of 3 gives 2.5 / 3 × 6 = 5.
    @Test func adjustedPointsScaleThePanelsShare() throws {
        let rulebook = try Fixture.rulebook()
        let cohort = try Self.load(
            Self.panelCSV(
                experts: ["张三", "李四", "王五"], levels: ["甲县": ["i02_model": ["张三": "2", "李四": "2", "王五": "1"]]],
                rulebook: rulebook))
        var points = rulebook.defaultPoints
        let k = rulebook.indicators.firstIndex { $0.number == 2 }!
        points[k] = 6
        let reweighted = cohort.reweighted(points)
        #expect(close(Fixture.score(reweighted, county: "甲县", indicator: 2), 5))
        // The declared side under the same points still scores the declared level 0.
        #expect(Fixture.score(try #require(reweighted.verification?.declared), county: "甲县", indicator: 2) == 0)
    }

    /// Findings and the panel apply together to the declared cohort: 甲县's 质量精神口号 verified 是 (2 points, declared
    /// empty) and its 质量发展模式 by the panel (2.5).
    @Test func findingsAndThePanelApplyTogether() throws {
        let rulebook = try Fixture.rulebook()
        let f = try Self.files(
            panel: Self.panelCSV(
                experts: ["张三", "李四", "王五"], levels: ["甲县": ["i02_model": ["张三": "2", "李四": "2", "王五": "1"]]],
                rulebook: rulebook),
            findings: "县（市、区）,所属地级市,填报项,核定值,核查理由\n甲县,济南市,i01_slogan,是,文件已印发\n")
        let cohort = try RankedCohort.load(input: f.cohort, rulebook: rulebook, findings: f.findings, panel: [f.panel])
        #expect(Fixture.score(cohort, county: "甲县", indicator: 1) == 2)
        #expect(close(Fixture.score(cohort, county: "甲县", indicator: 2), 2.5))
        let declared = try #require(cohort.verification?.declared)
        #expect(Fixture.score(declared, county: "甲县", indicator: 1) == 0)
        #expect(Fixture.score(declared, county: "甲县", indicator: 2) == 0)
        #expect(cohort.verification?.findings.items.count == 1)
    }

    /// Leniency and agreement by hand. Everyone gives level 2 everywhere (no deviation) except on 甲县's 质量发展模式:
    /// 张三 2, 李四 2, 王五 1 → panel 2.5, rounded to level 2 (3 is nearer than 1.5). Over 16 parts (2 applicants × 8):
    /// 张三 and 李四 deviate (3 − 2.5) / 3 = 1/6 once → 1/96; 王五 (1.5 − 2.5) / 3 = −1/3 once → −1/48, and agrees
    /// with the panel's level on 15 of 16. A second panel: 张三 and 李四 give 0, 王五 2 everywhere: the mean is a third of
    /// each part, so 王五 is (1 − 1/3) = +2/3 lenient and the others −1/3 strict — all beyond ±25%.
    @Test func leniencyAndAgreementByHand() throws {
        let rulebook = try Fixture.rulebook()
        let mild = try Self.load(
            Self.panelCSV(
                experts: ["张三", "李四", "王五"], levels: ["甲县": ["i02_model": ["王五": "1"]]], fallback: "2",
                rulebook: rulebook))
        let experts = try #require(mild.verification?.panel?.experts)
        let byName = Dictionary(uniqueKeysWithValues: experts.map { ($0.name, $0) })
        #expect(byName["张三"]?.scored == 16)
        #expect(close(byName["张三"]!.leniency, 1.0 / 96))
        #expect(close(byName["王五"]!.leniency, -1.0 / 48))
        #expect(byName["王五"]!.agreeing == 15.0 / 16 && byName["张三"]!.agreeing == 1)
        #expect(!experts.contains { $0.standsOut })

        var csv = "专家,县（市、区）,所属地级市,填报项,等级\n"
        for (county, city) in [("甲县", "济南市"), ("乙县", "青岛市")] {
            for f in rulebook.judgedFields {
                for (expert, level) in [("张三", 0), ("李四", 0), ("王五", 2)] {
                    csv += "\(expert),\(county),\(city),\(rulebook.fields[f].key),\(level)\n"
                }
            }
        }
        let split = try #require(try Self.load(csv).verification?.panel?.experts)
        let wide = Dictionary(uniqueKeysWithValues: split.map { ($0.name, $0) })
        #expect(close(wide["王五"]!.leniency, 2.0 / 3) && wide["王五"]!.standsOut)
        #expect(close(wide["张三"]!.leniency, -1.0 / 3) && wide["张三"]!.standsOut)
        // The console names both, with the rounded percentages.
        let lines = ConsoleSummary.findings(try Self.load(csv), language: .zh).joined(separator: "\n")
        #expect(lines.contains("专家“王五”偏宽：16 项平均比专家组高 67%（以该项分值计）"))
        #expect(lines.contains("专家“张三”偏严：16 项平均比专家组低 33%（以该项分值计）"))
    }

    /// The experts' reasons are kept beside their levels: the ranked workbook's 专家评审 sheet names the expert, a
    /// county's feedback numbers them.
    @Test func remarksStandBesideTheLevels() throws {
        let rulebook = try Fixture.rulebook()
        let plain = Self.panelCSV(
            experts: ["张三", "李四", "王五"], levels: ["甲县": ["i02_model": ["张三": "2", "李四": "2", "王五": "1"]]],
            rulebook: rulebook)
        var lines = plain.split(separator: "\n").map { String($0) + "," }
        lines[0] = "专家,县（市、区）,所属地级市,填报项,等级,备注"
        let i = try #require(lines.firstIndex(of: "王五,甲县,济南市,i02_model,1,"))
        lines[i] = "王五,甲县,济南市,i02_model,1,推广性未见佐证"
        let cohort = try Self.load(lines.joined(separator: "\n") + "\n")
        let ranked = FileManager.default.temporaryDirectory.appendingPathComponent("qeval-rm-\(UUID().uuidString).xlsx").path
        _ = try RankingWorkbook(cohort: cohort, info: cohort.runInfo()).write(to: ranked)
        let sheet = try XLSXTestReader(path: ranked).sheet("专家评审")
        let rows = (0..<sheet.rowCount).map { sheet.row($0) }
        #expect(rows[0].last == "备注")
        #expect(rows.contains { $0.first == "甲县" && $0.contains("质量发展模式") && $0.last == "王五：推广性未见佐证" })
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qeval-fr-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let mine = try #require(try FeedbackSet.write(cohort, to: folder).first { $0.contains("甲县") })
        let own = try XLSXTestReader(path: mine).sheet("专家评审")
        #expect((0..<own.rowCount).contains { own.row($0).last == "专家3：推广性未见佐证" })
    }
}
