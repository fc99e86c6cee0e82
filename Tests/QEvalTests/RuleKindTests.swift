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

/// Each rule kind on its own, and the efficacy coefficient's edge cases from scoring-policy.md: thresholds
/// kept out of min/max, all-equal and single-member groups, undefined growth, missing cells, disqualified
/// applicants. Numbers are worked out by hand beside each expectation.
@Suite struct RuleKindTests {
    // MARK: yesno

    @Test func yesNoAcceptsTheUsualWords() throws {
        let yes = ["是", "有", "1", "Y", "yes", "√"]
        let no = ["否", "无", "0", "N", "no", "×"]
        var rows: [[String: String]] = []
        for (i, w) in yes.enumerated() { rows.append(SK.row("是\(i)县", "济南", ["i28_agri_safety_county": w])) }
        for (i, w) in no.enumerated() { rows.append(SK.row("否\(i)县", "济南", ["i28_agri_safety_county": w])) }
        let c = try SK.cohort(rows)
        for i in yes.indices { SK.expectScore(c, "是\(i)县", 28, 2) }  // true → the part's 2 points
        for i in no.indices { SK.expectScore(c, "否\(i)县", 28, 0) }  // false → 0
    }

    // MARK: level

    @Test func levelTableGivesEachLevelsPoints() throws {
        // indicator 16: 产业计量 [0, 0.3, 0.5] + 测试中心 [0, 0.5, 1]
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i16_industrial_metrology": "0", "i16_test_center": "2"]),
            SK.row("乙县", "济南", ["i16_industrial_metrology": "1", "i16_test_center": "0"]),
            SK.row("丙县", "济南", ["i16_industrial_metrology": "2", "i16_test_center": "1"]),
        ])
        SK.expectScore(c, "甲县", 16, 1)  // 0 + 1
        SK.expectScore(c, "乙县", 16, 0.3)  // 0.3 + 0
        SK.expectScore(c, "丙县", 16, 1)  // 0.5 + 0.5
    }

    @Test func levelBeyondTheTableIsAnInputError() throws {
        // i02_model has levels 0–2; 3 is malformed, not silently 0.
        #expect(throws: InputError.self) { try SK.cohort([SK.row("甲县", "济南", ["i02_model": "3"])]) }
    }

    // MARK: checklist

    @Test func checklistDeductsPerMissingItemWithFloorZero() throws {
        let keys = ["i21_risk_safety", "i21_risk_environment", "i21_risk_food", "i21_risk_drug", "i21_risk_products"]
        var twoEmpty: [String: String] = [:]
        for k in keys.prefix(3) { twoEmpty[k] = "是" }
        var allNo: [String: String] = [:]
        for k in keys { allNo[k] = "否" }
        let c = try SK.cohort([
            SK.row("甲县", "济南", twoEmpty),
            SK.row("乙县", "济南", allNo),
            SK.row("丙县", "济南"),
        ])
        SK.expectScore(c, "甲县", 21, 0)  // 2 empty = 2 missing → 2 − 2×1 = 0
        SK.expectScore(c, "乙县", 21, 0)  // 5 missing → 2 − 5 = −3 → 0, never negative
        SK.expectScore(c, "丙县", 21, 0)  // nothing reported → 0
    }

    // MARK: counts

    @Test func countsWithAboveAndCap() throws {
        // indicator 17, first part: 0.1 per metrologist above 3, at most 1.
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i17_metrologists": "8"]),
            SK.row("乙县", "济南", ["i17_metrologists": "3"]),
            SK.row("丙县", "济南", ["i17_metrologists": "0"]),
            SK.row("丁县", "济南", ["i17_metrologists": "13"]),
            SK.row("戊县", "济南", ["i17_metrologists": "25"]),
        ])
        SK.expectScore(c, "甲县", 17, 0.5)  // 0.1 × (8 − 3) = 0.5
        SK.expectScore(c, "乙县", 17, 0)  // 3 ≤ 3 → 0
        SK.expectScore(c, "丙县", 17, 0)  // below 3 → 0, not negative
        SK.expectScore(c, "丁县", 17, 1)  // 0.1 × 10 = 1 (exactly the cap)
        SK.expectScore(c, "戊县", 17, 1)  // 0.1 × 22 = 2.2 → cap 1
    }

    @Test func countsOverallCapAfterItemCaps() throws {
        // indicator 18 counts: 0.5 per demonstration, 0.3 per shortlisted, together at most 0.5.
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i18_shortlisted_projects": "1"]),
            SK.row("乙县", "济南", ["i18_shortlisted_projects": "2"]),
            SK.row("丙县", "济南", ["i18_demo_projects": "1"]),
        ])
        SK.expectScore(c, "甲县", 18, 0.3)  // 0.3
        SK.expectScore(c, "乙县", 18, 0.5)  // 0.6 → cap 0.5
        SK.expectScore(c, "丙县", 18, 0.5)  // 0.5
    }

    // MARK: steps

    @Test func stepsTakeTheHighestStepReached() throws {
        // indicator 15, national pilots: ≥2 → 3; 1 → 2; provincial pilots: ≥3 → 2; 1–2 → 1.
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i15_national_pilots": "1"]),
            SK.row("乙县", "济南", ["i15_national_pilots": "2"]),
            SK.row("丙县", "济南", ["i15_national_pilots": "9"]),
            SK.row("丁县", "济南", ["i15_provincial_pilots": "2"]),
            SK.row("戊县", "济南", ["i15_provincial_pilots": "3"]),
            SK.row("己县", "济南", ["i15_provincial_pilots": "0"]),
        ])
        SK.expectScore(c, "甲县", 15, 2)  // 1 reaches only the "1" step → 2
        SK.expectScore(c, "乙县", 15, 3)  // 2 reaches "≥2" → 3 (not 3 + 2)
        SK.expectScore(c, "丙县", 15, 3)  // 9 → still 3
        SK.expectScore(c, "丁县", 15, 1)  // 1–2 → 1
        SK.expectScore(c, "戊县", 15, 2)  // ≥3 → 2
        SK.expectScore(c, "己县", 15, 0)  // no step reached → 0
    }

    @Test func stepsOnANumberAtTheBoundary() throws {
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i30_batches_per_thousand": "1.0"]),
            SK.row("乙县", "济南", ["i30_batches_per_thousand": "0.9999"]),
        ])
        SK.expectScore(c, "甲县", 30, 2)  // exactly 1 批次/千人 reaches the step
        SK.expectScore(c, "乙县", 30, 0)
    }

    // MARK: rating

    @Test func ratingIsUsedAsItIs() throws {
        // indicator 35 medical part: rating/100 × 0.8, no min/max (a single county still gets its share).
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i35_medical_rating": "87.5"]),
            SK.row("乙县", "济南", ["i35_medical_rating": "0"]),
            SK.row("丙县", "菏泽", ["i35_medical_rating": "100"]),
            SK.row("丁县", "菏泽", ["i35_medical_rating": "50"]),
        ])
        SK.expectScore(c, "甲县", 35, 0.7)  // 0.875 × 0.8 = 0.7
        SK.expectScore(c, "乙县", 35, 0)  // 0 → 0 (not the efficacy floor of 60)
        SK.expectScore(c, "丙县", 35, 0.8)  // 1 × 0.8
        SK.expectScore(c, "丁县", 35, 0.4)  // 0.5 × 0.8 — not lifted to 60% by anyone's min
    }

    // MARK: efficacy

    @Test func efficacyOverTheWholeCohort() throws {
        // indicator 20 (2 points, not tiered): counties from three tiers share min and max.
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i20_voluntary_cert_coverage": "10"]),
            SK.row("乙县", "菏泽", ["i20_voluntary_cert_coverage": "35"]),
            SK.row("丙县", "烟台", ["i20_voluntary_cert_coverage": "60"]),
            SK.row("丁县", "烟台", ["i20_voluntary_cert_coverage": "20"]),
        ])
        // min 10, max 60 (span 50)
        SK.expectScore(c, "甲县", 20, 1.2)  // d=60 → 1.2
        SK.expectScore(c, "乙县", 20, 1.6)  // d = 60 + 40×25/50 = 80 → 1.6
        SK.expectScore(c, "丙县", 20, 2)  // d=100
        SK.expectScore(c, "丁县", 20, 1.36)  // d = 60 + 40×10/50 = 68 → 1.36
    }

    @Test func belowThresholdScoresZeroAndStaysOutOfMin() throws {
        // indicator 17, class A coverage (threshold 90, 0.5 points).
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i17_class_a_coverage": "92"]),
            SK.row("乙县", "济南", ["i17_class_a_coverage": "100"]),
            SK.row("丙县", "济南", ["i17_class_a_coverage": "50"]),
            SK.row("丁县", "济南", ["i17_class_a_coverage": "90"]),
        ])
        // eligible: 92, 100, 90 → min 90 (not 50), max 100
        SK.expectScore(c, "甲县", 17, 0.34)  // d = 60 + 40×2/10 = 68 → 0.5×0.68 = 0.34 (with 50 as min: 0.468)
        SK.expectScore(c, "乙县", 17, 0.5)
        SK.expectScore(c, "丙县", 17, 0)  // 50 < 90 → 0
        SK.expectScore(c, "丁县", 17, 0.3)  // exactly the threshold is eligible: d=60 → 0.3
    }

    @Test func thresholdWithOneEligibleMemberGivesItFullPoints() throws {
        // indicator 22, mediation rate (≥60, 0.25 points)
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i22_mediation_rate": "75"]),
            SK.row("乙县", "济南", ["i22_mediation_rate": "40"]),
            SK.row("丙县", "济南", ["i22_mediation_rate": "59.99"]),
        ])
        SK.expectScore(c, "甲县", 22, 0.25)  // the only one ≥ 60: max = min → full 0.25
        SK.expectScore(c, "乙县", 22, 0)
        SK.expectScore(c, "丙县", 22, 0)
    }

    @Test func allEqualGivesFullPoints() throws {
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i20_voluntary_cert_coverage": "50"]),
            SK.row("乙县", "菏泽", ["i20_voluntary_cert_coverage": "50"]),
            SK.row("丙县", "烟台", ["i20_voluntary_cert_coverage": "50"]),
        ])
        // max = min = 50 → every eligible member gets the full 2 points
        for county in ["甲县", "乙县", "丙县"] { SK.expectScore(c, county, 20, 2) }
    }

    @Test func singleEligibleMemberGetsFullPoints() throws {
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i32_green_building_area": "1"]),
            SK.row("乙县", "济南"),
            SK.row("丙县", "菏泽"),
        ])
        SK.expectScore(c, "甲县", 32, 2)  // the only reported figure → max = min → 2
        SK.expectScore(c, "乙县", 32, 0)  // not reported → 0
        SK.expectScore(c, "丙县", 32, 0)
    }

    @Test func undefinedGrowthScoresZeroForThatTermAndWarns() throws {
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i19_smes_helped_prev1": "100", "i19_smes_helped_prev2": "80"]),
            SK.row("乙县", "济南", ["i19_smes_helped_prev1": "200", "i19_smes_helped_prev2": "100"]),
            SK.row("丙县", "济南", ["i19_smes_helped_prev1": "150", "i19_smes_helped_prev2": "0"]),
        ])
        // growth: 甲 20/80×100 = 25; 乙 100; 丙 undefined (prev2 = 0) → not eligible, not in min/max.
        // count: min 100, max 200 (丙's count is defined and counts).
        // 甲: d(count)=60, d(growth)=60 (min of 25..100) → 2 × (0.6×60 + 0.4×60)/100 = 1.2
        SK.expectScore(c, "甲县", 19, 1.2)
        // 乙: both maxima → 2
        SK.expectScore(c, "乙县", 19, 2)
        // 丙: d(count) = 60 + 40×50/100 = 80; growth term 0 → 2 × (0.6×80 + 0.4×0)/100 = 0.96
        SK.expectScore(c, "丙县", 19, 0.96)
        let warnings = SK.warnings(c, county: "丙县", column: "i19_growth")
        #expect(warnings.count == 1, "one warning about 丙县's undefined growth, got \(warnings)")
        #expect(warnings.first?.message.en.contains("undefined") == true)
        #expect(SK.warnings(c, county: "甲县", column: "i19_growth").isEmpty)
        // never NaN or infinity anywhere
        #expect(c.scoreboard.totals.allSatisfy { $0.isFinite })
        #expect(c.scoreboard.scores.allSatisfy { $0.allSatisfy { $0.isFinite } })
    }

    @Test func growthWithPrev2NotReportedScoresZeroForThatTerm() throws {
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i19_smes_helped_prev1": "100", "i19_smes_helped_prev2": "50"]),
            SK.row("乙县", "济南", ["i19_smes_helped_prev1": "300"]),
        ])
        // count: min 100, max 300 → 甲 60, 乙 100. growth: only 甲 (100%) → alone → 100; 乙 has none → 0.
        SK.expectScore(c, "甲县", 19, 1.52)  // 2 × (0.6×60 + 0.4×100)/100 = 2 × 76/100 = 1.52
        SK.expectScore(c, "乙县", 19, 1.2)  // 2 × (0.6×100 + 0.4×0)/100 = 1.2
        #expect(SK.warnings(c, county: "乙县", column: "i19_smes_helped_prev2").count == 1)
    }

    @Test func undefinedRatioScoresZeroAndWarns() throws {
        // indicator 35 bed share with 0 beds in all: undefined.
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i35_nursing_beds": "0", "i35_total_beds": "0"]),
            SK.row("乙县", "济南", ["i35_nursing_beds": "30", "i35_total_beds": "100"]),
        ])
        SK.expectScore(c, "甲县", 35, 0)  // undefined → 0
        SK.expectScore(c, "乙县", 35, 0.8)  // the only defined member → full 0.8
        #expect(SK.warnings(c, county: "甲县", column: "i35_nursing_bed_share").count == 1)
    }

    @Test func missingCellScoresZeroAndWarns() throws {
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i01_slogan": "是", "i20_voluntary_cert_coverage": "40"]),
            SK.row("乙县", "济南", ["i20_voluntary_cert_coverage": "60"]),
            SK.row("丙县", "济南", ["i01_slogan": "是"]),
        ])
        SK.expectScore(c, "乙县", 1, 0)  // 口号 not reported → 0
        SK.expectScore(c, "丙县", 20, 0)  // coverage not reported → 0, and not a 0 in the min:
        SK.expectScore(c, "甲县", 20, 1.2)  // min 40, max 60 → 甲 d=60 → 1.2
        let slogan = SK.warnings(c, county: "乙县", column: "i01_slogan")
        #expect(slogan.count == 1)
        #expect(slogan.first?.message.en.contains("not reported") == true)
        #expect(SK.warnings(c, county: "丙县", column: "i20_voluntary_cert_coverage").count == 1)
        #expect(SK.warnings(c, county: "甲县", column: "i01_slogan").isEmpty)
    }

    @Test func missingTermOfACompositeMakesTheCompositeMissing() throws {
        // indicator 39: composite of good days and PM2.5; PM2.5 not reported → the composite is missing.
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i39_good_air_days": "90"]),
            SK.row("乙县", "济南", ["i39_good_air_days": "70", "i39_pm25_improvement": "10"]),
        ])
        SK.expectScore(c, "甲县", 39, 0)
        SK.expectScore(c, "乙县", 39, 2)  // alone with a composite (28 + 6 = 34) → full
    }

    @Test func disqualifiedApplicantsDoNotEnterMinOrMax() throws {
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i20_voluntary_cert_coverage": "30"]),
            SK.row("乙县", "济南", ["i20_voluntary_cert_coverage": "60"]),
            SK.row("丙县", "济南", ["i20_voluntary_cert_coverage": "10", "veto_safety": "是"]),
            SK.row("丁县", "济南", ["i20_voluntary_cert_coverage": "90", "pre_star3_share": "15"]),
            SK.row("戊县", "济南", ["i20_voluntary_cert_coverage": "45"]),
        ])
        // eligible: 30, 60, 45 → min 30, max 60 (10 and 90 belong to disqualified counties)
        SK.expectScore(c, "甲县", 20, 1.2)  // d=60 (with 10 as min it would be 1.6)
        SK.expectScore(c, "乙县", 20, 2)  // d=100 (with 90 as max it would be 1.6)
        SK.expectScore(c, "戊县", 20, 1.6)  // d = 60 + 40×15/30 = 80
        SK.expectScore(c, "丙县", 20, 0)  // disqualified: no score
        SK.expectScore(c, "丁县", 20, 0)
    }

    @Test func disqualifiedApplicantsDoNotEnterTierMinOrMax() throws {
        let c = try SK.cohort([
            SK.row("甲县", "济南", ["i40_hightech_share": "20"]),
            SK.row("乙县", "青岛", ["i40_hightech_share": "70", "veto_statistics": "是"]),
            SK.row("丙县", "菏泽", ["i40_hightech_share": "40"]),
        ])
        // tier 1 has one eligible member (甲) → full 2; 乙 is disqualified and does not count
        SK.expectScore(c, "甲县", 40, 2)
        SK.expectScore(c, "丙县", 40, 2)  // alone in tier 3
        SK.expectScore(c, "乙县", 40, 0)
    }

    @Test func cityWithTheShiSuffixFindsItsTier() throws {
        let c = try SK.cohort([
            SK.row("甲县", "济南市", ["i31_rd_intensity": "1"]),
            SK.row("乙县", "青岛", ["i31_rd_intensity": "3"]),
            SK.row("丙县", "菏泽市", ["i31_rd_intensity": "2"]),
        ])
        // 济南市 = 济南 → tier 1 with 青岛: min 1, max 3 → 甲 1.2, 乙 2; 菏泽市 alone in tier 3 → 2
        SK.expectScore(c, "甲县", 31, 1.2)
        SK.expectScore(c, "乙县", 31, 2)
        SK.expectScore(c, "丙县", 31, 2)
    }

    @Test func rulebookHasEveryRuleKind() throws {
        let kinds = Set(try SK.shandong().indicators.flatMap(\.kinds))
        #expect(kinds == ["yesno", "level", "checklist", "counts", "steps", "rating", "efficacy"])
    }

    /// Figures at the ends of the Double range: max − min overflows to infinity, yet d stays 60 at the minimum,
    /// 100 at the maximum and 80 halfway (never NaN).
    @Test func efficacyAtTheEndsOfTheDoubleRangeStaysFinite() {
        let big = Double.greatestFiniteMagnitude
        for direction in [Direction.higherIsBetter, .lowerIsBetter] {
            let group = EfficacyGroup(figure: .field(0), tiered: false, threshold: nil, direction: direction)
            let stats = EfficacyGroupStats(group: group, tier: nil, minimum: -big, maximum: big, eligible: 3)
            func d(_ x: Double) -> Double { Evaluator.coefficient(x, group: group, stats: stats, settings: EfficacySettings()) }
            let (atMin, atMax) = direction == .higherIsBetter ? (60.0, 100.0) : (100.0, 60.0)
            #expect(d(-big) == atMin && d(big) == atMax && d(0) == 80, "\(direction)")
        }
    }
}
