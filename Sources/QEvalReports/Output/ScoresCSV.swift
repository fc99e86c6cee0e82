import QEval

/// `--scores-csv`: one row per applicant with status, rank, total and every indicator score at full precision.
public enum ScoresCSV {
    /// The header: machine-readable keys (`county`, `city`, `tier`, `status`, `rank`, `total`, `i01`…), which
    /// other tools read; or, with `chineseHeaders`, the Chinese names for people who open the file in Excel.
    public static func make(
        _ evaluation: Evaluation, _ scoreboard: Scoreboard, _ ranking: Ranking, chineseHeaders: Bool = false
    ) -> CSVOutput {
        let rulebook = evaluation.rulebook
        let table = evaluation.table
        var out = CSVOutput()
        let indicatorColumns = rulebook.indicators.map { String(format: "i%02d", $0.number) }
        let categoryColumns = rulebook.categories.indices.map { "subtotal_\($0 + 1)" }
        if chineseHeaders {
            out.header(
                ["县（市、区）", "所属地级市", "梯队", "状态", "排名", "总分"]
                    + rulebook.indicators.map { "\($0.number) \($0.shortName)" } + ["梯队内排名", "拟认定"]
                    + rulebook.categories + ["不具备资格原因"])
        } else {
            out.header(
                ["county", "city", "tier", "status", "rank", "total"] + indicatorColumns
                    + ["tier_rank", "recognised"] + categoryColumns + ["reason"])
        }
        // Values as the header speaks: keys for programs, Chinese words (参评/不具备资格, 是/否) for people.
        let (rankedWord, disqualifiedWord) =
            chineseHeaders
            ? (WorkbookText.ranked.text(.zh), WorkbookText.disqualifiedStatus.text(.zh)) : ("ranked", "disqualified")
        let (yes, no) = chineseHeaders ? (WorkbookText.yes.text(.zh), WorkbookText.no.text(.zh)) : ("yes", "no")
        for row in ranking.order {
            let ranked = evaluation.isRanked(row)
            var cells: [CSVOutput.Cell] = [
                .text(table.county[row]), .text(table.city[row]), .text(rulebook.tiers[table.tier[row]].name),
                .text(ranked ? rankedWord : disqualifiedWord),
                ranking.rank[row].map { .integer($0) } ?? .empty,
                ranked ? .number(scoreboard.totals[row]) : .empty,
            ]
            for k in rulebook.indicators.indices {
                cells.append(ranked ? .number(scoreboard.scores[k][row]) : .empty)
            }
            cells.append(ranking.tierRank[row].map { .integer($0) } ?? .empty)
            cells.append(.text(ranking.recognised[row] ? yes : no))
            for c in rulebook.categories.indices { cells.append(ranked ? .number(scoreboard.subtotals[c][row]) : .empty) }
            cells.append(.text(evaluation.disqualifications[row].map(\.text).joined(separator: "；")))
            out.append(cells)
        }
        return out
    }
}
