import QEvalEvaluation
import QEvalFindings
import QEvalInput
import QEvalRules
import QEvalSupport

/// The expert panel's result (专家评审, scoring-policy.md "Expert panel"): for every applicant × judged field
/// the experts' levels, their part points, the panel's points (the mean; with five or more experts the single
/// highest and lowest dropped first; no rounding), the spread and its flag; per expert the leniency; per field
/// Kendall's W. The one place these facts are computed — the scoring, the sheets, the console, the web and the
/// explanation read them here.
public struct Panel: Sendable {
    /// An expert needs company: fewer than this many levels for a ranked applicant's judged field is an error.
    public static let minimumExperts = 3
    /// From this many experts on, the single highest and the single lowest are dropped (去掉一个最高分和一个最低分).
    public static let trimFrom = 5
    /// An expert whose mean deviation from the panel exceeds this share of the parts' points stands out.
    public static let leniencyMark = 0.25

    /// One expert's level on one part, as the panel counted it.
    public struct Score: Sendable, Equatable {
        public var expert: String
        public var level: Int
        public var points: Double
        /// Dropped as the single highest or lowest (five or more experts).
        public var dropped: Bool
        public var remark: String
        public var file: String
        public var line: Int?
    }

    /// One applicant's judged field.
    public struct Part: Sendable {
        public var row: Int
        public var field: Int
        /// The part's points under the standard (the level table's highest).
        public var standardPoints: Double
        /// The level the county declared (nil: not reported) and its part points.
        public var declaredLevel: Int?
        public var declaredPoints: Double
        /// By expert name.
        public var scores: [Score]
        public var points: Double
        /// Highest − lowest of every expert's points (dropped ones included).
        public var spread: Double
        /// The spread exceeds half the part's points: for the panel to discuss.
        public var flagged: Bool
        /// The level whose points are nearest the panel's points (halfway: the higher).
        public var roundedLevel: Int

        /// Why the experts judged as they did: each non-empty remark as "张三：佐证材料只有文件", by expert;
        /// `name` numbers the experts where they are not to be named (a county's feedback).
        public func remarks(naming name: (String) -> String = { $0 }) -> [String] {
            scores.filter { !$0.remark.isEmpty }.map { PanelMessage.remarkOf(expert: name($0.expert), remark: $0.remark).text }
        }
    }

    /// One expert over every part they scored.
    public struct Expert: Sendable {
        public var name: String
        public var scored: Int
        /// Mean of (expert's points − panel's points) ÷ the part's points: + lenient, − strict.
        public var leniency: Double
        /// Share of their levels equal to the panel's rounded level.
        public var agreeing: Double
        public var standsOut: Bool { abs(leniency) > Panel.leniencyMark + 1e-12 }
    }

    /// Agreement among the experts on one judged field.
    public struct FieldAgreement: Sendable {
        public var field: Int
        public var experts: Int
        public var applicants: Int
        /// Kendall's W over the complete block; nil where it is undefined.
        public var kendallW: Double?
    }

    public var sources: [PanelScores.Source]
    /// In the table's row order, then the rulebook's field order.
    public var parts: [Part]
    public var experts: [Expert]
    public var agreement: [FieldAgreement]
    /// Rows left without a level (shown on the console).
    public var warnings: Diagnostics
    private var indexOfPart: [Findings.Cell: Int]

    public var flagged: [Part] { parts.filter(\.flagged) }
    public var applicantCount: Int { Set(parts.map(\.row)).count }

    /// The part of an applicant's field, if the panel scored it.
    public func part(row: Int, field: Int) -> Part? {
        indexOfPart[Findings.Cell(row: row, field: field)].map { parts[$0] }
    }

    /// The parts of one applicant (its feedback workbook).
    public func parts(ofRow row: Int) -> [Part] { parts.filter { $0.row == row } }

    /// The panel's points by field and row, as the Evaluation stage reads them in place of the declared level's.
    var settledPoints: [Int: [Int: Double]] {
        var points: [Int: [Int: Double]] = [:]
        for part in parts { points[part.field, default: [:]][part.row] = part.points }
        return points
    }

    /// The panel's points of a list of experts' part points: the mean; from `trimFrom` experts on, one highest and
    /// one lowest dropped first. Returns the points and which indices were dropped (the first lowest and the first
    /// highest in the given order).
    public static func combine(_ points: [Double]) -> (points: Double, dropped: Set<Int>) {
        guard !points.isEmpty else { return (0, []) }
        var dropped = Set<Int>()
        if points.count >= trimFrom {
            let low = points.indices.min { points[$0] < points[$1] }!
            let high = points.indices.max { points[$0] < points[$1] }!
            // max(by:) returns the last of equal maxima; the first is the one to drop, for a stable choice.
            let firstHigh = points.indices.first { points[$0] == points[high] && $0 != low } ?? high
            dropped = [low, firstHigh]
        }
        let kept = points.indices.filter { !dropped.contains($0) }.map { points[$0] }
        return (kept.reduce(0, +) / Double(kept.count), dropped)
    }

    /// The level whose part points are nearest `points` (halfway between two: the higher).
    static func nearestLevel(_ points: Double, table: [Double]) -> Int {
        var best = 0
        for (level, p) in table.enumerated() where abs(p - points) <= abs(table[best] - points) + 1e-12 { best = level }
        return best
    }

    /// The panel over `table` (the declared table with the findings applied, so that a finding on a gate decides
    /// who must be scored): every applicant that passes the gates needs at least `minimumExperts` levels for every
    /// judged field, and no finding may touch a judged field. Every problem an input error, all at once.
    /// `requireCoverage: false` (the chair's view while experts are still scoring) skips the three-expert check.
    public static func combine(
        _ scores: PanelScores, table: ApplicantTable, rulebook: Rulebook, findings: Findings? = nil,
        requireCoverage: Bool = true
    ) throws(InputError) -> Panel {
        let ranked = Evaluator.gates(table, rulebook).map(\.isEmpty)
        var errors = Diagnostics()
        for finding in findings?.items ?? [] where rulebook.fields[finding.field].judged {
            errors.error(
                file: finding.file, line: finding.line, column: FindingsFile.Column.field.rawValue,
                columnLabel: FindingsFile.Column.field.message.localized.zh, value: finding.label,
                applicant: finding.applicant, PanelMessage.findingOnJudged(label: finding.label))
        }
        var byCell: [Findings.Cell: [ExpertLevel]] = [:]
        for level in scores.levels { byCell[Findings.Cell(row: level.row, field: level.field), default: []].append(level) }
        let judged = rulebook.judgedFields
        // One file names itself; several would make every message a long list (the applicant and item locate it).
        let files = scores.sources.count == 1 ? scores.sources[0].file : nil
        for row in 0..<table.count where ranked[row] && requireCoverage {
            for f in judged {
                let given = byCell[Findings.Cell(row: row, field: f)] ?? []
                guard given.count < minimumExperts else { continue }
                errors.error(
                    file: files, column: rulebook.fields[f].key, columnLabel: rulebook.fields[f].label,
                    applicant: table.name(row),
                    PanelMessage.tooFewExperts(
                        label: rulebook.fields[f].label, count: given.count, required: minimumExperts,
                        experts: Wording.list(given.map(\.expert).sorted(), .current)))
            }
        }
        if errors.hasErrors { throw InputError(errors) }

        // Only applicants that pass the gates: a disqualified one's levels count nowhere (not in leniency, not in W).
        var parts: [Part] = []
        for row in 0..<table.count where ranked[row] {
            for f in judged {
                guard var given = byCell[Findings.Cell(row: row, field: f)], let levelTable = rulebook.levelPoints(of: f)
                else { continue }
                given.sort { $0.expert < $1.expert }
                let points = given.map { $0.level < levelTable.count ? levelTable[$0.level] : 0 }
                let (mean, dropped) = combine(points)
                let declaredLevel = table.hasColumn[f] && table.present[f][row] ? Int(table.values[f][row]) : nil
                let standard = levelTable.max() ?? 0
                let spread = (points.max() ?? 0) - (points.min() ?? 0)
                parts.append(
                    Part(
                        row: row, field: f, standardPoints: standard, declaredLevel: declaredLevel,
                        declaredPoints: declaredLevel.map { $0 < levelTable.count ? levelTable[$0] : 0 } ?? 0,
                        scores: given.indices.map { i in
                            Score(
                                expert: given[i].expert, level: given[i].level, points: points[i],
                                dropped: dropped.contains(i), remark: given[i].remark, file: given[i].file,
                                line: given[i].line)
                        },
                        points: mean, spread: spread, flagged: spread > standard / 2 + 1e-12,
                        roundedLevel: nearestLevel(mean, table: levelTable)))
            }
        }
        return Panel(
            sources: scores.sources, parts: parts, experts: expertStandings(parts),
            agreement: judged.map { agreement(field: $0, parts: parts) }, warnings: scores.warnings,
            indexOfPart: Dictionary(
                parts.indices.map { (Findings.Cell(row: parts[$0].row, field: parts[$0].field), $0) },
                uniquingKeysWith: { a, _ in a }))
    }

    static func expertStandings(_ parts: [Part]) -> [Expert] {
        var sums: [String: (n: Int, deviation: Double, same: Int)] = [:]
        for part in parts where part.standardPoints > 0 {
            for score in part.scores {
                var s = sums[score.expert] ?? (0, 0, 0)
                s.n += 1
                s.deviation += (score.points - part.points) / part.standardPoints
                s.same += score.level == part.roundedLevel ? 1 : 0
                sums[score.expert] = s
            }
        }
        return sums.keys.sorted().map { name in
            let s = sums[name]!
            return Expert(
                name: name, scored: s.n, leniency: s.deviation / Double(s.n), agreeing: Double(s.same) / Double(s.n))
        }
    }

    /// Kendall's W for one field over its complete block: the experts who scored every applicant of the field
    /// scored by anyone, and those applicants; where no expert did, the experts who scored the most.
    static func agreement(field: Int, parts: [Part]) -> FieldAgreement {
        let own = parts.filter { $0.field == field }
        var coverage: [String: Int] = [:]
        for part in own { for s in part.scores { coverage[s.expert, default: 0] += 1 } }
        let most = coverage.values.max() ?? 0
        let experts = coverage.filter { $0.value == most }.keys.sorted()
        let applicants = own.filter { part in experts.allSatisfy { e in part.scores.contains { $0.expert == e } } }
        let matrix = experts.map { e in applicants.map { part in part.scores.first { $0.expert == e }!.points } }
        return FieldAgreement(
            field: field, experts: experts.count, applicants: applicants.count, kendallW: kendallW(matrix))
    }

    /// Kendall's coefficient of concordance with the correction for ties: `ratings[j][i]` is rater j's score of
    /// object i. W = 12S / (m²(n³ − n) − m ΣT), S = Σ(Rᵢ − m(n+1)/2)², T = Σ(t³ − t) over each rater's groups of
    /// tied scores (Siegel & Castellan 1988, §9.4). Nil with fewer than two raters or objects, or when every rater
    /// ties every object (the denominator is 0).
    public static func kendallW(_ ratings: [[Double]]) -> Double? {
        let m = ratings.count
        guard m >= 2, let n = ratings.first?.count, n >= 2, ratings.allSatisfy({ $0.count == n }) else { return nil }
        var rankSums = [Double](repeating: 0, count: n)
        var ties = 0.0
        for scores in ratings {
            let order = scores.indices.sorted { scores[$0] < scores[$1] }
            var i = 0
            while i < n {
                var j = i
                while j + 1 < n && scores[order[j + 1]] == scores[order[i]] { j += 1 }
                // Positions i…j (0-based) share the mean rank of ranks i+1…j+1.
                let rank = Double(i + j + 2) / 2
                for k in i...j { rankSums[order[k]] += rank }
                let t = Double(j - i + 1)
                ties += t * t * t - t
                i = j + 1
            }
        }
        let (mm, nn) = (Double(m), Double(n))
        let mean = mm * (nn + 1) / 2
        let s = rankSums.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let denominator = mm * mm * (nn * nn * nn - nn) - mm * ties
        guard denominator > 1e-12 else { return nil }
        return 12 * s / denominator
    }

    /// The declared table with the panel's points set on it (`ApplicantTable.panelPoints`): the Evaluation stage
    /// then scores every judged part from them.
    public func apply(to table: ApplicantTable) -> ApplicantTable {
        var settled = table
        settled.panelPoints = settledPoints
        return settled
    }

    /// The distinct experts, by name.
    public var expertNames: [String] { experts.map(\.name) }
}
