import Foundation
import Hummingbird
import QEval

/// Two scenarios side by side (standard, draft, a saved scenario, another evaluation).
struct CompareController: Controller {
    let services: Services

    func register(on router: RouterGroup<WebContext>, evaluation: RouterGroup<WebContext>) {
        evaluation.get("compare") { request, context in try await compare(request, context) }
    }

    // MARK: compare

    func compare(_ request: Request, _ context: WebContext) async throws -> Response {
        let (id, summary) = try resolved(context).idAndSummary
        let (comparison, a, b) = try await comparison(request, context, id: id)
        let scenarios = try await store.scenarios(of: id)
        let others = try await store.evaluations().filter { $0.id != id }
        let data = views.compareData(
            comparison, a: a, b: b, summary: summary, scenarios: scenarios, others: others,
            hasDraft: context.session.drafts[String(id)] != nil)
        try await store.audit(
            context, action: .compare, evaluation: id,
            detail: WebMessage.auditCompare(a: comparison.nameA, b: comparison.nameB).text)
        return page(WebText.compareTitle.text, "compare", data, context, evaluation: id)
    }
}
