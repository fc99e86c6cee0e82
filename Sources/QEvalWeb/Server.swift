import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import HummingbirdCore
import HummingbirdTLS
import Logging
import QEval

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
        try settings.checkNetwork()
        let (router, sessions) = try routerAndSessions(settings: settings, store: store)
        extraRoutes(router)
        let server: HTTPServerBuilder
        if let tls = settings.tls {
            server = try .tls(.http1(), tlsConfiguration: tls.configuration())
        } else {
            server = .http1()
        }
        var app = Application(
            router: router, server: server,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "qeval"),
            onServerRunning: { _ in await onRunning() },
            logger: logger)
        app.addServices(sessions)
        return app
    }

    /// Every route with its middleware, and the session store the application runs as a service.
    static func routerAndSessions(settings: ServerSettings, store: Store) throws -> (Router<WebContext>, SessionStore) {
        let limits = settings.limits
        let pool = WorkPool(limits: limits)
        let workspace = Workspace(store: store, rulebook: settings.rulebook, pool: pool, limits: limits)
        let views = try Views()
        // Sessions (sign-ins, drafts) in the database: a restart keeps them.
        let sessions = SessionStore(store: store, idle: .seconds(settings.idleMinutes * 60))
        let router = Router(context: WebContext.self)
        router.middlewares.add(RequestLanguage())
        router.middlewares.add(ErrorPages(views: views, limits: limits))
        router.middlewares.add(HTTPSOnly(tls: settings.tls != nil, behindProxy: settings.behindProxy))
        router.middlewares.add(TrustedOrigin(loopbackOnly: !settings.requiresLogin))
        router.middlewares.add(
            SessionMiddleware<WebContext>(
                storage: sessions,
                configuration: .init(
                    sessionCookieParameters: .init(
                        name: "qeval_session", path: "/", secure: settings.httpsOnly, sameSite: .strict),
                    keyPrefix: "qeval.", defaultSessionExpiration: .seconds(limits.signedInSessionSeconds))))
        router.middlewares.add(
            SignedInAccount(store: store, requiresLogin: settings.requiresLogin, behindProxy: settings.behindProxy))
        router.middlewares.add(CSRFToken(secure: settings.httpsOnly))
        if settings.requiresLogin { router.middlewares.add(RequireLogin()) }
        router.middlewares.add(BodyCheck(limits: limits))
        let routes = Routes(settings: settings, workspace: workspace, views: views, pool: pool, assets: try Assets())
        routes.register(on: router)
        return (router, sessions)
    }
}
