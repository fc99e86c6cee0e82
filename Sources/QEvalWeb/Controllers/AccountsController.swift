import Foundation
import Hummingbird
import QEval

/// Signing in and out, throttled.
struct AccountsController: Controller {
    let services: Services

    func register(on router: RouterGroup<WebContext>, evaluation: RouterGroup<WebContext>) {
        router.get("/login") { request, context in
            login(next: Self.safeNext(request.uri.queryParameters.get("next")), context, failed: false)
        }
        router.post("/login") { request, context in try await signIn(request, context) }
        router.post("/logout") { _, context in
            if context.sessions.session != nil { context.sessions.clearSession() }
            return Response.redirect(to: settings.requiresLogin ? "/login" : "/")
        }
    }

    func login(next: String, _ context: WebContext, failed: Bool) -> Response {
        var response = page(
            WebText.loginTitle.text, "login",
            LoginPage(csrf: context.csrfToken, next: next, failed: failed, requiresLogin: settings.requiresLogin),
            context, evaluation: nil)
        if failed { response.status = .unauthorized }
        return response
    }

    func signIn(_ request: Request, _ context: WebContext) async throws -> Response {
        let form = try body(context)
        let name = form["user"] ?? ""
        let password = form["password"] ?? ""
        let next = Self.safeNext(form["next"])
        // A name no account can have is refused before anything stores it (the audit log keeps its length).
        guard name.count <= limits.userNameLength, password.utf8.count <= limits.signInBytes else {
            try await store.audit(
                user: "", action: .loginFailed, detail: WebMessage.auditLongUserName(name.count).text,
                address: context.peer)
            var response = login(next: next, context, failed: true)
            response.status = .badRequest
            return response
        }
        switch throttle.check(user: name, address: context.peer) {
        case .allowed: break
        case .wait(let seconds):
            throw WebError(.tooManyRequests, WebMessage.signInWait(seconds: seconds))
        case .locked(let minutes):
            throw WebError(.tooManyRequests, WebMessage.signInLocked(minutes: minutes))
        }
        let store = self.store
        let account = name.isEmpty ? nil : try await pool.run { try store.verifyNow(user: name, password: password) }
        guard account != nil else {
            switch throttle.failed(user: name, address: context.peer) {
            case .burstStarted:
                try await store.audit(user: name, action: .loginFailed, address: context.peer)
            case .locked(let failures):
                try await store.audit(
                    user: name, action: .loginLocked,
                    detail: WebMessage.auditSignInBurst(failures: failures, locked: true).text, address: context.peer)
            case .counted:
                break
            }
            return login(next: next, context, failed: true)
        }
        throttle.succeeded(user: name)
        // A new session (new id, new token) on sign-in, so a session id known before cannot be used after.
        var session = WebSession.new()
        session.user = name
        context.sessions.createSession(session, expiresIn: .seconds(limits.signedInSessionSeconds))
        try await store.signedIn(name)
        try await store.audit(user: name, action: .login, address: context.peer)
        return .redirect(to: next)
    }

    /// Only a path on this server: "/e/1", never "//evil.example" or "https://…".
    /// Only the characters our own paths use are accepted: a tab, a line break or a backslash, which
    /// browsers drop or turn into "/", could make "/\t/evil.example" into "//evil.example".
    static func safeNext(_ next: String?) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-_.?=&%".utf8)
        guard let next, next.utf8.count <= 512, next.utf8.allSatisfy(allowed.contains), next.hasPrefix("/"),
            !next.hasPrefix("//"), !next.lowercased().hasPrefix("/%2f"), !next.lowercased().hasPrefix("/%5c"),
            !next.lowercased().hasPrefix("/%09")
        else { return "/" }
        return next
    }
}
