import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import QEval

/// What `qeval serve` was asked for.
public struct ServerSettings: Sendable {
    public var host: String
    public var port: Int
    /// The folder holding the database (`--data`, default `./qeval-data`).
    public var dataFolder: String
    public var rulebook: Rulebook
    /// The bundled sample's path, offered on the start page.
    public var samplePath: String
    /// Uploads larger than this are refused (the issue: 20 MB).
    public var uploadLimit: Int = 20 * 1024 * 1024

    public init(host: String, port: Int, dataFolder: String, rulebook: Rulebook, samplePath: String) {
        self.host = host
        self.port = port
        self.dataFolder = dataFolder
        self.rulebook = rulebook
        self.samplePath = samplePath
    }

    /// Only a loopback address may serve without accounts: anyone who can reach another address could
    /// otherwise read every county's figures.
    public var requiresLogin: Bool { !Self.isLoopback(host) }

    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased()
        return h == "localhost" || h == "::1" || h == "[::1]" || h.hasPrefix("127.")
    }
}

/// A visitor's session: the CSRF token, the signed-in reviewer, and the unsaved weights (草稿) per
/// evaluation — kept per session, so two reviewers never see each other's.
struct WebSession: Codable, Sendable {
    var csrf: String
    var user: String?
    /// Evaluation id (as text) → points, one per indicator.
    var drafts: [String: [Double]] = [:]

    static func new() -> WebSession { WebSession(csrf: randomToken(), user: nil) }
}

func randomToken() -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined()
}

struct WebContext: RequestContext, SessionRequestContext {
    typealias Session = WebSession
    var coreContext: CoreRequestContextStorage
    let sessions: SessionContext<WebSession>

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        sessions = .init()
    }

    var session: WebSession { sessions.session ?? WebSession.new() }
    /// The name written to the audit log: the signed-in reviewer, or "" for the machine's own user.
    var user: String { sessions.session?.user ?? "" }
}

/// The web workspace: `qeval serve`.
public enum WebServer {
    /// Builds the application (for `qeval serve` and for tests).
    public static func application(
        settings: ServerSettings, store: Store, logger: Logger = Logger(label: "qeval"),
        onRunning: @escaping @Sendable () async -> Void = {}
    ) throws -> some ApplicationProtocol {
        let workspace = Workspace(store: store, rulebook: settings.rulebook)
        let views = try Views()
        let sessions = MemoryPersistDriver()
        let router = Router(context: WebContext.self)
        router.middlewares.add(ErrorPages(views: views, uploadLimitMB: settings.uploadLimit / 1024 / 1024))
        router.middlewares.add(
            SessionMiddleware<WebContext>(
                storage: sessions,
                configuration: .init(
                    sessionCookieParameters: .init(name: "qeval_session", path: "/", secure: false, sameSite: .strict),
                    keyPrefix: "qeval.", defaultSessionExpiration: .seconds(60 * 60 * 12))))
        router.middlewares.add(SessionStart())
        if settings.requiresLogin { router.middlewares.add(RequireLogin()) }
        router.middlewares.add(CSRFCheck(limit: settings.uploadLimit, views: views))
        let routes = Routes(settings: settings, workspace: workspace, views: views)
        routes.register(on: router)
        var app = Application(
            router: router,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "qeval"),
            onServerRunning: { _ in await onRunning() },
            logger: logger)
        app.addServices(sessions)
        return app
    }
}

/// Gives every visitor a session (and so a CSRF token) on the first request.
struct SessionStart: RouterMiddleware {
    typealias Context = WebContext
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if context.sessions.session == nil { context.sessions.createSession(WebSession.new()) }
        return try await next(request, context)
    }
}

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

/// Every state-changing request carries the session's token, in the `X-CSRF-Token` header (the page's
/// scripts) or a `csrf` form field (plain forms, uploads). The body is read here once, within the upload
/// limit, and handed on.
struct CSRFCheck: RouterMiddleware {
    typealias Context = WebContext
    let limit: Int
    let views: Views

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.method == .post else { return try await next(request, context) }
        var request = request
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw WebError(.contentTooLarge, WebMessage.uploadTooLarge(limitMB: limit / 1024 / 1024))
        }
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit + 64 * 1024)
        } catch {
            throw WebError(.contentTooLarge, WebMessage.uploadTooLarge(limitMB: limit / 1024 / 1024))
        }
        let expected = context.session.csrf
        let given = request.headers[HTTPField.Name("X-CSRF-Token")!] ?? FormFields.field("csrf", in: body, request: request)
        guard let given, constantTimeEqual(given, expected) else {
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

/// A failure shown to the reviewer as a page (or JSON for the scripts), in the catalogue's words.
struct WebError: Error, Sendable {
    var status: HTTPResponse.Status
    var message: Localized
    init(_ status: HTTPResponse.Status, _ message: some Message) {
        self.status = status
        self.message = message.localized
    }
}

/// Turns every error into a page in the reviewer's language: our own `WebError`s, the library's
/// `UserFacingError`s, Hummingbird's (404 and such), and anything else as a 500 that names no internals.
struct ErrorPages: RouterMiddleware {
    typealias Context = WebContext
    let views: Views
    let uploadLimitMB: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as WebError {
            return respond(request, context, error.status, error.message.text())
        } catch let error as UserFacingError {
            return respond(request, context, .unprocessableContent, error.render(.current))
        } catch let error as HTTPError {
            let message: Localized =
                switch error.status {
                case .notFound: WebMessage.notFound.localized
                case .contentTooLarge: WebMessage.uploadTooLarge(limitMB: uploadLimitMB).localized
                case .badRequest: WebMessage.badRequest.localized
                default: WebMessage.internalError.localized
                }
            return respond(request, context, error.status, message.text())
        } catch {
            context.logger.error("\(String(describing: error))")
            return respond(request, context, .internalServerError, WebMessage.internalError.text)
        }
    }

    func respond(_ request: Request, _ context: Context, _ status: HTTPResponse.Status, _ text: String) -> Response {
        let wantsJSON =
            request.headers[.accept]?.contains("application/json") == true
            || request.headers[.contentType]?.contains("application/json") == true
        if wantsJSON {
            return Response.json(["error": text], status: status)
        }
        let html = views.page(
            title: WebText.errorTitle.text, body: views.render("error", ["message": text]),
            context: context, evaluation: nil)
        return Response.html(html, status: status)
    }
}

extension Response {
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                HTTPField.Name("Content-Security-Policy")!:
                    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
                HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONEncoder().encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// A download: the name is ours (built from the evaluation's number and the kind), sent both as plain
    /// ASCII and as UTF-8 so Chinese names survive in every browser.
    static func download(_ bytes: [UInt8], name: String, asciiName: String, type: String) -> Response {
        // RFC 5987's attr-chars stay as they are; everything else (Chinese) is percent-encoded UTF-8.
        let attrChars = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&+-.^_`|~")
        let encoded = name.addingPercentEncoding(withAllowedCharacters: attrChars) ?? asciiName
        return Response(
            status: .ok,
            headers: [
                .contentType: type,
                .contentDisposition: "attachment; filename=\"\(asciiName)\"; filename*=UTF-8''\(encoded)",
                .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
