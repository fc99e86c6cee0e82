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

/// Every indicator of the 2023 rulebook against numbers worked out by hand from the standard (seed 004,
/// 任务分解表 + 相关说明) and ../shared/spec/scoring-policy.md. The arithmetic is written beside each
/// expectation. Efficacy: d = 60 + 40 (x − min)/(max − min), score = points × d / 100, min/max over the
/// eligible members of the group (the whole cohort, or the tier for 31, 35, 36, 38, 40, 41, 42).
/// Cells not set are empty ("not reported"), so each test's counties score only on what it sets.
@Suite struct IndicatorTests {
    typealias R = [String: String]

    // MARK: 质量发展理念 (1–5)

    @Test func indicator01_sloganYesNo() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i01_slogan": "是"]),
            SK.row("市中区", "济南", ["i01_slogan": "否"]),
            SK.row("槐荫区", "济南"),
        ])
        SK.expectScore(c, "历下区", 1, 2)  // 有 → 2
        SK.expectScore(c, "市中区", 1, 0)  // 无 → 0
        SK.expectScore(c, "槐荫区", 1, 0)  // not reported → 0
    }

    @Test func indicator02_modelLevels() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i02_model": "2"]),
            SK.row("市中区", "济南", ["i02_model": "1"]),
            SK.row("槐荫区", "济南", ["i02_model": "0"]),
        ])
        SK.expectScore(c, "历下区", 2, 3)  // level 2: 明确可推广 → 3
        SK.expectScore(c, "市中区", 2, 1.5)  // level 1: 具备一定推广性 → 1.5
        SK.expectScore(c, "槐荫区", 2, 0)  // level 0 → 0
    }

    @Test func indicator03_sevenActivitiesChecklist() throws {
        let keys = [
            "i03_quality_month", "i03_brand_day", "i03_consumer_day", "i03_standards_day", "i03_metrology_day",
            "i03_accreditation_day", "i03_qc_group",
        ]
        func activities(yes: Int, no: Int) -> R {
            var r: R = [:]
            for (i, k) in keys.enumerated() where i < yes + no { r[k] = i < yes ? "是" : "否" }
            return r
        }
        let c = try SK.cohort([
            SK.row("历下区", "济南", activities(yes: 7, no: 0)),
            SK.row("市中区", "济南", activities(yes: 5, no: 2)),
            SK.row("槐荫区", "济南", activities(yes: 2, no: 0)),  // 5 left empty
            SK.row("天桥区", "济南", activities(yes: 1, no: 6)),
            SK.row("历城区", "济南", activities(yes: 0, no: 7)),
        ])
        SK.expectScore(c, "历下区", 3, 3)  // all 7 → 3
        SK.expectScore(c, "市中区", 3, 2)  // 2 missing → 3 − 2×0.5 = 2
        SK.expectScore(c, "槐荫区", 3, 0.5)  // 5 empty count as missing → 3 − 5×0.5 = 0.5
        SK.expectScore(c, "天桥区", 3, 0)  // 6 missing → 3 − 3 = 0
        SK.expectScore(c, "历城区", 3, 0)  // 7 missing → 3 − 3.5 = −0.5 → floor 0 (扣完为止)
    }

    @Test func indicator04_praiseAndMediaCapped() throws {
        let c = try SK.cohort([
            SK.row(
                "历下区", "济南",
                [
                    "i04_praise_national": "4", "i04_praise_provincial": "3", "i04_praise_municipal": "1",
                    "i04_media_national": "0", "i04_media_provincial": "0",
                ]),
            SK.row(
                "市中区", "济南",
                [
                    "i04_praise_national": "0", "i04_praise_provincial": "1", "i04_praise_municipal": "3",
                    "i04_media_national": "5", "i04_media_provincial": "1",
                ]),
            SK.row("槐荫区", "济南", ["i04_media_provincial": "7"]),
        ])
        // 4 national → min(4, 2×4)=4; 3 provincial → min(2, 3)=2; 1 municipal → min(1, 0.5)=0.5;
        // total min(5, 6.5) = 5
        SK.expectScore(c, "历下区", 4, 5)
        // provincial min(2,1)=1; municipal min(1, 1.5)=1; media national min(2, 5)=2; media provincial
        // min(1, 0.5)=0.5 → 4.5 (under the cap 5)
        SK.expectScore(c, "市中区", 4, 4.5)
        // 7 provincial media reports → min(1, 3.5) = 1
        SK.expectScore(c, "槐荫区", 4, 1)
    }

    @Test func indicator05_eventsCapped() throws {
        let c = try SK.cohort([
            SK.row(
                "历下区", "济南",
                ["i05_event_national": "1", "i05_event_provincial": "2", "i05_event_municipal": "1"]),
            SK.row("市中区", "济南", ["i05_event_provincial": "1", "i05_event_municipal": "4"]),
            SK.row("槐荫区", "济南", ["i05_event_municipal": "1"]),
        ])
        SK.expectScore(c, "历下区", 5, 3)  // 2×1 + 1×2 + 0.5×1 = 4.5 → 累计不超过3分 → 3
        SK.expectScore(c, "市中区", 5, 2)  // 1×1 + min(1, 0.5×4=2)=1 → 2
        SK.expectScore(c, "槐荫区", 5, 0.5)  // 0.5×1 = 0.5
    }

    // MARK: 质量发展保障 (6–11)

    @Test func indicator06_coordinationAndMeeting() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i06_coordination_body": "是", "i06_leader_meeting": "是"]),
            SK.row("市中区", "济南", ["i06_coordination_body": "是", "i06_leader_meeting": "否"]),
        ])
        SK.expectScore(c, "历下区", 6, 1)  // 0.5 + 0.5
        SK.expectScore(c, "市中区", 6, 0.5)  // 0.5 + 0
    }

    @Test func indicator07_planAndMobilization() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i07_plan": "是", "i07_mobilization": "是"]),
            SK.row("市中区", "济南", ["i07_plan": "是", "i07_mobilization": "否"]),
            SK.row("槐荫区", "济南", ["i07_plan": "否", "i07_mobilization": "是"]),
        ])
        SK.expectScore(c, "历下区", 7, 2)  // 1 + 1
        SK.expectScore(c, "市中区", 7, 1)  // 方案 1
        SK.expectScore(c, "槐荫区", 7, 1)  // 动员大会 1
    }

    @Test func indicator08_actionPlanLevels() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i08_action_plan": "2"]),
            SK.row("市中区", "济南", ["i08_action_plan": "1"]),
            SK.row("槐荫区", "济南", ["i08_action_plan": "0"]),
        ])
        SK.expectScore(c, "历下区", 8, 2)  // 有文件并有效落实 → 2
        SK.expectScore(c, "市中区", 8, 1)  // 仅有文件 → 1
        SK.expectScore(c, "槐荫区", 8, 0)
    }

    @Test func indicator09_creditSupervision() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i09_credit_full": "是", "i09_blacklist_system": "是"]),
            SK.row("市中区", "济南", ["i09_credit_full": "否", "i09_blacklist_system": "是"]),
        ])
        SK.expectScore(c, "历下区", 9, 2)  // 1 + 1
        SK.expectScore(c, "市中区", 9, 1)  // 0 + 1
    }

    @Test func indicator10_nineFundingAreasChecklist() throws {
        let keys = [
            "i10_fund_development", "i10_fund_supervision", "i10_fund_standards", "i10_fund_metrology",
            "i10_fund_testing", "i10_fund_certification", "i10_fund_brand", "i10_fund_credit", "i10_fund_ip",
        ]
        func areas(yes: Int) -> R {
            var r: R = [:]
            for (i, k) in keys.enumerated() { r[k] = i < yes ? "是" : "否" }
            return r
        }
        var partial: R = [:]
        for k in keys.prefix(8) { partial[k] = "有" }  // the 9th (知识产权) left empty
        let c = try SK.cohort([
            SK.row("历下区", "济南", areas(yes: 9)),
            SK.row("市中区", "济南", areas(yes: 6)),
            SK.row("槐荫区", "济南", areas(yes: 2)),
            SK.row("天桥区", "济南", partial),
        ])
        SK.expectScore(c, "历下区", 10, 3)  // all 9 → 3
        SK.expectScore(c, "市中区", 10, 1.5)  // 3 missing → 3 − 1.5 = 1.5
        SK.expectScore(c, "槐荫区", 10, 0)  // 7 missing → 3 − 3.5 → floor 0
        SK.expectScore(c, "天桥区", 10, 2.5)  // 1 empty counts as missing → 3 − 0.5 = 2.5
    }

    @Test func indicator11_supportPolicyLevels() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i11_support_policy": "2"]),
            SK.row("市中区", "济南", ["i11_support_policy": "1"]),
            SK.row("槐荫区", "济南", ["i11_support_policy": "0"]),
        ])
        SK.expectScore(c, "历下区", 11, 3)  // 有政策并有效落实 → 3
        SK.expectScore(c, "市中区", 11, 1)  // 仅有政策未落实 → 1
        SK.expectScore(c, "槐荫区", 11, 0)
    }

    // MARK: 质量发展基础 (12–27)

    @Test func indicator12_platformLevels() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i12_platform": "2"]),
            SK.row("市中区", "济南", ["i12_platform": "1"]),
        ])
        SK.expectScore(c, "历下区", 12, 2)  // 有且有效运行 → 2
        SK.expectScore(c, "市中区", 12, 1)  // 有但尚未有效运行 → 1
    }

    @Test func indicator13_standardisationPlanAndPolicy() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i13_in_plan": "是", "i13_policy": "是"]),
            SK.row("市中区", "济南", ["i13_in_plan": "否", "i13_policy": "是"]),
        ])
        SK.expectScore(c, "历下区", 13, 1)  // 0.5 + 0.5
        SK.expectScore(c, "市中区", 13, 0.5)
    }

    @Test func indicator14_standardsStepsSummedCappedAt3() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i14_national_led": "1"]),
            SK.row(
                "市中区", "济南",
                ["i14_national_led": "1", "i14_national_participated": "3", "i14_provincial_led": "2"]),
            SK.row("槐荫区", "济南", ["i14_national_participated": "2", "i14_provincial_led": "3"]),
            SK.row("天桥区", "济南", ["i14_intl_standards": "1"]),
            SK.row("历城区", "济南", ["i14_national_led": "2"]),
            SK.row("长清区", "济南", ["i14_national_led": "0", "i14_provincial_led": "1"]),
        ])
        SK.expectScore(c, "历下区", 14, 2)  // 1 national-led → 2
        SK.expectScore(c, "市中区", 14, 3)  // 2 (1 led) + 2 (≥3 participated) + 0.5 (1–2 provincial) = 4.5 → cap 3
        SK.expectScore(c, "槐荫区", 14, 2)  // 1 (1–2 participated) + 1 (≥3 provincial) = 2
        SK.expectScore(c, "天桥区", 14, 3)  // 1 international → 3
        SK.expectScore(c, "历城区", 14, 3)  // ≥2 national-led → 3
        SK.expectScore(c, "长清区", 14, 0.5)  // 0 led → 0; 1 provincial → 0.5
    }

    @Test func indicator15_standardsBodiesAndPilotsCappedAt3() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i15_national_pilots": "1", "i15_provincial_pilots": "2"]),
            SK.row("市中区", "济南", ["i15_national_tc_secretariat": "1"]),
            SK.row("槐荫区", "济南", ["i15_national_pilots": "2", "i15_provincial_pilots": "5"]),
            SK.row("天桥区", "济南", ["i15_provincial_pilots": "1"]),
            SK.row("历城区", "济南", ["i15_intl_tc_member": "1"]),
        ])
        SK.expectScore(c, "历下区", 15, 3)  // 2 (1 national pilot) + 1 (1–2 provincial) = 3
        SK.expectScore(c, "市中区", 15, 2)  // secretariat → 2
        SK.expectScore(c, "槐荫区", 15, 3)  // 3 (≥2 national) + 2 (≥3 provincial) = 5 → cap 3
        SK.expectScore(c, "天桥区", 15, 1)  // 1–2 provincial → 1
        SK.expectScore(c, "历城区", 15, 3)  // international TC member → 3
    }

    @Test func indicator16_industrialMetrologyLevels() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i16_industrial_metrology": "1", "i16_test_center": "1"]),
            SK.row("市中区", "济南", ["i16_industrial_metrology": "2", "i16_test_center": "2"]),
            SK.row("槐荫区", "济南", ["i16_industrial_metrology": "2", "i16_test_center": "0"]),
        ])
        SK.expectScore(c, "历下区", 16, 0.8)  // 仅推进 0.3 + 省级中心 0.5 = 0.8
        SK.expectScore(c, "市中区", 16, 1.5)  // 成效显著 0.5 + 国家级中心 1 = 1.5
        SK.expectScore(c, "槐荫区", 16, 0.5)  // 0.5 + 0
    }

    @Test func indicator17_metrologyCapacity() throws {
        let c = try SK.cohort([
            SK.row(
                "历下区", "济南",
                [
                    "i17_metrologists": "8", "i17_public_standards": "15", "i17_class_a_coverage": "90",
                    "i17_verification_full": "是",
                ]),
            SK.row(
                "市中区", "济南",
                [
                    "i17_metrologists": "3", "i17_public_standards": "25", "i17_class_a_coverage": "100",
                    "i17_verification_full": "否",
                ]),
            SK.row(
                "槐荫区", "济南",
                [
                    "i17_metrologists": "20", "i17_public_standards": "14", "i17_class_a_coverage": "95",
                    "i17_verification_full": "是",
                ]),
            SK.row("天桥区", "济南", ["i17_metrologists": "4"]),
        ])
        // Public standards: eligible (≥15) 15 and 25 → min 15, max 25 (14 is below the threshold: 0, not in min).
        // Class A coverage: eligible (≥90) 90, 100, 95 → min 90, max 100.
        // 历下: metrologists 0.1×(8−3)=0.5; standards d=60 → 0.5×0.6=0.3; coverage d=60 → 0.3; verified 0.5
        //       → 0.5 + 0.3 + 0.3 + 0.5 = 1.6
        SK.expectScore(c, "历下区", 17, 1.6)
        // 市中: 3 metrologists → 0; standards d=100 → 0.5; coverage d=100 → 0.5; not verified → 0 → 1.0
        SK.expectScore(c, "市中区", 17, 1.0)
        // 槐荫: 0.1×17=1.7 → cap 1; standards 14 < 15 → 0; coverage d=60+40×5/10=80 → 0.4; verified 0.5
        //       → 1 + 0 + 0.4 + 0.5 = 1.9
        SK.expectScore(c, "槐荫区", 17, 1.9)
        // 天桥: 4 metrologists → 0.1×1 = 0.1
        SK.expectScore(c, "天桥区", 17, 0.1)
    }

    @Test func indicator18_energyMetrology() throws {
        let c = try SK.cohort([
            SK.row(
                "历下区", "济南",
                [
                    "i18_energy_review_coverage": "92", "i18_demo_projects": "0", "i18_shortlisted_projects": "1",
                    "i18_integrity_pledge": "是", "i18_sme_metrology": "否",
                ]),
            SK.row(
                "市中区", "济南",
                [
                    "i18_energy_review_coverage": "100", "i18_demo_projects": "1", "i18_shortlisted_projects": "2",
                    "i18_integrity_pledge": "是", "i18_sme_metrology": "是",
                ]),
            SK.row(
                "槐荫区", "济南",
                [
                    "i18_energy_review_coverage": "89.9", "i18_demo_projects": "0", "i18_shortlisted_projects": "0",
                    "i18_integrity_pledge": "否", "i18_sme_metrology": "是",
                ]),
            SK.row("天桥区", "济南", ["i18_energy_review_coverage": "96"]),
        ])
        // Coverage: eligible (≥90) 92, 100, 96 → min 92, max 100; 89.9 scores 0 and stays out.
        // 历下: d=60 → 0.5×0.6=0.3; 1 shortlisted 0.3; pledge 0.5 → 1.1
        SK.expectScore(c, "历下区", 18, 1.1)
        // 市中: d=100 → 0.5; 0.5×1 + 0.3×2 = 1.1 → cap 0.5; 0.5; 0.5 → 2.0
        SK.expectScore(c, "市中区", 18, 2.0)
        // 槐荫: 89.9 < 90 → 0; 0; 0; 惠企 0.5 → 0.5
        SK.expectScore(c, "槐荫区", 18, 0.5)
        // 天桥: d = 60 + 40×(96−92)/8 = 80 → 0.5×0.8 = 0.4
        SK.expectScore(c, "天桥区", 18, 0.4)
    }

    @Test func indicator19_smesHelpedCountAndGrowth() throws {
        // Whole cohort (not tiered): counties from three tiers share one min/max.
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i19_smes_helped_prev1": "120", "i19_smes_helped_prev2": "100"]),
            SK.row("牡丹区", "菏泽", ["i19_smes_helped_prev1": "150", "i19_smes_helped_prev2": "100"]),
            SK.row("芝罘区", "烟台", ["i19_smes_helped_prev1": "100", "i19_smes_helped_prev2": "125"]),
        ])
        // growth = (prev1 − prev2)/prev2 × 100: 历下 20/100×100 = 20; 牡丹 50; 芝罘 −25/125×100 = −20.
        // count: min 100, max 150. growth: min −20, max 50 (span 70).
        // 历下: d(count) = 60 + 40×20/50 = 76; d(growth) = 60 + 40×40/70 = 60 + 160/7 = 82.857142857…
        //       score = 2 × (0.6×76 + 0.4×82.857142857)/100 = 2 × (45.6 + 33.142857143)/100 = 1.574857142857…
        SK.expectScore(c, "历下区", 19, 1.574857142857143)
        // 牡丹: both maxima → 2 × (0.6×100 + 0.4×100)/100 = 2
        SK.expectScore(c, "牡丹区", 19, 2)
        // 芝罘: both minima → 2 × (0.6×60 + 0.4×60)/100 = 1.2
        SK.expectScore(c, "芝罘区", 19, 1.2)
    }

    @Test func indicator20_voluntaryCertification() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i20_voluntary_cert_coverage": "30"]),
            SK.row("牡丹区", "菏泽", ["i20_voluntary_cert_coverage": "50"]),
            SK.row("芝罘区", "烟台", ["i20_voluntary_cert_coverage": "80"]),
        ])
        // min 30, max 80 over the whole cohort
        SK.expectScore(c, "历下区", 20, 1.2)  // d=60 → 2×0.6
        SK.expectScore(c, "牡丹区", 20, 1.52)  // d = 60 + 40×20/50 = 76 → 2×0.76
        SK.expectScore(c, "芝罘区", 20, 2)  // d=100
    }

    @Test func indicator21_riskWarningChecklist() throws {
        let keys = ["i21_risk_safety", "i21_risk_environment", "i21_risk_food", "i21_risk_drug", "i21_risk_products"]
        func areas(yes: Int) -> R {
            var r: R = [:]
            for (i, k) in keys.enumerated() { r[k] = i < yes ? "是" : "否" }
            return r
        }
        let c = try SK.cohort([
            SK.row("历下区", "济南", areas(yes: 5)),
            SK.row("市中区", "济南", areas(yes: 4)),
            SK.row("槐荫区", "济南", areas(yes: 3)),
            SK.row("天桥区", "济南", areas(yes: 1)),
        ])
        SK.expectScore(c, "历下区", 21, 2)  // all 5 → 2
        SK.expectScore(c, "市中区", 21, 1)  // 1 missing → 2 − 1 = 1
        SK.expectScore(c, "槐荫区", 21, 0)  // 2 missing → 0
        SK.expectScore(c, "天桥区", 21, 0)  // 4 missing → 2 − 4 → floor 0
    }

    @Test func indicator22_complaintHandlingThresholds() throws {
        let c = try SK.cohort([
            SK.row(
                "历下区", "济南",
                [
                    "i22_initial_check_rate": "95", "i22_completion_rate": "100", "i22_report_check_rate": "96",
                    "i22_mediation_rate": "60",
                ]),
            SK.row(
                "市中区", "济南",
                [
                    "i22_initial_check_rate": "100", "i22_completion_rate": "98", "i22_report_check_rate": "94.9",
                    "i22_mediation_rate": "80",
                ]),
            SK.row(
                "槐荫区", "济南",
                [
                    "i22_initial_check_rate": "97", "i22_completion_rate": "95", "i22_report_check_rate": "100",
                    "i22_mediation_rate": "59",
                ]),
        ])
        // initial (≥95): 95, 100, 97 → min 95 max 100: 历下 60, 市中 100, 槐荫 60+40×2/5 = 76
        // completion (≥95): 100, 98, 95: 历下 100, 市中 60+40×3/5 = 84, 槐荫 60
        // report (≥95): 96, 100 eligible; 94.9 → 0: 历下 60, 槐荫 100
        // mediation (≥60): 60, 80 eligible; 59 → 0: 历下 60, 市中 100
        // 历下: 0.25×(0.60 + 1.00 + 0.60 + 0.60) = 0.15 + 0.25 + 0.15 + 0.15 = 0.70
        SK.expectScore(c, "历下区", 22, 0.70)
        // 市中: 0.25 + 0.21 + 0 + 0.25 = 0.71
        SK.expectScore(c, "市中区", 22, 0.71)
        // 槐荫: 0.19 + 0.15 + 0.25 + 0 = 0.59
        SK.expectScore(c, "槐荫区", 22, 0.59)
    }

    @Test func indicator23_qualityPostAssessment() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i23_policy": "是", "i23_enterprises_all": "是"]),
            SK.row("市中区", "济南", ["i23_policy": "是", "i23_enterprises_all": "否"]),
        ])
        SK.expectScore(c, "历下区", 23, 1)  // 0.5 + 0.5
        SK.expectScore(c, "市中区", 23, 0.5)
    }

    @Test func indicator24_managementAndTraining() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i24_exchange_yearly": "是", "i24_training_yearly": "是"]),
            SK.row("市中区", "济南", ["i24_exchange_yearly": "否", "i24_training_yearly": "是"]),
        ])
        SK.expectScore(c, "历下区", 24, 1)  // 0.5 + 0.5
        SK.expectScore(c, "市中区", 24, 0.5)
    }

    @Test func indicator25_chainAndProductHelp() throws {
        let c = try SK.cohort([
            SK.row(
                "历下区", "济南",
                ["i25_chain_deployed": "是", "i25_chain_map_report": "是", "i25_chain_effect": "是", "i25_product_help": "2"]),
            SK.row(
                "市中区", "济南",
                ["i25_chain_deployed": "是", "i25_chain_map_report": "否", "i25_chain_effect": "是", "i25_product_help": "1"]),
            SK.row("槐荫区", "济南", ["i25_chain_map_report": "是", "i25_product_help": "0"]),
        ])
        SK.expectScore(c, "历下区", 25, 3)  // 0.5 + 0.5 + 1 + 1
        SK.expectScore(c, "市中区", 25, 2)  // 0.5 + 0 + 1 + 0.5
        SK.expectScore(c, "槐荫区", 25, 0.5)  // 0.5
    }

    @Test func indicator26_disposalAndReferralRates() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i26_disposal_rate": "90", "i26_referral_rate": "100"]),
            SK.row("市中区", "济南", ["i26_disposal_rate": "100", "i26_referral_rate": "89"]),
            SK.row("槐荫区", "济南", ["i26_disposal_rate": "95", "i26_referral_rate": "90"]),
        ])
        // disposal (≥90, 2 points): min 90, max 100. referral (≥90, 1 point): 100 and 90 eligible; 89 → 0.
        SK.expectScore(c, "历下区", 26, 2.2)  // 2×0.6 = 1.2; 1×1.0 = 1 → 2.2
        SK.expectScore(c, "市中区", 26, 2.0)  // 2×1.0 = 2; 89 < 90 → 0 → 2.0
        SK.expectScore(c, "槐荫区", 26, 2.2)  // 2×(60+40×5/10=80)/100 = 1.6; 1×0.6 = 0.6 → 2.2
    }

    @Test func indicator27_analysisLevels() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i27_analysis": "2"]),
            SK.row("市中区", "济南", ["i27_analysis": "1"]),
        ])
        SK.expectScore(c, "历下区", 27, 2)  // 定期分析并发布 → 2
        SK.expectScore(c, "市中区", 27, 1)  // 已开展未定期发布 → 1
    }

    // MARK: 质量发展成效 (28–43)

    @Test func indicator28_agriculturalSafetyCounty() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i28_agri_safety_county": "是"]),
            SK.row("市中区", "济南", ["i28_agri_safety_county": "否"]),
        ])
        SK.expectScore(c, "历下区", 28, 2)
        SK.expectScore(c, "市中区", 28, 0)
    }

    @Test func indicator29_drugInspection() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i29_drug_inspection_full": "是"]),
            SK.row("市中区", "济南", ["i29_drug_inspection_full": "否"]),
        ])
        SK.expectScore(c, "历下区", 29, 1)
        SK.expectScore(c, "市中区", 29, 0)
    }

    @Test func indicator30_batchesPerThousand() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i30_batches_per_thousand": "1"]),
            SK.row("市中区", "济南", ["i30_batches_per_thousand": "0.99"]),
            SK.row("槐荫区", "济南", ["i30_batches_per_thousand": "3.5"]),
        ])
        SK.expectScore(c, "历下区", 30, 2)  // 达到1批次/千人 → 2
        SK.expectScore(c, "市中区", 30, 0)  // 0.99 < 1 → 0
        SK.expectScore(c, "槐荫区", 30, 2)
    }

    @Test func indicator31_rdIntensityWithinTier() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i31_rd_intensity": "1.0"]),
            SK.row("市南区", "青岛", ["i31_rd_intensity": "3.0"]),
            SK.row("张店区", "淄博", ["i31_rd_intensity": "2.0"]),
            SK.row("牡丹区", "菏泽", ["i31_rd_intensity": "0.5"]),
            SK.row("东营区", "东营", ["i31_rd_intensity": "1.5"]),
        ])
        // tier 1 (济南, 青岛): min 1, max 3 → 历下 d=60 → 1.2; 市南 d=100 → 2
        // (over the whole cohort min 0.5 would give 历下 60+40×0.5/2.5 = 68 → 1.36: must not happen)
        SK.expectScore(c, "历下区", 31, 1.2)
        SK.expectScore(c, "市南区", 31, 2)
        // tier 2: 张店 alone → full points 2
        SK.expectScore(c, "张店区", 31, 2)
        // tier 3 (菏泽, 东营): min 0.5, max 1.5 → 牡丹 1.2; 东营 2
        SK.expectScore(c, "牡丹区", 31, 1.2)
        SK.expectScore(c, "东营区", 31, 2)
    }

    @Test func indicator31_aloneInTierBothFull() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i31_rd_intensity": "1.0"]),
            SK.row("牡丹区", "菏泽", ["i31_rd_intensity": "5.0"]),
        ])
        // each is the only member of its tier: max = min → full 2 points each (shared min/max would give 历下 1.2)
        SK.expectScore(c, "历下区", 31, 2)
        SK.expectScore(c, "牡丹区", 31, 2)
    }

    @Test func indicator32_greenBuildingArea() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i32_green_building_area": "10000"]),
            SK.row("牡丹区", "菏泽", ["i32_green_building_area": "30000"]),
            SK.row("芝罘区", "烟台", ["i32_green_building_area": "20000"]),
        ])
        // whole cohort: min 10000, max 30000
        SK.expectScore(c, "历下区", 32, 1.2)  // d=60
        SK.expectScore(c, "牡丹区", 32, 2)  // d=100
        SK.expectScore(c, "芝罘区", 32, 1.6)  // d = 60 + 40×10000/20000 = 80
    }

    @Test func indicator33_prefabBuildingArea() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i33_prefab_building_area": "0"]),
            SK.row("牡丹区", "菏泽", ["i33_prefab_building_area": "5000"]),
            SK.row("芝罘区", "烟台", ["i33_prefab_building_area": "1250"]),
            SK.row("莱山区", "烟台"),
        ])
        // min 0, max 5000 (the empty cell is not a 0 and stays out)
        SK.expectScore(c, "历下区", 33, 1.2)  // a reported 0 is the minimum: d=60
        SK.expectScore(c, "牡丹区", 33, 2)
        SK.expectScore(c, "芝罘区", 33, 1.4)  // d = 60 + 40×1250/5000 = 70 → 1.4
        SK.expectScore(c, "莱山区", 33, 0)  // not reported
    }

    @Test func indicator34_housingQualityAndAwards() throws {
        let c = try SK.cohort([
            SK.row(
                "历下区", "济南",
                [
                    "i34_warranty_full": "是", "i34_inspect_first_full": "是", "i34_taishan_residential": "1",
                    "i34_taishan_other": "1",
                ]),
            SK.row("市中区", "济南", ["i34_warranty_full": "是", "i34_inspect_first_full": "否", "i34_structure_award": "2"]),
            SK.row("槐荫区", "济南", ["i34_taishan_other": "1"]),
        ])
        SK.expectScore(c, "历下区", 34, 2.0)  // 0.7 + 0.7 + min(0.6, 0.4 + 0.3) = 2.0
        SK.expectScore(c, "市中区", 34, 1.1)  // 0.7 + 0 + 0.2×2 = 1.1
        SK.expectScore(c, "槐荫区", 34, 0.3)  // 0.3
    }

    @Test func indicator35_fiveServiceFieldsWithinTier() throws {
        let c = try SK.cohort([
            // tier 1
            SK.row(
                "历下区", "济南",
                [
                    "population": "500000", "i35_nursing_beds": "300", "i35_total_beds": "1000", "i35_teachers": "800",
                    "i35_students": "10000", "i35_medical_rating": "90", "i35_culture_area": "50000",
                    "i35_tourism_rating": "70",
                ]),
            SK.row(
                "市南区", "青岛",
                [
                    "population": "600000", "i35_nursing_beds": "600", "i35_total_beds": "1200", "i35_teachers": "1200",
                    "i35_students": "12000", "i35_medical_rating": "75", "i35_culture_area": "120000",
                    "i35_tourism_rating": "90",
                ]),
            SK.row(
                "历城区", "济南",
                [
                    "population": "500000", "i35_nursing_beds": "400", "i35_total_beds": "1000", "i35_teachers": "900",
                    "i35_students": "10000", "i35_medical_rating": "85.5", "i35_culture_area": "75000",
                    "i35_tourism_rating": "80",
                ]),
            // tier 3, alone
            SK.row(
                "牡丹区", "菏泽",
                [
                    "population": "1000000", "i35_nursing_beds": "100", "i35_total_beds": "1000", "i35_teachers": "500",
                    "i35_students": "10000", "i35_medical_rating": "100", "i35_culture_area": "10000",
                    "i35_tourism_rating": "50",
                ]),
        ])
        // Derived figures (相关说明 4):
        //   bed share = nursing/all×100: 历下 30, 市南 50, 历城 40, 牡丹 10
        //   teacher–student ratio = teachers/students×100: 历下 8, 市南 10, 历城 9, 牡丹 5
        //   culture area per 10k = area/population×10000: 历下 1000, 市南 2000, 历城 1500, 牡丹 100
        // Tier 1 min/max: beds 30–50, ratio 8–10, area 1000–2000, tourism 70–90.
        // 历下: four minima → 4 × 0.8×0.6 = 4 × 0.48 = 1.92; medical 90/100×0.8 = 0.72 → 2.64
        SK.expectScore(c, "历下区", 35, 2.64)
        // 市南: four maxima → 4 × 0.8 = 3.2; medical 75/100×0.8 = 0.6 → 3.8
        SK.expectScore(c, "市南区", 35, 3.8)
        // 历城: four midpoints d=80 → 4 × 0.64 = 2.56; medical 85.5/100×0.8 = 0.684 → 3.244
        SK.expectScore(c, "历城区", 35, 3.244)
        // 牡丹: alone in tier 3 → four full parts 3.2 (although its figures are the lowest of all);
        //       medical 100/100×0.8 = 0.8 → 4.0
        SK.expectScore(c, "牡丹区", 35, 4.0)
    }

    @Test func indicator36_serviceFirmsMeanWithinTier() throws {
        let c = try SK.cohort([
            SK.row("芝罘区", "烟台", ["i36_service_firms": "100", "i36_service_revenue": "50"]),
            SK.row("奎文区", "潍坊", ["i36_service_firms": "200", "i36_service_revenue": "40"]),
            SK.row("兰山区", "临沂", ["i36_service_firms": "150", "i36_service_revenue": "30"]),
            SK.row("市南区", "青岛", ["i36_service_firms": "10", "i36_service_revenue": "1"]),
        ])
        // tier 2: firms min 100 max 200; revenue min 30 max 50
        // 芝罘: d(firms)=60, d(revenue)=100 → 2 × mean(60, 100)/100 = 2 × 80/100 = 1.6
        SK.expectScore(c, "芝罘区", 36, 1.6)
        // 奎文: d(firms)=100, d(revenue)=60+40×10/20=80 → 2 × 90/100 = 1.8
        SK.expectScore(c, "奎文区", 36, 1.8)
        // 兰山: d(firms)=80, d(revenue)=60 → 2 × 70/100 = 1.4
        SK.expectScore(c, "兰山区", 36, 1.4)
        // 市南: alone in tier 1 → 2 (figures far below tier 2's do not matter)
        SK.expectScore(c, "市南区", 36, 2)
    }

    @Test func indicator37_serviceQualityAction() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i37_plan": "是", "i37_analysis": "是", "i37_effect": "是"]),
            SK.row("市中区", "济南", ["i37_plan": "是", "i37_analysis": "否", "i37_effect": "是"]),
            SK.row("槐荫区", "济南", ["i37_plan": "否", "i37_analysis": "是"]),
        ])
        SK.expectScore(c, "历下区", 37, 2)  // 1 + 0.5 + 0.5
        SK.expectScore(c, "市中区", 37, 1.5)  // 1 + 0 + 0.5
        SK.expectScore(c, "槐荫区", 37, 0.5)  // 0 + 0.5
    }

    @Test func indicator38_energyIntensityDropWithinTierMayBeNegative() throws {
        let c = try SK.cohort([
            SK.row("德城区", "德州", ["i38_energy_intensity_drop": "-2"]),
            SK.row("东昌府区", "聊城", ["i38_energy_intensity_drop": "3"]),
            SK.row("滨城区", "滨州", ["i38_energy_intensity_drop": "0.5"]),
            SK.row("历下区", "济南", ["i38_energy_intensity_drop": "-5"]),
        ])
        // tier 3: min −2, max 3 (span 5)
        SK.expectScore(c, "德城区", 38, 1.2)  // d=60
        SK.expectScore(c, "东昌府区", 38, 2)  // d=100
        SK.expectScore(c, "滨城区", 38, 1.6)  // d = 60 + 40×2.5/5 = 80
        SK.expectScore(c, "历下区", 38, 2)  // alone in tier 1 → full, although −5 is the lowest figure
    }

    @Test func indicator39_airCompositeWholeCohort() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i39_good_air_days": "80", "i39_pm25_improvement": "5"]),
            SK.row("牡丹区", "菏泽", ["i39_good_air_days": "70", "i39_pm25_improvement": "15"]),
            SK.row("芝罘区", "烟台", ["i39_good_air_days": "90", "i39_pm25_improvement": "-10"]),
        ])
        // composite = 0.4 × good days + 0.6 × PM2.5: 历下 32 + 3 = 35; 牡丹 28 + 9 = 37; 芝罘 36 − 6 = 30
        // min 30, max 37 (span 7), over the whole cohort
        // 历下: d = 60 + 40×5/7 = 60 + 200/7 → 2 × d/100 = 1.2 + 4/7 = 1.771428571428…
        SK.expectScore(c, "历下区", 39, 1.7714285714285714)
        SK.expectScore(c, "牡丹区", 39, 2)  // the highest composite, though not the most good days
        SK.expectScore(c, "芝罘区", 39, 1.2)  // the most good days, but the lowest composite
    }

    @Test func indicator40_hightechShareWithinTier() throws {
        let c = try SK.cohort([
            SK.row("奎文区", "潍坊", ["i40_hightech_share": "20"]),
            SK.row("任城区", "济宁", ["i40_hightech_share": "40"]),
            SK.row("环翠区", "威海", ["i40_hightech_share": "60"]),
            SK.row("市南区", "青岛", ["i40_hightech_share": "10"]),
        ])
        // tier 2: min 20, max 60
        SK.expectScore(c, "奎文区", 40, 1.2)  // d=60
        SK.expectScore(c, "任城区", 40, 1.6)  // d = 60 + 40×20/40 = 80
        SK.expectScore(c, "环翠区", 40, 2)
        SK.expectScore(c, "市南区", 40, 2)  // alone in tier 1
    }

    @Test func indicator41_patentsLevelAndGrowthWithinTier() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i41_patents_prev1": "30", "i41_patents_prev2": "25"]),
            SK.row("市南区", "青岛", ["i41_patents_prev1": "50", "i41_patents_prev2": "40"]),
            SK.row("历城区", "济南", ["i41_patents_prev1": "40", "i41_patents_prev2": "40"]),
            SK.row("牡丹区", "菏泽", ["i41_patents_prev1": "5", "i41_patents_prev2": "10"]),
        ])
        // growth = (prev1 − prev2)/prev2 × 100: 历下 5/25×100 = 20; 市南 10/40×100 = 25; 历城 0; 牡丹 −50
        // tier 1: level min 30 max 50; growth min 0 max 25
        // 历下: d(level)=60, d(growth)=60+40×20/25=92 → 2 × (0.6×60 + 0.4×92)/100 = 2 × (36 + 36.8)/100 = 1.456
        SK.expectScore(c, "历下区", 41, 1.456)
        // 市南: both maxima → 2
        SK.expectScore(c, "市南区", 41, 2)
        // 历城: d(level)=80, d(growth)=60 → 2 × (48 + 24)/100 = 1.44
        SK.expectScore(c, "历城区", 41, 1.44)
        // 牡丹: alone in tier 3 → both terms full → 2
        SK.expectScore(c, "牡丹区", 41, 2)
    }

    @Test func indicator42_scienceAwardPointsWithinTier() throws {
        let zero: R = [
            "i42_national_first_lead": "0", "i42_national_second_lead": "0", "i42_provincial_first_lead": "0",
            "i42_provincial_second_lead": "0", "i42_national_first_joint": "0", "i42_national_second_joint": "0",
            "i42_provincial_first_joint": "0", "i42_provincial_second_joint": "0",
        ]
        func awards(_ set: R) -> R { zero.merging(set) { _, new in new } }
        let c = try SK.cohort([
            SK.row("芝罘区", "烟台", awards(["i42_national_first_lead": "1", "i42_provincial_second_joint": "2"])),
            SK.row(
                "奎文区", "潍坊",
                awards([
                    "i42_national_second_lead": "1", "i42_provincial_first_lead": "1", "i42_provincial_second_lead": "1",
                    "i42_national_first_joint": "2", "i42_national_second_joint": "1", "i42_provincial_first_joint": "2",
                ])),
            SK.row("兰山区", "临沂", zero),
            SK.row("市南区", "青岛", zero),
        ])
        // award points: national 1st 3, 2nd 2; provincial 1st 2, 2nd 1; not the first unit: half.
        //   芝罘: 3×1 + 0.5×2 = 4
        //   奎文: 2 + 2 + 1 + 1.5×2 + 1×1 + 1×2 = 11
        //   兰山: 0
        // tier 2: min 0, max 11
        // 芝罘: d = 60 + 40×4/11 = 60 + 160/11 → 3 × d/100 = 1.8 + 480/1100 = 2.236363636…
        SK.expectScore(c, "芝罘区", 42, 2.2363636363636363)
        SK.expectScore(c, "奎文区", 42, 3)  // d=100
        SK.expectScore(c, "兰山区", 42, 1.8)  // no awards but reported: d=60 → 3×0.6
        SK.expectScore(c, "市南区", 42, 3)  // alone in tier 1 → full 3
    }

    @Test func indicator43_qualityIncentivesCapped() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i43_china_quality_award": "1", "i43_governor_award": "1", "i43_municipal": "8"]),
            SK.row(
                "市中区", "济南",
                ["i43_other_national": "2", "i43_other_provincial": "3", "i43_municipal": "2"]),
            SK.row("槐荫区", "济南", ["i43_municipal": "3"]),
        ])
        SK.expectScore(c, "历下区", 43, 6)  // 2×1 + 1×1 + min(3, 0.5×8=4)=3 → 6
        SK.expectScore(c, "市中区", 43, 7)  // 2×2 + 1×3 + 0.5×2 = 8 → 累计不超过7分 → 7
        SK.expectScore(c, "槐荫区", 43, 1.5)  // 0.5×3
    }

    /// The rulebook has exactly the standard's 43 indicators, whose points sum to 100, with the category
    /// totals of the 任务分解表 (理念 16, 保障 13, 基础 32, 成效 39).
    @Test func rulebookMatchesTheStandardsPoints() throws {
        let rules = try SK.shandong()
        #expect(rules.indicators.map(\.number) == Array(1...43))
        #expect(close(rules.totalPoints, 100))
        func sum(_ category: String) -> Double {
            rules.indicators.filter { $0.category == category }.reduce(0) { $0 + $1.points }
        }
        #expect(close(sum("质量发展理念"), 16))
        #expect(close(sum("质量发展保障"), 13))
        #expect(close(sum("质量发展基础"), 32))
        #expect(close(sum("质量发展成效"), 39))
        let tiered = rules.indicators.filter(\.tiered).map(\.number)
        #expect(tiered == [31, 35, 36, 38, 40, 41, 42])  // 相关说明 1
        // 分值 of each indicator, transcribed from the 任务分解表
        let seedPoints: [Double] = [
            2, 3, 3, 5, 3,  // 1–5
            1, 2, 2, 2, 3, 3,  // 6–11
            2, 1, 3, 3, 1.5, 2.5, 2, 2, 2, 2, 1, 1, 1, 3, 3, 2,  // 12–27
            2, 1, 2, 2, 2, 2, 2, 4, 2, 2, 2, 2, 2, 2, 3, 7,  // 28–43
        ]
        #expect(rules.indicators.map(\.points) == seedPoints)
        // 二级指标 totals of the 任务分解表
        let subtotals: [(String, Double)] = [
            ("质量理念", 5), ("质量文化", 11), ("组织保障", 7), ("政策经费保障", 6), ("公共服务平台", 2), ("标准化", 7),
            ("计量", 6), ("认证", 4), ("质量管理", 13), ("产品质量", 7), ("工程质量", 6), ("服务质量", 8), ("环境质量", 4),
            ("创新成效", 7), ("质量激励", 7),
        ]
        for (name, points) in subtotals {
            let sum = rules.indicators.filter { $0.subcategory == name }.reduce(0) { $0 + $1.points }
            #expect(close(sum, points), "\(name): \(sum)")
        }
    }
}
