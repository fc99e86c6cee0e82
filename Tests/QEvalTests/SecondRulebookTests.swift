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

/// A second rulebook (Fixtures/rules/second.yaml): other tiers and cities, other points, a lower-is-better
/// efficacy figure with an "at most" threshold, tiered count + growth weighted 0.7/0.3, a rating out of 10,
/// recognition of the top 2 and totals compared at 2 decimals. Nothing of 2023 may leak into its scores.
@Suite struct SecondRulebookTests {
    static func row(_ county: String, _ city: String, _ cells: [String: String]) -> [String: String] {
        // This rulebook's gates: gate_share ≥ 30 and no veto_incident (Fixture's 2023 gate defaults do not apply).
        SK.row(county, city, ["gate_share": "50", "veto_incident": "否"].merging(cells) { _, new in new })
    }

    static func cohort() throws -> RankedCohort {
        try SK.cohort(
            [
                row(
                    "玄武区", "南京",
                    [
                        "s_plan": "是", "s_grade": "2", "s_doc_a": "是", "s_doc_b": "是", "s_doc_c": "是", "s_doc_d": "是",
                        "s_awards": "3", "s_minor_awards": "2", "s_ratio_value": "10", "s_review": "8",
                        "s_complaints": "200", "population": "1000000", "s_output_prev1": "120", "s_output_prev2": "100",
                    ]),
                row(
                    "姑苏区", "苏州市",
                    [
                        "s_plan": "否", "s_grade": "1", "s_doc_a": "是", "s_doc_b": "否", "s_doc_c": "否",
                        "s_awards": "1", "s_minor_awards": "5", "s_ratio_value": "4.99", "s_review": "10",
                        "s_complaints": "600", "population": "1000000", "s_output_prev1": "200", "s_output_prev2": "160",
                    ]),
                row(
                    "江宁区", "南京",
                    [
                        "s_plan": "是", "s_grade": "0", "s_doc_a": "是", "s_doc_b": "是", "s_doc_c": "是", "s_doc_d": "否",
                        "s_awards": "5", "s_minor_awards": "10", "s_ratio_value": "5", "s_review": "12",
                        "s_complaints": "6000", "population": "1000000", "s_output_prev1": "160", "s_output_prev2": "200",
                    ]),
                row(
                    "鼓楼区", "徐州",
                    [
                        "s_plan": "是", "s_grade": "2", "s_doc_a": "否", "s_doc_b": "否", "s_doc_c": "否", "s_doc_d": "否",
                        "s_awards": "0", "s_minor_awards": "0", "s_ratio_value": "2", "s_review": "5",
                        "s_complaints": "400", "population": "500000", "s_output_prev1": "50", "s_output_prev2": "40",
                    ]),
                row(
                    "海州区", "连云港",
                    [
                        "s_plan": "否", "s_grade": "1", "s_doc_a": "是", "s_doc_b": "是", "s_doc_c": "否", "s_doc_d": "否",
                        "s_awards": "2", "s_minor_awards": "1", "s_ratio_value": "1.99", "s_review": "0",
                        "s_complaints": "0", "population": "800000", "s_output_prev1": "30", "s_output_prev2": "0",
                    ]),
                // Below the prerequisite (29.9 < 30): its figures must not enter any min/max.
                row(
                    "沭阳县", "宿迁",
                    [
                        "gate_share": "29.9", "s_plan": "是", "s_grade": "2", "s_complaints": "500", "population": "500000",
                        "s_output_prev1": "1000", "s_output_prev2": "10",
                    ]),
            ], rulebook: try SK.second())
    }

    @Test func rulebookLoadsWithItsOwnSettings() throws {
        let rules = try SK.second()
        #expect(rules.indicators.count == 7)
        #expect(close(rules.totalPoints, 24))  // 4 + 2 + 3 + 2.5 + 1.5 + 5 + 6
        #expect(rules.recognitionCount == 2)
        #expect(rules.rankDecimals == 2)
        #expect(rules.tiers.map(\.name) == ["甲档", "乙档"])
        #expect(rules.tier(ofCity: "苏州市") == 0)
        #expect(rules.tier(ofCity: "宿迁") == 1)
        #expect(rules.tier(ofCity: "济南") == nil)  // 2023's cities are not in this rulebook
    }

    @Test func indicator1_yesNoPlusLevel() throws {
        let c = try Self.cohort()
        SK.expectScore(c, "玄武区", 1, 4)  // 1.5 + level 2 → 2.5 = 4
        SK.expectScore(c, "姑苏区", 1, 1)  // 0 + level 1 → 1
        SK.expectScore(c, "江宁区", 1, 1.5)  // 1.5 + level 0 → 0
        SK.expectScore(c, "鼓楼区", 1, 4)
        SK.expectScore(c, "海州区", 1, 1)
    }

    @Test func indicator2_checklistDeducting075() throws {
        let c = try Self.cohort()
        SK.expectScore(c, "玄武区", 2, 2)  // all 4 → 2
        SK.expectScore(c, "姑苏区", 2, 0)  // b 否, c 否, d empty: 3 missing → 2 − 2.25 → floor 0
        SK.expectScore(c, "江宁区", 2, 1.25)  // 1 missing → 2 − 0.75
        SK.expectScore(c, "鼓楼区", 2, 0)  // 4 missing → 2 − 3 → 0
        SK.expectScore(c, "海州区", 2, 0.5)  // 2 missing → 2 − 1.5
    }

    @Test func indicator3_countsAboveWithItemAndOverallCaps() throws {
        let c = try Self.cohort()
        SK.expectScore(c, "玄武区", 3, 3)  // min(2.5, 1.25×(3−1)=2.5) + 0.25×2 = 3.0 → cap 3
        SK.expectScore(c, "姑苏区", 3, 1.25)  // 1.25×(1−1)=0; 0.25×5 = 1.25
        SK.expectScore(c, "江宁区", 3, 3)  // min(2.5, 1.25×4=5)=2.5 + 0.25×10=2.5 → 5 → cap 3
        SK.expectScore(c, "鼓楼区", 3, 0)
        SK.expectScore(c, "海州区", 3, 1.5)  // 1.25×1 + 0.25×1
    }

    @Test func indicator4_stepsListedOutOfOrder() throws {
        let c = try Self.cohort()
        SK.expectScore(c, "玄武区", 4, 2.5)  // 10 ≥ 10
        SK.expectScore(c, "姑苏区", 4, 0.5)  // 4.99: ≥2 only
        SK.expectScore(c, "江宁区", 4, 1.5)  // 5 ≥ 5
        SK.expectScore(c, "鼓楼区", 4, 0.5)  // 2 ≥ 2
        SK.expectScore(c, "海州区", 4, 0)  // 1.99 reaches no step
    }

    @Test func indicator5_ratingOutOfTen() throws {
        let c = try Self.cohort()
        SK.expectScore(c, "玄武区", 5, 1.2)  // 8/10 × 1.5
        SK.expectScore(c, "姑苏区", 5, 1.5)  // 10/10 × 1.5
        SK.expectScore(c, "江宁区", 5, 1.5)  // 12/10 → clamped to 1 → 1.5
        SK.expectScore(c, "鼓楼区", 5, 0.75)  // 5/10 × 1.5
        SK.expectScore(c, "海州区", 5, 0)
    }

    @Test func indicator6_lowerIsBetterWithAtMostThreshold() throws {
        let c = try Self.cohort()
        // per 10k = complaints / population × 10000: 玄武 2, 姑苏 6, 江宁 60, 鼓楼 8, 海州 0, (沭阳 10, disqualified)
        // eligible (≤ 50, gates passed): 2, 6, 8, 0 → min 0, max 8; lower is better: d = 60 + 40 (max − x)/(max − min)
        SK.expectScore(c, "玄武区", 6, 4.5)  // d = 60 + 40×6/8 = 90 → 5 × 0.9
        SK.expectScore(c, "姑苏区", 6, 3.5)  // d = 60 + 40×2/8 = 70 → 3.5
        SK.expectScore(c, "江宁区", 6, 0)  // 60 > 50 → not eligible → 0
        SK.expectScore(c, "鼓楼区", 6, 3)  // the most complaints among the eligible: d=60 → 3
        SK.expectScore(c, "海州区", 6, 5)  // the fewest: d=100 → 5
    }

    @Test func indicator7_tieredCountAndGrowthWeighted07And03() throws {
        let c = try Self.cohort()
        // 甲档 (南京, 苏州): prev1 120, 200, 160 → min 120, max 200
        //   growth 玄武 20/100×100 = 20, 姑苏 40/160×100 = 25, 江宁 −40/200×100 = −20 → min −20, max 25 (span 45)
        // 玄武: d(prev1)=60; d(growth) = 60 + 40×40/45 = 60 + 320/9
        //       → 6 × (0.7×60 + 0.3×(60 + 320/9))/100 = 6 × (42 + 18 + 96/9)/100 = 6 × (212/3)/100 = 4.24
        SK.expectScore(c, "玄武区", 7, 4.24)
        SK.expectScore(c, "姑苏区", 7, 6)  // both maxima
        // 江宁: d(prev1) = 60 + 40×40/80 = 80; d(growth)=60 → 6 × (56 + 18)/100 = 4.44
        SK.expectScore(c, "江宁区", 7, 4.44)
        // 乙档: 沭阳 is disqualified and stays out. prev1: 鼓楼 50, 海州 30 → 鼓楼 100, 海州 60.
        //   growth: 鼓楼 25; 海州 undefined (prev2 = 0) → 鼓楼 alone → 100; 海州 0 for that term.
        SK.expectScore(c, "鼓楼区", 7, 6)  // 6 × (70 + 30)/100
        SK.expectScore(c, "海州区", 7, 2.52)  // 6 × (0.7×60 + 0.3×0)/100 = 6 × 42/100
        #expect(SK.warnings(c, county: "海州区", column: "s_output_growth").count == 1)
    }

    @Test func totalsRanksRecognitionAndTierRanks() throws {
        let c = try Self.cohort()
        SK.expectTotal(c, "玄武区", 21.44)  // 4 + 2 + 3 + 2.5 + 1.2 + 4.5 + 4.24
        SK.expectTotal(c, "姑苏区", 13.75)  // 1 + 0 + 1.25 + 0.5 + 1.5 + 3.5 + 6
        SK.expectTotal(c, "江宁区", 13.19)  // 1.5 + 1.25 + 3 + 1.5 + 1.5 + 0 + 4.44
        SK.expectTotal(c, "鼓楼区", 14.25)  // 4 + 0 + 0 + 0.5 + 0.75 + 3 + 6
        SK.expectTotal(c, "海州区", 10.52)  // 1 + 0.5 + 1.5 + 0 + 0 + 5 + 2.52
        SK.expectTotal(c, "沭阳县", 0)  // disqualified
        #expect(SK.order(c) == ["玄武区", "鼓楼区", "姑苏区", "江宁区", "海州区", "沭阳县"])
        #expect(["玄武区", "鼓楼区", "姑苏区", "江宁区", "海州区"].map { SK.rank(c, $0) } == [1, 2, 3, 4, 5])
        #expect(SK.rank(c, "沭阳县") == nil)
        // recognition: 2 in this rulebook
        #expect(
            ["玄武区", "鼓楼区", "姑苏区", "江宁区", "海州区", "沭阳县"].map { SK.recognised(c, $0) } == [
                true, true, false, false, false, false,
            ])
        // tier ranks: 甲档 玄武 1, 姑苏 2, 江宁 3; 乙档 鼓楼 1, 海州 2
        #expect(["玄武区", "姑苏区", "江宁区", "鼓楼区", "海州区"].map { SK.tierRank(c, $0) } == [1, 2, 3, 1, 2])
        #expect(Self.disqualificationText(c, "沭阳县").contains("达标机构所占比不低于30%"))
    }

    @Test func categorySubtotals() throws {
        let c = try Self.cohort()
        let row = Fixture.row(c, "玄武区")
        #expect(close(c.scoreboard.subtotals[0][row], 9))  // 工作基础: 4 + 2 + 3
        #expect(close(c.scoreboard.subtotals[1][row], 12.44))  // 工作成效: 2.5 + 1.2 + 4.5 + 4.24
    }

    @Test func lowerIsBetterThresholdIsInclusive() throws {
        let c = try SK.cohort(
            [
                Self.row("甲县", "南京", ["s_complaints": "5000", "population": "1000000"]),  // 50 per 10k: at the limit
                Self.row("乙县", "南京", ["s_complaints": "1000", "population": "1000000"]),  // 10
                Self.row("丙县", "徐州", ["s_complaints": "5001", "population": "1000000"]),  // 50.01 > 50
            ], rulebook: try SK.second())
        // eligible 50 and 10: lower is better → 甲 d=60 → 3; 乙 d=100 → 5; 丙 over the limit → 0
        SK.expectScore(c, "甲县", 6, 3)
        SK.expectScore(c, "乙县", 6, 5)
        SK.expectScore(c, "丙县", 6, 0)
    }

    /// `all_equal: base` (the other setting the format allows) gives d = 60 when max = min.
    @Test func allEqualBaseSetting() throws {
        let text = try String(contentsOfFile: Fixture.fixture("rules/second.yaml"), encoding: .utf8)
        let variant = text.replacingOccurrences(of: "all_equal: full", with: "all_equal: base")
        #expect(variant != text)
        let rules = try RulebookLoader.load(yaml: variant, file: "second-base.yaml")
        let c = try SK.cohort(
            [
                Self.row("甲县", "南京", ["s_complaints": "100", "population": "100000"]),
                Self.row("乙县", "南京", ["s_complaints": "100", "population": "100000"]),
            ], rulebook: rules)
        // both 10 per 10k: max = min → d = 60 → 5 × 0.6 = 3 (under all_equal: full it would be 5)
        SK.expectScore(c, "甲县", 6, 3)
        SK.expectScore(c, "乙县", 6, 3)
    }

    static func disqualificationText(_ c: RankedCohort, _ county: String) -> String {
        c.evaluation.disqualifications[Fixture.row(c, county)].map(\.text).joined(separator: "；")
    }

    @Test func totalsComparedAtTwoDecimals() throws {
        let c = try SK.cohort(
            [
                Self.row("甲县", "南京", ["s_review": "8"]),  // 8/10 × 1.5 = 1.2 → 1.20
                Self.row("乙县", "南京", ["s_review": "8.02"]),  // 8.02/10 × 1.5 = 1.203 → 1.20 at 2 decimals: ties with 甲
                Self.row("丙县", "徐州", ["s_review": "8.2"]),  // 8.2/10 × 1.5 = 1.23 → above
            ], rulebook: try SK.second())
        SK.expectTotal(c, "乙县", 1.203)  // full precision kept inside
        #expect(SK.rank(c, "丙县") == 1)
        #expect(SK.rank(c, "甲县") == 2)
        #expect(SK.rank(c, "乙县") == 2)  // at 4 decimals (2023) 1.2030 would rank above 1.2000
        #expect(SK.order(c) == ["丙县", "甲县", "乙县"])
    }

    @Test func vetoOfThisRulebookDisqualifies() throws {
        let c = try SK.cohort(
            [
                Self.row("甲县", "南京", ["veto_incident": "是", "s_review": "10"]),
                Self.row("乙县", "南京", ["s_review": "2"]),
            ], rulebook: try SK.second())
        #expect(Self.disqualificationText(c, "甲县") == "一票否决：重大质量事故")
        #expect(SK.rank(c, "甲县") == nil)
        #expect(SK.rank(c, "乙县") == 1)
    }

    @Test func cityOfAnotherRulebookIsAnInputError() throws {
        #expect(throws: InputError.self) {
            try SK.cohort([Self.row("历下区", "济南", ["s_review": "5"])], rulebook: try SK.second())
        }
    }
}
