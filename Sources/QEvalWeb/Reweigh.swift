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
        /// Places moved against the standard's points: positive is up.
        var shift: Int?
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

    static func result(base: RankedCohort, points: [Double]) -> Result {
        let cohort = base.reweighted(points)
        let rulebook = base.rulebook
        var subtotals = [Double](repeating: 0, count: rulebook.categories.count)
        for (k, indicator) in rulebook.indicators.enumerated() {
            subtotals[rulebook.categories.firstIndex(of: indicator.category)!] += points[k]
        }
        let e = cohort.evaluation
        var moved = 0
        let rows = cohort.ranking.order.map { row -> Row in
            let rank = cohort.ranking.rank[row]
            let before = base.ranking.rank[row]
            let shift = rank.flatMap { r in before.map { $0 - r } }
            if let shift, shift != 0 { moved += 1 }
            return Row(
                row: row, rank: rank, tierRank: cohort.ranking.tierRank[row],
                total: e.isRanked(row) ? (cohort.board.totals[row] * 10000).rounded() / 10000 : nil, shift: shift,
                recognised: cohort.ranking.recognised[row])
        }
        let n = e.count
        let entering = (0..<n).filter { cohort.ranking.recognised[$0] && !base.ranking.recognised[$0] }
        let leaving = (0..<n).filter { !cohort.ranking.recognised[$0] && base.ranking.recognised[$0] }
        return Result(
            maximum: points.reduce(0, +), standardMaximum: rulebook.totalPoints, subtotals: subtotals, rows: rows,
            moved: moved, entering: entering.map { e.table.name($0) }, leaving: leaving.map { e.table.name($0) })
    }
}
