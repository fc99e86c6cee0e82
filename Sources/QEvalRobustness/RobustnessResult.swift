import QEvalRules

/// What a robustness analysis found: per county, per indicator, and what dropping each indicator does.
public struct RobustnessResult: Sendable {
    /// One ranked county: its rank under the centre points and how its rank spreads over the draws.
    public struct County: Sendable, Equatable {
        /// The county's row in the evaluation (input order).
        public var row: Int
        public var county: String
        public var city: String
        public var tier: Int
        /// Total under the centre points (rescaled to the standard's total).
        public var total: Double
        /// Rank under the centre points.
        public var rank: Int
        public var medianRank: Int
        /// The smallest rank r with P(rank ≤ r) ≥ 0.05 (resp. 0.95).
        public var p5Rank: Int
        public var p95Rank: Int
        /// Draws in which the county was proposed for recognition (rank ≤ the recognition count).
        public var recognisedDraws: Int
        public var pRecognised: Double
        /// The same within its tier.
        public var tierRank: Int
        public var tierMedianRank: Int
        public var tierP5Rank: Int
        public var tierP95Rank: Int

        public var name: String { "\(county)（\(city)）" }
    }

    /// What a sensitivity index is of.
    public enum Output: Sendable, Equatable {
        /// How many of the centre's recognised counties are not recognised in a draw.
        case leaving
        /// A borderline county's rank (an index into `counties`).
        case rank(county: Int)
    }

    public struct SensitivityIndices: Sendable {
        public var output: Output
        /// Mean and variance of the output over the design's A and B samples.
        public var mean: Double?
        var variance: Double
        /// First-order and total indices per indicator; nil when the output never changes.
        public var first: [Double]?
        public var total: [Double]?
    }

    public struct Sensitivity: Sendable {
        /// Base samples N of the design (N × (indicators + 2) rankings); 0 when not run (S = 0).
        public var baseSamples: Int
        /// The first output is `.leaving`, then one per borderline county in rank order.
        public var outputs: [SensitivityIndices]
    }

    public struct Move: Sendable, Equatable {
        /// An index into `counties`.
        public var county: Int
        /// Its rank with the indicator dropped.
        public var rank: Int
    }

    /// One indicator dropped: its points set to 0, the others rescaled to the standard's total.
    public struct Drop: Sendable {
        public var indicator: Int
        /// Its centre points (before rescaling).
        public var points: Double
        /// False when the other indicators have no points to rescale.
        public var possible: Bool
        public var entering: [Move]
        public var leaving: [Move]
    }

    public var rulebook: Rulebook
    public var settings: RobustnessSettings
    /// Ranked counties in centre rank order (input order among equals).
    public var counties: [County]
    /// The centre points as used: the given points rescaled to the standard's total.
    var centrePoints: [Double]
    /// The centre points as given (the rulebook's, or a weights file's).
    public var givenPoints: [Double]
    /// Counties recognised under the centre points (more than the recognition count when tied).
    public var centreRecognised: Int
    /// `leaving[j]`: draws in which j of them were not recognised.
    public var leaving: [Int]
    public var sensitivity: Sensitivity
    public var drops: [Drop]
    /// Applicants not ranked (prerequisite or veto), left out of the analysis.
    public var disqualified: Int

    /// How long each part took (for `--timings` and the benchmark); not part of the result proper.
    public struct Timings: Sendable {
        public var draws: Duration = .zero
        public var sensitivity: Duration = .zero
        public var drops: Duration = .zero
    }
    public var timings = Timings()

    /// The average number of the centre's recognised counties that leave the set in a draw.
    public var meanLeaving: Double {
        let n = leaving.reduce(0, +)
        return n == 0 ? 0 : Double(leaving.enumerated().reduce(0) { $0 + $1.offset * $1.element }) / Double(n)
    }

    /// Share of draws in which the recognised set is exactly the centre's.
    public var unchangedShare: Double {
        let n = leaving.reduce(0, +)
        return n == 0 ? 0 : Double(leaving.first ?? 0) / Double(n)
    }
}
