import QEvalEvaluation

/// One draw's computation — points → totals → ranks — for the ranked counties only, written for speed:
/// flat arrays, no allocation per draw. Totals are summed indicator by indicator, in the rulebook's order,
/// as `Scoreboard` does, and ranked as `Ranking` does (totals compared at the rulebook's decimals, equal
/// totals share a rank, input order breaks ties); `RobustnessTests` checks that both agree.
struct DrawEngine: Sendable {
    /// Ranked counties (their evaluation rows, in input order).
    let rows: [Int]
    let indicatorCount: Int
    /// `shares[k * count + i]`: county i's share of indicator k.
    let shares: [Double]
    /// The centre points, before rescaling.
    let centre: [Double]
    /// The standard's total (100): every draw's points are rescaled to it.
    let standardTotal: Double
    /// 10^rankDecimals.
    let scale: Double
    let tier: [Int]
    /// Position of each county among its tier's ranked counties.
    let tierPosition: [Int]
    let tierSize: [Int]
    /// Bits the county index takes in a packed sort key.
    let indexBits: Int

    var count: Int { rows.count }

    init(evaluation: Evaluation, centre: [Double]) {
        let rulebook = evaluation.rulebook
        rows = (0..<evaluation.count).filter { evaluation.isRanked($0) }
        indicatorCount = rulebook.indicators.count
        var flat = [Double](repeating: 0, count: indicatorCount * rows.count)
        for k in 0..<indicatorCount {
            for (i, row) in rows.enumerated() { flat[k * rows.count + i] = evaluation.shares[k][row] }
        }
        shares = flat
        self.centre = centre
        standardTotal = rulebook.totalPoints
        var s = 1.0
        for _ in 0..<rulebook.rankDecimals { s *= 10 }
        scale = s
        tier = rows.map { evaluation.table.tier[$0] }
        var sizes = [Int](repeating: 0, count: rulebook.tiers.count)
        var position = [Int](repeating: 0, count: rows.count)
        for (i, t) in tier.enumerated() {
            position[i] = sizes[t]
            sizes[t] += 1
        }
        tierPosition = position
        tierSize = sizes
        var bits = 1
        while (1 << bits) < max(2, rows.count) { bits += 1 }
        indexBits = bits
    }

    /// Buffers one thread reuses for every draw.
    struct Workspace {
        var points: [Double]
        var totals: [Double]
        var packed: [UInt64]
        var keys: [Int64]
        var order: [Int]
        var rank: [Int32]
        var tierRank: [Int32]
        var tierSeen: [Int32]
        var tierLastKey: [Int64]
        var tierLastRank: [Int32]

        init(_ engine: DrawEngine) {
            let n = engine.count
            points = [Double](repeating: 0, count: engine.indicatorCount)
            totals = [Double](repeating: 0, count: n)
            packed = [UInt64](repeating: 0, count: n)
            keys = [Int64](repeating: 0, count: n)
            order = Array(0..<n)
            rank = [Int32](repeating: 0, count: n)
            tierRank = [Int32](repeating: 0, count: n)
            tierSeen = [Int32](repeating: 0, count: engine.tierSize.count)
            tierLastKey = [Int64](repeating: 0, count: engine.tierSize.count)
            tierLastRank = [Int32](repeating: 0, count: engine.tierSize.count)
        }
    }

    /// Points = centre × factor, rescaled so they add up to the standard's total. False when they add up
    /// to 0 (nothing left to rank by).
    @discardableResult
    func setPoints(factors: UnsafeBufferPointer<Double>, _ ws: inout Workspace) -> Bool {
        var sum = 0.0
        for k in 0..<indicatorCount {
            let p = centre[k] * factors[k]
            ws.points[k] = p
            sum += p
        }
        guard sum > 0 else { return false }
        let r = standardTotal / sum
        for k in 0..<indicatorCount { ws.points[k] *= r }
        return true
    }

    @discardableResult
    func setPoints(factors: [Double], _ ws: inout Workspace) -> Bool {
        factors.withUnsafeBufferPointer { setPoints(factors: $0, &ws) }
    }

    /// Totals = Σ share × points, then ranks and tier ranks.
    func rankDraw(_ ws: inout Workspace) {
        let n = count
        ws.totals.withUnsafeMutableBufferPointer { totals in
            ws.points.withUnsafeBufferPointer { points in
                shares.withUnsafeBufferPointer { shares in
                    // Raw pointers and no index arithmetic in the inner loop, so that it vectorises.
                    guard let out = totals.baseAddress, var column = shares.baseAddress else { return }
                    out.update(repeating: 0, count: n)
                    for k in 0..<indicatorCount {
                        let p = points[k]
                        for i in 0..<n { out[i] += column[i] * p }
                        column += n
                    }
                }
            }
        }
        rankTotals(&ws)
    }

    /// Ranks `ws.totals` in place of `Ranking` (same keys, same tie rule).
    func rankTotals(_ ws: inout Workspace) {
        let n = count
        guard n > 0 else { return }
        var lowest = Int64.max
        var highest = Int64.min
        ws.keys.withUnsafeMutableBufferPointer { keys in
            ws.totals.withUnsafeBufferPointer { totals in
                for i in 0..<n {
                    let key = Int64((totals[i] * scale).rounded())
                    keys[i] = key
                    if key < lowest { lowest = key }
                    if key > highest { highest = key }
                }
            }
        }
        // Highest key first, input order among equal keys: one integer per county, sorted plainly.
        let spread = UInt64(bitPattern: highest &- lowest)
        if indexBits < 64 && spread < (UInt64(1) << UInt64(64 - indexBits)) {
            let bits = UInt64(indexBits)
            ws.packed.withUnsafeMutableBufferPointer { packed in
                ws.keys.withUnsafeBufferPointer { keys in
                    for i in 0..<n { packed[i] = (UInt64(bitPattern: highest &- keys[i]) << bits) | UInt64(i) }
                }
            }
            ws.packed.sort()
            let mask = (UInt64(1) << bits) - 1
            ws.order.withUnsafeMutableBufferPointer { order in
                ws.packed.withUnsafeBufferPointer { packed in
                    for j in 0..<n { order[j] = Int(packed[j] & mask) }
                }
            }
        } else {
            let keys = ws.keys
            for j in 0..<n { ws.order[j] = j }
            ws.order.sort { a, b in keys[a] != keys[b] ? keys[a] > keys[b] : a < b }
        }
        // Taken out of the workspace (not copied: a copy would make every draw allocate) and put back.
        var tierSeen: [Int32] = []
        var tierLastKey: [Int64] = []
        var tierLastRank: [Int32] = []
        swap(&tierSeen, &ws.tierSeen)
        swap(&tierLastKey, &ws.tierLastKey)
        swap(&tierLastRank, &ws.tierLastRank)
        for t in tierSeen.indices { tierSeen[t] = 0 }
        ws.order.withUnsafeBufferPointer { order in
            ws.keys.withUnsafeBufferPointer { keys in
                ws.rank.withUnsafeMutableBufferPointer { rank in
                    ws.tierRank.withUnsafeMutableBufferPointer { tierRank in
                        var previousKey = Int64.min
                        var previousRank: Int32 = 0
                        for j in 0..<n {
                            let i = order[j]
                            let key = keys[i]
                            let r: Int32 = (j > 0 && key == previousKey) ? previousRank : Int32(j + 1)
                            rank[i] = r
                            previousKey = key
                            previousRank = r
                            let t = tier[i]
                            let seen = tierSeen[t]
                            let tr: Int32 = (seen > 0 && tierLastKey[t] == key) ? tierLastRank[t] : seen + 1
                            tierRank[i] = tr
                            tierSeen[t] = seen + 1
                            tierLastKey[t] = key
                            tierLastRank[t] = tr
                        }
                    }
                }
            }
        }
        swap(&tierSeen, &ws.tierSeen)
        swap(&tierLastKey, &ws.tierLastKey)
        swap(&tierLastRank, &ws.tierLastRank)
    }
}
