/// Scores under one set of points (weights): score = share × points, per the scoring policy.
public struct Scoreboard: Sendable {
    /// Points per indicator (the rulebook's, or adjusted).
    public var points: [Double]
    /// `scores[indicator][row]`
    public var scores: [[Double]]
    /// `subtotals[category][row]`, categories in the rulebook's order.
    public var subtotals: [[Double]]
    public var totals: [Double]

    public var maximum: Double { points.reduce(0, +) }

    public init(_ evaluation: Evaluation, points: [Double]? = nil) {
        let rulebook = evaluation.rulebook
        let points = points ?? rulebook.defaultPoints
        precondition(points.count == rulebook.indicators.count, "one point value per indicator")
        let n = evaluation.count
        self.points = points
        var scores = [[Double]](repeating: [], count: points.count)
        var subtotals = [[Double]](repeating: [Double](repeating: 0, count: n), count: rulebook.categories.count)
        var totals = [Double](repeating: 0, count: n)
        let categoryOf = rulebook.indicators.map { rulebook.categories.firstIndex(of: $0.category)! }
        for k in points.indices {
            let p = points[k]
            let column = evaluation.shares[k].map { $0 * p }
            let c = categoryOf[k]
            for row in 0..<n {
                subtotals[c][row] += column[row]
                totals[row] += column[row]
            }
            scores[k] = column
        }
        self.scores = scores
        self.subtotals = subtotals
        self.totals = totals
    }
}
