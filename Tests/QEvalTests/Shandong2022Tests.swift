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

/// The 2022 standard as a second rulebook (data/rules/shandong-2022.yaml, docs/RULEBOOK-2022.md): it loads,
/// totals 100 with the seed's group points, and every rule new in it scores a hand-worked cohort.
@Suite struct Shandong2022Tests {
    static let path = Fixture.path("data/rules/shandong-2022.yaml")
    static let loaded = Result<Rulebook, RulebookError> { () throws(RulebookError) in try RulebookLoader.load(path: path) }
    static func rules() throws -> Rulebook { try loaded.get() }

    static func points(_ rules: Rulebook, _ filter: (Indicator) -> Bool) -> Double {
        rules.indicators.filter(filter).reduce(0) { $0 + $1.points }
    }

    @Test func loadsAndTotals100WithTheSeedsGroupPoints() throws {
        let rules = try Self.rules()
        #expect(rules.indicators.count == 43)
        #expect(rules.indicators.map(\.number) == Array(1...43))
        #expect(close(rules.totalPoints, 100))
        // The points the 2022 table states.
        let stated: [(String, String?, Double)] = [
            ("质量发展基础", nil, 31), ("质量发展基础", "公共服务平台", 2), ("质量发展基础", "标准化", 8),
            ("质量发展基础", "计量", 7), ("质量发展基础", "认证", 4), ("质量发展基础", "质量管理", 10),
            ("质量发展成效", nil, 42), ("质量发展成效", "产品质量", 6), ("质量发展成效", "工程质量", 6),
            ("质量发展成效", "服务质量", 6), ("质量发展成效", "环境质量", 6), ("质量发展成效", "创新成效", 9),
            ("质量发展成效", "荣誉奖励", 9), ("质量发展保障", "政策经费保障", 8),
        ]
        for (category, subcategory, expected) in stated {
            let sum = Self.points(rules) { $0.category == category && (subcategory == nil || $0.subcategory == subcategory) }
            #expect(close(sum, expected), "\(category) \(subcategory ?? ""): \(sum)")
        }
        // The remaining 19 over 质量发展理念 and 组织保障 (provisional: 14 + 5).
        #expect(close(Self.points(rules) { $0.category == "质量发展理念" || $0.subcategory == "组织保障" }, 19))
        // Every per-indicator choice is marked, with its reason.
        #expect(rules.indicators.allSatisfy { $0.provisional && !$0.note.isEmpty })
        // The 2022 table lists the veto only; tiers as in 2023.
        #expect(rules.prerequisites.isEmpty)
        #expect(rules.vetoes.count == 4)
        #expect(rules.tiers.map(\.cities.count) == [2, 7, 7])
        // Indicators the table numbers differently from 2023 but that are the same carry 2023's id.
        let by = Dictionary(uniqueKeysWithValues: rules.indicators.map { ($0.number, $0) })
        #expect(by[37]?.id == "energy-intensity" && by[38]?.id == "air-quality" && by[35]?.id == nil)
        #expect(by[43]?.partsOutOf == 7 && by[14]?.partsOutOf == 3 && by[4]?.partsOutOf == 5)
        #expect(rules.indicators.filter(\.tiered).map(\.number) == [35, 36, 37, 39, 40, 41, 42])
    }

    @Test func rulesCommandListsTheProvisionalChoices() throws {
        let text = RulebookTable.render(try Self.rules())
        #expect(text.contains("合计                                    100"))
        #expect(text.contains("暂定口径（43 项"))
        #expect(text.contains("43  来源给出荣誉奖励9分；沿用2023年标准第43项的计分"))
        #expect(text.contains("（按 7 分制评分后折算）"))
    }

    /// Three counties of 济南 (one tier), one of 淄博 (another tier), one vetoed.
    static func cohort() throws -> RankedCohort {
        let rows: [[String: String]] = [
            SK.row(
                "历下区", "济南",
                [
                    "i10_quality_funds": "300", "i10_public_expenditure": "100000", "i10_quality_funds_prev": "200",
                    "i10_public_expenditure_prev": "100000",
                    "i28_supervision_funds": "100", "population": "500000",
                    "i04_praise_national": "1", "i04_praise_provincial": "1", "i04_media_national": "1",
                    "i14_national_led": "1", "i14_provincial_led": "3", "i15_provincial_tc_secretariat": "1",
                    "i43_china_quality_award": "1", "i43_governor_award": "1", "i43_other_provincial": "2",
                    "i20_certificates": "1200", "i20_certificates_prev": "1000", "i33_prefab_bases": "1",
                    "i35_service_share": "40", "i40_patents": "1000", "i41_tech_trade": "10", "gdp": "500",
                    "i17_class_a_full": "是", "i17_verification_full": "是", "i17_energy_review_full": "是",
                    "i25_injury_monitoring": "是", "i25_recall_system": "是", "i25_recall_policy": "是",
                    "i22_complaint_channel": "是", "i30_food_safety_county": "是", "i34_online_full": "是",
                    "i16_coordination": "是", "i16_test_center": "2", "i08_credit_policy": "是",
                    "i18_promotion_policy": "是", "i18_public_benefit": "是",
                    "i03_quality_month": "是", "i03_brand_day": "是", "i03_consumer_day": "是", "i03_standards_day": "是",
                    "i03_metrology_day": "是", "i03_accreditation_day": "否",
                    "i05_event_national": "1", "i05_event_provincial": "2",
                ]),
            SK.row(
                "市中区", "济南市",
                [
                    "i10_quality_funds": "500", "i10_public_expenditure": "100000", "i10_quality_funds_prev": "500",
                    "i10_public_expenditure_prev": "100000",
                    "i28_supervision_funds": "300", "population": "500000",
                    "i04_praise_national": "3", "i04_media_national": "2",
                    "i14_national_participated": "2", "i15_intl_tc_member": "1", "i43_other_national": "4",
                    "i20_certificates": "600", "i20_certificates_prev": "600", "i33_prefab_bases": "3",
                    "i35_service_share": "60", "i40_patents": "500", "i41_tech_trade": "2", "gdp": "400",
                    "i17_class_a_full": "是", "i17_verification_full": "否", "i17_energy_review_full": "是",
                    "i25_recall_policy": "是", "i32_green_design_full": "是", "i16_test_center": "1",
                ]),
            SK.row(
                "槐荫区", "济南",
                [
                    "i10_quality_funds": "100", "i10_public_expenditure": "100000", "i10_quality_funds_prev": "200",
                    "i10_public_expenditure_prev": "100000",
                    "i28_supervision_funds": "50", "population": "250000",
                    "i04_praise_municipal": "1", "i43_other_provincial": "1",
                    "i20_certificates": "1800", "i20_certificates_prev": "2000",
                    "i35_service_share": "50", "i40_patents": "750", "i41_tech_trade": "7", "gdp": "200",
                ]),
            SK.row("张店区", "淄博", ["i35_service_share": "10"]),
            // Vetoed: its figures enter no min/max (its 10 % fund share and 90 % service share would be new maxima).
            SK.row(
                "历城区", "济南",
                [
                    "veto_safety": "是", "i10_quality_funds": "10000", "i10_public_expenditure": "100000",
                    "i35_service_share": "90", "i28_supervision_funds": "5000", "population": "100000",
                ]),
        ]
        return try SK.cohort(rows, rulebook: try rules())
    }

    /// 10: share 0.3 / 0.5 / 0.1 % (min 0.1, max 0.5 → d 80 / 100 / 60); change of the share over last
    /// year's 0.2 / 0.5 / 0.2 %: +50 / 0 / −50 % (d 100 / 80 / 60). Score 2 × (0.6 d₁ + 0.4 d₂) / 100.
    @Test func indicator10_shareAndItsChange() throws {
        let c = try Self.cohort()
        SK.expectScore(c, "历下区", 10, 1.76)  // 2 × (48 + 40) / 100
        SK.expectScore(c, "市中区", 10, 1.84)  // 2 × (60 + 32) / 100
        SK.expectScore(c, "槐荫区", 10, 1.2)  // 2 × (36 + 24) / 100
        SK.expectScore(c, "张店区", 10, 0)  // not reported
        SK.expectScore(c, "历城区", 10, 0)  // vetoed
    }

    /// 28: 万元 × 10000 / population = 2 / 6 / 2 元 per person (min 2, max 6) → d 60 / 100 / 60, × 1.5.
    @Test func indicator28_perCapitaSupervisionFunds() throws {
        let c = try Self.cohort()
        SK.expectScore(c, "历下区", 28, 0.9)
        SK.expectScore(c, "市中区", 28, 1.5)
        SK.expectScore(c, "槐荫区", 28, 0.9)
    }

    /// parts_out_of: 2023's criterion tables scored as in 2023, then scaled to this rulebook's points.
    @Test func partsScoredOutOfAnotherStandardsPoints() throws {
        let c = try Self.cohort()
        // 4 (out of 5, worth 3): 2 + 1 + 1 = 4 → 2.4; 市中区 min(6, 4) + 2 = 6 → cut at 5 → 3; 槐荫区 0.5 → 0.3.
        SK.expectScore(c, "历下区", 4, 2.4)
        SK.expectScore(c, "市中区", 4, 3)
        SK.expectScore(c, "槐荫区", 4, 0.3)
        // 14 (out of 3, worth 3.5): 2 + 1 = 3 → 3.5; 1 → 3.5 / 3.
        SK.expectScore(c, "历下区", 14, 3.5)
        SK.expectScore(c, "市中区", 14, 3.5 / 3)
        // 15: the provincial TC secretariat (new step, 1 of 3) → 3.5 / 3; an international TC member 3 → 3.5.
        SK.expectScore(c, "历下区", 15, 3.5 / 3)
        SK.expectScore(c, "市中区", 15, 3.5)
        // 43 (out of 7, worth 9): 2 + 1 + 2 = 5 → 45 / 7; 4 × 2 = 8 → cut at 7 → 9; 1 → 9 / 7.
        SK.expectScore(c, "历下区", 43, 45.0 / 7)
        SK.expectScore(c, "市中区", 43, 9)
        SK.expectScore(c, "槐荫区", 43, 9.0 / 7)
    }

    /// 20: certificates 1200 / 600 / 1800 (d 80 / 60 / 100); growth +20 / 0 / −10 % (d 100 / 73.3̇ / 60).
    @Test func indicator20_certificatesAndGrowth() throws {
        let c = try Self.cohort()
        SK.expectScore(c, "历下区", 20, 1.76)  // 2 × (48 + 40) / 100
        SK.expectScore(c, "市中区", 20, 2 * (36 + 0.4 * (60 + 40.0 / 3)) / 100)  // 1.30666…
        SK.expectScore(c, "槐荫区", 20, 1.68)  // 2 × (60 + 24) / 100
    }

    /// Tiered efficacy of the new ratios 35, 40, 41 within 济南's tier; 张店区 is alone in its tier.
    @Test func newRatiosWithinTheTier() throws {
        let c = try Self.cohort()
        // 35: 40 / 60 / 50 % (the vetoed 90 % is left out) → d 60 / 100 / 80, × 4; 张店区 alone → full 4.
        SK.expectScore(c, "历下区", 35, 2.4)
        SK.expectScore(c, "市中区", 35, 4)
        SK.expectScore(c, "槐荫区", 35, 3.2)
        SK.expectScore(c, "张店区", 35, 4)
        // 40: patents × 10000 / population = 20 / 10 / 30 per 10,000 → d 80 / 60 / 100, × 2.
        SK.expectScore(c, "历下区", 40, 1.6)
        SK.expectScore(c, "市中区", 40, 1.2)
        SK.expectScore(c, "槐荫区", 40, 2)
        // 41: trade / GDP × 100 = 2 / 0.5 / 3.5 % → d 80 / 60 / 100, × 2.
        SK.expectScore(c, "历下区", 41, 1.6)
        SK.expectScore(c, "市中区", 41, 1.2)
        SK.expectScore(c, "槐荫区", 41, 2)
    }

    /// The new yes/no, count and checklist indicators.
    @Test func newYesNoCountAndChecklistIndicators() throws {
        let c = try Self.cohort()
        SK.expectScore(c, "历下区", 17, 3)  // three 100 % requirements, 1 each
        SK.expectScore(c, "市中区", 17, 2)
        SK.expectScore(c, "历下区", 25, 1)  // 0.4 + 0.3 + 0.3
        SK.expectScore(c, "市中区", 25, 0.3)
        SK.expectScore(c, "历下区", 22, 1)
        SK.expectScore(c, "历下区", 30, 1.5)
        SK.expectScore(c, "市中区", 32, 2)
        SK.expectScore(c, "历下区", 34, 1)  // online 100 % only
        SK.expectScore(c, "历下区", 33, 1)  // 1 base
        SK.expectScore(c, "市中区", 33, 2)  // 3 bases, at most 2
        SK.expectScore(c, "槐荫区", 33, 0)
        SK.expectScore(c, "历下区", 16, 2)  // mechanism 1 + national centre 1
        SK.expectScore(c, "市中区", 16, 0.5)  // provincial centre
        SK.expectScore(c, "历下区", 8, 1)
        SK.expectScore(c, "历下区", 18, 1.5)  // policy 1 + 惠民 0.5
        SK.expectScore(c, "历下区", 3, 2.5)  // six activities, one missing: 3 − 0.5
        SK.expectScore(c, "历下区", 5, 3)  // 2 + 1 + 1 = 4, at most 3
    }

    @Test func vetoDisqualifiesWithoutAPrerequisite() throws {
        let c = try Self.cohort()
        let row = Fixture.row(c, "历城区")
        #expect(!c.evaluation.isRanked(row))
        #expect(c.evaluation.disqualifications[row].map(\.gate) == [.veto])
        #expect((0..<4).allSatisfy { c.evaluation.isRanked($0) })
    }

    /// `qeval template` and `qeval rules` read the 2022 rulebook: one column per field of its form.
    @Test func templateAndRulesCommandsReadIt() throws {
        let template = try CLI.run(["template", "--rules", "data/rules/shandong-2022.yaml", "--chinese"])
        #expect(template.status == 0, "\(template.stderr)")
        let header = CompareTests.records(template.stdout).first ?? []
        // Labels with their units, as the 原始数据 sheet writes them (issue 24).
        #expect(header.count == (try Self.rules()).fields.count && header.contains { $0.hasPrefix("上一年度技术交易额（") })
        let rules = try CLI.run(["rules", "--rules", "data/rules/shandong-2022.yaml"])
        #expect(rules.status == 0 && rules.stdout.contains("山东省质量强县（市、区）评价指标（2022）"))
    }

    /// The bundled 2022 sample ranks end to end under the 2022 rulebook.
    @Test func sampleRanksEndToEnd() throws {
        let cohort = try RankedCohort.load(
            input: Fixture.path("data/sample/shandong-2022.csv"), rulebook: try Self.rules(), options: ReadOptions(),
            weights: nil)
        #expect(cohort.evaluation.count == 136)
        let ranked = (0..<136).filter { cohort.evaluation.isRanked($0) }
        #expect(ranked.count == 132)
        #expect(ranked.allSatisfy { cohort.scoreboard.totals[$0] > 0 && cohort.scoreboard.totals[$0] <= 100 })
        #expect(cohort.ranking.recognised.filter { $0 }.count == 10)
        // The 权重 sheet shows each provisional choice beside its points.
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("r.xlsx")
        try RankingWorkbook(
            evaluation: cohort.evaluation, scoreboard: cohort.scoreboard, ranking: cohort.ranking, info: cohort.runInfo()
        ).write(to: url.path)
        let weights = try XLSXTestReader(url: url).sheet("权重")
        #expect(weights.text(0, 10) == "暂定口径说明")
        #expect(weights.number(43, 0) == 43 && weights.text(43, 10).hasPrefix("来源给出荣誉奖励9分"))
    }
}

/// Loader checks of the keys a second standard needs.
@Suite struct StandardKeysTests {
    static func yaml(indicator: [String], field: String = "") -> String {
        ([
            "name: 小标准", "categories: [甲类]", "tiers:", "  - {name: 一档, cities: [济南]}", "fields:",
            "  - {key: county, label: 县, type: text, role: id}", "  - {key: city, label: 市, type: text, role: id}",
            "  - {key: n, label: 数量, type: count, role: indicator, indicator: 1\(field)}", "indicators:",
            "  - number: 1", "    name: 第一项", "    category: 甲类",
        ] + indicator).joined(separator: "\n") + "\n"
    }

    static func refusal(_ yaml: String) -> String {
        do {
            _ = try RulebookLoader.load(yaml: yaml, file: "k.yaml")
            return "accepted"
        } catch {
            return error.message.en
        }
    }

    static let parts = ["    parts:", "      - counts: {items: [{field: n, each: 1}], cap: 4}"]

    @Test func partsOutOfScalesAndMustBeReachable() throws {
        let rules = try RulebookLoader.load(
            yaml: Self.yaml(indicator: ["    points: 6", "    parts_out_of: 4"] + Self.parts), file: "k.yaml")
        #expect(rules.indicators[0].partsOutOf == 4 && close(rules.totalPoints, 6))
        // 3 of 4 → 6 × 3 / 4 = 4.5; 9 → cut at 4 → 6.
        let c = try Fixture.cohort([SK.row("甲县", "济南", ["n": "3"]), SK.row("乙县", "济南", ["n": "9"])], rulebook: rules)
        SK.expectScore(c, "甲县", 1, 4.5)
        SK.expectScore(c, "乙县", 1, 6)
        let unreachable = Self.refusal(Self.yaml(indicator: ["    points: 6", "    parts_out_of: 5"] + Self.parts))
        #expect(unreachable == StandardMessage.partsBelowOutOf(indicator: 1, reachable: 4, outOf: 5).localized.en)
        let zero = Self.refusal(Self.yaml(indicator: ["    points: 6", "    parts_out_of: 0"] + Self.parts))
        #expect(zero == StandardMessage.partsOutOfNotPositive(indicator: 1).localized.en)
    }

    @Test func provisionalNeedsANote() throws {
        let refused = Self.refusal(Self.yaml(indicator: ["    points: 4", "    provisional: true"] + Self.parts))
        #expect(refused == StandardMessage.provisionalWithoutNote(indicator: 1).localized.en)
        let rules = try RulebookLoader.load(
            yaml: Self.yaml(indicator: ["    points: 4", "    provisional: true", "    note: 暂按每项1分"] + Self.parts),
            file: "k.yaml")
        #expect(rules.indicators[0].provisional && rules.indicators[0].note == "暂按每项1分")
    }

    @Test func idsAreUniqueAndNotEmpty() throws {
        let second = [
            "  - number: 2", "    id: same", "    name: 第二项", "    category: 甲类", "    points: 4",
        ]
        let twice = Self.refusal(Self.yaml(indicator: ["    id: same", "    points: 4"] + Self.parts + second + Self.parts))
        #expect(twice == StandardMessage.idTwice(indicator: 2, id: "same", other: 1).localized.en)
        let empty = Self.refusal(Self.yaml(indicator: ["    id: \" \"", "    points: 4"] + Self.parts))
        #expect(empty == StandardMessage.idEmpty(indicator: 1).localized.en)
    }

    @Test func sampleRangeIsCheckedAndDrivesTheGenerator() throws {
        let indicator = ["    points: 4"] + Self.parts
        let reversed = Self.refusal(Self.yaml(indicator: indicator, field: ", sample: [9, 3]"))
        #expect(reversed == StandardMessage.sampleOutOfRange(field: "n", low: 9, high: 3).localized.en)
        let below = Self.refusal(Self.yaml(indicator: indicator, field: ", sample: [-1, 3]"))
        #expect(below == StandardMessage.sampleOutOfRange(field: "n", low: -1, high: 3).localized.en)
        let one = Self.refusal(Self.yaml(indicator: indicator, field: ", sample: [3]"))
        #expect(one == StandardMessage.sampleNotPair(field: "n").localized.en)
        let rules = try RulebookLoader.load(yaml: Self.yaml(indicator: indicator, field: ", sample: [40, 45]"), file: "k.yaml")
        var generator = CohortGenerator(count: 30, seed: 7)
        generator.missingRate = 0
        let rows = CompareTests.records(generator.csv(for: rules).text).dropFirst()
        let values = rows.compactMap { Int($0[2]) }
        #expect(values.count == 30 && values.allSatisfy { (40...45).contains($0) })
    }

    @Test func catalogueHasBothLanguagesForEveryCase() {
        for message in StandardMessage.examples {
            #expect(!message.text(.zh).isEmpty && !message.text(.en).isEmpty && message.text(.zh) != message.text(.en))
        }
    }
}

/// The same counties under two standards: rank and total shifts, and indicators side by side only where both
/// rulebooks have them (matched by id, not by number).
@Suite struct CrossStandardCompareTests {
    static func rulebooks() throws -> (Rulebook, Rulebook) { (try Fixture.rulebook(), try Shandong2022Tests.rules()) }

    @Test func indicatorsAreMatchedByIdNotByNumber() throws {
        let (a, b) = try Self.rulebooks()
        let pairs = Comparison.pairs(a, b, sameStandard: false)
        #expect(pairs.count == 29)
        let numbers = pairs.map { (a.indicators[$0.a].number, b.indicators[$0.b].number) }
        #expect(numbers.contains { $0 == (38, 37) } && numbers.contains { $0 == (39, 38) })
        #expect(numbers.contains { $0 == (10, 9) } && numbers.contains { $0 == (28, 29) } && numbers.contains { $0 == (43, 43) })
        // 2022's 35 (服务业增加值占比) is not 2023's 35 (重点领域服务质量): neither has a counterpart.
        #expect(!numbers.contains { $0.0 == 35 || $0.1 == 35 })
        // Under one rulebook every indicator pairs with itself.
        #expect(Comparison.pairs(b, b, sameStandard: true).count == 43)
    }

    /// 甲县 reports the slogan under 2023 only (2 points), 乙县 under 2022 only, plus one other national
    /// quality honour (2 of 7 → 9 × 2 / 7 = 18/7). A: 甲 2 (1st), 乙 0 (2nd). B: 乙 2 + 18/7 (1st), 甲 0.
    @Test func aCountyPairComparedByHand() throws {
        let (rulesA, rulesB) = try Self.rulebooks()
        let a = try SK.cohort([SK.row("甲县", "济南", ["i01_slogan": "是"]), SK.row("乙县", "济南")], rulebook: rulesA)
        let b = try SK.cohort(
            [SK.row("甲县", "济南"), SK.row("乙县", "济南市", ["i01_slogan": "是", "i43_other_national": "1"])],
            rulebook: rulesB)
        let comparison = Comparison(a: a, b: b, nameA: "a.csv", nameB: "b.csv")
        #expect(comparison.crossStandard)
        let jia = try CompareTests.row(comparison, "甲县")
        let yi = try CompareTests.row(comparison, "乙县")
        #expect(jia.rankA == 1 && jia.rankB == 2 && jia.rankChange == -1 && jia.arrow == "▼1")
        #expect(yi.rankA == 2 && yi.rankB == 1 && yi.rankChange == 1 && yi.arrow == "▲1")
        #expect(close(jia.totalChange!, -2) && close(yi.totalChange!, 2 + 18.0 / 7))

        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("x.xlsx")
        try ComparisonWorkbook(comparison: comparison, toolVersion: qevalVersion).write(to: url.path)
        let book = try XLSXTestReader(url: url)
        let sheet = try book.sheet("指标差异")
        let headers = (2..<(2 + 29)).map { sheet.text(1, $0) }
        #expect(headers.count == 29 && headers.first == "1 质量口号" && headers.contains("38→37 单位增加值能耗降低率"))
        #expect(sheet.text(1, 2 + 29).isEmpty)
        let slogan = 2
        let honours = try 2 + #require(headers.firstIndex(of: "43 质量荣誉"))
        #expect(sheet.text(0, honours) == "7→9")
        let rowOf = { (county: String) in (2..<4).first { sheet.text($0, 0) == county }! }
        #expect(sheet.number(rowOf("甲县"), slogan) == -2 && sheet.number(rowOf("乙县"), slogan) == 2)
        #expect(close(sheet.number(rowOf("乙县"), honours) ?? .nan, 18.0 / 7))
        let about = try book.sheet("说明")
        let facts = Dictionary(uniqueKeysWithValues: (1..<about.rowCount).map { (about.text($0, 0), about.text($0, 1)) })
        #expect(facts["评价标准 A"]?.hasPrefix(rulesA.name + "（") == true)
        #expect(facts["评价标准 B"]?.hasPrefix(rulesB.name + "（") == true)
        let name8 = rulesA.indicators.first { $0.number == 8 }!.shortName
        let name9 = rulesA.indicators.first { $0.number == 9 }!.shortName
        #expect(facts["指标对应"]?.hasPrefix("两套标准共有的指标 29 项；仅 A 有：8 \(name8)、9 \(name9)、17 ") == true)
        #expect(try book.sheet("对比").header.contains(rulesA.name) && book.sheet("对比").header.contains(rulesB.name))
    }

    /// The two bundled samples through the command line: every county matched by county and city (济南's and
    /// 枣庄's 市中区 are two counties), each rank the one its own standard gives.
    @Test func theTwoSamplesCompareAcrossStandards() throws {
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("x.xlsx").path
        let csv = dir.appendingPathComponent("x.csv").path
        let result = try CLI.run([
            "compare", "data/sample/shandong-2023.csv", "data/sample/shandong-2022.csv", "--rules-a",
            "data/rules/shandong-2023.yaml", "--rules-b", "data/rules/shandong-2022.yaml", "--out", out, "--csv", csv,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("compared 136 counties"))
        // The runner speaks English (QEVAL_LANG=en); the Chinese rendering is the same message's other half.
        // Unmatched indicators by number and name (issue 24: numbers alone meant looking each one up).
        let (standardA, standardB) = try Self.rulebooks()
        let onlyA = [8, 9, 17, 18, 20, 22, 25, 30, 31, 32, 33, 34, 35, 37].map { n in
            "\(n) \(standardA.indicators.first { $0.number == n }!.shortName)"
        }
        let onlyB = [8, 10, 17, 18, 20, 22, 25, 28, 30, 32, 33, 34, 35, 41].map { n in
            "\(n) \(standardB.indicators.first { $0.number == n }!.shortName)"
        }
        let matched = StandardMessage.matchedIndicators(count: 29, onlyA: onlyA, onlyB: onlyB)
        #expect(result.stdout.contains(matched.localized.en), "\(result.stdout)")
        #expect(matched.localized.zh.hasPrefix("两套标准共有的指标 29 项；仅 A 有：\(onlyA[0])、\(onlyA[1])、"))
        #expect(!onlyA[0].hasSuffix(" "))
        let rows = CompareTests.records(try String(contentsOfFile: csv, encoding: .utf8)).dropFirst()
        #expect(rows.count == 136)
        let (rulesA, rulesB) = try Self.rulebooks()
        let a = try RankedCohort.load(
            input: Fixture.path("data/sample/shandong-2023.csv"), rulebook: rulesA, options: ReadOptions(), weights: nil)
        let b = try RankedCohort.load(
            input: Fixture.path("data/sample/shandong-2022.csv"), rulebook: rulesB, options: ReadOptions(), weights: nil)
        func rank(_ cohort: RankedCohort, _ county: String, _ city: String) -> String {
            let table = cohort.evaluation.table
            let row = (0..<table.count).first { table.county[$0] == county && table.city[$0] == city }!
            return cohort.ranking.rank[row].map(String.init) ?? ""
        }
        #expect(rows.filter { $0[0] == "市中区" }.count == 2)
        for r in rows {
            #expect(r[3] == rank(a, r[0], r[1]) && r[4] == rank(b, r[0], r[1]), "\(r[0])（\(r[1])）")
        }
        // With one input, or with --weights across two standards, it refuses.
        let one = try CLI.run(["compare", "data/sample/shandong-2022.csv", "--rules-b", "data/rules/shandong-2022.yaml"])
        #expect(one.status != 0 && one.stderr.contains("--rules-a / --rules-b"))
    }
}
