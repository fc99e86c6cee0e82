import Foundation
import PropertyBased
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

/// Properties of scoring that hold for any cohort: order does not matter, a better efficacy figure never
/// scores less, every score lies in [0, points], and the total is the sum of the indicator scores.
@Suite struct PropertyTests {
    /// The bundled sample (136 counties, synthetic figures, 4 disqualified, a few empty cells).
    static let sample = Result<ApplicantTable, any Error> {
        let rules = try RulebookLoader.load(path: Fixture.rulebookPath)
        var diagnostics = Diagnostics()
        return try InputReader.read(path: Fixture.path(BundledFiles.sampleRelative), rulebook: rules, diagnostics: &diagnostics)
    }

    /// A generated cohort for a seed, read the same way as a file.
    static func generated(count: Int, seed: UInt64) throws -> ApplicantTable {
        let rules = try SK.shandong()
        var diagnostics = Diagnostics()
        let text = CohortGenerator(count: count, seed: seed).csv(for: rules).text
        return try InputReader.read(bytes: Array(text.utf8), file: "generated.csv", rulebook: rules, diagnostics: &diagnostics)
    }

    static func scoreboard(_ table: ApplicantTable) throws -> (Evaluation, Scoreboard) {
        let evaluation = Evaluator.evaluate(table, rulebook: try SK.shandong())
        return (evaluation, Scoreboard(evaluation))
    }

    /// Single-figure and multi-figure efficacy inputs of 2023 that only ever raise a figure they feed:
    /// (field key, indicator number).
    static let efficacyInputs: [(String, Int)] = [
        ("i17_public_standards", 17), ("i17_class_a_coverage", 17), ("i18_energy_review_coverage", 18),
        ("i19_smes_helped_prev1", 19), ("i20_voluntary_cert_coverage", 20), ("i22_initial_check_rate", 22),
        ("i22_mediation_rate", 22), ("i26_disposal_rate", 26), ("i26_referral_rate", 26), ("i31_rd_intensity", 31),
        ("i32_green_building_area", 32), ("i33_prefab_building_area", 33), ("i35_nursing_beds", 35),
        ("i35_teachers", 35), ("i35_culture_area", 35), ("i35_tourism_rating", 35), ("i36_service_firms", 36),
        ("i36_service_revenue", 36), ("i38_energy_intensity_drop", 38), ("i39_good_air_days", 39),
        ("i39_pm25_improvement", 39), ("i40_hightech_share", 40), ("i41_patents_prev1", 41),
        ("i42_national_first_lead", 42), ("i42_provincial_second_joint", 42),
    ]

    @Test func sampleLoads() throws {
        let table = try Self.sample.get()
        #expect(table.count == 136)
        let (evaluation, _) = try Self.scoreboard(table)
        #expect((0..<table.count).filter { !evaluation.isRanked($0) }.count == 4)  // data/sample/README.md
    }

    @Test func shufflingRowsChangesNoScore() async throws {
        let table = try Self.sample.get()
        let (_, base) = try Self.scoreboard(table)
        let key = { (t: ApplicantTable, row: Int) in t.county[row] + "|" + t.city[row] }
        var baseRow: [String: Int] = [:]
        for row in 0..<table.count { baseRow[key(table, row)] = row }
        await propertyCheck(count: 25, input: Gen<[Int]>.shuffled(Array(0..<table.count))) { order in
            let shuffled = table.reordered(order)
            let (_, scoreboard) = try Self.scoreboard(shuffled)
            for row in 0..<shuffled.count {
                let original = baseRow[key(shuffled, row)]!
                for k in scoreboard.scores.indices where scoreboard.scores[k][row] != base.scores[k][original] {
                    Issue.record(
                        "indicator #\(k + 1) of \(shuffled.county[row]): \(scoreboard.scores[k][row]) ≠ \(base.scores[k][original])"
                    )
                }
                #expect(scoreboard.totals[row] == base.totals[original])
            }
        }
    }

    @Test func shufflingAGeneratedCohortChangesNoRank() async throws {
        await propertyCheck(count: 10, input: Gen.int(in: 1...10_000)) { seed in
            let table = try Self.generated(count: 40, seed: UInt64(seed))
            let base = RankedCohort(evaluation: Evaluator.evaluate(table, rulebook: try SK.shandong()))
            var order = Array(0..<table.count)
            var rng = SeededGenerator(seed: UInt64(seed) &* 7919)
            order.shuffle(using: &rng)
            let shuffled = RankedCohort(evaluation: Evaluator.evaluate(table.reordered(order), rulebook: try SK.shandong()))
            for (newRow, oldRow) in order.enumerated() {
                #expect(shuffled.ranking.rank[newRow] == base.ranking.rank[oldRow])
                #expect(shuffled.ranking.tierRank[newRow] == base.ranking.tierRank[oldRow])
                #expect(shuffled.scoreboard.totals[newRow] == base.scoreboard.totals[oldRow])
            }
        }
    }

    @Test func raisingOneEfficacyFigureNeverLowersThatScore() async throws {
        let table = try Self.sample.get()
        let rules = try SK.shandong()
        let (_, base) = try Self.scoreboard(table)
        await propertyCheck(
            count: 150, input: Gen.int(in: 0...(table.count - 1)), Gen.int(in: 0...(Self.efficacyInputs.count - 1)),
            Gen.double(in: 0.001...50)
        ) { row, which, increase in
            let (key, number) = Self.efficacyInputs[which]
            let f = rules.fieldIndex[key]!
            let k = rules.indicators.firstIndex { $0.number == number }!
            var raised = table
            if raised.present[f][row] {
                var v = raised.values[f][row] + increase
                if rules.fields[f].type == .count { v = raised.values[f][row] + increase.rounded(.up) }
                raised.values[f][row] = v
            } else {
                raised.present[f][row] = true
                raised.values[f][row] = increase
            }
            let (_, scoreboard) = try Self.scoreboard(raised)
            #expect(
                scoreboard.scores[k][row] >= base.scores[k][row] - 1e-12,
                "\(table.county[row]) \(key) +\(increase): indicator \(number) \(base.scores[k][row]) → \(scoreboard.scores[k][row])"
            )
        }
    }

    @Test func everyScoreIsWithinZeroAndItsPoints() async throws {
        await propertyCheck(count: 15, input: Gen.int(in: 1...100_000)) { seed in
            let table = try Self.generated(count: 60, seed: UInt64(seed))
            let (evaluation, scoreboard) = try Self.scoreboard(table)
            let rules = evaluation.rulebook
            for (k, indicator) in rules.indicators.enumerated() {
                for row in 0..<table.count {
                    let s = scoreboard.scores[k][row]
                    #expect(s.isFinite && s >= 0 && s <= indicator.points + 1e-12, "indicator \(indicator.number): \(s)")
                    if !evaluation.isRanked(row) { #expect(s == 0) }
                }
            }
        }
    }

    @Test func totalIsTheSumOfIndicatorScores() async throws {
        let sample = try Self.sample.get()
        await propertyCheck(count: 15, input: Gen.int(in: 0...100_000)) { seed in
            // seed 0 stands for the bundled sample
            let table = seed == 0 ? sample : try Self.generated(count: 50, seed: UInt64(seed))
            let (evaluation, scoreboard) = try Self.scoreboard(table)
            for row in 0..<table.count {
                let sum = scoreboard.scores.reduce(0.0) { $0 + $1[row] }
                #expect(abs(scoreboard.totals[row] - sum) <= 1e-9)
                let subtotal = scoreboard.subtotals.reduce(0.0) { $0 + $1[row] }
                #expect(abs(scoreboard.totals[row] - subtotal) <= 1e-9)
                #expect(scoreboard.totals[row] <= evaluation.rulebook.totalPoints + 1e-9)
            }
        }
    }

    /// Re-weighting scales each indicator's share: score = share × new points.
    @Test func reweightingKeepsShares() async throws {
        let table = try Self.sample.get()
        let rules = try SK.shandong()
        let evaluation = Evaluator.evaluate(table, rulebook: rules)
        await propertyCheck(count: 20, input: Gen.double(in: 0.5...10).array(of: rules.indicators.count)) { points in
            let scoreboard = Scoreboard(evaluation, points: points)
            let base = Scoreboard(evaluation)
            for k in rules.indicators.indices {
                for row in 0..<table.count {
                    let share = base.scores[k][row] / rules.indicators[k].points
                    #expect(abs(scoreboard.scores[k][row] - share * points[k]) <= 1e-9)
                }
            }
        }
    }
}
