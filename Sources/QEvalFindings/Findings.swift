import QEvalInput
import QEvalRules
import QEvalSupport

/// One reviewer's finding (核查记录): one field of one applicant as verified against the evidence (核定),
/// replacing what the county declared (申报). A blank verified value rejects the figure: it is then not
/// reported (scoring-policy.md, "Reviewers' findings").
public struct Finding: Sendable, Equatable {
    /// The applicant's row in the declared table, and the field's index in the rulebook.
    public var row: Int
    public var field: Int
    public var county: String
    public var city: String
    public var key: String
    public var label: String
    public var unit: String
    /// The declared figure as the reviewer reads it; nil: not reported.
    public var declared: String?
    /// The verified figure as read from the findings file (normalised like a cell); nil: rejected (blank).
    public var verified: String?
    /// The verified figure as the scoring reads it (a number, 1/0 for yes/no); nil when rejected or text.
    public var verifiedNumber: Double?
    public var reason: String
    public var evidence: String
    public var reviewer: String
    public var date: String
    /// Where the finding is written: "核查.csv 第3行" or "核查.xlsx!Sheet1" and its line.
    public var file: String
    public var line: Int?
    /// The verified value equals the declared one: counted apart, changes nothing.
    public var isConfirmation: Bool

    public var applicant: String { "\(county)（\(city)）" }
}

/// The findings file read and checked against the declared cohort: what `--findings` applies.
public struct Findings: Sendable {
    /// The findings file as given, and the SHA-256 of its bytes (说明 names both).
    public var file: String
    public var sha256: String
    /// In the file's order.
    public var items: [Finding]

    public init(file: String, sha256: String, items: [Finding]) {
        self.file = file
        self.sha256 = sha256
        self.items = items
    }

    /// No findings (an expert panel alone verified the cohort).
    public static let none = Findings(file: "", sha256: "", items: [])

    public var changes: Int { items.filter { !$0.isConfirmation }.count }
    public var confirmations: Int { items.filter(\.isConfirmation).count }

    /// An applicant's row and a field: where a finding applies.
    public struct Cell: Hashable, Sendable {
        public var row: Int
        public var field: Int
        public init(row: Int, field: Int) {
            self.row = row
            self.field = field
        }
    }

    /// The verified cohort: the declared table with every finding's value in place of the declared one,
    /// nothing else changed. It is scored from scratch by the Evaluation stage (gates, min and max, ranks).
    public func apply(to table: ApplicantTable, rulebook: Rulebook) -> ApplicantTable {
        var verified = table
        for finding in items where !finding.isConfirmation {
            let (f, row) = (finding.field, finding.row)
            if rulebook.fields[f].type == .text {
                verified.texts[f][row] = finding.verified ?? ""
                verified.present[f][row] = !(finding.verified ?? "").isEmpty
            } else if let number = finding.verifiedNumber {
                verified.values[f][row] = number
                verified.present[f][row] = true
            } else {
                // Rejected (佐证不足): not reported, as a blank cell is.
                verified.values[f][row] = 0
                verified.present[f][row] = false
            }
            verified.hasColumn[f] = true
        }
        return verified
    }
}
