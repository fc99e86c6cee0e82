import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import QEval

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
