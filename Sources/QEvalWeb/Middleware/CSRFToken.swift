import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import QEval

/// The visitor's CSRF token: the session's when there is one, else a `qeval_csrf` cookie, made on the first
/// visit. No session is made for a visitor who only reads (a session is made at sign-in or at the first POST
/// that keeps something), so 20,000 cookie-less requests cost no memory.
struct CSRFToken: RouterMiddleware {
    typealias Context = WebContext
    static let cookie = "qeval_csrf"
    /// Over HTTPS the cookie is `Secure` too.
    var secure = false

    /// The token this visitor already has: the session's, else a well-formed cookie's.
    static func existing(_ request: Request, _ context: Context) -> String? {
        if let session = context.sessions.session { return session.csrf }
        if let given = request.cookies[cookie]?.value, isToken(given) { return given }
        return nil
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        var fresh: String? = nil
        if let token = Self.existing(request, context) {
            context.csrfToken = token
        } else if request.method == .get {
            let token = randomToken()
            context.csrfToken = token
            fresh = token
        }
        let visitor = context.csrfToken
        var response = try await WorkPool.$visitor.withValue(visitor) { try await next(request, context) }
        if let fresh, context.sessions.session == nil {
            response.setCookie(
                .init(name: Self.cookie, value: fresh, path: "/", secure: secure, httpOnly: true, sameSite: .strict))
        }
        return response
    }
}
