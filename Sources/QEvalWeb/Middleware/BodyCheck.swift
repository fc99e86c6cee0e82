import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import QEval

/// Every state-changing request: its body read once within the limit for its kind (`WebLimits.bodyLimit`),
/// refused with 413 past it; then the session's token, in the `X-CSRF-Token` header (the page's scripts) or
/// a `csrf` form field (plain forms, uploads). The form is parsed here, once, and handed on in the context.
struct BodyCheck: RouterMiddleware {
    typealias Context = WebContext
    let limits: WebLimits

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.method == .post else { return try await next(request, context) }
        let type = request.headers[.contentType]
        let limit = limits.bodyLimit(path: request.uri.path, contentType: type)
        let tooLarge =
            limit == limits.uploadBytes
            ? WebError(.contentTooLarge, WebMessage.uploadTooLarge(limitMB: limits.uploadMB))
            : WebError(.contentTooLarge, WebMessage.bodyTooLarge(limitKB: WebLimits.kilobytes(limit)))
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit { throw tooLarge }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit)
        } catch {
            throw tooLarge
        }
        var context = context
        let isJSON = type?.lowercased().hasPrefix("application/json") == true
        if !isJSON { context.form = try FormFields.read(type: type, body: body) }
        // The session's token, or the cookie's for a visitor with no session yet; a token the server never
        // gave (no cookie, no session) matches nothing.
        let expected = context.sessions.session?.csrf ?? (isToken(context.csrfToken) ? context.csrfToken : nil)
        let given = request.headers[HTTPField.Name("X-CSRF-Token")!] ?? context.form?["csrf"]
        guard let expected, let given, constantTimeEqual(given, expected) else {
            throw WebError(.forbidden, WebMessage.csrfFailed)
        }
        return try await next(request, context)
    }

    func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
