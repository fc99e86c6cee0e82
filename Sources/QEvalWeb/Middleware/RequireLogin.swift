import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import QEval

/// Off loopback (and behind a proxy), every page but the login page and the assets needs a signed-in account.
struct RequireLogin: RouterMiddleware {
    typealias Context = WebContext
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let path = request.uri.path
        if path == "/login" || path.hasPrefix("/assets/") || context.visitor != nil {
            return try await next(request, context)
        }
        if request.method == .get {
            let next = path + (request.uri.query.map { "?" + $0 } ?? "")
            return .redirect(to: "/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
        }
        throw WebError(.unauthorized, WebMessage.loginRequired)
    }
}

/// Who is asking, once per request: the session's account is read from the database (so a role changed or
/// an account disabled by a 管理员 takes effect on the next request, and a disabled account's session is
/// dropped); on a loopback server without sign-in, the machine's own user, who is 管理员. Behind a proxy the
/// visitor's address is the last one the proxy added to `X-Forwarded-For`.
struct SignedInAccount: RouterMiddleware {
    typealias Context = WebContext
    let store: Store
    let requiresLogin: Bool
    let behindProxy: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        if behindProxy, let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!],
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            context.peer = String(last.prefix(64))
        }
        if let name = context.sessions.session?.user {
            if let account = try store.account(name), !account.disabled {
                context.visitor = Visitor(name: name, role: account.roleValue)
            } else {
                context.sessions.clearSession()
            }
        }
        if context.visitor == nil && !requiresLogin { context.visitor = .localMachine }
        return try await next(request, context)
    }
}

/// Each route's permission from `RoutePolicy`, checked after the router has matched it: a route missing from
/// the table is refused to everyone; a role without the permission gets a 403 page saying what it cannot do
/// and which roles can. Nothing has run when it refuses.
struct Authorize: RouterMiddleware {
    typealias Context = WebContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let endpoint = context.endpointPath, let needed = RoutePolicy.permission(request.method, endpoint) else {
            throw WebError(.forbidden, WebMessage.notFound)
        }
        if needed == .open { return try await next(request, context) }
        guard let visitor = context.visitor else { throw WebError(.unauthorized, WebMessage.loginRequired) }
        guard visitor.role.allows(needed) else {
            throw WebError(.forbidden, AccessMessage.forbidden(role: visitor.role, action: needed), title: .forbiddenTitle)
        }
        return try await next(request, context)
    }
}

/// Over HTTPS (the server's own or the proxy's), browsers are told to use nothing else (HSTS). Behind a
/// proxy, a request the proxy did not receive over HTTPS is refused: the session cookie is `Secure` and
/// would not come back, and a password would have crossed the network in clear.
struct HTTPSOnly: RouterMiddleware {
    typealias Context = WebContext
    let tls: Bool
    let behindProxy: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if behindProxy {
            let proto = request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased()
            guard proto == "https" else { throw WebError(.forbidden, AccessMessage.httpsThroughProxy(proto ?? "")) }
        }
        var response = try await next(request, context)
        if tls || behindProxy {
            response.headers[HTTPField.Name("Strict-Transport-Security")!] = "max-age=31536000"
        }
        return response
    }
}
