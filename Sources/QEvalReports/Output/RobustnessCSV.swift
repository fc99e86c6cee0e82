import QEval

/// `qeval robustness --csv`: one row per ranked county in centre rank order. The first seven columns are
/// fixed (`county,city,rank,median_rank,p5_rank,p95_rank,p_recognised`, P as a fraction 0–1); the tier
/// columns and the centre total follow.
public enum RobustnessCSV {
    public static let header = [
        "county", "city", "rank", "median_rank", "p5_rank", "p95_rank", "p_recognised", "tier", "tier_rank",
        "tier_median_rank", "tier_p5_rank", "tier_p95_rank", "recognised_draws", "total",
    ]

    public static func make(_ result: RobustnessResult) -> CSVOutput {
        var out = CSVOutput()
        // Plain names, unquoted: scripts match the header exactly.
        out.append(header.map { .formatted($0) })
        for c in result.counties {
            out.append([
                .text(c.county), .text(c.city), .integer(c.rank), .integer(c.medianRank), .integer(c.p5Rank),
                .integer(c.p95Rank), .number(c.pRecognised), .text(result.rulebook.tiers[c.tier].name),
                .integer(c.tierRank), .integer(c.tierMedianRank), .integer(c.tierP5Rank), .integer(c.tierP95Rank),
                .integer(c.recognisedDraws), .number(c.total),
            ])
        }
        return out
    }
}
