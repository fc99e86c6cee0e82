import QEvalRules

/// What a robustness analysis found: per county, per indicator, and what dropping each indicator does.
public struct RobustnessResult: Sendable {
    /// One ranked county: its rank under the centre points and how its rank spreads over the draws.
    public struct County: Sendable, Equatable, Codable {
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
    public enum Output: Sendable, Equatable, Codable {
        /// How many of the centre's recognised counties are not recognised in a draw.
        case leaving
        /// A borderline county's rank (an index into `counties`).
        case rank(county: Int)
    }

    public struct SensitivityIndices: Sendable, Codable {
        public var output: Output
        /// Mean and variance of the output over the design's A and B samples.
        public var mean: Double?
        var variance: Double
        /// First-order and total indices per indicator; nil when the output never changes.
        public var first: [Double]?
        public var total: [Double]?
    }

    public struct Sensitivity: Sendable, Codable {
        /// Base samples N of the design (N × (indicators + 2) rankings); 0 when not run (S = 0).
        public var baseSamples: Int
        /// The first output is `.leaving`, then one per borderline county in rank order.
        public var outputs: [SensitivityIndices]
    }

    public struct Move: Sendable, Equatable, Codable {
        /// An index into `counties`.
        public var county: Int
        /// Its rank with the indicator dropped.
        public var rank: Int
    }

    /// One indicator dropped: its points set to 0, the others rescaled to the standard's total.
    public struct Drop: Sendable, Codable {
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

/// A finished result kept by the web workspace across restarts: everything but the rulebook (the evaluation
/// names its own, given back through the decoder's `userInfo[rulebookKey]`) and the timings.
extension RobustnessResult: Codable {
    public static let rulebookKey = CodingUserInfoKey(rawValue: "qeval.rulebook")!

    enum CodingKeys: String, CodingKey {
        case settings, counties, centrePoints, givenPoints, centreRecognised, leaving, sensitivity, drops, disqualified
    }

    public init(from decoder: any Decoder) throws {
        guard let rulebook = decoder.userInfo[Self.rulebookKey] as? Rulebook else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "no rulebook given"))
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            rulebook: rulebook, settings: try c.decode(RobustnessSettings.self, forKey: .settings),
            counties: try c.decode([County].self, forKey: .counties),
            centrePoints: try c.decode([Double].self, forKey: .centrePoints),
            givenPoints: try c.decode([Double].self, forKey: .givenPoints),
            centreRecognised: try c.decode(Int.self, forKey: .centreRecognised),
            leaving: try c.decode([Int].self, forKey: .leaving),
            sensitivity: try c.decode(Sensitivity.self, forKey: .sensitivity),
            drops: try c.decode([Drop].self, forKey: .drops), disqualified: try c.decode(Int.self, forKey: .disqualified))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(settings, forKey: .settings)
        try c.encode(counties, forKey: .counties)
        try c.encode(centrePoints, forKey: .centrePoints)
        try c.encode(givenPoints, forKey: .givenPoints)
        try c.encode(centreRecognised, forKey: .centreRecognised)
        try c.encode(leaving, forKey: .leaving)
        try c.encode(sensitivity, forKey: .sensitivity)
        try c.encode(drops, forKey: .drops)
        try c.encode(disqualified, forKey: .disqualified)
    }
}
