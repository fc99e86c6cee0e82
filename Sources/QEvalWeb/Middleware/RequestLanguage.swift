import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import QEval

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
