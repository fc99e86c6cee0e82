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

/// Helpers shared by the scoring suites (IndicatorTests, RuleKindTests, GateAndRankingTests,
/// SecondRulebookTests, PropertyTests). Built on `Fixture` from Support.swift.
enum SK {
    /// The rulebooks, each loaded once. `static let` is initialised once and thread-safely, which matters
    /// because Swift Testing runs tests in parallel.
    private static let shandongResult = Result<Rulebook, any Error> { try RulebookLoader.load(path: Fixture.rulebookPath) }
    private static let secondResult = Result<Rulebook, any Error> {
        try RulebookLoader.load(path: Fixture.fixture("rules/second.yaml"))
    }

    static func shandong() throws -> Rulebook { try shandongResult.get() }
    static func second() throws -> Rulebook { try secondResult.get() }

    /// One applicant row: county, city and the given cells; everything else empty (and the 2023 gates passing
    /// unless given — see `Fixture.csv`).
    static func row(_ county: String, _ city: String, _ cells: [String: String] = [:]) -> [String: String] {
        var row = cells
        row["county"] = county
        row["city"] = city
        return row
    }

    /// Reads, evaluates, scores and ranks `rows` under the 2023 rulebook (or `rulebook`).
    static func cohort(_ rows: [[String: String]], rulebook: Rulebook? = nil) throws -> RankedCohort {
        try Fixture.cohort(rows, rulebook: rulebook ?? shandong())
    }

    static func score(_ cohort: RankedCohort, _ county: String, _ indicator: Int) -> Double {
        Fixture.score(cohort, county: county, indicator: indicator)
    }

    static func total(_ cohort: RankedCohort, _ county: String) -> Double {
        cohort.scoreboard.totals[Fixture.row(cohort, county)]
    }

    static func rank(_ cohort: RankedCohort, _ county: String) -> Int? {
        cohort.ranking.rank[Fixture.row(cohort, county)]
    }

    static func tierRank(_ cohort: RankedCohort, _ county: String) -> Int? {
        cohort.ranking.tierRank[Fixture.row(cohort, county)]
    }

    static func recognised(_ cohort: RankedCohort, _ county: String) -> Bool {
        cohort.ranking.recognised[Fixture.row(cohort, county)]
    }

    /// Counties in display order (ranked first, then the disqualified).
    static func order(_ cohort: RankedCohort) -> [String] {
        cohort.ranking.order.map { cohort.evaluation.table.county[$0] }
    }

    /// Warnings about `county` in column `column` (a field or derived-figure key).
    static func warnings(_ cohort: RankedCohort, county: String, column: String) -> [Diagnostic] {
        let row = Fixture.row(cohort, county)
        let name = cohort.evaluation.table.name(row)
        return cohort.evaluation.diagnostics.warnings.filter { $0.applicant == name && $0.column == column }
    }

    /// `#expect` that a county's score on an indicator is the hand-worked `expected` (to 1e-9).
    static func expectScore(
        _ cohort: RankedCohort, _ county: String, _ indicator: Int, _ expected: Double,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let actual = score(cohort, county, indicator)
        #expect(
            close(actual, expected),
            "\(county), indicator \(indicator): expected \(expected), got \(actual)",
            sourceLocation: sourceLocation)
    }

    static func expectTotal(
        _ cohort: RankedCohort, _ county: String, _ expected: Double, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let actual = total(cohort, county)
        #expect(close(actual, expected), "\(county) total: expected \(expected), got \(actual)", sourceLocation: sourceLocation)
    }
}
