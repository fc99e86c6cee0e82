import Foundation
import Mustache
import QEval

// The data of each page, typed: what a template may show is a property here, named as the template names it.
// A text that may be absent is an optional (nil hides its `{{#…}}` section: Mustache takes an empty string
// for true); `nonEmpty` turns "nothing to say" into nil.

/// "" → nil, for texts whose section hides when there is nothing to say.
func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }

/// A page model with the catalogue's fixed texts beside it, as `{{t.<WebText case>}}`.
struct PageContext<Model>: MustacheParent {
    let model: Model
    let texts: [String: String]

    func child(named name: String) -> Any? {
        if name == "t" { return texts }
        guard let value = Mirror(reflecting: model).children.first(where: { $0.label == name })?.value else {
            return nil
        }
        // An optional's value, or nil for none (so its section hides).
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}

struct LayoutPage {
    struct EvaluationLink { var id: Int64 }
    var title: String
    var body: String
    var csrf: String
    var version: String
    var lang: String
    var otherLang: String
    var otherLangTag: String
    var evaluation: EvaluationLink?
    var user: String?
    /// What the visitor's role may reach, so the header offers only that.
    var canAudit = false
    var canAdmin = false
    var role: String?
    var canChairPanel = false
}

/// The 管理员 page.
struct AdminPage {
    struct RoleChoice {
        var key: String
        var name: String
        var selected: Bool
    }
    struct Account {
        var name: String
        var role: String
        var roleKey: String
        var disabled: Bool
        var state: String
        var lastSignIn: String
        var sessions: Int
        /// The signed-in 管理员's own row: no disable button (the last-admin rule would refuse it anyway).
        var isSelf: Bool
        var roles: [RoleChoice]
    }
    struct Backup {
        var when: String
        var file: String
        var size: String
        var who: String
    }
    var csrf: String
    var accounts: [Account]
    var notice: String?
    var errors: [String]
    /// Stored, not computed: the templates see stored properties only.
    var hasErrors: Bool
    var roles: [RoleChoice]
    var backup: Backup?
    var mode: String
    var idle: String
    var data: String
}

/// An account's own page: its role and the password form.
struct AccountPage {
    var csrf: String
    var name: String
    var role: String
    var signedIn: Bool
    var notice: String?
    var error: String?
    var idle: String
}

struct ErrorPage {
    var title: String
    var message: String
}

struct HomePage {
    struct Row {
        var id: Int64
        var fileName: String
        var applicants: Int
        var rulebook: String
        var sha: String
        var who: String
        var when: String
    }
    var evaluations: [Row]
    var hasEvaluations: Bool
    var csrf: String
    var rulebook: String
    var limitMB: Int
    var uploadHint: String
    /// What the visitor's role may do here.
    var canUpload = true
    var canDelete = false
    var showList = true
    var roleNote: String?
    /// An expert's panels (their start page).
    var panels: ExpertPanels? = nil
}

struct RefusedPage {
    struct Problem {
        var line: String
        var column: String
        var value: String
        var applicant: String
        var problem: String
    }
    var fileName: String
    var problems: [Problem]
    var summary: String
    var more: String?
}

struct LoginPage {
    var csrf: String
    var next: String
    var failed: Bool
    var requiresLogin: Bool
}

struct AuditPage {
    struct Row {
        var when: String
        var who: String
        var action: String
        var evaluation: String
        var detail: String
        /// Where the request came from (behind a proxy: the address it forwarded).
        var address: String
    }
    var rows: [Row]
}

/// An option of a points selector.
struct PointsOption {
    var value: String
    var label: String
    var selected: Bool
}

/// A line of the data's warnings.
struct WarningLine { var text: String }

struct RankingPage {
    struct Cell {
        var text: String
        var raw: String
    }
    struct Row {
        var row: Int
        var county: String
        var city: String
        var rank: String
        var tier: Int
        var tierName: String
        var tierRank: String
        var total: String
        var totalRaw: String
        var subtotals: [Cell]
        var status: String
        var shift: String
        var shiftCss: String
        var `class`: String
        var query: String
        var showShift: Bool
    }
    struct TierLink {
        var index: Int
        var name: String
    }
    struct Category { var name: String }
    var id: Int64
    var fileName: String
    var rows: [Row]
    var tiers: [TierLink]
    var categories: [Category]
    var meta: String
    var pointsOptions: [PointsOption]
    var s: String
    var showShift: Bool
    var draftBanner: String?
    var warnings: [WarningLine]
    var hasWarnings: Bool
    /// Which data the page shows when the evaluation has findings (申报 or 核定), and the link to the other.
    var dataBanner: String? = nil
    var dataSwitch: String? = nil
    var dataSwitchText: String? = nil
    /// The expert panel's state (专家评审), and whether the visitor may open its page.
    var panelBanner: String? = nil
    var canChairPanel = false
}

/// A county's figures as declared and verified, and the form that records a finding.
struct VerificationSection {
    struct Figure {
        var key: String
        var label: String
        var declared: String
        var verified: String
        var reason: String
        var reviewer: String
        var version: String
        var changed: Bool
    }
    struct Option {
        var key: String
        var label: String
        var selected: Bool
    }
    struct ErrorLine { var text: String }
    var csrf: String
    var figures: [Figure]
    var options: [Option]
    var errors: [ErrorLine]
    var hasErrors: Bool
    var errorSummary: String?
    var value: String
    var reason: String
    var evidence: String
}

/// The evaluation's findings: current ones (filtered), every version, export and import.
struct FindingsPage {
    struct Row {
        var county: String
        var city: String
        /// The county's page, when the county is in the evaluation.
        var link: String?
        var label: String
        var key: String
        var declared: String
        var verified: String
        var reason: String
        var evidence: String
        var reviewer: String
        var when: String
        var version: Int
    }
    struct Option {
        var key: String
        var label: String
        var selected: Bool
    }
    var id: Int64
    var csrf: String
    var count: String
    var rows: [Row]
    var hasRows: Bool
    var history: [Row]
    var options: [Option]
    var county: String
    var reviewer: String
}

struct CountyPage {
    struct Part {
        var label: String?
        var kind: String
        var inputs: String?
        var score: String
        var line: String
    }
    struct Indicator {
        var number: Int
        var name: String
        var score: String
        var points: String
        var lost: String
        var mean: String
        var best: String
        var parts: [Part]
    }
    struct Loss {
        var number: Int
        var name: String
        var lost: String
    }
    struct Reason { var text: String }
    /// A remarks column of the input (备注) and this county's text in it.
    struct Note {
        var header: String
        var text: String
    }
    var id: Int64
    var row: Int
    var county: String
    var city: String
    var tierName: String
    var total: String
    var maximum: String
    var rank: String
    var tierRank: String?
    var status: String
    var lineText: String
    var disqualifications: [Reason]
    var verification: VerificationSection
    var notes: [Note]
    var hasNotes: Bool
    var indicators: [Indicator]
    var losses: [Loss]
    var hasLosses: Bool
    var points: String
    var query: String
    var chart: String
    var rulebook: String
}

struct WeightsPage {
    struct Indicator {
        var number: Int
        var name: String
        var standard: String
        var value: String
        var category: Int
        var changed: Bool
    }
    struct Group {
        var index: Int
        var name: String
        var standard: String
        var subtotal: String
        var indicators: [Indicator]
    }
    struct Row {
        var row: Int
        var county: String
        var city: String
        var rank: String
        var tierName: String
        var tier: Int
        var total: String
        var shift: String
        var shiftCss: String
        var `class`: String
    }
    var id: Int64
    var groups: [Group]
    var rows: [Row]
    var csrf: String
    var total: String
    var standardTotal: String
    var pointsLabel: String
    var s: String
    var pointsOptions: [PointsOption]
}

struct ComparePage {
    struct Row {
        var county: String
        var city: String
        var tier: String
        var rankA: String
        var rankB: String
        var totalA: String
        var totalB: String
        var shift: String
        var shiftCss: String
        var statusA: String
        var statusB: String
        var `class`: String
    }
    var id: Int64
    var a: String
    var b: String
    var optionsA: [PointsOption]
    var optionsB: [PointsOption]
    var nameA: String
    var nameB: String
    var rows: [Row]
    var summary: String
    var entering: String?
    var leaving: String?
    var chart: String
}

struct RobustnessPage {
    struct County {
        var rank: Int
        var county: String
        var city: String
        var median: Int
        var interval: String
        var p: String
        var width: String
        var `class`: String
    }
    var id: Int64
    var csrf: String
    var samples: Int
    var spread: String
    var seed: UInt64
    var samplesMin: Int
    var samplesMax: Int
    var job: String?
    var running: Bool
    var queued: String?
    var failed: String?
    var resultSummary: String?
    var leaving: String?
    var counties: [County]
    var chart: String?
}
