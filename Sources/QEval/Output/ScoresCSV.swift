/// `--scores-csv`: one row per applicant with status, rank, total and every indicator score at full precision.
public enum ScoresCSV {
    public static func make(_ evaluation: Evaluation, _ board: Scoreboard, _ ranking: Ranking) -> CSVOutput {
        let rulebook = evaluation.rulebook
        let table = evaluation.table
        var out = CSVOutput()
        let indicatorColumns = rulebook.indicators.map { String(format: "i%02d", $0.number) }
        let categoryColumns = rulebook.categories.indices.map { "subtotal_\($0 + 1)" }
        out.header(
            ["county", "city", "tier", "status", "rank", "total"] + indicatorColumns
                + ["tier_rank", "recognised"] + categoryColumns + ["reason"])
        for row in ranking.order {
            let ranked = evaluation.isRanked(row)
            var cells: [CSVOutput.Cell] = [
                .text(table.county[row]), .text(table.city[row]), .text(rulebook.tiers[table.tier[row]].name),
                .text(ranked ? "ranked" : "disqualified"),
                ranking.rank[row].map { .integer($0) } ?? .empty,
                ranked ? .number(board.totals[row]) : .empty,
            ]
            for k in rulebook.indicators.indices {
                cells.append(ranked ? .number(board.scores[k][row]) : .empty)
            }
            cells.append(ranking.tierRank[row].map { .integer($0) } ?? .empty)
            cells.append(.text(ranking.recognised[row] ? "yes" : "no"))
            for c in rulebook.categories.indices { cells.append(ranked ? .number(board.subtotals[c][row]) : .empty) }
            cells.append(.text(evaluation.disqualifications[row].map(\.text).joined(separator: "；")))
            out.append(cells)
        }
        return out
    }
}
