import Foundation
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

/// The Explanation stage: each rule kind against a hand-worked case, arithmetic line included; the cap and
/// re-weighting rows; and on the sample and on generated cohorts, rows that add up to the Scoreboard's scores.
/// Everything is in Chinese (the default language).
@Suite struct ExplanationTests {
    static func explain(_ cohort: RankedCohort, _ county: String, _ number: Int) -> IndicatorExplanation {
        let k = cohort.rulebook.indicators.firstIndex { $0.number == number }!
        return Explainer(evaluation: cohort.evaluation, scoreboard: cohort.scoreboard)
            .explain(row: Fixture.row(cohort, county), indicator: k)
    }

    static func label(_ cohort: RankedCohort, _ key: String) -> String { cohort.rulebook.field(key)!.label }

    /// Σ rows equals the indicator's score (rows are scaled parts; the cap row makes up the difference).
    static func expectRowsAddUp(_ e: IndicatorExplanation, sourceLocation: SourceLocation = #_sourceLocation) {
        let sum = e.rows.reduce(0) { $0 + $1.score }
        #expect(
            close(sum, e.score), "indicator \(e.number): rows add up to \(sum), score \(e.score)", sourceLocation: sourceLocation)
    }

    // MARK: Each rule kind

    @Test func yesNo() throws {
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i28_agri_safety_county": "是"]), SK.row("乙县", "济南"),
        ])
        let label = Self.label(c, "i28_agri_safety_county")
        let yes = Self.explain(c, "甲县", 28)
        #expect(yes.rows.count == 1)
        #expect(yes.rows[0].kind == "是否项")
        #expect(yes.rows[0].line == "是否项：\(label)：是 → 得分 2（满分 2）")
        #expect(yes.rows[0].score == 2 && yes.rows[0].share == 1 && yes.rows[0].points == 2)
        let missing = Self.explain(c, "乙县", 28)
        #expect(missing.rows[0].line == "是否项：\(label)：未填报 → 得分 0（满分 2）")
        #expect(missing.rows[0].status == .notReported)
        #expect(missing.rows[0].inputs[0].text == "\(label)未填报")
    }

    @Test func level() throws {
        // 16: 产业计量 [0, 0.3, 0.5] level 1 → 0.3; 测试中心 [0, 0.5, 1] level 2 → 1; together 1.3 → cap 1.
        let c = try SK.cohort([SK.row("甲县", "济南", ["i16_industrial_metrology": "1", "i16_test_center": "2"])])
        let e = Self.explain(c, "甲县", 16)
        #expect(e.rows[0].line == "等级：\(Self.label(c, "i16_industrial_metrology"))：第 1 级（各级分值 0、0.3、0.5）→ 得分 0.3")
        #expect(e.rows[1].line == "等级：\(Self.label(c, "i16_test_center"))：第 2 级（各级分值 0、0.5、1）→ 得分 1")
        // 0.3 + 1 = 1.3 of 1.5 points: no cap row, the rows are the parts.
        #expect(e.rows.count == 2)
        #expect(close(e.score, 1.3))
        Self.expectRowsAddUp(e)
    }

    @Test func checklist() throws {
        let keys = ["i21_risk_safety", "i21_risk_environment", "i21_risk_food", "i21_risk_drug", "i21_risk_products"]
        var cells: [String: String] = [:]
        for k in keys.prefix(4) { cells[k] = "是" }
        var allDone: [String: String] = [:]
        for k in keys { allDone[k] = "是" }
        let c = try SK.cohort([SK.row("甲县", "济南", cells), SK.row("乙县", "济南", allDone)])
        // one item missing: 2 − 1 × 1 = 1
        let e = Self.explain(c, "甲县", 21)
        let missing = Self.label(c, keys[4])
        #expect(e.rows[0].line == "清单扣分：5 项中 1 项未完成或未填报（\(missing)：未填报）→ 2 − 1 × 1 = 1，扣完为止，得分 1")
        #expect(e.rows[0].score == 1)
        #expect(Self.explain(c, "乙县", 21).rows[0].line == "清单扣分：5 项全部完成 → 得分 2")
    }

    @Test func counts() throws {
        // 17, first part: 0.1 per metrologist above 3, at most 1. 8 → 0.5; 25 → 2.2 → 1.
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i17_metrologists": "8"]), SK.row("乙县", "济南", ["i17_metrologists": "25"]),
        ])
        let label = Self.label(c, "i17_metrologists")
        #expect(Self.explain(c, "甲县", 17).rows[0].line == "计数：\(label) 8：0.1 × (8 − 3) = 0.5 → 得分 0.5")
        #expect(Self.explain(c, "乙县", 17).rows[0].line == "计数：\(label) 25：0.1 × (25 − 3) = 2.2，单项封顶 1 → 得分 1")
        #expect(Self.explain(c, "乙县", 17).rows[0].score == 1)
    }

    @Test func stepsAndTheCapRow() throws {
        // 14 (3 points): 国际标准 1 → 3; 主导国家标准 2 → 3; 参与 0 → below 1; 省级 not reported. 6 → cap 3.
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i14_intl_standards": "1", "i14_national_led": "2", "i14_national_participated": "0"])
        ])
        let e = Self.explain(c, "甲县", 14)
        #expect(e.rows.count == 5)
        #expect(e.rows[1].line == "阈值分档：\(Self.label(c, "i14_national_led")) = 2，达到 2 档 → 得分 3")
        #expect(e.rows[2].line == "阈值分档：\(Self.label(c, "i14_national_participated")) = 0，未达到最低档 1 → 得分 0")
        #expect(e.rows[3].line == "阈值分档：\(Self.label(c, "i14_provincial_led"))：未填报 → 得分 0")
        #expect(e.rows[4].line == "分项合计 6，封顶 3 → 本行 −3")
        #expect(close(e.partSum, 6) && close(e.score, 3))
        Self.expectRowsAddUp(e)
    }

    @Test func rating() throws {
        // 35, medical part: 0.8 × 85 ÷ 100 = 0.68
        let c = try SK.cohort([SK.row("甲县", "济南", ["i35_medical_rating": "85"])])
        let e = Self.explain(c, "甲县", 35)
        let part = try #require(e.rows.first { $0.kind == "评分折算" && $0.inputs[0].key == "i35_medical_rating" })
        #expect(part.line == "评分折算：\(Self.label(c, "i35_medical_rating")) = 85（满分 100）→ 得分 = 0.8 × 85 ÷ 100 = 0.68")
        #expect(close(part.score, 0.68))
    }

    @Test func efficacyTheIssuesExample() throws {
        // 20 (whole cohort, 2 points): min 3.2, max 20.1; x = 12.5 → d = 60 + 40 × 9.3 / 16.9 = 82.0118…,
        // score = 2 × 0.820118… = 1.640237
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i20_voluntary_cert_coverage": "3.2"]),
            SK.row("乙县", "济南", ["i20_voluntary_cert_coverage": "12.5"]),
            SK.row("丙县", "济南", ["i20_voluntary_cert_coverage": "20.1"]),
        ])
        let e = Self.explain(c, "乙县", 20)
        let label = Self.label(c, "i20_voluntary_cert_coverage")
        #expect(
            e.rows[0].line
                == "功效系数：\(label) x = 12.5（全体最小 3.2、最大 20.1，共 3 个）→ d = 60 + 40 × (12.5 − 3.2) ÷ (20.1 − 3.2) = 82.01；得分 = 2 × 82.01% = 1.640"
        )
        let d = 60 + 40 * 9.3 / 16.9
        #expect(close(e.rows[0].d!, d, tolerance: 1e-12))
        #expect(close(e.rows[0].score, 2 * d / 100))
        #expect(e.rows[0].score == SK.score(c, "乙县", 20) || close(e.rows[0].score, SK.score(c, "乙县", 20), tolerance: 1e-15))
        let t = e.rows[0].terms[0]
        #expect(t.groupName == "全体" && t.minimum == 3.2 && t.maximum == 20.1 && t.eligible == 3)
    }

    @Test func efficacyBelowThreshold() throws {
        // 17, coverage part: threshold 90; 85 is below it → d = 0 and not in min/max.
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i17_class_a_coverage": "85"]), SK.row("乙县", "济南", ["i17_class_a_coverage": "95"]),
        ])
        let e = Self.explain(c, "甲县", 17)
        let part = try #require(e.rows.first { $0.kind == "功效系数" && $0.inputs[0].key == "i17_class_a_coverage" })
        #expect(part.status == .belowThreshold)
        #expect(
            part.line
                == "功效系数：\(Self.label(c, "i17_class_a_coverage")) x = 85，未达到门槛（须 ≥ 90），不参与最小值、最大值 → d = 0；得分 = 0.5 × 0.00% = 0.000"
        )
        #expect(part.terms[0].reached == false && part.terms[0].eligible == 1)
    }

    @Test func efficacyWeightedWithGrowthDerivation() throws {
        // 19: 0.6 × d(prev1) + 0.4 × d(growth).
        // prev1: 120, 50, 200 → min 50, max 200; 甲 d1 = 60 + 40 × 70/150 = 78.6667
        // growth: (120−100)/100 = 20%, (50−50)/50 = 0%, (200−100)/100 = 100% → 甲 d2 = 60 + 40 × 0.2 = 68
        // d = 0.6 × 78.6667 + 0.4 × 68 = 74.4; score = 2 × 0.744 = 1.488
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i19_smes_helped_prev1": "120", "i19_smes_helped_prev2": "100"]),
            SK.row("乙县", "济南", ["i19_smes_helped_prev1": "50", "i19_smes_helped_prev2": "50"]),
            SK.row("丙县", "济南", ["i19_smes_helped_prev1": "200", "i19_smes_helped_prev2": "100"]),
            SK.row("丁县", "济南", ["i19_smes_helped_prev1": "80", "i19_smes_helped_prev2": "0"]),
        ])
        let e = Self.explain(c, "甲县", 19)
        let part = e.rows[0]
        #expect(close(part.d!, 74.4))
        #expect(close(part.score, 1.488))
        #expect(part.inputs[1].text == "帮扶中小企业数量增长率 = (120 − 100) ÷ 100 × 100% = 20%")
        #expect(part.line.hasSuffix("d = 0.6 × 78.67 + 0.4 × 68.00 = 74.40；得分 = 2 × 74.40% = 1.488"))
        // 丁: growth undefined (base 0): said in words, d = 0 for that term.
        let undefined = Self.explain(c, "丁县", 19).rows[0]
        #expect(undefined.status == .undefined)
        #expect(undefined.inputs[1].text.contains("无法计算（基期"))
        #expect(undefined.line.contains("帮扶中小企业数量增长率：无法计算（基期"))
    }

    @Test func disqualifiedCountySaysWhichGate() throws {
        let c = try SK.cohort([SK.row("甲县", "济南", ["pre_star3_share": "10"]), SK.row("乙县", "济南")])
        let e = Explainer(evaluation: c.evaluation, scoreboard: c.scoreboard).explain(row: Fixture.row(c, "甲县"))
        #expect(e.indicators.isEmpty)
        #expect(e.disqualifications.count == 1)
        let line = ExplanationMessage.disqualified(reason: e.disqualifications[0].text).text
        #expect(line.hasPrefix("不具备资格：前置指标未达标：") && line.contains("10") && line.contains("16"))
    }

    @Test func reweightedRowsAreScaledAndStillAddUp() throws {
        // 14 at 6 points instead of 3: factor 2; parts 3 + 3 → cap 3 → −3, each row × 2: 6 + 6 + 0 + 0 − 6 = 6.
        var points = try Fixture.rulebook().defaultPoints
        let k = try Fixture.rulebook().indicators.firstIndex { $0.number == 14 }!
        points[k] = 6
        let c = try Fixture.cohort(
            [SK.row("甲县", "济南", ["i14_intl_standards": "1", "i14_national_led": "2"])], points: points)
        let e = Self.explain(c, "甲县", 14)
        #expect(close(e.score, 6))
        #expect(e.rows[0].score == 6 && e.rows[0].points == 6)
        #expect(e.rows[0].line.hasSuffix("；按调整后分值折算：3 × 6 ÷ 3 = 6"))
        #expect(close(e.rows[4].score, -6))
        Self.expectRowsAddUp(e)
    }

    // MARK: Rows add up, on the sample and on generated cohorts

    static func expectAllAddUp(_ evaluation: Evaluation, _ scoreboard: Scoreboard) {
        let explainer = Explainer(evaluation: evaluation, scoreboard: scoreboard)
        var checked = 0
        for row in 0..<evaluation.count where evaluation.isRanked(row) {
            for k in evaluation.rulebook.indicators.indices {
                let e = explainer.explain(row: row, indicator: k)
                let sum = e.rows.reduce(0) { $0 + $1.score }
                if !close(sum, scoreboard.scores[k][row]) {
                    Issue.record(
                        "\(evaluation.table.name(row)) indicator \(e.number): rows \(sum) ≠ \(scoreboard.scores[k][row])")
                }
                // The parts' standard scores are the Evaluator's: their capped sum is the share × standard points.
                let capped = min(e.standardPoints, max(0, e.partSum))
                #expect(close(capped / e.standardPoints, evaluation.shares[k][row], tolerance: 1e-12))
                checked += 1
            }
        }
        #expect(checked > 0)
    }

    @Test func rowsAddUpOnTheSample() throws {
        let (evaluation, scoreboard) = try PropertyTests.scoreboard(try PropertyTests.sample.get())
        Self.expectAllAddUp(evaluation, scoreboard)
    }

    @Test(arguments: [UInt64(7), 2024, 99991])
    func rowsAddUpOnGeneratedCohorts(seed: UInt64) throws {
        let (evaluation, _) = try PropertyTests.scoreboard(try PropertyTests.generated(count: 300, seed: seed))
        // Under adjusted points too: every third indicator doubled.
        var points = evaluation.rulebook.defaultPoints
        for k in points.indices where k % 3 == 0 { points[k] *= 2 }
        Self.expectAllAddUp(evaluation, Scoreboard(evaluation))
        Self.expectAllAddUp(evaluation, Scoreboard(evaluation, points: points))
    }

    // MARK: The 计分过程 sheet

    /// Read back from the written workbook of the sample: Σ 得分 per county and indicator = 指标得分.
    @Test func processSheetAddsUpToTheScoresSheetOnTheSample() throws {
        let cohort = try WorkbookFixture.sample
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reader = try WorkbookFixture.write(cohort, to: dir.appendingPathComponent("sample.xlsx"))
        let process = try reader.sheet("计分过程")
        #expect(process.frozenPane?.rows == 2)
        #expect(process.autofilter?.hasPrefix("A2:O") == true)
        #expect(process.pageSetup["paperSize"] == "9" && process.fitToPage)
        let headers = (0..<15).map { process.text(1, $0) }
        #expect(
            headers == [
                "县（市、区）", "所属地级市", "指标", "分项", "规则", "输入", "比较组", "最小值", "最大值", "参评数", "d", "得分率", "分值", "得分",
                "计算过程",
            ])
        // Σ 得分 per (county, city, indicator)
        var sums: [String: Double] = [:]
        var r = 2
        while !process.text(r, 0).isEmpty {
            if let n = process.number(r, 2), let s = process.number(r, 13) {
                sums["\(process.text(r, 0))|\(process.text(r, 1))|\(Int(n))", default: 0] += s
            }
            r += 1
        }
        let scores = try reader.sheet("指标得分")
        let indicators = cohort.rulebook.indicators
        var compared = 0
        var row = RankingWorkbook.matrixHeaderRows
        while !scores.text(row, 1).isEmpty {
            for (k, indicator) in indicators.enumerated() {
                guard let value = scores.number(row, RankingWorkbook.matrixFirstColumn + k) else { continue }
                let key = "\(scores.text(row, 1))|\(scores.text(row, 2))|\(indicator.number)"
                let sum = try #require(sums[key], "no 计分过程 rows for \(key)")
                #expect(abs(sum - value) <= 1e-9, "\(key): 计分过程 \(sum), 指标得分 \(value)")
                compared += 1
            }
            row += 1
        }
        let ranked = (0..<cohort.evaluation.count).filter { cohort.evaluation.isRanked($0) }.count
        #expect(compared == ranked * indicators.count)
        // The disqualified have their reason in words.
        let disqualifiedRows = (2..<r).filter { process.text($0, 4) == "资格审查" }
        let disqualified = (0..<cohort.evaluation.count).filter { !cohort.evaluation.isRanked($0) }
        #expect(disqualifiedRows.count == disqualified.reduce(0) { $0 + cohort.evaluation.disqualifications[$1].count })
        #expect(disqualifiedRows.allSatisfy { process.text($0, 14).hasPrefix("不具备资格：") })
        #expect(try reader.sheet("说明").text(1, 0) == "评价标准")
    }

    /// Beyond the row limit the sheet stops, in ranking order, and its first row says how many rows were left out
    /// (here a limit of 50 rows: 2 header rows and 48 data rows, as at Excel's 1,048,576).
    @Test func processSheetStopsAtTheRowLimitAndSaysSo() throws {
        let c = try SmallCohort.cohort()
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("limit.xlsx").path
        let workbook = try XLSXWorkbook(path: path)
        var sheet = ProcessSheet(explainer: Explainer(evaluation: c.evaluation, scoreboard: c.scoreboard))
        sheet.rowLimit = 50
        let (written, total) = try sheet.write(try workbook.addWorksheet("计分过程"), rows: c.ranking.order, title: "t")
        try workbook.close()
        // 5 ranked × the rulebook's parts (+ cap rows) + 2 disqualification rows.
        #expect(total >= 5 * SmallCohort.cohortPartCount + 2)
        #expect(written == 48)
        let read = try XLSXTestReader(path: path).sheet("计分过程")
        #expect(read.text(0, 0).contains("计分过程共 \(total) 行，超过 Excel 每表 1,048,576 行的上限，只写出前 48 行"))
        #expect(!read.text(49, 0).isEmpty && read.text(50, 0).isEmpty)
        #expect(read.text(2, 0) == "甲县")
    }
}
