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
    /// Every size, count and time the server enforces (`WebLimits`).
    public var limits = WebLimits()
    /// The upload limit, as the pages and the tests name it.
    public var uploadLimit: Int {
        get { limits.uploadBytes }
        set { limits.uploadBytes = newValue }
    }

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
    /// The peer's address, for throttling sign-ins.
    let peer: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        sessions = .init()
        peer = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The session, or a new one (not stored) carrying this visitor's token.
    var session: WebSession { sessions.session ?? WebSession.new(csrf: csrfToken) }
    /// The name written to the audit log: the signed-in reviewer, or "" for the machine's own user.
    var user: String { sessions.session?.user ?? "" }

    /// Keeps `session`: updates the visitor's session, or makes one (short-lived while nobody is signed in).
    func keep(_ session: WebSession, limits: WebLimits) {
        if !sessions.updateSession(session) {
            sessions.createSession(session, expiresIn: .seconds(limits.anonymousSessionSeconds))
        }
    }
}

/// The web workspace: `qeval serve`.
public enum WebServer {
    /// Builds the application (for `qeval serve` and for tests).
    public static func application(
        settings: ServerSettings, store: Store, logger: Logger = Logger(label: "qeval"),
        onRunning: @escaping @Sendable () async -> Void = {}
    ) throws -> some ApplicationProtocol {
        try build(settings: settings, store: store, logger: logger, onRunning: onRunning)
    }

    /// The application; `extraRoutes` adds routes after ours (tests use it for a handler that fails in a way
    /// no real handler should).
    static func build(
        settings: ServerSettings, store: Store, logger: Logger = Logger(label: "qeval"),
        onRunning: @escaping @Sendable () async -> Void = {},
        extraRoutes: (Router<WebContext>) -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let limits = settings.limits
        let pool = WorkPool(limits: limits)
        let workspace = Workspace(store: store, rulebook: settings.rulebook, pool: pool, limits: limits)
        let views = try Views()
        let sessions = MemoryPersistDriver()
        let router = Router(context: WebContext.self)
        router.middlewares.add(RequestLanguage())
        router.middlewares.add(ErrorPages(views: views, limits: limits))
        router.middlewares.add(TrustedOrigin(loopbackOnly: !settings.requiresLogin))
        router.middlewares.add(
            SessionMiddleware<WebContext>(
                storage: sessions,
                configuration: .init(
                    sessionCookieParameters: .init(name: "qeval_session", path: "/", secure: false, sameSite: .strict),
                    keyPrefix: "qeval.", defaultSessionExpiration: .seconds(limits.signedInSessionSeconds))))
        router.middlewares.add(CSRFToken())
        if settings.requiresLogin { router.middlewares.add(RequireLogin()) }
        router.middlewares.add(BodyCheck(limits: limits))
        let routes = Routes(settings: settings, workspace: workspace, views: views, pool: pool)
        routes.register(on: router)
        extraRoutes(router)
        var app = Application(
            router: router,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "qeval"),
            onServerRunning: { _ in await onRunning() },
            logger: logger)
        app.addServices(sessions)
        return app
    }
}

/// The language of one request, bound for all of its work (`Language.requested`): `?lang=en|zh` (kept in a
/// cookie from then on), else that cookie, else the browser's `Accept-Language` when it prefers English over
/// Chinese, else the server's own (`qeval serve --lang`, default Chinese). One server answers one visitor in
/// Chinese and another in English at the same time.
struct RequestLanguage: RouterMiddleware {
    typealias Context = WebContext
    static let cookie = "qeval_lang"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let asked = request.uri.queryParameters.get("lang").flatMap { Language(option: String($0)) }
        let language =
            asked ?? request.cookies[Self.cookie].flatMap { Language(option: $0.value) }
            ?? Self.preferred(request.headers[.acceptLanguage]) ?? Language.run
        var response = try await Language.$requested.withValue(language) { try await next(request, context) }
        if let asked {
            response.setCookie(.init(name: Self.cookie, value: asked.rawValue, path: "/", httpOnly: true, sameSite: .strict))
        }
        return response
    }

    /// English or Chinese from an `Accept-Language` header ("en-US,en;q=0.9,zh;q=0.8"): the one with the
    /// higher weight; Chinese on a tie; nil when it names neither.
    static func preferred(_ header: String?) -> Language? {
        guard let header else { return nil }
        var best: [Language: Double] = [:]
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first, let language = Language(option: tag) else { continue }
            let weight = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            best[language] = max(best[language] ?? 0, weight)
        }
        guard !best.isEmpty else { return nil }
        return (best[.en] ?? 0) > (best[.zh] ?? 0) ? .en : .zh
    }
}

/// The account-less server trusts only this machine: a browser that reached it under another name (DNS
/// rebinding: attacker.example resolving to 127.0.0.1) is refused before anything runs, and on every server
/// a POST from a page of another site is refused. A request with no `Host` (HTTP/1.0) or no `Origin` and
/// no `Referer` (a script, not a browser) goes on to the CSRF check.
struct TrustedOrigin: RouterMiddleware {
    typealias Context = WebContext
    let loopbackOnly: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        // NIO moves an HTTP/1 Host header into the authority; a Host field left over (a second one, or a
        // test client's) is the one checked when present.
        let host = request.headers[HTTPField.Name("Host")!] ?? request.head.authority
        // The stylesheet and script are constants of the binary: served under any name, so the refusal
        // itself reads as a page of ours.
        let asset = request.method == .get && request.uri.path.hasPrefix("/assets/")
        if loopbackOnly, !asset, let host, !Self.isLoopbackAuthority(host) {
            throw WebError(.misdirectedRequest, WebMessage.foreignHost(host))
        }
        if request.method == .post {
            let origin = request.headers[.origin] ?? request.headers[.referer]
            if let origin, !Self.sameSite(origin, host: host, loopbackOnly: loopbackOnly) {
                throw WebError(.forbidden, WebMessage.foreignOrigin(origin))
            }
        }
        return try await next(request, context)
    }

    /// "127.0.0.1:8080", "localhost", "[::1]:8080": a loopback name, with or without a port.
    static func isLoopbackAuthority(_ authority: String) -> Bool {
        guard let host = hostPart(authority) else { return false }
        if host == "localhost" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// The host of an authority without its port, lower-cased; nil when malformed.
    static func hostPart(_ authority: String) -> String? {
        let a = authority.lowercased()
        if a.hasPrefix("[") {
            guard let close = a.firstIndex(of: "]") else { return nil }
            let rest = a[a.index(after: close)...]
            guard rest.isEmpty || (rest.hasPrefix(":") && UInt16(rest.dropFirst()) != nil) else { return nil }
            return String(a[...close])
        }
        let pieces = a.split(separator: ":", omittingEmptySubsequences: false)
        guard pieces.count <= 2, !pieces[0].isEmpty else { return nil }
        if pieces.count == 2 && UInt16(pieces[1]) == nil { return nil }
        return String(pieces[0])
    }

    /// Whether an Origin or Referer names this server: its scheme is http(s) and its authority is the
    /// request's `Host` (or, without a Host, a loopback name on the account-less server).
    static func sameSite(_ origin: String, host: String?, loopbackOnly: Bool) -> Bool {
        guard let url = URL(string: origin), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let originHost = url.host?.lowercased()
        else { return false }
        let authority =
            (originHost.contains(":") && !originHost.hasPrefix("[") ? "[\(originHost)]" : originHost)
            + (url.port.map { ":\($0)" } ?? "")
        if loopbackOnly && !isLoopbackAuthority(authority) { return false }
        guard let host else { return true }
        return authority == host.lowercased()
            || (url.port == nil && hostPart(host) == hostPart(authority) && (host.hasSuffix(":80") || host.hasSuffix(":443")))
    }
}

/// The visitor's CSRF token: the session's when there is one, else a `qeval_csrf` cookie, made on the first
/// visit. No session is made for a visitor who only reads (a session is made at sign-in or at the first POST
/// that keeps something), so 20,000 cookie-less requests cost no memory.
struct CSRFToken: RouterMiddleware {
    typealias Context = WebContext
    static let cookie = "qeval_csrf"

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
            response.setCookie(.init(name: Self.cookie, value: fresh, path: "/", httpOnly: true, sameSite: .strict))
        }
        return response
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
    let limits: WebLimits

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

    func respond(_ request: Request, _ context: Context, _ status: HTTPResponse.Status, _ text: String) -> Response {
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
