import Foundation
import QEvalPipeline

/// A county's standing: total, ranks, the distance to the recognition line (the last recognised total), and
/// the five largest losses — computed here once for `qeval explain`, the feedback workbook and the web's
/// county page, so the three can never list different items.
public struct Standing: Sendable {
    /// Points an indicator lost: its points in force less the county's score.
    public struct Loss: Sendable, Equatable {
        /// Index into the rulebook's indicators.
        public var indicator: Int
        public var lost: Double
    }

    public var total: Double?
    public var maximum: Double
    public var rank: Int?
    public var ranked: Int
    public var tierName: String
    public var tierRank: Int?
    public var tierRanked: Int
    public var recognised: Bool
    /// The total of the last recognised county, and its rank; nil when nobody is recognised.
    public var line: Double?
    var lineRank: Int?
    /// The five largest losses (`largestLosses`); none for a disqualified county.
    public var largestLosses: [Loss]

    public init(_ cohort: RankedCohort, row: Int) {
        let e = cohort.evaluation
        let tier = e.table.tier[row]
        let ranked = cohort.ranking.order.filter { e.isRanked($0) }
        let recognisedRows = ranked.filter { cohort.ranking.recognised[$0] }
        total = e.isRanked(row) ? cohort.scoreboard.totals[row] : nil
        maximum = cohort.scoreboard.maximum
        rank = cohort.ranking.rank[row]
        self.ranked = ranked.count
        tierName = cohort.rulebook.tiers[tier].name
        tierRank = cohort.ranking.tierRank[row]
        tierRanked = cohort.ranking.tierOrder[tier].filter { e.isRanked($0) }.count
        recognised = cohort.ranking.recognised[row]
        line = recognisedRows.last.map { cohort.scoreboard.totals[$0] }
        lineRank = recognisedRows.last.flatMap { cohort.ranking.rank[$0] }
        // A disqualified county is not scored against the standard: it has no losses to list.
        largestLosses = e.isRanked(row) ? Self.largestLosses(cohort, row: row) : []
    }

    /// The `count` largest 失分 of a county, largest first. Losses are compared at 10⁻⁹ (so 0.3 and
    /// 0.30000000000000004 are one loss) and equal ones keep the standard's order; an indicator that lost
    /// nothing is not listed, so there may be fewer than `count`.
    public static func largestLosses(_ cohort: RankedCohort, row: Int, count: Int = 5) -> [Loss] {
        let scoreboard = cohort.scoreboard
        let losses = scoreboard.points.indices.map { k in
            Loss(indicator: k, lost: scoreboard.points[k] - scoreboard.scores[k][row])
        }
        func grid(_ x: Double) -> Double { (x * 1e9).rounded() }
        return
            losses
            .filter { grid($0.lost) > 0 }
            .sorted { grid($0.lost) != grid($1.lost) ? grid($0.lost) > grid($1.lost) : $0.indicator < $1.indicator }
            .prefix(count).map { $0 }
    }

    /// Points above (positive) or below (negative) the recognition line.
    public var gap: Double? {
        guard let total, let line else { return nil }
        return total - line
    }

    /// "拟认定：高于认定线 …" / "未进入拟认定：低于认定线 …" / "本次无拟认定名额".
    public var lineText: String {
        guard let gap, let line, let lineRank else { return ReportMessage.noLine.text }
        let format = { (x: Double) in String(format: "%.2f", x) }
        return recognised
            ? ReportMessage.recognised(gap: format(gap), line: format(line), count: lineRank).text
            : ReportMessage.belowLine(gap: format(-gap), line: format(line), count: lineRank).text
    }

    /// 拟认定, or the gap to the line, or 不具备资格.
    public var status: String {
        if total == nil { return ReportMessage.statusDisqualified.text }
        if recognised { return ReportMessage.statusRecognised.text }
        guard let gap else { return ReportMessage.noLine.text }
        return ReportMessage.statusBelow(gap: String(format: "%.2f", -gap)).text
    }
}

/// Per tier and indicator, the mean and best score of the tier's ranked members, and per tier and
/// second-level category (二级指标) the mean score rate: what each feedback workbook compares a county with.
public struct TierSummary: Sendable {
    public var subcategories: [String]
    /// The subcategory of each indicator (index into `subcategories`).
    var subcategoryOf: [Int]
    /// `mean[tier][indicator]`, `best[tier][indicator]`; nil where the tier has no ranked member.
    public var mean: [[Double?]]
    public var best: [[Double?]]
    /// `rateMean[tier][subcategory]`: the mean over the tier's ranked members of Σ scores ÷ Σ points.
    public var rateMean: [[Double?]]

    public init(_ cohort: RankedCohort) {
        let rulebook = cohort.rulebook
        var subcategories: [String] = []
        for indicator in rulebook.indicators where !subcategories.contains(indicator.subcategory) {
            subcategories.append(indicator.subcategory)
        }
        self.subcategories = subcategories
        subcategoryOf = rulebook.indicators.map { subcategories.firstIndex(of: $0.subcategory)! }
        mean = []
        best = []
        rateMean = []
        for t in rulebook.tiers.indices {
            let members = cohort.ranking.tierOrder[t].filter { cohort.evaluation.isRanked($0) }
            let n = Double(members.count)
            mean.append(
                rulebook.indicators.indices.map { k in
                    members.isEmpty ? nil : members.reduce(0) { $0 + cohort.scoreboard.scores[k][$1] } / n
                })
            best.append(
                rulebook.indicators.indices.map { k in members.map { cohort.scoreboard.scores[k][$0] }.max() })
            var rates: [Double?] = []
            for s in subcategories.indices {
                rates.append(members.isEmpty ? nil : members.reduce(0) { $0 + Self.rate(cohort, $1, s, subcategoryOf) } / n)
            }
            rateMean.append(rates)
        }
    }

    /// A county's score rate on a subcategory: Σ scores ÷ Σ points of its indicators (0 when they have no points).
    static func rate(_ cohort: RankedCohort, _ row: Int, _ s: Int, _ subcategoryOf: [Int]) -> Double {
        var score = 0.0
        var points = 0.0
        for k in subcategoryOf.indices where subcategoryOf[k] == s {
            score += cohort.scoreboard.scores[k][row]
            points += cohort.scoreboard.points[k]
        }
        return points > 0 ? score / points : 0
    }

    public func rate(_ cohort: RankedCohort, row: Int, subcategory s: Int) -> Double {
        Self.rate(cohort, row, s, subcategoryOf)
    }
}
