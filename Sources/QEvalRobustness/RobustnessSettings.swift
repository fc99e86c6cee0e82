import Foundation
import QEvalSupport

/// How a robustness analysis draws: how many draws, how far each indicator's points may move, the seed.
public struct RobustnessSettings: Sendable, Equatable, Codable {
    public static let defaultSamples = 10_000
    public static let defaultSpread = 0.2
    public static let defaultSeed: UInt64 = 20_231_101
    /// The draws a run may ask for. Below 100 the probabilities are too coarse to read (steps of 1 %); above
    /// 1,000,000 a run of a large cohort takes hours on the two cores a review office has, and the estimate of
    /// P(拟认定) no longer changes (its standard error at 10,000 draws is already under 0.5 %).
    public static let samplesRange = 100...1_000_000
    /// Base samples of the sensitivity design a run may ask for (each costs indicators + 2 rankings).
    static let sensitivitySamplesRange = 2...100_000

    /// Draws of the uncertainty analysis.
    public var samples: Int
    /// S: each indicator's points are multiplied by a factor in [1 − S, 1 + S].
    public var spread: Double
    public var seed: UInt64
    /// Base samples of the sensitivity design; each costs indicators + 2 rankings.
    public var sensitivitySamples: Int
    /// Threads to use; the results do not depend on it.
    public var threads: Int

    public init(
        samples: Int = defaultSamples, spread: Double = defaultSpread, seed: UInt64 = defaultSeed,
        sensitivitySamples: Int? = nil, threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.samples = samples
        self.spread = spread
        self.seed = seed
        self.sensitivitySamples = sensitivitySamples ?? Self.defaultSensitivitySamples(samples)
        self.threads = max(1, threads)
    }

    /// A tenth of the draws, at least 100 and at most 1,000: the design then costs up to 4.5 times the
    /// draws, and 1,000 base samples already put the indices within a few hundredths.
    static func defaultSensitivitySamples(_ samples: Int) -> Int { max(100, min(1_000, samples / 10)) }

    /// Reads the command line's values; each bad value is an error naming the option and the value.
    public static func parse(
        samples: String?, spread: String?, seed: String?, sensitivitySamples: String? = nil
    ) throws(RobustnessError) -> RobustnessSettings {
        var problems: [RobustnessMessage] = []
        var n = defaultSamples
        if let samples {
            if let v = Int(samples.trimmingCharacters(in: .whitespaces)), samplesRange.contains(v) {
                n = v
            } else {
                problems.append(.badSamples(samples))
            }
        }
        var s = defaultSpread
        if let spread {
            var text = spread.trimmingCharacters(in: .whitespaces)
            var percent = false
            if text.hasSuffix("%") || text.hasSuffix("％") {
                text.removeLast()
                percent = true
            }
            if let v = Double(text), v.isFinite, (percent ? v / 100 : v) >= 0, (percent ? v / 100 : v) < 1 {
                s = percent ? v / 100 : v
            } else {
                problems.append(.badSpread(spread))
            }
        }
        var k = defaultSeed
        if let seed {
            if let v = UInt64(seed.trimmingCharacters(in: .whitespaces)) { k = v } else { problems.append(.badSeed(seed)) }
        }
        var m: Int? = nil
        if let sensitivitySamples {
            if let v = Int(sensitivitySamples.trimmingCharacters(in: .whitespaces)), sensitivitySamplesRange.contains(v) {
                m = v
            } else {
                problems.append(.badSensitivitySamples(sensitivitySamples))
            }
        }
        if !problems.isEmpty { throw RobustnessError(problems) }
        return RobustnessSettings(samples: n, spread: s, seed: k, sensitivitySamples: m)
    }
}

/// Bad settings or a cohort that cannot be analysed; every problem at once, each naming what to change.
public struct RobustnessError: UserFacingError {
    public var problems: [RobustnessMessage]
    public init(_ problems: [RobustnessMessage]) { self.problems = problems }
    public func render(_ language: Language) -> String {
        problems.map { RobustnessMessage.errorPrefix.text(language) + $0.text(language) }.joined(separator: "\n")
    }
}
