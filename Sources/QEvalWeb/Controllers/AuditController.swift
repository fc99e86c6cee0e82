import Foundation
import Hummingbird
import QEval

/// The audit log (操作记录).
struct AuditController: Controller {
    let services: Services

    func register(on router: RouterGroup<WebContext>, evaluation: RouterGroup<WebContext>) {
        router.get("/audit") { request, context in try await audit(request, context) }
    }

    // MARK: audit log, accounts

    func audit(_ request: Request, _ context: WebContext) async throws -> Response {
        let rows = try await store.auditLog().map { r in
            AuditPage.Row(
                when: Views.time(r.at), who: Views.who(r.user), action: Views.action(r.action),
                evaluation: r.evaluationId.map { String($0) } ?? "", detail: r.detail, address: r.address)
        }
        return page(WebText.auditTitle.text, "audit", AuditPage(rows: rows), context, evaluation: nil)
    }
}
