import Foundation
import QEval

/// The re-weighting endpoint's arithmetic: points from the page, checked, then the cached evaluation
/// re-scored and re-ranked (the same Scoreboard and Ranking the CLI uses for `--weights`).
enum Reweigh {
    /// The page's points (indicator number → points); indicators not sent keep the standard's points. Each
    /// must be finite, from 0 to the standard's total, and their sum within `limits.pointsSumRange` of it.
    static func points(_ given: [String: Double], rulebook: Rulebook, limits: WebLimits = WebLimits()) throws -> [Double] {
        var points = rulebook.defaultPoints
        let numbers = Dictionary(uniqueKeysWithValues: rulebook.indicators.enumerated().map { ($1.number, $0) })
        for (key, value) in given {
            guard let number = Int(key), let k = numbers[number] else {
                throw WebError(.badRequest, WebMessage.unknownIndicator(key))
            }
            guard value.isFinite, value >= 0, value <= rulebook.totalPoints else {
                throw WebError(
                    .badRequest,
                    WebMessage.badPoints(number: number, value: Points.format(value)))
            }
            points[k] = value
        }
        let sum = points.reduce(0, +)
        let low = rulebook.totalPoints * limits.pointsSumRange.lowerBound
        let high = rulebook.totalPoints * limits.pointsSumRange.upperBound
        guard sum >= low, sum <= high else {
            throw WebError(
                .badRequest,
                WebMessage.pointsSumOutOfRange(sum: Points.format(sum), low: Points.format(low), high: Points.format(high)))
        }
        return points
    }

    struct Row: Encodable {
        /// The applicant's row in the upload (the page's `data-row`).
        var row: Int
        var rank: Int?
        var tierRank: Int?
        var total: Double?
        /// Places moved against the standard's points: positive is up (`Comparison.Row.rankChange`).
        var shift: Int?
        /// The move as every page and workbook shows it (`Comparison.Row.arrow`): "▲3", "▼2", "—".
        var arrow: String
        /// "up", "down", "same" or nil, for the page's colours.
        var direction: String?
        var recognised: Bool
    }

    struct Result: Encodable {
        var maximum: Double
        var standardMaximum: Double
        /// Points per category, in the rulebook's order.
        var subtotals: [Double]
        /// Rows in the new ranking's order.
        var rows: [Row]
        var moved: Int
        var entering: [String]
        var leaving: [String]
    }

    /// The re-weighted ranking against the standard's: every shift, count and name from `Comparison`.
    static func result(base: RankedCohort, points: [Double]) -> Result {
        let cohort = base.reweighted(points)
        let rulebook = base.rulebook
        var subtotals = [Double](repeating: 0, count: rulebook.categories.count)
        for (k, indicator) in rulebook.indicators.enumerated() {
            subtotals[rulebook.categories.firstIndex(of: indicator.category)!] += points[k]
        }
        let comparison = Comparison(a: base, b: cohort, nameA: "", nameB: "")
        let rows = comparison.rows.compactMap { r -> Row? in
            guard let row = r.rowB else { return nil }
            return Row(
                row: row, rank: r.rankB, tierRank: cohort.ranking.tierRank[row],
                total: r.totalB.map { ($0 * 10000).rounded() / 10000 }, shift: r.rankChange,
                arrow: r.rankChange == nil ? "" : r.arrow, direction: r.direction?.rawValue, recognised: r.recognisedB)
        }
        return Result(
            maximum: points.reduce(0, +), standardMaximum: rulebook.totalPoints, subtotals: subtotals, rows: rows,
            moved: comparison.summary.moved, entering: comparison.entering.map(\.name),
            leaving: comparison.leaving.map(\.name))
    }
}
