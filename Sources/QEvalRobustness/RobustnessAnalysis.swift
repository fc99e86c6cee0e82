import Dispatch
import Foundation
import QEvalPipeline
import QEvalSupport

/// The Robustness stage: how the ranking moves when every indicator's points are uncertain.
///
/// Uncertainty: each draw multiplies every indicator's points by an independent factor, uniform in
/// [1 − S, 1 + S], rescales them to the standard's total, scores (Σ share × points; shares do not depend on
/// points) and ranks as the policy ranks. Per county: rank intervals and the chance of recognition.
/// Sensitivity: first-order and total indices per indicator (Saltelli design, Jansen estimators) of the
/// number of counties leaving the recognised set and of each borderline county's rank. One at a time:
/// each indicator dropped (points 0, the rest rescaled), with the counties that enter or leave.
///
/// Draws come in chunks, each from its own generator (the seed and the chunk's number), and every sum is
/// either of integers or taken in chunk order: the result is the same for any number of threads.
public struct RobustnessAnalysis: Sendable {
    public var cohort: RankedCohort
    public var settings: RobustnessSettings

    /// Draws per chunk of the uncertainty analysis, and base samples per chunk of the sensitivity design.
    static let drawChunk = 256
    static let sensitivityChunk = 4
    /// At most this many borderline counties get their own sensitivity output.
    static let borderlineLimit = 12

    public init(cohort: RankedCohort, settings: RobustnessSettings = RobustnessSettings()) {
        self.cohort = cohort
        self.settings = settings
    }

    /// Runs the analysis; `progress(done, total)` is called from worker threads after each chunk, in
    /// rankings computed. When `cancelled()` turns true the workers stop after their current chunk and the
    /// run throws `.cancelled`.
    public func run(
        progress: (@Sendable (Int, Int) -> Void)? = nil, cancelled: (@Sendable () -> Bool)? = nil
    ) throws(RobustnessError) -> RobustnessResult {
        let rulebook = cohort.rulebook
        let centre = cohort.scoreboard.points
        let sum = centre.reduce(0, +)
        guard sum != 0 else { throw RobustnessError([.zeroPoints]) }
        // Every draw rescales the points by standard total / sum: a sum of 5e-324 makes that infinite and
        // every total with it, which no rank can be made of.
        guard centre.allSatisfy({ $0.isFinite && $0 >= 0 }), sum.isFinite, (rulebook.totalPoints / sum).isFinite else {
            throw RobustnessError([.pointsUnusable])
        }
        // The command line and the web parse into `samplesRange`; a caller of the library may ask for fewer.
        guard (1...RobustnessSettings.samplesRange.upperBound).contains(settings.samples) else {
            throw RobustnessError([.badSamples(String(settings.samples))])
        }
        guard settings.sensitivitySamples <= RobustnessSettings.sensitivitySamplesRange.upperBound else {
            throw RobustnessError([.badSensitivitySamples(String(settings.sensitivitySamples))])
        }
        guard settings.spread >= 0 && settings.spread < 1 else {
            throw RobustnessError([.badSpread(Wording.number(settings.spread))])
        }
        let engine = DrawEngine(evaluation: cohort.evaluation, centre: centre)
        let m = engine.count
        guard m > 0 else { throw RobustnessError([.nothingRanked]) }
        let k = engine.indicatorCount
        let recognition = rulebook.recognitionCount

        // The centre points, rescaled to the standard's total like every draw.
        var ws = DrawEngine.Workspace(engine)
        _ = engine.setPoints(factors: [Double](repeating: 1, count: k), &ws)
        engine.rankDraw(&ws)
        let centrePoints = ws.points
        let centreTotals = ws.totals
        let centreRank = ws.rank.map(Int.init)
        let centreTierRank = ws.tierRank.map(Int.init)
        let centreRecognised = (0..<m).filter { centreRank[$0] <= recognition }

        let sensitivityOn = settings.spread > 0
        let total = settings.samples + (sensitivityOn ? settings.sensitivitySamples * (k + 2) : 0)
        let counter = Progress(total: total, report: progress, cancelled: cancelled)

        let clock = ContinuousClock()
        let drawsStarted = clock.now
        let draws = uncertainty(engine, centreRecognised: centreRecognised, recognition: recognition, counter: counter)
        var timings = RobustnessResult.Timings()
        timings.draws = clock.now - drawsStarted
        if counter.isCancelled { throw RobustnessError([.cancelled]) }

        // Per county, from the histograms.
        var tierOffset = [Int](repeating: 0, count: engine.tierSize.count)
        var offset = 0
        for t in engine.tierSize.indices {
            tierOffset[t] = offset
            offset += engine.tierSize[t] * engine.tierSize[t]
        }
        let n = settings.samples
        var counties: [RobustnessResult.County] = []
        counties.reserveCapacity(m)
        let table = cohort.evaluation.table
        for i in 0..<m {
            let histogram = draws.ranks[(i * m)..<((i + 1) * m)]
            let size = engine.tierSize[engine.tier[i]]
            let start = tierOffset[engine.tier[i]] + engine.tierPosition[i] * size
            let tierHistogram = draws.tierRanks[start..<(start + size)]
            let recognised = histogram.prefix(min(recognition, m)).reduce(0) { $0 + Int($1) }
            let row = engine.rows[i]
            counties.append(
                RobustnessResult.County(
                    row: row, county: table.county[row], city: table.city[row], tier: engine.tier[i],
                    total: centreTotals[i], rank: centreRank[i], medianRank: Self.quantile(histogram, 50, of: n),
                    p5Rank: Self.quantile(histogram, 5, of: n), p95Rank: Self.quantile(histogram, 95, of: n),
                    recognisedDraws: recognised, pRecognised: Double(recognised) / Double(n),
                    tierRank: centreTierRank[i], tierMedianRank: Self.quantile(tierHistogram, 50, of: n),
                    tierP5Rank: Self.quantile(tierHistogram, 5, of: n), tierP95Rank: Self.quantile(tierHistogram, 95, of: n)
                ))
        }
        // Display order: centre rank, input order among equals (as `Ranking`).
        let order = (0..<m).sorted { centreRank[$0] != centreRank[$1] ? centreRank[$0] < centreRank[$1] : $0 < $1 }
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })

        // Borderline: a chance of recognition from 5% to 95%, the closest to even first, at most 12.
        let borderline = (0..<m).filter { counties[$0].pRecognised >= 0.05 && counties[$0].pRecognised <= 0.95 }
            .sorted { a, b in
                let da = abs(counties[a].pRecognised - 0.5)
                let db = abs(counties[b].pRecognised - 0.5)
                return da != db ? da < db : position[a]! < position[b]!
            }
            .prefix(Self.borderlineLimit)
            .sorted { position[$0]! < position[$1]! }

        let sensitivityStarted = clock.now
        let sensitivity = self.sensitivity(
            engine, borderline: Array(borderline), centreRecognised: centreRecognised, recognition: recognition,
            enabled: sensitivityOn, counter: counter
        )
        if counter.isCancelled { throw RobustnessError([.cancelled]) }
        let dropsStarted = clock.now
        timings.sensitivity = dropsStarted - sensitivityStarted
        let drops = self.drops(engine, centreRank: centreRank, recognition: recognition)
        timings.drops = clock.now - dropsStarted

        // Everything indexed by county (engine order) is re-indexed into display order.
        func display(_ i: Int) -> Int { position[i]! }
        return RobustnessResult(
            rulebook: rulebook, settings: settings, counties: order.map { counties[$0] },
            centrePoints: centrePoints, givenPoints: centre, centreRecognised: centreRecognised.count,
            leaving: draws.leaving,
            sensitivity: RobustnessResult.Sensitivity(
                baseSamples: sensitivityOn ? settings.sensitivitySamples : 0,
                outputs: sensitivity.map { s in
                    var s = s
                    if case .rank(let i) = s.output { s.output = .rank(county: display(i)) }
                    return s
                }),
            drops: drops.map { d in
                var d = d
                d.entering = d.entering.map { RobustnessResult.Move(county: display($0.county), rank: $0.rank) }
                d.leaving = d.leaving.map { RobustnessResult.Move(county: display($0.county), rank: $0.rank) }
                return d
            },
            disqualified: cohort.evaluation.count - m, timings: timings)
    }

    /// The ranked counties' shares and the centre points as plain text, for the C floor of
    /// `scripts/bench-robustness`: "m k", the k points, then per county (input order) its name, a tab and
    /// its k shares, every number in a form that reads back exactly.
    public func sharesText() -> String {
        let engine = DrawEngine(evaluation: cohort.evaluation, centre: cohort.scoreboard.points)
        let m = engine.count
        var lines = ["\(m) \(engine.indicatorCount)", engine.centre.map { "\($0)" }.joined(separator: " ")]
        for (i, row) in engine.rows.enumerated() {
            let shares = (0..<engine.indicatorCount).map { "\(engine.shares[$0 * m + i])" }
            lines.append(cohort.evaluation.table.name(row) + "\t" + shares.joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The smallest rank r with P(rank ≤ r) ≥ q/100, from a histogram of ranks 1…
    static func quantile(_ histogram: ArraySlice<UInt32>, _ q: Int, of n: Int) -> Int {
        var cumulative = 0
        for (j, c) in histogram.enumerated() {
            cumulative += Int(c)
            if cumulative * 100 >= q * n { return j + 1 }
        }
        return histogram.count
    }

    // MARK: Uncertainty

    struct Histograms {
        /// `ranks[i * m + r − 1]`: draws in which county i was ranked r.
        var ranks: [UInt32]
        /// Per tier, a size × size block: `[offset + position * size + r − 1]`.
        var tierRanks: [UInt32]
        /// `leaving[j]`: draws in which j of the centre's recognised counties were not recognised.
        var leaving: [Int]

        init(_ engine: DrawEngine, recognised: Int) {
            ranks = [UInt32](repeating: 0, count: engine.count * engine.count)
            tierRanks = [UInt32](repeating: 0, count: engine.tierSize.reduce(0) { $0 + $1 * $1 })
            leaving = [Int](repeating: 0, count: recognised + 1)
        }

        mutating func add(_ other: Histograms) {
            ranks.withUnsafeMutableBufferPointer { a in
                other.ranks.withUnsafeBufferPointer { b in for j in 0..<a.count { a[j] &+= b[j] } }
            }
            for j in tierRanks.indices { tierRanks[j] &+= other.tierRanks[j] }
            for j in leaving.indices { leaving[j] += other.leaving[j] }
        }
    }

    func uncertainty(_ engine: DrawEngine, centreRecognised: [Int], recognition: Int, counter: Progress) -> Histograms {
        let n = settings.samples
        let chunks = (n + Self.drawChunk - 1) / Self.drawChunk
        let spread = settings.spread
        let seed = settings.seed
        let m = engine.count
        let k = engine.indicatorCount
        var tierOffset = [Int](repeating: 0, count: engine.tierSize.count)
        var offset = 0
        for t in engine.tierSize.indices {
            tierOffset[t] = offset
            offset += engine.tierSize[t] * engine.tierSize[t]
        }
        let tierBase = (0..<m).map { tierOffset[engine.tier[$0]] + engine.tierPosition[$0] * engine.tierSize[engine.tier[$0]] }
        let results = Locked<[Histograms]>([])
        Self.parallel(chunks: chunks, threads: settings.threads) { next in
            var local = Histograms(engine, recognised: centreRecognised.count)
            var ws = DrawEngine.Workspace(engine)
            var factors = [Double](repeating: 1, count: k)
            while !counter.isCancelled, let chunk = next() {
                var random = Xoshiro256(seed: seed, stream: UInt64(chunk))
                let first = chunk * Self.drawChunk
                let last = min(n, first + Self.drawChunk)
                for _ in first..<last {
                    for j in 0..<k { factors[j] = 1 - spread + 2 * spread * random.unit() }
                    engine.setPoints(factors: factors, &ws)
                    engine.rankDraw(&ws)
                    ws.rank.withUnsafeBufferPointer { rank in
                        local.ranks.withUnsafeMutableBufferPointer { hist in
                            for i in 0..<m { hist[i * m + Int(rank[i]) - 1] &+= 1 }
                        }
                        var left = 0
                        for i in centreRecognised where Int(rank[i]) > recognition { left += 1 }
                        local.leaving[left] += 1
                    }
                    ws.tierRank.withUnsafeBufferPointer { tierRank in
                        local.tierRanks.withUnsafeMutableBufferPointer { hist in
                            for i in 0..<m { hist[tierBase[i] + Int(tierRank[i]) - 1] &+= 1 }
                        }
                    }
                }
                counter.add(last - first)
            }
            results.with { $0.append(local) }
        }
        var all = results.with { $0 }
        var merged = all.removeLast()
        for other in all { merged.add(other) }
        return merged
    }

    // MARK: Sensitivity

    /// Sums over one chunk of base samples, combined in chunk order.
    struct SensitivitySums {
        var sum: [Double]
        var sumOfSquares: [Double]
        /// `firstOrder[o * k + i]`: Σ (y_B − y_AB(i))²; `total[o * k + i]`: Σ (y_A − y_AB(i))².
        var firstOrder: [Double]
        var total: [Double]

        init(outputs: Int, indicators: Int) {
            sum = [Double](repeating: 0, count: outputs)
            sumOfSquares = sum
            firstOrder = [Double](repeating: 0, count: outputs * indicators)
            total = firstOrder
        }
    }

    func sensitivity(
        _ engine: DrawEngine, borderline: [Int], centreRecognised: [Int], recognition: Int, enabled: Bool,
        counter: Progress
    ) -> [RobustnessResult.SensitivityIndices] {
        let outputs: [RobustnessResult.Output] = [.leaving] + borderline.map { .rank(county: $0) }
        guard enabled else {
            return outputs.map { RobustnessResult.SensitivityIndices(output: $0, mean: nil, variance: 0, first: nil, total: nil) }
        }
        let k = engine.indicatorCount
        let o = outputs.count
        let base = settings.sensitivitySamples
        let chunks = (base + Self.sensitivityChunk - 1) / Self.sensitivityChunk
        let spread = settings.spread
        let seed = settings.seed
        let results = Locked<[Int: SensitivitySums]>([:])
        Self.parallel(chunks: chunks, threads: settings.threads) { next in
            var ws = DrawEngine.Workspace(engine)
            var a = [Double](repeating: 1, count: k)
            var b = a
            var ab = a
            var yA = [Double](repeating: 0, count: o)
            var yB = yA
            var y = yA
            func evaluate(_ factors: [Double], into out: inout [Double]) {
                engine.setPoints(factors: factors, &ws)
                engine.rankDraw(&ws)
                var left = 0
                for i in centreRecognised where Int(ws.rank[i]) > recognition { left += 1 }
                out[0] = Double(left)
                for (j, i) in borderline.enumerated() { out[j + 1] = Double(ws.rank[i]) }
            }
            while !counter.isCancelled, let chunk = next() {
                // Streams of the sensitivity design never meet those of the uncertainty draws.
                var random = Xoshiro256(seed: seed, stream: (UInt64(1) << 40) | UInt64(chunk))
                var sums = SensitivitySums(outputs: o, indicators: k)
                let first = chunk * Self.sensitivityChunk
                let last = min(base, first + Self.sensitivityChunk)
                for _ in first..<last {
                    for j in 0..<k { a[j] = 1 - spread + 2 * spread * random.unit() }
                    for j in 0..<k { b[j] = 1 - spread + 2 * spread * random.unit() }
                    evaluate(a, into: &yA)
                    evaluate(b, into: &yB)
                    for q in 0..<o {
                        sums.sum[q] += yA[q] + yB[q]
                        sums.sumOfSquares[q] += yA[q] * yA[q] + yB[q] * yB[q]
                    }
                    for i in 0..<k {
                        ab = a
                        ab[i] = b[i]
                        evaluate(ab, into: &y)
                        for q in 0..<o {
                            let dB = yB[q] - y[q]
                            let dA = yA[q] - y[q]
                            sums.firstOrder[q * k + i] += dB * dB
                            sums.total[q * k + i] += dA * dA
                        }
                    }
                }
                results.with { $0[chunk] = sums }
                counter.add((last - first) * (k + 2))
            }
        }
        // Cancelled: chunks not begun have no sums (the caller throws `.cancelled` on return). Merging them
        // crashed the server when a run was cancelled during this stage (found by scripts/bench-load).
        if counter.isCancelled { return [] }
        let byChunk = results.with { $0 }
        var sums = SensitivitySums(outputs: o, indicators: k)
        for c in 0..<chunks {
            guard let s = byChunk[c] else { return [] }
            for q in 0..<o {
                sums.sum[q] += s.sum[q]
                sums.sumOfSquares[q] += s.sumOfSquares[q]
            }
            for j in sums.firstOrder.indices {
                sums.firstOrder[j] += s.firstOrder[j]
                sums.total[j] += s.total[j]
            }
        }
        let n = Double(base)
        return outputs.enumerated().map { q, output in
            let mean = sums.sum[q] / (2 * n)
            let variance = max(0, (sums.sumOfSquares[q] - 2 * n * mean * mean) / (2 * n - 1))
            // An output that never moves has no share of its variance to give.
            guard variance > 1e-12 else {
                return RobustnessResult.SensitivityIndices(output: output, mean: mean, variance: 0, first: nil, total: nil)
            }
            let first = (0..<k).map { i in (variance - sums.firstOrder[q * k + i] / (2 * n)) / variance }
            let total = (0..<k).map { i in sums.total[q * k + i] / (2 * n) / variance }
            return RobustnessResult.SensitivityIndices(
                output: output, mean: mean, variance: variance, first: first, total: total)
        }
    }

    // MARK: One at a time

    func drops(_ engine: DrawEngine, centreRank: [Int], recognition: Int) -> [RobustnessResult.Drop] {
        let k = engine.indicatorCount
        var ws = DrawEngine.Workspace(engine)
        return (0..<k).map { j in
            var factors = [Double](repeating: 1, count: k)
            factors[j] = 0
            var drop = RobustnessResult.Drop(indicator: j, points: engine.centre[j], possible: true, entering: [], leaving: [])
            guard engine.setPoints(factors: factors, &ws) else {
                drop.possible = false
                return drop
            }
            engine.rankDraw(&ws)
            for i in 0..<engine.count {
                let before = centreRank[i] <= recognition
                let after = Int(ws.rank[i]) <= recognition
                if after && !before { drop.entering.append(RobustnessResult.Move(county: i, rank: Int(ws.rank[i]))) }
                if before && !after { drop.leaving.append(RobustnessResult.Move(county: i, rank: Int(ws.rank[i]))) }
            }
            drop.entering.sort { $0.rank < $1.rank }
            drop.leaving.sort { $0.rank < $1.rank }
            return drop
        }
    }

    // MARK: Threads

    /// Runs `body` on up to `threads` threads; each takes chunk numbers from `next()` until none are left.
    static func parallel(chunks: Int, threads: Int, _ body: @escaping @Sendable (_ next: @Sendable () -> Int?) -> Void) {
        let counter = Locked(0)
        let next: @Sendable () -> Int? = {
            counter.with { c -> Int? in
                guard c < chunks else { return nil }
                c += 1
                return c - 1
            }
        }
        let workers = max(1, min(threads, chunks))
        if workers == 1 {
            body(next)
            return
        }
        DispatchQueue.concurrentPerform(iterations: workers) { _ in body(next) }
    }
}

/// A value shared between threads behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func with<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

/// Counts finished rankings and reports them, at most every 1/200 of the work.
final class Progress: @unchecked Sendable {
    let total: Int
    let report: (@Sendable (Int, Int) -> Void)?
    let cancelled: (@Sendable () -> Bool)?
    private let done = Locked(0)
    private let step: Int

    init(total: Int, report: (@Sendable (Int, Int) -> Void)?, cancelled: (@Sendable () -> Bool)? = nil) {
        self.total = total
        self.report = report
        self.cancelled = cancelled
        step = max(1, total / 200)
    }

    /// Whether the caller asked to stop: the workers take no further chunk.
    var isCancelled: Bool { cancelled?() ?? false }

    func add(_ n: Int) {
        guard let report else { return }
        let (before, after) = done.with { d -> (Int, Int) in
            let before = d
            d += n
            return (before, d)
        }
        if after / step != before / step || after == total { report(after, total) }
    }
}
