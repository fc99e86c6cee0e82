import Foundation
import HTTPTypes
import QEval

/// An account's role (角色): what its holder may do in the workspace. Stored by its key (`admin`, …), shown
/// and typed by its Chinese name (`管理员`, …); the English names are accepted too.
public enum Role: String, CaseIterable, Sendable, Codable {
    /// 管理员: accounts, deleting evaluations, the audit log, and everything a reviewer does.
    case admin
    /// 评审: uploads, findings, scenarios, analyses, downloads.
    case reviewer
    /// 专家: only the expert panel's pages (the panel issue); no evaluation's figures otherwise.
    case expert
    /// 只读: views and downloads.
    case viewer

    /// The name people read and type.
    public var name: AccessText {
        switch self {
        case .admin: return .roleAdmin
        case .reviewer: return .roleReviewer
        case .expert: return .roleExpert
        case .viewer: return .roleViewer
        }
    }

    /// A role from its Chinese name, its English name or its key ("管理员", "admin", "Administrator").
    public init?(named text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let names: [Role: [String]] = [
            .admin: ["管理员", "admin", "administrator"],
            .reviewer: ["评审", "reviewer"],
            .expert: ["专家", "expert"],
            .viewer: ["只读", "viewer", "read-only", "readonly"],
        ]
        guard let role = names.first(where: { $0.value.contains(t) })?.key else { return nil }
        self = role
    }

    /// Every name `init(named:)` takes, for messages ("管理员、评审、专家、只读").
    public static var choices: String {
        allCases.map { $0.name.text }.joined(separator: Language.current == .zh ? "、" : ", ")
    }

    public func allows(_ permission: Permission) -> Bool {
        switch permission {
        case .open, .signedIn, .ownAccount: return true
        case .view, .download: return self != .expert
        case .analyse, .upload, .record: return self == .admin || self == .reviewer
        case .manageAccounts, .deleteEvaluation, .audit: return self == .admin
        case .chairPanel: return self == .admin || self == .reviewer
        case .scorePanel: return self == .expert
        }
    }
}

/// What a route needs. Every route of the server is listed in `RoutePolicy` with one of these; a route not
/// listed is refused to everyone (a new route cannot be open by forgetting it).
public enum Permission: String, CaseIterable, Sendable {
    /// The sign-in page, signing out, the stylesheet and script.
    case open
    /// Any signed-in account (the start page, which shows each role what it may do).
    case signedIn
    /// Changing one's own password.
    case ownAccount
    /// Pages of an evaluation: ranking, county, weights, compare, robustness, findings.
    case view
    /// Workbooks and exports.
    case download
    /// Drafts of points, saved scenarios, robustness runs.
    case analyse
    /// New evaluations.
    case upload
    /// Reviewers' findings, one at a time or imported.
    case record
    case manageAccounts
    case deleteEvaluation
    case audit
    /// Setting up an evaluation's expert panel, following it, re-opening items (主持专家评审).
    case chairPanel
    /// Scoring the judged items of an evaluation one is assigned to (专家评分).
    case scorePanel

    /// What it lets one do, in the words of a refusal ("不能 上传申报数据").
    var action: AccessText {
        switch self {
        case .open, .signedIn: return .actionEnter
        case .ownAccount: return .actionOwnAccount
        case .view: return .actionView
        case .download: return .actionDownload
        case .analyse: return .actionAnalyse
        case .upload: return .actionUpload
        case .record: return .actionRecord
        case .manageAccounts: return .actionManageAccounts
        case .deleteEvaluation: return .actionDeleteEvaluation
        case .audit: return .actionAudit
        case .chairPanel: return .actionChairPanel
        case .scorePanel: return .actionScorePanel
        }
    }

    /// The roles that may.
    var roles: [Role] { Role.allCases.filter { $0.allows(self) } }
}

/// The one table of who may use which route: method and the router's path pattern (`/e/{id}/county/{row}`).
/// `RouteAccessTests` walks every route the router has against it, as every role.
enum RoutePolicy {
    static let table: [String: Permission] = [
        "GET /assets/app.css": .open,
        "GET /assets/app.js": .open,
        "GET /login": .open,
        "POST /login": .open,
        "POST /logout": .open,
        "GET /": .signedIn,
        "GET /account": .ownAccount,
        "POST /account/password": .ownAccount,
        "POST /evaluations": .upload,
        "POST /evaluations/sample": .upload,
        "GET /e/{id}": .view,
        "GET /e/{id}/county/{row}": .view,
        "GET /e/{id}/weights": .view,
        "POST /e/{id}/weights": .analyse,
        "POST /e/{id}/weights/reset": .analyse,
        "POST /e/{id}/scenarios": .analyse,
        "GET /e/{id}/compare": .view,
        "GET /e/{id}/robustness": .view,
        "POST /e/{id}/robustness": .analyse,
        "GET /jobs/{job}": .view,
        "POST /jobs/{job}/cancel": .analyse,
        "GET /e/{id}/download/{kind}": .download,
        "GET /e/{id}/county/{row}/feedback.xlsx": .download,
        "GET /e/{id}/findings": .view,
        "GET /e/{id}/findings.csv": .download,
        "POST /e/{id}/findings/import": .record,
        "POST /e/{id}/county/{row}/findings": .record,
        "POST /e/{id}/delete": .deleteEvaluation,
        "GET /audit": .audit,
        "GET /e/{id}/panel": .chairPanel,
        "POST /e/{id}/panel/experts": .chairPanel,
        "POST /e/{id}/panel/reopen": .chairPanel,
        "POST /e/{id}/panel/close": .chairPanel,
        "GET /e/{id}/panel.csv": .chairPanel,
        "GET /e/{id}/score": .scorePanel,
        "POST /e/{id}/score": .scorePanel,
        "GET /admin": .manageAccounts,
        "POST /admin/users": .manageAccounts,
        "POST /admin/users/{name}/role": .manageAccounts,
        "POST /admin/users/{name}/disable": .manageAccounts,
        "POST /admin/users/{name}/enable": .manageAccounts,
        "POST /admin/users/{name}/password": .manageAccounts,
    ]

    static func permission(_ method: HTTPRequest.Method, _ endpoint: String) -> Permission? {
        table["\(method.rawValue) \(endpoint)"]
    }
}

/// Who is making a request: an account (its name and role), or the machine's own user on a loopback server
/// without sign-in (管理员, as before roles existed).
struct Visitor: Sendable, Equatable {
    var name: String
    var role: Role

    static let localMachine = Visitor(name: "", role: .admin)
}
