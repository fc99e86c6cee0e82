import Foundation
import Hummingbird
import QEval

/// Robustness runs: the page, starting one (queued), its progress and cancelling it.
struct RobustnessController: Controller {
    let services: Services

    func register(on router: RouterGroup<WebContext>, evaluation: RouterGroup<WebContext>) {
        evaluation.get("robustness") { request, context in try await robustness(request, context) }
        evaluation.post("robustness") { request, context in try await startRobustness(request, context) }
        router.get("/jobs/:job") { request, context in try await jobStatus(request, context) }
        router.post("/jobs/:job/cancel") { request, context in try await cancelJob(request, context) }
    }

    // MARK: robustness

    func robustness(_ request: Request, _ context: WebContext) async throws -> Response {
        let (id, summary) = try resolved(context).idAndSummary
        let job =
            request.uri.queryParameters.get("job").flatMap { jobs.job($0) }
            ?? jobs.latest(evaluation: id, owner: context.csrfToken)
        let data = views.robustnessData(
            summary: summary, job: job.flatMap { $0.evaluation == id ? $0 : nil }, csrf: context.csrfToken)
        return page(WebText.robustnessTitle.text, "robustness", data, context, evaluation: id)
    }

    func startRobustness(_ request: Request, _ context: WebContext) async throws -> Response {
        let id = try evaluationID(context)
        let form = try body(context)
        var settings: RobustnessSettings
        do {
            settings = try RobustnessSettings.parse(
                samples: form["samples"].flatMap { $0.isEmpty ? nil : $0 },
                spread: form["spread"].flatMap { $0.isEmpty ? nil : $0 },
                seed: form["seed"].flatMap { $0.isEmpty ? nil : $0 }, sensitivitySamples: nil)
        }
        // One thread, at a lower priority (`Background`): the pages stay quick for everyone else while it runs;
        // the results do not depend on the thread count.
        settings.threads = 1
        let evaluation = try resolved(context)
        let (inForce, cohort) = (evaluation.inForce, evaluation.cohort)
        let job = try jobs.start(evaluation: id, owner: context.csrfToken, cohort: cohort, settings: settings)
        try await store.audit(
            context, action: .robustness, evaluation: id,
            detail: WebMessage.auditRobustness(
                samples: settings.samples, spread: settings.spread, seed: settings.seed, points: inForce.label, job: job
            ).text)
        if request.headers[.accept]?.contains("application/json") == true {
            return Response.json(["job": job], status: .accepted)
        }
        return .redirect(to: "/e/\(id)/robustness?job=\(job)")
    }

    func jobStatus(_ request: Request, _ context: WebContext) async throws -> Response {
        guard let key = context.parameters.get("job"), let job = jobs.job(key) else {
            throw WebError(.notFound, WebMessage.notFound)
        }
        struct Status: Encodable {
            var state: String
            var done: Int
            var total: Int
            var queued: String?
            var error: String?
        }
        return Response.json(
            Status(
                state: job.state.rawValue, done: job.done, total: job.total,
                queued: job.state == .queued ? WebMessage.jobQueued(ahead: job.ahead).text : nil, error: job.error))
    }

    /// Stops a run of this visitor's: dropped from the queue, or stopped after its current chunk.
    func cancelJob(_ request: Request, _ context: WebContext) async throws -> Response {
        guard let key = context.parameters.get("job"), let job = jobs.job(key), jobs.cancel(key, owner: context.csrfToken)
        else { throw WebError(.notFound, WebMessage.notFound) }
        try await store.audit(context, action: .robustnessCancel, evaluation: job.evaluation, detail: key)
        if request.headers[.accept]?.contains("application/json") == true {
            return Response.json(["job": key])
        }
        return .redirect(to: "/e/\(job.evaluation)/robustness?job=\(key)")
    }
}
