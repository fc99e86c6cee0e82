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

/// Paths and builders the tests share.
enum Fixture {
    /// The package root (two folders above this file's folder).
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// `../shared` beside the package (the standard, the field spec, the conformance suites).
    static func shared(_ relative: String) -> String {
        root.deletingLastPathComponent().appendingPathComponent("shared").appendingPathComponent(relative).path
    }

    /// A file under Tests/QEvalTests/Fixtures.
    static func fixture(_ relative: String) -> String { path("Tests/QEvalTests/Fixtures/" + relative) }

    static let rulebookPath = path("data/rules/shandong-2023.yaml")

    /// The bundled 2023 rulebook, loaded once (a `static let` is initialised once, safely, even when
    /// tests run in parallel).
    static let loaded: Result<Rulebook, RulebookError> = Result { () throws(RulebookError) in
        try RulebookLoader.load(path: rulebookPath)
    }
    static func rulebook() throws -> Rulebook { try loaded.get() }

    /// Gate values that pass: three-star 20%, four-star 10%, no veto.
    static let passingGates: [String: String] = [
        "pre_star3_share": "20", "pre_star4_share": "10", "veto_safety": "否", "veto_quality": "否",
        "veto_environment": "否", "veto_statistics": "否",
    ]

    /// CSV text with every field of `rulebook` as a column; each row sets the given keys, passes the gates
    /// unless it sets them, and leaves everything else empty ("not reported").
    static func csv(_ rows: [[String: String]], rulebook: Rulebook) -> String {
        var out = CSVOutput()
        out.header(rulebook.fields.map(\.key))
        for row in rows {
            out.append(
                rulebook.fields.map { field in
                    let value = row[field.key] ?? passingGates[field.key] ?? ""
                    return value.isEmpty ? .empty : .formatted(CSVReader.quote(value))
                })
        }
        return out.text
    }

    /// Reads, evaluates, scores and ranks `rows` (see `csv`). Throws the input errors, if any.
    static func cohort(
        _ rows: [[String: String]], rulebook: Rulebook? = nil, points: [Double]? = nil
    ) throws -> RankedCohort {
        let rules = try rulebook ?? Fixture.rulebook()
        var diagnostics = Diagnostics()
        let table = try InputReader.read(
            bytes: Array(csv(rows, rulebook: rules).utf8), file: "test.csv", rulebook: rules, diagnostics: &diagnostics)
        return RankedCohort(evaluation: Evaluator.evaluate(table, rulebook: rules, diagnostics: diagnostics), points: points)
    }

    /// Row `county`'s score on indicator `number` (share × points).
    static func score(_ cohort: RankedCohort, county: String, indicator number: Int) -> Double {
        let row = cohort.evaluation.table.county.firstIndex(of: county)!
        let k = cohort.rulebook.indicators.firstIndex { $0.number == number }!
        return cohort.scoreboard.scores[k][row]
    }

    static func row(_ cohort: RankedCohort, _ county: String) -> Int {
        cohort.evaluation.table.county.firstIndex(of: county)!
    }
}

/// Floating-point comparison for hand-worked numbers (they are exact to far better than 1e-9).
func close(_ a: Double, _ b: Double, tolerance: Double = 1e-9) -> Bool { abs(a - b) <= tolerance }
