import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import QEval

/// A visitor's session: the CSRF token, the signed-in reviewer, and the unsaved weights (草稿) per
/// evaluation — kept per session, so two reviewers never see each other's. Made only at sign-in or at the
/// first POST that has something to keep; before that a visitor has only the CSRF cookie.
struct WebSession: Codable, Sendable {
    var csrf: String
    var user: String?
    /// Evaluation id (as text) → points, one per indicator.
    var drafts: [String: [Double]] = [:]

    static func new(csrf: String = randomToken()) -> WebSession { WebSession(csrf: csrf, user: nil) }
}

/// 256 random bits as 64 hexadecimal digits.
func randomToken() -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<4).map { _ in
        let text = String(generator.next() as UInt64, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }.joined()
}

/// Whether a text is a token `randomToken` could have made (a cookie is the visitor's to forge).
func isToken(_ text: String) -> Bool {
    text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
}

struct WebContext: RequestContext, SessionRequestContext {
    typealias Session = WebSession
    var coreContext: CoreRequestContextStorage
    let sessions: SessionContext<WebSession>
    /// The CSRF token of this visitor: the session's, else the `qeval_csrf` cookie's (set on first visit).
    var csrfToken = ""
    /// The posted form, read once by `BodyCheck` (nil for GET and JSON requests).
    var form: FormFields?
    /// Under `/e/:id`: the evaluation and the points in force, resolved once by `EvaluationResolver`.
    var evaluation: ResolvedEvaluation?
    /// The visitor's network address, for throttling sign-ins and the audit log: the connection's peer, or
    /// behind a proxy the address it forwarded (`SignedInAccount`).
    var peer: String
    /// Who is asking: the signed-in account with its role, the machine's own user on a loopback server
    /// without sign-in, or nil (`SignedInAccount`).
    var visitor: Visitor?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        sessions = .init()
        peer = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The session, or a new one (not stored) carrying this visitor's token.
    var session: WebSession { sessions.session ?? WebSession.new(csrf: csrfToken) }
    /// The name written to the audit log: the signed-in reviewer, or "" for the machine's own user.
    var user: String { visitor?.name ?? sessions.session?.user ?? "" }

    /// Keeps `session`: updates the visitor's session, or makes one (short-lived while nobody is signed in).
    func keep(_ session: WebSession, limits: WebLimits) {
        if !sessions.updateSession(session) {
            sessions.createSession(session, expiresIn: .seconds(limits.anonymousSessionSeconds))
        }
    }
}
