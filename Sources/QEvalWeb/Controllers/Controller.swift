import Foundation
import Hummingbird
import QEval

/// What every controller works with, made once when the server starts.
struct Services: Sendable {
    let settings: ServerSettings
    let workspace: Workspace
    let views: Views
    let pool: WorkPool
    let jobs: RobustnessJobs
    let throttle: SignInThrottle
}

/// A controller registers the routes of one resource on the router (or on the `/e/:id` group, whose
/// middleware has resolved the evaluation) and wires each to library calls.
protocol Controller: Sendable {
    var services: Services { get }
    func register(on router: RouterGroup<WebContext>, evaluation: RouterGroup<WebContext>)
}

extension Controller {
    var settings: ServerSettings { services.settings }
    var workspace: Workspace { services.workspace }
    var views: Views { services.views }
    var pool: WorkPool { services.pool }
    var jobs: RobustnessJobs { services.jobs }
    var throttle: SignInThrottle { services.throttle }
    var store: Store { workspace.store }
    var rulebook: Rulebook { workspace.rulebook }
    var limits: WebLimits { settings.limits }

    /// The evaluation `EvaluationResolver` resolved for this request (routes under `/e/:id`).
    func resolved(_ context: WebContext) throws -> ResolvedEvaluation {
        guard let evaluation = context.evaluation else { throw WebError(.notFound, WebMessage.notFound) }
        return evaluation
    }

    func evaluationID(_ context: WebContext) throws -> Int64 { try resolved(context).id }

    /// The evaluation and the points in force for this request (its `cohort` scored under them).
    func scored(_ request: Request, _ context: WebContext) async throws -> ResolvedEvaluation {
        try resolved(context)
    }

    /// The `:row` of the path: an applicant's row in the upload.
    func applicantRow(_ context: WebContext, in cohort: RankedCohort) throws -> Int {
        guard let row = context.parameters.get("row", as: Int.self), row >= 0, row < cohort.evaluation.count else {
            throw WebError(.notFound, WebMessage.notFound)
        }
        return row
    }

    /// The posted form, as `BodyCheck` read it.
    func body(_ context: WebContext) throws -> FormFields {
        guard let form = context.form else { throw WebError(.badRequest, WebMessage.badRequest) }
        return form
    }

    /// An upload refused with located errors (a cohort, or a findings file): one row per error, the summary,
    /// 422; the caller has stored nothing.
    func refused(_ error: InputError, file name: String, summary: String, context: WebContext, evaluation: Int64?)
        -> Response
    {
        let problems = error.diagnostics.errors.map { d in
            RefusedPage.Problem(
                line: Views.place(d, upload: name), column: Views.column(d), value: d.value ?? "",
                applicant: d.applicant ?? "", problem: d.message.text())
        }
        let count = error.diagnostics.errorCount
        var response = page(
            WebText.uploadRefusedTitle.text, "refused",
            RefusedPage(
                fileName: name, problems: problems, summary: summary,
                more: count > problems.count ? WebMessage.moreErrors(count - problems.count).text : nil),
            context, evaluation: evaluation)
        response.status = .unprocessableContent
        return response
    }

    func page<Model>(_ title: String, _ template: String, _ model: Model, _ context: WebContext, evaluation: Int64?)
        -> Response
    {
        .html(views.page(title: title, body: views.render(template, model), context: context, evaluation: evaluation))
    }

    /// One side of a comparison: `standard`, `draft`, `s<id>` (a saved scenario), `e<id>` (another
    /// evaluation under the standard's points).
    func side(_ key: String, evaluation id: Int64, context: WebContext) async throws -> (RankedCohort, String) {
        if key.hasPrefix("e"), let other = Int64(key.dropFirst()) {
            let (summary, cohort) = try await workspace.cohort(other)
            return (cohort, WebMessage.evaluationLabel(id: other, file: summary.fileName).text)
        }
        let choice: PointsChoice = key.hasPrefix("s") ? PointsChoice(query: String(key.dropFirst())) : PointsChoice(query: key)
        let inForce = try await workspace.points(choice, evaluation: id, session: context.session)
        let base = try resolved(context).base
        return (base.reweighted(inForce.points, weightsSource: inForce.label), inForce.label)
    }

    func comparison(_ request: Request, _ context: WebContext, id: Int64) async throws -> (Comparison, String, String) {
        let a = request.uri.queryParameters.get("a") ?? "standard"
        let b = request.uri.queryParameters.get("b") ?? (context.session.drafts[String(id)] != nil ? "draft" : "standard")
        let (cohortA, nameA) = try await side(a, evaluation: id, context: context)
        let (cohortB, nameB) = try await side(b, evaluation: id, context: context)
        return (Comparison(a: cohortA, b: cohortB, nameA: nameA, nameB: nameB), a, b)
    }
}
