import QEvalEvaluation
import QEvalFindings
import QEvalInput
import QEvalPanel
import QEvalRanking
import QEvalRules
import QEvalSupport

/// Declared against verified: the cohort as the counties declared it (申报) beside the one scored after the
/// reviewers' findings (核定), and what the findings did. The one place these facts are computed — the
/// console line, the workbooks' 核查记录 sheets, the feedback workbooks and compare all read them here.
public final class Verification: Sendable {
    /// The reviewers' findings (`Findings.none` when only the panel verified the cohort).
    public let findings: Findings
    /// The expert panel's result, when the judged items were scored by one (专家评审).
    public let panel: Panel?
    /// The cohort as declared, under the same points.
    public let declared: RankedCohort
    /// Per finding (in `findings.items` order): its indicator's score declared → verified.
    public let effects: [Effect]
    /// Applicants whose total or standing (ranked or not) differs between declared and verified.
    public let affected: [Int]
    /// Applicants ranked in both whose rank differs.
    public let rankChanges: [Int]
    public let enteringRecognised: [Int]
    public let leavingRecognised: [Int]
    /// Ranked as declared, disqualified as verified (a finding on a gate field), and the reverse.
    public let disqualified: [Int]
    public let requalified: [Int]
    /// Each finding's index by its cell: the workbook asks once per cell of 原始数据 (2,844 × 129 on a large
    /// cohort), so a scan of the findings there would cost cells × findings.
    private let indexOfCell: [Findings.Cell: Int]

    /// What one finding did to its indicator's score (nil where the applicant is not ranked, or the field
    /// feeds no indicator); other applicants' scores may move too when the field is compared in a group.
    public struct Effect: Sendable {
        public var indicator: Int?
        public var indicatorName: String?
        public var declaredScore: Double?
        public var verifiedScore: Double?
    }

    public init(findings: Findings, panel: Panel? = nil, declared: RankedCohort, verified: RankedCohort) {
        self.findings = findings
        self.panel = panel
        self.declared = declared
        let rulebook = verified.rulebook
        let d = declared
        let v = verified
        self.effects = findings.items.map { finding in
            let number = rulebook.fields[finding.field].indicator
            let k = number.flatMap { n in rulebook.indicators.firstIndex { $0.number == n } }
            return Effect(
                indicator: number, indicatorName: k.map { rulebook.indicators[$0].shortName },
                declaredScore: k.flatMap { d.evaluation.isRanked(finding.row) ? d.scoreboard.scores[$0][finding.row] : nil },
                verifiedScore: k.flatMap { v.evaluation.isRanked(finding.row) ? v.scoreboard.scores[$0][finding.row] : nil })
        }
        let rows = 0..<v.evaluation.count
        self.affected = rows.filter { row in
            d.evaluation.isRanked(row) != v.evaluation.isRanked(row)
                || (d.evaluation.isRanked(row) && d.scoreboard.totals[row] != v.scoreboard.totals[row])
        }
        self.rankChanges = rows.filter { row in
            if let a = d.ranking.rank[row], let b = v.ranking.rank[row] { return a != b }
            return false
        }
        self.enteringRecognised = rows.filter { v.ranking.recognised[$0] && !d.ranking.recognised[$0] }
        self.leavingRecognised = rows.filter { d.ranking.recognised[$0] && !v.ranking.recognised[$0] }
        self.disqualified = rows.filter { d.evaluation.isRanked($0) && !v.evaluation.isRanked($0) }
        self.requalified = rows.filter { !d.evaluation.isRanked($0) && v.evaluation.isRanked($0) }
        self.indexOfCell = Dictionary(
            findings.items.indices.map { (Findings.Cell(row: findings.items[$0].row, field: findings.items[$0].field), $0) },
            uniquingKeysWith: { first, _ in first })
    }

    /// The finding on `field` of the applicant in `row`, with its effect.
    public func finding(row: Int, field: Int) -> (finding: Finding, effect: Effect)? {
        guard let i = indexOfCell[Findings.Cell(row: row, field: field)] else { return nil }
        return (findings.items[i], effects[i])
    }

    /// The findings of one applicant, with their effects, in file order (its feedback workbook).
    public func findings(ofRow row: Int) -> [(finding: Finding, effect: Effect)] {
        findings.items.indices.filter { findings.items[$0].row == row }.map { (findings.items[$0], effects[$0]) }
    }
}
