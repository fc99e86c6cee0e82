import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import QEval

/// Off loopback, every page but the login page and the assets needs a signed-in reviewer.
struct RequireLogin: RouterMiddleware {
    typealias Context = WebContext
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let path = request.uri.path
        if path == "/login" || path.hasPrefix("/assets/") || context.sessions.session?.user != nil {
            return try await next(request, context)
        }
        if request.method == .get {
            let next = path + (request.uri.query.map { "?" + $0 } ?? "")
            return .redirect(to: "/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
        }
        throw WebError(.unauthorized, WebMessage.loginRequired)
    }
}
