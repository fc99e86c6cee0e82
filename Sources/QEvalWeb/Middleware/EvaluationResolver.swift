import Foundation
import Hummingbird
import QEval

/// An evaluation and the points in force for one request: the standard's, the session's draft, or a saved
/// scenario (`?s=`).
struct ResolvedEvaluation: Sendable {
    var id: Int64
    var summary: EvaluationSummary
    /// Scored under the standard's points: the verified cohort when the evaluation has findings (the
    /// declared one only when the ranking page is asked for it, `?v=declared`).
    var base: RankedCohort
    var inForce: PointsInForce
    /// The cohort as the counties declared it, under the standard's points.
    var declared: RankedCohort
    /// The cohort after the findings (and the panel, once in use), whatever this request shows; nil without them.
    /// Who must be scored by the panel follows its gates: a finding may qualify an applicant.
    var verified: RankedCohort? = nil
    /// The evaluation has findings, and this request shows the declared data instead of the verified.
    var hasFindings = false
    var showingDeclared = false
    /// The current findings applied to the verified cohort (0 without findings).
    var findingsCount = 0
    /// The expert panel in a sentence (in use, under way, not usable and why); nil without a panel.
    var panelNote: String? = nil
    /// Why a complete panel could not be used, every error (for the panel page).
    var panelProblems: [Diagnostic] = []
    /// The verified cohort counts the panel's points.
    var panelInUse = false

    var idAndSummary: (Int64, EvaluationSummary) { (id, summary) }

    /// Scored under the points in force (shares do not depend on points: nothing is read again).
    var cohort: RankedCohort { base.reweighted(inForce.points, weightsSource: inForce.label) }
}

/// Resolves `/e/:id` once, before any of its routes: a missing evaluation (404), one made under another
/// rulebook (409), a scenario of another evaluation (404) are answered here, and every handler under it
/// reads `context.evaluation`.
struct EvaluationResolver: RouterMiddleware {
    typealias Context = WebContext
    let workspace: Workspace

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let id = context.parameters.get("id", as: Int64.self) else { throw WebError(.notFound, WebMessage.notFound) }
        let (summary, declared) = try await workspace.cohort(id)
        let result = try await workspace.verified(id, declared: declared)
        let verified = result.cohort
        let showingDeclared = verified != nil && request.uri.queryParameters.get("v") == "declared"
        let choice = request.uri.queryParameters.get("s").map { PointsChoice(query: String($0)) }
        let inForce = try await workspace.points(choice, evaluation: id, session: context.session)
        var context = context
        context.evaluation = ResolvedEvaluation(
            id: id, summary: summary, base: showingDeclared ? declared : (verified ?? declared), inForce: inForce,
            declared: declared, verified: verified, hasFindings: verified != nil, showingDeclared: showingDeclared,
            findingsCount: verified?.verification?.findings.items.count ?? 0,
            panelNote: result.panelNote, panelProblems: result.panelProblems, panelInUse: verified?.verification?.panel != nil)
        return try await next(request, context)
    }
}
