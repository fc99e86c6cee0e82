import Foundation

/// The chair's panel page: assignment, progress, the spread of the submitted levels, items under discussion.
struct PanelPage {
    struct Choice {
        var name: String
        var checked: Bool
    }
    struct Progress {
        var name: String
        var scored: String
        var state: String
        var submittedAt: String
        var submitted: Bool
    }
    struct Cell {
        var text: String
        var dropped: Bool
    }
    struct SpreadRow {
        var county: String
        var city: String
        var key: String
        var label: String
        var declared: String
        var levels: [Cell]
        var points: String
        var spread: String
        var flagged: Bool
        var discussing: Bool
        /// The experts' remarks ("张三：…"), why they judged as they did.
        var remarks: [String]
    }
    struct Reopened {
        /// The re-opening's number (not `id`: inside the row, `{{id}}` must still be the evaluation's).
        var number: Int64
        var county: String
        var city: String
        var label: String
        var by: String
        var at: String
    }
    struct Change {
        var when: String
        var expert: String
        var county: String
        var city: String
        var label: String
        var version: Int
        var level: Int
        var remark: String
    }
    var id: Int64
    var csrf: String
    var note: String?
    var problems: [String]
    var hasProblems: Bool
    var experts: [Choice]
    var hasExpertAccounts: Bool
    var blind: Bool
    var progress: [Progress]
    var hasProgress: Bool
    var expertNames: [String]
    var rows: [SpreadRow]
    var hasRows: Bool
    var onlyFlagged: Bool
    var flaggedCount: Int
    var reopened: [Reopened]
    var hasReopened: Bool
    var changes: [Change]
    var hasChanges: Bool
    var hasSubmissions: Bool
}

/// An expert's scoring page: one page of applicants, each judged item with its levels and their wording.
struct ScorePage {
    struct Option {
        var value: String
        var text: String
        var checked: Bool
    }
    struct Item {
        /// "row.key": the form's names are "l.<name>" (the level) and "r.<name>" (the remark).
        var name: String
        var label: String
        /// The declared level with its wording; nil when the panel is blind.
        var declared: String?
        var options: [Option]
        var remark: String
        var locked: Bool
        var reopened: Bool
        var missing: Bool
    }
    struct Applicant {
        var county: String
        var city: String
        var items: [Item]
    }
    struct PageLink {
        var number: Int
        var current: Bool
    }
    var id: Int64
    var csrf: String
    var fileName: String
    var hint: String
    var progress: String
    var submitted: Bool
    var message: String?
    var errors: [String]
    var hasErrors: Bool
    var applicants: [Applicant]
    var editable: Bool
    var page: Int
    var pages: [PageLink]
    var hasPages: Bool
}

/// An expert's start page: the panels they are on.
struct ExpertPanels {
    struct Row {
        var id: Int64
        var fileName: String
        var state: String
        var progress: String
    }
    var rows: [Row]
    var hasRows: Bool
}
