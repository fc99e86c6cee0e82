import Foundation
import NIOConcurrencyHelpers
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

@Suite struct RobustnessTests {
    /// The bundled sample (136 counties), read and evaluated once.
    static let sampleResult = Result<RankedCohort, any Error> {
        try RankedCohort.load(input: Fixture.path("data/sample/shandong-2023.csv"), rulebook: Fixture.rulebook())
    }
    static func sample() throws -> RankedCohort { try sampleResult.get() }

    /// A cohort of `shares.count` counties (all in 济南, all passing the gates) whose shares are set by hand:
    /// `shares[county][indicator]`.
    static func handBuilt(_ shares: [[Double]]) throws -> RankedCohort {
        let rulebook = try Fixture.rulebook()
        let base = try Fixture.cohort(shares.indices.map { ["county": "县\($0 + 1)", "city": "济南市"] })
        var evaluation = base.evaluation
        evaluation.shares = rulebook.indicators.indices.map { k in shares.map { $0[k] } }
        return RankedCohort(evaluation: evaluation)
    }

    // MARK: The hot loop agrees with Ranking

    @Test func drawEngineRanksAsRankingDoes() throws {
        let cohort = try Self.sample()
        let engine = DrawEngine(evaluation: cohort.evaluation, centre: cohort.scoreboard.points)
        var ws = DrawEngine.Workspace(engine)
        var random = Xoshiro256(seed: 7, stream: 0)
        let k = engine.indicatorCount
        // Random points, and points that make many totals equal: one or two indicators only.
        var vectors: [[Double]] = (0..<40).map { _ in (0..<k).map { _ in 0.5 + random.unit() } }
        vectors.append((0..<k).map { $0 == 0 ? 1 : 0 })
        vectors.append((0..<k).map { $0 == 1 || $0 == 2 ? 1 : 0 })
        vectors.append([Double](repeating: 1, count: k))
        var sawTies = false
        for factors in vectors {
            #expect(engine.setPoints(factors: factors, &ws))
            engine.rankDraw(&ws)
            let scoreboard = Scoreboard(cohort.evaluation, points: ws.points)
            let ranking = Ranking(cohort.evaluation, scoreboard)
            for (i, row) in engine.rows.enumerated() {
                #expect(ws.totals[i] == scoreboard.totals[row])
                #expect(Int(ws.rank[i]) == ranking.rank[row])
                #expect(Int(ws.tierRank[i]) == ranking.tierRank[row])
            }
            sawTies = sawTies || Set(ws.rank).count < engine.count
        }
        #expect(sawTies, "the vectors must include tied totals")
        // The fallback sort (keys too far apart to pack) gives the same ranks.
        ws.totals = (0..<engine.count).map { Double($0 % 7) * 1e13 }
        engine.rankTotals(&ws)
        let keys = ws.totals.map { Int64(($0 * 10_000).rounded()) }
        for i in 0..<engine.count {
            #expect(Int(ws.rank[i]) == 1 + keys.filter { $0 > keys[i] }.count)
        }
    }

    /// A run cancelled during the sensitivity stage (after the 300 draws, within the design's
    /// 100 × (43 + 2) rankings) ends with "cancelled", not a crash: chunks not begun have no sums
    /// (scripts/bench-load found the server dying on `byChunk[c]!`).
    @Test func aRunCancelledDuringTheSensitivityStageIsCancelledNotACrash() throws {
        let cohort = try Self.sample()
        let seen = NIOLockedValueBox(0)
        let analysis = RobustnessAnalysis(
            cohort: cohort, settings: RobustnessSettings(samples: 300, spread: 0.2, sensitivitySamples: 100, threads: 2))
        do {
            _ = try analysis.run(
                progress: { done, _ in seen.withLockedValue { $0 = done } },
                cancelled: { seen.withLockedValue { $0 } > 300 + 200 })
            Issue.record("the run was not cancelled")
        } catch {
            #expect(error.problems == [.cancelled])
        }
        #expect(seen.withLockedValue { $0 } > 300)
    }

    // MARK: S = 0

    @Test func zeroSpreadGivesTheCentreRankEverywhere() throws {
        let cohort = try Self.sample()
        let result = try RobustnessAnalysis(cohort: cohort, settings: RobustnessSettings(samples: 300, spread: 0)).run()
        let ranked = (0..<cohort.evaluation.count).filter { cohort.evaluation.isRanked($0) }
        #expect(result.counties.count == ranked.count)
        for c in result.counties {
            #expect(c.rank == cohort.ranking.rank[c.row])
            #expect(c.tierRank == cohort.ranking.tierRank[c.row])
            #expect(c.medianRank == c.rank && c.p5Rank == c.rank && c.p95Rank == c.rank)
            #expect(c.tierMedianRank == c.tierRank && c.tierP5Rank == c.tierRank && c.tierP95Rank == c.tierRank)
            #expect(c.pRecognised == (c.rank <= 10 ? 1 : 0))
        }
        #expect(result.leaving == [300] + [Int](repeating: 0, count: result.centreRecognised))
        #expect(result.sensitivity.baseSamples == 0)
        #expect(result.sensitivity.outputs.allSatisfy { $0.total == nil && $0.first == nil })
    }

    /// `--weights` moves the centre: with S = 0 every draw is the re-weighted ranking of `qeval rank --weights`.
    @Test func weightsMoveTheCentreOfTheDraws() throws {
        let sample = try Self.sample()
        var points = sample.rulebook.defaultPoints
        // Indicator 43 (7 points) gives 4 of them to indicator 1: still 100 in all.
        points[42] -= 4
        points[0] += 4
        let cohort = RankedCohort(evaluation: sample.evaluation, points: points)
        let result = try RobustnessAnalysis(cohort: cohort, settings: RobustnessSettings(samples: 50, spread: 0)).run()
        #expect(result.givenPoints == points && result.centrePoints == points)
        #expect(result.counties.allSatisfy { $0.rank == cohort.ranking.rank[$0.row] && $0.p95Rank == $0.rank })
        let moved = result.counties.filter { $0.rank != sample.ranking.rank[$0.row] }
        #expect(!moved.isEmpty, "the new points must reorder some counties")
    }

    // MARK: Dominance

    @Test func aCountyThatDominatesAnotherIsNeverRankedBelowIt() throws {
        let cohort = try Self.sample()
        let engine = DrawEngine(evaluation: cohort.evaluation, centre: cohort.scoreboard.points)
        let k = engine.indicatorCount
        let m = engine.count
        func share(_ j: Int, _ i: Int) -> Double { engine.shares[j * m + i] }
        var pairs: [(Int, Int)] = []
        for a in 0..<m {
            for b in 0..<m where a != b {
                if (0..<k).allSatisfy({ share($0, a) >= share($0, b) })
                    && (0..<k).contains(where: { share($0, a) > share($0, b) })
                {
                    pairs.append((a, b))
                }
            }
        }
        // A hand-built pair as well: the sample may hold few.
        let dominant = (0..<k).map { j in (0..<m).map { share(j, $0) }.max()! }
        let shares = (0..<m).map { i in (0..<k).map { share($0, i) } } + [dominant, dominant.map { $0 * 0.999 }]
        let built = try Self.handBuilt(shares)
        let builtEngine = DrawEngine(evaluation: built.evaluation, centre: built.scoreboard.points)
        pairs.append((m, m + 1))
        var ws = DrawEngine.Workspace(builtEngine)
        var random = Xoshiro256(seed: 11, stream: 0)
        for _ in 0..<2_000 {
            let factors = (0..<k).map { _ in 0.8 + 0.4 * random.unit() }
            builtEngine.setPoints(factors: factors, &ws)
            builtEngine.rankDraw(&ws)
            for (a, b) in pairs { #expect(ws.rank[a] <= ws.rank[b], "\(a) dominates \(b)") }
        }
        // And through the analysis: the dominant county's whole interval is no lower.
        let result = try RobustnessAnalysis(cohort: built, settings: RobustnessSettings(samples: 500, spread: 0.5)).run()
        let top = try #require(result.counties.first { $0.row == m })
        let next = try #require(result.counties.first { $0.row == m + 1 })
        #expect(top.rank == 1 && top.p95Rank == 1)
        #expect(top.p5Rank <= next.p5Rank && top.medianRank <= next.medianRank && top.p95Rank <= next.p95Rank)
        #expect(top.pRecognised >= next.pRecognised)
    }

    // MARK: Seeds and threads

    @Test func theSameSeedGivesTheSameOutputWhateverTheThreads() throws {
        let cohort = try Self.sample()
        func csv(seed: UInt64, threads: Int) throws -> String {
            let settings = RobustnessSettings(samples: 1_000, spread: 0.2, seed: seed, sensitivitySamples: 40, threads: threads)
            let result = try RobustnessAnalysis(cohort: cohort, settings: settings).run()
            let indices = result.sensitivity.outputs.map { "\($0.first ?? [])\($0.total ?? [])" }.joined()
            return RobustnessCSV.make(result).text + indices
        }
        let once = try csv(seed: 42, threads: 2)
        #expect(try csv(seed: 42, threads: 2) == once)
        #expect(try csv(seed: 42, threads: 1) == once)
        #expect(try csv(seed: 42, threads: 3) == once)
        #expect(try csv(seed: 43, threads: 2) != once)
    }

    // MARK: Sensitivity

    /// Nine counties on full marks, two at the boundary (县10 and 县11) and one with nothing. 县10 has
    /// indicator X in full and half of everything else; 县11 none of X and half + δ of everything else.
    /// With points rescaled to 100, 县10 − 县11 = w_X (1 + δ) − 100 δ: only X's weight decides which of
    /// them is tenth. δ is set so that 县10 is just ahead under the standard's points.
    @Test func whenOnlyOneIndicatorsWeightDecidesItsTotalIndexIsNearOne() throws {
        let rulebook = try Fixture.rulebook()
        let k = rulebook.indicators.count
        let x = rulebook.indicators.indices.max { rulebook.indicators[$0].points < rulebook.indicators[$1].points }!
        let c = rulebook.indicators[x].points
        let delta = c / (100 - c)
        var shares = [[Double]](repeating: [Double](repeating: 1, count: k), count: 9)
        shares.append((0..<k).map { $0 == x ? 1 : 0.5 })
        shares.append((0..<k).map { $0 == x ? 0 : 0.5 + delta * 0.999 })
        shares.append([Double](repeating: 0, count: k))
        let cohort = try Self.handBuilt(shares)
        let settings = RobustnessSettings(samples: 2_000, spread: 0.2, seed: 3, sensitivitySamples: 600)
        let result = try RobustnessAnalysis(cohort: cohort, settings: settings).run()
        // Both boundary counties are borderline, near even.
        let borderline = result.sensitivity.outputs.compactMap { o -> Int? in
            if case .rank(let i) = o.output { return result.counties[i].row }
            return nil
        }
        #expect(Set(borderline) == [9, 10])
        for output in result.sensitivity.outputs {
            let total = try #require(output.total)
            let first = try #require(output.first)
            #expect(total[x] > 0.9, "total index of X: \(total[x])")
            #expect(first[x] > 0.8, "first-order index of X: \(first[x])")
            // The others act only through the rescaling (w_X = 100 c_X f_X / Σ c_j f_j), each by a few per
            // cent at most: one of them moves the threshold a little, which flips the order only in draws
            // where X's factor was already next to it.
            for j in 0..<k where j != x {
                #expect(total[j] < 0.1, "total index of indicator \(rulebook.indicators[j].number): \(total[j])")
            }
        }
        // Dropping X puts 乙 in 甲's place.
        let drop = result.drops[x]
        #expect(drop.possible)
        #expect(drop.leaving.map { result.counties[$0.county].row } == [9])
        #expect(drop.entering.map { result.counties[$0.county].row } == [10])
        // Dropping any other indicator changes nothing: X's weight grows, and with it 甲's lead.
        let others = result.drops.enumerated().filter { $0.offset != x }
        #expect(others.allSatisfy { $0.element.entering.isEmpty && $0.element.leaving.isEmpty })
    }

    // MARK: Settings

    @Test func badOptionsAreLocatedErrors() throws {
        func problems(samples: String? = nil, spread: String? = nil, seed: String? = nil) -> [RobustnessMessage] {
            do {
                _ = try RobustnessSettings.parse(samples: samples, spread: spread, seed: seed)
                return []
            } catch {
                return error.problems
            }
        }
        for bad in ["0", "-5", "1.5", "十", "", "99", "1000001", "1000000000000", "9223372036854775807"] {
            #expect(problems(samples: bad) == [.badSamples(bad)])
        }
        // The range's ends are accepted (issue 21: 9223372036854775807 once overflowed, 10^12 never ended).
        #expect(try RobustnessSettings.parse(samples: "100", spread: nil, seed: nil).samples == 100)
        #expect(try RobustnessSettings.parse(samples: "1000000", spread: nil, seed: nil).samples == 1_000_000)
        for bad in ["-0.1", "1", "1.5", "x", "100%", "nan"] { #expect(problems(spread: bad) == [.badSpread(bad)]) }
        for bad in ["abc", "-1", "1.5", "18446744073709551616"] { #expect(problems(seed: bad) == [.badSeed(bad)]) }
        // Every problem at once.
        #expect(problems(samples: "0", spread: "2", seed: "x") == [.badSamples("0"), .badSpread("2"), .badSeed("x")])
        let error = RobustnessError([.badSamples("0")])
        #expect(error.localizedText(.zh) == "错误：--samples（抽样次数）的值“0”无效：应为 100 到 1000000 之间的整数，如 10000。")
        #expect(
            error.localizedText(.en) == "error: --samples (draws) 0: expected a whole number from 100 to 1000000, e.g. 10000.")
        // Good values, and the defaults.
        let parsed = try RobustnessSettings.parse(samples: "500", spread: "15%", seed: "9")
        #expect(parsed.samples == 500 && parsed.spread == 0.15 && parsed.seed == 9 && parsed.sensitivitySamples == 100)
        let defaults = try RobustnessSettings.parse(samples: nil, spread: nil, seed: nil)
        #expect(defaults.samples == 10_000 && defaults.spread == 0.2 && defaults.sensitivitySamples == 1_000)
    }

    @Test func quantilesFollowTheDefinition() {
        // Ranks 1…4 drawn 1, 3, 0, 16 times out of 20: P(≤1) = 0.05, P(≤2) = 0.2, P(≤4) = 1.
        let histogram: ArraySlice<UInt32> = [1, 3, 0, 16]
        #expect(RobustnessAnalysis.quantile(histogram, 5, of: 20) == 1)
        #expect(RobustnessAnalysis.quantile(histogram, 50, of: 20) == 4)
        #expect(RobustnessAnalysis.quantile(histogram, 20, of: 20) == 2)
        #expect(RobustnessAnalysis.quantile(histogram, 21, of: 20) == 4)
    }

    @Test func everyMessageReadsInBothLanguages() {
        for message in RobustnessMessage.examples {
            #expect(!message.text(.zh).isEmpty && !message.text(.en).isEmpty)
        }
        let chinese = RobustnessMessage.examples.filter { $0.text(.zh) != $0.text(.en) }
        #expect(chinese.count >= RobustnessMessage.examples.count - 1)  // only "—" is the same in both
    }

    // MARK: Outputs

    @Test func theWorkbookAndCSVHoldTheResult() throws {
        let cohort = try Self.sample()
        let result = try RobustnessAnalysis(
            cohort: cohort, settings: RobustnessSettings(samples: 400, spread: 0.2, sensitivitySamples: 30)
        ).run()
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("r.xlsx")
        try RobustnessWorkbook(result: result, info: cohort.runInfo()).write(to: url.path)
        let book = try XLSXTestReader(url: url)
        let table = try book.sheet("稳健性")
        #expect(table.text(0, 0) == "排名" && table.text(0, 8) == "拟认定概率")
        for (i, c) in result.counties.enumerated() {
            #expect(table.text(i + 1, 1) == c.county)
            #expect(table.number(i + 1, 0) == Double(c.rank))
            #expect(table.number(i + 1, 8) == c.pRecognised)
        }
        let drops = try book.sheet("逐项剔除")
        #expect(drops.text(1, 1) == cohort.rulebook.indicators[0].shortName)
        let about = try book.sheet("说明")
        #expect(about.text(2, 1) == "400" && about.text(4, 1) == String(RobustnessSettings.defaultSeed))
        let sensitivity = try book.sheet("敏感性")
        #expect(sensitivity.text(1, 3) == "单独的影响（一阶指数）" && sensitivity.text(1, 4) == "全部影响（总效应指数）")
        // An index is a share of variance: a negative estimate (noise around 0) is shown as 0, never below.
        for k in cohort.rulebook.indicators.indices {
            for c in 3...4 where !sensitivity.text(2 + k, c).hasPrefix("—") {
                #expect(sensitivity.number(2 + k, c) ?? -1 >= 0)
            }
        }
        #expect(about.allCells.contains { $0.display.contains("抽样误差，表中一律显示为 0") })
        #expect(table.text(0, 5) == "名次中间值" && table.text(0, 6) == "九成抽样的名次：最好")
        #expect(try book.sheet("排名区间图").text(1, 1) == result.counties[0].name)

        let text = RobustnessCSV.make(result).text
        #expect(text.hasPrefix("county,city,rank,median_rank,p5_rank,p95_rank,p_recognised,"))
        let records = CompareTests.records(text)
        #expect(records.count == result.counties.count + 1)
        for (i, c) in result.counties.enumerated() {
            #expect(records[i + 1][0] == c.county && records[i + 1][2] == String(c.rank))
            #expect(Double(records[i + 1][6]) == c.pRecognised)
        }
    }
}

extension RobustnessError {
    func localizedText(_ language: Language) -> String {
        problems.map { RobustnessMessage.errorPrefix.text(language) + $0.text(language) }.joined(separator: "\n")
    }
}

extension CLISafetyTests {
    @Test func robustnessRefusesBadOptionsBeforeWritingAnything() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("r.xlsx").path
        let run = try Self.qeval(["robustness", "--samples", "0", "--spread", "1", "--seed", "abc", "--out", out, "--lang", "zh"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--samples（抽样次数）的值“0”无效"))
        #expect(run.stderr.contains("--spread（分值浮动幅度）的值“1”无效"))
        #expect(run.stderr.contains("--seed（随机种子）的值“abc”无效"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
