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

/// Gates (前置指标, 一票否决) and ranking (ties, order, 拟认定, tier ranks) per scoring-policy.md.
///
/// Totals are steered with the medical rating of indicator 35 alone (every other cell empty): a rating of r
/// gives r/100 × 0.8, i.e. a total of 0.008 × r.
@Suite struct GateAndRankingTests {
    /// A county whose whole total is 0.008 × rating.
    static func rated(_ county: String, _ city: String, _ rating: String, _ cells: [String: String] = [:]) -> [String: String] {
        SK.row(county, city, cells.merging(["i35_medical_rating": rating]) { old, _ in old })
    }

    static func reasons(_ c: RankedCohort, _ county: String) -> [Disqualification] {
        c.evaluation.disqualifications[Fixture.row(c, county)]
    }

    // MARK: Prerequisite

    @Test func prerequisiteBoundaries() throws {
        let c = try SK.cohort([
            Self.rated("甲县", "济南", "50", ["pre_star3_share": "16", "pre_star4_share": "8"]),
            Self.rated("乙县", "济南", "50", ["pre_star3_share": "15.9", "pre_star4_share": "10"]),
            Self.rated("丙县", "济南", "50", ["pre_star3_share": "20", "pre_star4_share": "7.9"]),
            Self.rated("丁县", "济南", "50", ["pre_star3_share": "3", "pre_star4_share": "1"]),
        ])
        // exactly 16 and 8 pass ("不低于")
        #expect(Self.reasons(c, "甲县").isEmpty)
        #expect(SK.rank(c, "甲县") == 1)
        SK.expectTotal(c, "甲县", 0.4)  // 0.008 × 50

        let three = Self.reasons(c, "乙县")
        #expect(three.count == 1)
        #expect(three.first?.gate == .prerequisite)
        #expect(three.first?.text.hasPrefix("前置指标未达标") == true)
        #expect(three.first?.text.contains("三星") == true)
        #expect(three.first?.text.contains("15.9") == true)

        let four = Self.reasons(c, "丙县")
        #expect(four.count == 1)
        #expect(four.first?.gate == .prerequisite)
        #expect(four.first?.text.contains("四星") == true)
        #expect(four.first?.text.contains("7.9") == true)

        #expect(Self.reasons(c, "丁县").count == 2)  // both shares short: both reasons listed

        for county in ["乙县", "丙县", "丁县"] {
            #expect(SK.rank(c, county) == nil)
            #expect(SK.tierRank(c, county) == nil)
            #expect(!SK.recognised(c, county))
            SK.expectTotal(c, county, 0)  // no score
        }
    }

    @Test func emptyGateCellIsAnInputError() throws {
        #expect(throws: InputError.self) {
            try SK.cohort([SK.row("甲县", "济南", ["pre_star3_share": ""])])
        }
        #expect(throws: InputError.self) {
            try SK.cohort([SK.row("甲县", "济南", ["veto_quality": ""])])
        }
    }

    // MARK: Veto

    @Test(arguments: [
        ("veto_safety", "重大及以上生产安全事故"),
        ("veto_quality", "重大产品和服务质量事件（事故）"),
        ("veto_environment", "重大及以上突发环境事件"),
        ("veto_statistics", "统计数据不实问题"),
    ])
    func eachVetoDisqualifies(field: String, label: String) throws {
        let c = try SK.cohort([
            Self.rated("甲县", "济南", "90", [field: "是"]),
            Self.rated("乙县", "济南", "10"),
        ])
        let reasons = Self.reasons(c, "甲县")
        #expect(reasons.count == 1)
        #expect(reasons.first?.gate == .veto)
        #expect(reasons.first?.text == "一票否决：" + label)
        #expect(SK.rank(c, "甲县") == nil)
        #expect(!SK.recognised(c, "甲县"))
        SK.expectTotal(c, "甲县", 0)
        // the other county is ranked first alone, and the vetoed one (higher data) comes after it
        #expect(SK.rank(c, "乙县") == 1)
        #expect(SK.order(c) == ["乙县", "甲县"])
    }

    @Test func vetoFalseWordsPass() throws {
        let c = try SK.cohort([
            Self.rated(
                "甲县", "济南", "50",
                ["veto_safety": "无", "veto_quality": "0", "veto_environment": "N", "veto_statistics": "×"])
        ])
        #expect(Self.reasons(c, "甲县").isEmpty)
        #expect(SK.rank(c, "甲县") == 1)
    }

    @Test func disqualifiedComeAfterRankedInInputOrderWithReasons() throws {
        let c = try SK.cohort([
            Self.rated("甲县", "济南", "100", ["veto_environment": "是"]),
            Self.rated("乙县", "济南", "20"),
            Self.rated("丙县", "菏泽", "100", ["pre_star4_share": "2"]),
            Self.rated("丁县", "烟台", "60"),
            Self.rated("戊县", "青岛", "100", ["veto_safety": "是", "pre_star3_share": "1"]),
        ])
        // ranked: 丁 0.48 (1), 乙 0.16 (2); then the disqualified in input order: 甲, 丙, 戊
        #expect(SK.order(c) == ["丁县", "乙县", "甲县", "丙县", "戊县"])
        #expect(SK.rank(c, "丁县") == 1)
        #expect(SK.rank(c, "乙县") == 2)
        #expect(Self.reasons(c, "甲县").map(\.text) == ["一票否决：重大及以上突发环境事件"])
        #expect(Self.reasons(c, "丙县").first?.text.contains("四星市场监管所占比不低于8%") == true)
        // both gates failed: the prerequisite and the veto are both listed
        #expect(Set(Self.reasons(c, "戊县").map(\.gate)) == [.prerequisite, .veto])
        #expect(c.ranking.recognised == [false, true, false, true, false])
    }

    // MARK: Ties

    @Test func tiesShareARankOneTwoTwoFourInInputOrder() throws {
        let c = try SK.cohort([
            Self.rated("甲县", "济南", "50"),  // 0.4
            Self.rated("乙县", "济南", "62.5"),  // 0.5
            Self.rated("丙县", "济南", "50"),  // 0.4
            Self.rated("丁县", "济南", "25"),  // 0.2
        ])
        #expect(SK.rank(c, "乙县") == 1)
        #expect(SK.rank(c, "甲县") == 2)
        #expect(SK.rank(c, "丙县") == 2)
        #expect(SK.rank(c, "丁县") == 4)  // 1, 2, 2, 4 — not 3
        #expect(SK.order(c) == ["乙县", "甲县", "丙县", "丁县"])  // tied 甲, 丙 in input order
    }

    @Test func tiedCountiesKeepInputOrderWhateverItIs() throws {
        let c = try SK.cohort([
            Self.rated("丙县", "济南", "50"),
            Self.rated("乙县", "济南", "62.5"),
            Self.rated("甲县", "济南", "50"),
        ])
        #expect(SK.order(c) == ["乙县", "丙县", "甲县"])
        #expect(SK.rank(c, "丙县") == 2)
        #expect(SK.rank(c, "甲县") == 2)
    }

    @Test func totalsAreComparedAtFourDecimals() throws {
        let c = try SK.cohort([
            Self.rated("甲县", "济南", "50"),  // 0.8 × 0.5 = 0.4
            Self.rated("乙县", "济南", "50.00125"),  // 0.8 × 0.5000125 = 0.40001 → 0.4000 at 4 decimals: tie
            Self.rated("丙县", "济南", "50.0125"),  // 0.8 × 0.500125 = 0.4001 → above
        ])
        SK.expectTotal(c, "乙县", 0.40001)  // full precision is kept inside
        #expect(SK.rank(c, "丙县") == 1)
        #expect(SK.rank(c, "甲县") == 2)
        #expect(SK.rank(c, "乙县") == 2)
        #expect(SK.order(c) == ["丙县", "甲县", "乙县"])
    }

    @Test func equalTotalsReachedByDifferentSumsTie() throws {
        let c = try SK.cohort([
            // 0.1 (indicator 17: 4 metrologists) + 0.2 (indicator 34: 1 structure award) = 0.30000000000000004
            SK.row("甲县", "济南", ["i17_metrologists": "4", "i34_structure_award": "1"]),
            // 0.3 (indicator 34: 1 non-residential 泰山杯)
            SK.row("乙县", "济南", ["i34_taishan_other": "1"]),
            SK.row("丙县", "济南", ["i34_taishan_residential": "1"]),  // 0.4
        ])
        SK.expectTotal(c, "甲县", 0.3)
        SK.expectTotal(c, "乙县", 0.3)
        #expect(SK.rank(c, "丙县") == 1)
        #expect(SK.rank(c, "甲县") == 2)
        #expect(SK.rank(c, "乙县") == 2)
    }

    // MARK: 拟认定 (top 10 in the 2023 rulebook)

    /// Twelve counties with distinct totals 0.008 × (100 − 5k), given in reverse order.
    @Test func exactlyTheTopTenAreRecognised() throws {
        var rows: [[String: String]] = []
        for k in (0..<12).reversed() { rows.append(Self.rated("县\(k + 1)", "济南", "\(100 - 5 * k)")) }
        let c = try SK.cohort(rows)
        #expect(try SK.shandong().recognitionCount == 10)
        for k in 0..<12 {
            #expect(SK.rank(c, "县\(k + 1)") == k + 1)
            #expect(SK.recognised(c, "县\(k + 1)") == (k < 10), "县\(k + 1)")
        }
        #expect(c.ranking.recognised.filter { $0 }.count == 10)
    }

    /// The 10th and 11th tie: both have rank 10, and the engine marks rank ≤ 10, so 11 counties are marked.
    @Test func tieAtTheRecognitionBoundaryMarksBoth() throws {
        var rows: [[String: String]] = []
        for k in 0..<10 { rows.append(Self.rated("县\(k + 1)", "济南", "\(100 - 5 * k)")) }  // ranks 1–10, last 55
        rows.append(Self.rated("县11", "济南", "55"))  // ties with 县10
        rows.append(Self.rated("县12", "济南", "40"))
        let c = try SK.cohort(rows)
        #expect(SK.rank(c, "县10") == 10)
        #expect(SK.rank(c, "县11") == 10)
        #expect(SK.rank(c, "县12") == 12)
        #expect(SK.recognised(c, "县10"))
        #expect(SK.recognised(c, "县11"))
        #expect(!SK.recognised(c, "县12"))
        #expect(c.ranking.recognised.filter { $0 }.count == 11)
    }

    /// A tie straddling the boundary (positions 9, 10, 11 share rank 9): all three are marked; the next,
    /// rank 12, is not.
    @Test func tieStraddlingTheBoundary() throws {
        var rows: [[String: String]] = []
        for k in 0..<8 { rows.append(Self.rated("县\(k + 1)", "济南", "\(100 - 5 * k)")) }  // ranks 1–8, last 65
        for k in 9...11 { rows.append(Self.rated("县\(k)", "济南", "60")) }
        rows.append(Self.rated("县12", "济南", "50"))
        let c = try SK.cohort(rows)
        for k in 9...11 {
            #expect(SK.rank(c, "县\(k)") == 9)
            #expect(SK.recognised(c, "县\(k)"))
        }
        #expect(SK.rank(c, "县12") == 12)
        #expect(!SK.recognised(c, "县12"))
    }

    @Test func disqualifiedDoNotTakeARecognitionPlace() throws {
        var rows: [[String: String]] = []
        rows.append(Self.rated("否决县", "济南", "100", ["veto_quality": "是"]))
        for k in 0..<11 { rows.append(Self.rated("县\(k + 1)", "济南", "\(90 - 5 * k)")) }
        let c = try SK.cohort(rows)
        #expect(!SK.recognised(c, "否决县"))
        #expect(SK.recognised(c, "县10"))  // rank 10 among the ranked
        #expect(!SK.recognised(c, "县11"))
    }

    // MARK: Tier ranks

    @Test func tierRanksRankWithinEachTier() throws {
        let c = try SK.cohort([
            Self.rated("甲县", "济南", "62.5"),  // 0.5
            Self.rated("乙县", "菏泽", "87.5"),  // 0.7
            Self.rated("丙县", "青岛", "75"),  // 0.6
            Self.rated("丁县", "菏泽", "37.5"),  // 0.3
            Self.rated("戊县", "烟台", "12.5"),  // 0.1
            Self.rated("己县", "济南", "62.5"),  // 0.5, ties with 甲
            Self.rated("庚县", "青岛", "100", ["veto_safety": "是"]),
        ])
        // overall: 乙 1, 丙 2, 甲 3, 己 3, 丁 5, 戊 6
        #expect(["乙县", "丙县", "甲县", "己县", "丁县", "戊县"].map { SK.rank(c, $0) } == [1, 2, 3, 3, 5, 6])
        // tier 1 (济南, 青岛): 丙 1, 甲 2, 己 2; 庚 disqualified
        #expect(SK.tierRank(c, "丙县") == 1)
        #expect(SK.tierRank(c, "甲县") == 2)
        #expect(SK.tierRank(c, "己县") == 2)
        #expect(SK.tierRank(c, "庚县") == nil)
        // tier 2: 戊 alone; tier 3: 乙 1, 丁 2
        #expect(SK.tierRank(c, "戊县") == 1)
        #expect(SK.tierRank(c, "乙县") == 1)
        #expect(SK.tierRank(c, "丁县") == 2)
        let names = { (rows: [Int]) in rows.map { c.evaluation.table.county[$0] } }
        #expect(names(c.ranking.tierOrder[0]) == ["丙县", "甲县", "己县", "庚县"])
        #expect(names(c.ranking.tierOrder[1]) == ["戊县"])
        #expect(names(c.ranking.tierOrder[2]) == ["乙县", "丁县"])
    }
}
