import QEvalInput
import QEvalPipeline
import QEvalRules
import QEvalSupport

/// Two scenarios side by side: the same counties under other weights, or the same rules on two data sets.
///
/// The one place a rank shift is computed: `qeval compare` (console, workbook, CSV), the web's live
/// re-weighting, its ranking, weights and compare pages all read `Row.rankChange` and `Row.arrow` from here.
public struct Comparison: Sendable {
    public struct Row: Sendable {
        /// The county's row in A's and in B's data (nil where it is not there); the same row when A and B
        /// are one data set under two sets of points.
        var rowA: Int?
        public var rowB: Int?
        public var county: String
        public var city: String
        public var tier: String
        public var rankA: Int?
        public var rankB: Int?
        public var totalA: Double?
        public var totalB: Double?
        public var statusA: String
        public var statusB: String
        public var recognisedA: Bool
        public var recognisedB: Bool
        /// Indicator scores under A and B (nil where the county is absent or disqualified).
        public var scoresA: [Double]?
        public var scoresB: [Double]?

        public var name: String { "\(county)（\(city)）" }
        /// Places gained from A to B (positive = moved up); nil unless ranked in both.
        public var rankChange: Int? {
            guard let a = rankA, let b = rankB else { return nil }
            return a - b
        }
        public var totalChange: Double? {
            guard let a = totalA, let b = totalB else { return nil }
            return b - a
        }
        /// Whether the county is in scenario A's / B's data at all (it may be there but disqualified).
        public var inA = true
        public var inB = true

        /// Which way the county moved from A to B, for styling: up, down, same, or nil (not ranked in both).
        public var direction: Direction? {
            guard let change = rankChange else { return nil }
            return change > 0 ? .up : change < 0 ? .down : .same
        }

        /// The one arrow convention, everywhere a move is shown: "▲3" (up three places), "▼2", "—"; when
        /// ranked under one scenario only: "新参评" / "未参评" (not in the other data set), "取得资格" /
        /// "失去资格" (in both, disqualified under one).
        public var arrow: String {
            switch (rankA, rankB) {
            case (nil, nil): return "—"
            case (nil, _): return (inA ? CompareText.gainedQualification : .newlyRanked).text
            case (_, nil): return (inB ? CompareText.lostQualification : .notRanked).text
            default:
                let change = rankChange!
                return change > 0 ? "▲\(change)" : change < 0 ? "▼\(-change)" : "—"
            }
        }
    }

    public enum Direction: String, Sendable { case up, down, same }

    /// Scenario A's rulebook (B's when they differ is `rulebookB`).
    public var rulebook: Rulebook
    public var rulebookB: Rulebook
    /// Indicators both scenarios have, as (index in A's rulebook, index in B's), in B's order. Under one
    /// rulebook every indicator pairs with itself; across two standards they are matched by `identity`
    /// (the `id:` key, else the name), never by number.
    public var pairs: [(a: Int, b: Int)]
    /// True when A and B are scored under different rulebooks.
    public var crossStandard: Bool
    /// What A and B are, in full (a file's path, a scenario's name), for 说明.
    public var nameA: String
    public var nameB: String
    /// Short names for page headers and titles: a file's name without its folders, else the name itself.
    /// Set apart because a scenario's name may hold a "/" that is no folder.
    public var titleA: String
    public var titleB: String
    public var a: RankedCohort
    public var b: RankedCohort
    /// Counties of both scenarios, in B's display order, then those only in A.
    public var rows: [Row]
    public var topN: Int { rulebook.recognitionCount }
    /// Every input figure that differs between A's and B's data (empty when they are one data set).
    public var inputChanges: [InputChange]
    public var entering: [Row] { rows.filter { $0.recognisedB && !$0.recognisedA } }
    public var leaving: [Row] { rows.filter { $0.recognisedA && !$0.recognisedB } }

    public init(
        a: RankedCohort, b: RankedCohort, nameA: String, nameB: String, titleA: String? = nil, titleB: String? = nil
    ) {
        self.titleA = titleA ?? nameA
        self.titleB = titleB ?? nameB
        self.rulebook = a.rulebook
        self.rulebookB = b.rulebook
        self.crossStandard = a.rulebook.source != b.rulebook.source || a.rulebook.name != b.rulebook.name
        self.pairs = Comparison.pairs(a.rulebook, b.rulebook, sameStandard: !crossStandard)
        self.nameA = nameA
        self.nameB = nameB
        self.a = a
        self.b = b
        func key(_ cohort: RankedCohort, _ row: Int) -> String {
            cohort.evaluation.table.county[row] + "\u{1F}" + Tier.normalise(cohort.evaluation.table.city[row])
        }
        func status(_ cohort: RankedCohort, _ row: Int) -> String {
            let e = cohort.evaluation
            if !e.isRanked(row) {
                return WorkbookText.disqualified(
                    reasons: e.disqualifications[row].map(\.text).joined(separator: WorkbookText.reasonSeparator.text)
                ).text
            }
            return (cohort.ranking.recognised[row] ? WorkbookText.recognised : .ranked).text
        }
        var indexA: [String: Int] = [:]
        for row in 0..<a.evaluation.count { indexA[key(a, row)] = row }
        var rows: [Row] = []
        var matched = Set<Int>()
        for rowB in b.ranking.order {
            let tableB = b.evaluation.table
            var r = Row(
                rowA: nil, rowB: rowB, county: tableB.county[rowB], city: tableB.city[rowB],
                tier: b.rulebook.tiers[tableB.tier[rowB]].name,
                rankA: nil, rankB: b.ranking.rank[rowB], totalA: nil,
                totalB: b.evaluation.isRanked(rowB) ? b.scoreboard.totals[rowB] : nil, statusA: CompareText.notInData.text,
                statusB: status(b, rowB), recognisedA: false, recognisedB: b.ranking.recognised[rowB], scoresA: nil,
                scoresB: b.evaluation.isRanked(rowB) ? b.scoreboard.scores.map { $0[rowB] } : nil)
            r.inA = false
            if let rowA = indexA[key(b, rowB)] {
                matched.insert(rowA)
                r.inA = true
                r.rowA = rowA
                r.rankA = a.ranking.rank[rowA]
                r.totalA = a.evaluation.isRanked(rowA) ? a.scoreboard.totals[rowA] : nil
                r.statusA = status(a, rowA)
                r.recognisedA = a.ranking.recognised[rowA]
                r.scoresA = a.evaluation.isRanked(rowA) ? a.scoreboard.scores.map { $0[rowA] } : nil
            }
            rows.append(r)
        }
        for rowA in a.ranking.order where !matched.contains(rowA) {
            let tableA = a.evaluation.table
            var r = Row(
                rowA: rowA, rowB: nil, county: tableA.county[rowA], city: tableA.city[rowA],
                tier: a.rulebook.tiers[tableA.tier[rowA]].name,
                rankA: a.ranking.rank[rowA], rankB: nil,
                totalA: a.evaluation.isRanked(rowA) ? a.scoreboard.totals[rowA] : nil, totalB: nil, statusA: status(a, rowA),
                statusB: CompareText.notInData.text, recognisedA: a.ranking.recognised[rowA], recognisedB: false,
                scoresA: a.evaluation.isRanked(rowA) ? a.scoreboard.scores.map { $0[rowA] } : nil, scoresB: nil)
            r.inB = false
            rows.append(r)
        }
        self.rows = rows
        let sameData =
            a.evaluation.table.file == b.evaluation.table.file && a.evaluation.table.sha256 == b.evaluation.table.sha256
        self.inputChanges = sameData ? [] : Self.inputChanges(rows, a: a, b: b, pairs: pairs)
    }

    /// One input figure of one county that is not the same in A's data as in B's: what a second data set
    /// changed, beside the scores it moved (issue 24: a comparison showed score changes, not their cause).
    public struct InputChange: Sendable, Equatable {
        public var county: String
        public var city: String
        public var key: String
        public var label: String
        public var unit: String
        /// The indicator the figure feeds (its number in B's standard), if any.
        public var indicator: Int?
        /// As the workbook shows it ("95", "是"); nil: not filled in.
        public var valueA: String?
        public var valueB: String?
        /// That indicator's score under A and B (nil: no indicator, or the county not ranked there).
        public var scoreA: Double?
        public var scoreB: Double?
        public var name: String { "\(county)（\(city)）" }
    }

    /// The fields both standards have (by key), for each county in both data sets, in B's row order and the
    /// form's field order; county and city are what the rows were matched by, so they are not compared.
    static func inputChanges(_ rows: [Row], a: RankedCohort, b: RankedCohort, pairs: [(a: Int, b: Int)])
        -> [InputChange]
    {
        let ta = a.evaluation.table
        let tb = b.evaluation.table
        let aOfB = Dictionary(uniqueKeysWithValues: pairs.map { ($0.b, $0.a) })
        var out: [InputChange] = []
        for r in rows {
            guard let rowA = r.rowA, let rowB = r.rowB else { continue }
            for (fb, field) in b.rulebook.fields.enumerated() where field.key != "county" && field.key != "city" {
                guard let fa = a.rulebook.fieldIndex[field.key], a.rulebook.fields[fa].type == field.type else { continue }
                let va = ta.displayValue(fa, of: a.rulebook.fields[fa], row: rowA)
                let vb = tb.displayValue(fb, of: field, row: rowB)
                let same: Bool
                if field.type == .text || va == nil || vb == nil {
                    same = va == vb
                } else {
                    same = ta.values[fa][rowA] == tb.values[fb][rowB]
                }
                guard !same else { continue }
                let k = field.indicator.flatMap { n in b.rulebook.indicators.firstIndex { $0.number == n } }
                out.append(
                    InputChange(
                        county: r.county, city: r.city, key: field.key, label: field.label, unit: field.unit,
                        indicator: field.indicator, valueA: va, valueB: vb,
                        scoreA: k.flatMap { aOfB[$0] }.flatMap { ka in r.scoresA?[ka] },
                        scoreB: k.flatMap { kb in r.scoresB?[kb] }))
            }
        }
        return out
    }

    /// Indicators of `a` and `b` that are the same, matched by identity; an identity used twice in one rulebook
    /// is matched once, to its first indicator.
    public static func pairs(_ a: Rulebook, _ b: Rulebook, sameStandard: Bool) -> [(a: Int, b: Int)] {
        if sameStandard { return a.indicators.indices.map { ($0, $0) } }
        var indexA: [String: Int] = [:]
        for (k, indicator) in a.indicators.enumerated() where indexA[indicator.identity] == nil {
            indexA[indicator.identity] = k
        }
        var used = Set<Int>()
        var result: [(a: Int, b: Int)] = []
        for (k, indicator) in b.indicators.enumerated() {
            guard let i = indexA[indicator.identity], !used.contains(i) else { continue }
            used.insert(i)
            result.append((i, k))
        }
        return result
    }

    /// Indicator numbers of A and of B that have no counterpart in the other standard.
    /// The indicators only one standard has, each as its number and short name ("8 质量信用").
    public var unmatched: (a: [String], b: [String]) {
        let inA = Set(pairs.map(\.a))
        let inB = Set(pairs.map(\.b))
        func named(_ i: Indicator) -> String { "\(i.number) \(i.shortName)" }
        return (
            rulebook.indicators.indices.filter { !inA.contains($0) }.map { named(rulebook.indicators[$0]) },
            rulebookB.indicators.indices.filter { !inB.contains($0) }.map { named(rulebookB.indicators[$0]) }
        )
    }

    public struct Summary: Sendable {
        public var moved: Int
        public var largestMove: Int
    }

    /// Rows by B's row: how each county of B's data moved (for pages in B's row order).
    public var rowsByB: [Int: Row] {
        var byRow: [Int: Row] = [:]
        for r in rows { if let b = r.rowB { byRow[b] = r } }
        return byRow
    }

    public var summary: Summary {
        let changes = rows.compactMap(\.rankChange)
        return Summary(moved: changes.filter { $0 != 0 }.count, largestMove: changes.map(abs).max() ?? 0)
    }

    /// `--csv`: one row per county.
    public func csv() -> CSVOutput {
        var out = CSVOutput()
        out.header([
            "county", "city", "tier", "rank_a", "rank_b", "rank_change", "total_a", "total_b", "total_change",
            "status_a", "status_b",
        ])
        for r in rows {
            out.append([
                .text(r.county), .text(r.city), .text(r.tier),
                r.rankA.map { .integer($0) } ?? .empty, r.rankB.map { .integer($0) } ?? .empty,
                r.rankChange.map { .integer($0) } ?? .empty,
                r.totalA.map { .number($0) } ?? .empty, r.totalB.map { .number($0) } ?? .empty,
                r.totalChange.map { .number($0) } ?? .empty,
                .text(r.statusA), .text(r.statusB),
            ])
        }
        return out
    }
}
