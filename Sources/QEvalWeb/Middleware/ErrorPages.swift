import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import QEval

/// A failure shown to the reviewer as a page (or JSON for the scripts), in the catalogue's words.
struct WebError: Error, Sendable {
    var status: HTTPResponse.Status
    var message: Localized
    /// The page's heading, when not the general 无法完成 (a role's refusal says 没有权限).
    var title: WebText = .errorTitle
    init(_ status: HTTPResponse.Status, _ message: some Message, title: WebText = .errorTitle) {
        self.status = status
        self.message = message.localized
        self.title = title
    }
}

/// Turns every error into a page in the reviewer's language: our own `WebError`s, the library's
/// `UserFacingError`s, Hummingbird's (404 and such), and anything else as a 500 that names no internals.
struct ErrorPages: RouterMiddleware {
    typealias Context = WebContext
    let views: Views
    let limits: WebLimits

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as WebError {
            return respond(request, context, error.status, error.message.text(), title: error.title)
        } catch let error as UserFacingError {
            return respond(request, context, .unprocessableContent, error.render(.current))
        } catch let error as HTTPError {
            let message: Localized =
                switch error.status {
                case .notFound: WebMessage.notFound.localized
                case .contentTooLarge: WebMessage.uploadTooLarge(limitMB: limits.uploadMB).localized
                case .badRequest: WebMessage.badRequest.localized
                case .misdirectedRequest: WebMessage.foreignHost("").localized
                default: WebMessage.internalError.localized
                }
            return respond(request, context, error.status, message.text())
        } catch {
            context.logger.error("\(String(describing: error))")
            return respond(request, context, .internalServerError, WebMessage.internalError.text)
        }
    }

    func respond(
        _ request: Request, _ context: Context, _ status: HTTPResponse.Status, _ text: String,
        title: WebText = .errorTitle
    ) -> Response {
        // This middleware is outside the one that sets the token: the page is given the visitor's own.
        // A request to a foreign Host gets no token: the page it reached is not ours to give one on.
        var context = context
        context.csrfToken = status == .misdirectedRequest ? "" : (CSRFToken.existing(request, context) ?? "")
        let wantsJSON =
            request.headers[.accept]?.contains("application/json") == true
            || request.headers[.contentType]?.contains("application/json") == true
        if wantsJSON {
            return Response.json(["error": text], status: status)
        }
        let html = views.page(
            title: title.text, body: views.render("error", ErrorPage(title: title.text, message: text)),
            context: context, evaluation: nil)
        return Response.html(html, status: status)
    }
}
