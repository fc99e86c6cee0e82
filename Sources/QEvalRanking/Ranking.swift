import QEvalEvaluation

/// Ranks under one scoreboard: overall, within tier, and the recognition mark (拟认定).
///
/// Totals are compared at the rulebook's `rankDecimals` (4): equal totals share a rank (1, 2, 2, 4) and
/// keep their input order. Disqualified applicants get no rank and come after the ranked ones.
public struct Ranking: Sendable {
    /// Rows in display order: ranked by total, then the disqualified in input order.
    public var order: [Int]
    public var rank: [Int?]
    public var tierRank: [Int?]
    /// Proposed for recognition: rank ≤ the rulebook's recognition count.
    public var recognised: [Bool]
    /// Rows of each tier in display order.
    public var tierOrder: [[Int]]

    public init(_ evaluation: Evaluation, _ scoreboard: Scoreboard) {
        let rulebook = evaluation.rulebook
        let n = evaluation.count
        var scale = 1.0
        for _ in 0..<rulebook.rankDecimals { scale *= 10 }
        let keys = scoreboard.totals.map { Int64(($0 * scale).rounded()) }
        let ranked = (0..<n).filter { evaluation.isRanked($0) }
        let sorted = ranked.sorted { a, b in keys[a] != keys[b] ? keys[a] > keys[b] : a < b }
        var rank = [Int?](repeating: nil, count: n)
        for (i, row) in sorted.enumerated() {
            if i > 0 && keys[sorted[i - 1]] == keys[row] {
                rank[row] = rank[sorted[i - 1]]
            } else {
                rank[row] = i + 1
            }
        }
        let disqualified = (0..<n).filter { !evaluation.isRanked($0) }
        self.order = sorted + disqualified
        self.rank = rank
        self.recognised = rank.map { r in r.map { $0 <= rulebook.recognitionCount } ?? false }

        var tierRank = [Int?](repeating: nil, count: n)
        var tierOrder: [[Int]] = []
        for t in rulebook.tiers.indices {
            let members = sorted.filter { evaluation.table.tier[$0] == t }
            for (i, row) in members.enumerated() {
                if i > 0 && keys[members[i - 1]] == keys[row] {
                    tierRank[row] = tierRank[members[i - 1]]
                } else {
                    tierRank[row] = i + 1
                }
            }
            tierOrder.append(members + disqualified.filter { evaluation.table.tier[$0] == t })
        }
        self.tierRank = tierRank
        self.tierOrder = tierOrder
    }
}
