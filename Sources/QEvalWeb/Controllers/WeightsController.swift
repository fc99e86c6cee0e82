import Foundation
import Hummingbird
import QEval

/// Adjusted points: the weights page, the live re-weighting, the draft, saved scenarios.
struct WeightsController: Controller {
    let services: Services

    func register(on router: RouterGroup<WebContext>, evaluation: RouterGroup<WebContext>) {
        evaluation.get("weights") { request, context in try await weights(request, context) }
        evaluation.post("weights") { request, context in try await reweigh(request, context) }
        evaluation.post("weights/reset") { request, context in try await resetDraft(request, context) }
        evaluation.post("scenarios") { request, context in try await saveScenario(request, context) }
    }

    // MARK: weights

    func weights(_ request: Request, _ context: WebContext) async throws -> Response {
        let scored = try await scored(request, context)
        let (id, summary, base, inForce, cohort) = (scored.id, scored.summary, scored.base, scored.inForce, scored.cohort)
        let scenarios = try await store.scenarios(of: id)
        let data = views.weightsData(
            cohort, base: base, summary: summary, inForce: inForce, scenarios: scenarios, csrf: context.csrfToken)
        return page(WebText.weightsTitle.text, "weights", data, context, evaluation: id)
    }

    /// The live re-ranking: points in, totals, ranks and shifts out, as JSON. The points become this
    /// session's draft for this evaluation.
    func reweigh(_ request: Request, _ context: WebContext) async throws -> Response {
        let id = try evaluationID(context)
        var request = request
        let buffer = try await request.collectBody(upTo: limits.jsonBytes)
        struct Input: Decodable { var points: [String: Double] }
        guard let input = try? JSONDecoder().decode(Input.self, from: Data(buffer.readableBytesView)) else {
            throw WebError(.badRequest, WebMessage.badRequest)
        }
        let base = try resolved(context).base
        let points = try Reweigh.points(input.points, rulebook: rulebook, limits: limits)
        var session = context.session
        if points == rulebook.defaultPoints {
            session.drafts[String(id)] = nil
        } else {
            session.drafts[String(id)] = points
        }
        context.keep(session, limits: limits)
        let result = try await pool.run { Reweigh.result(base: base, points: points) }
        return Response.json(result)
    }

    func resetDraft(_ request: Request, _ context: WebContext) async throws -> Response {
        let id = try evaluationID(context)
        var session = context.session
        session.drafts[String(id)] = nil
        context.keep(session, limits: limits)
        return .redirect(to: "/e/\(id)/weights?s=standard")
    }

    func saveScenario(_ request: Request, _ context: WebContext) async throws -> Response {
        let id = try evaluationID(context)
        let form = try body(context)
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw WebError(.badRequest, WebMessage.scenarioNameNeeded) }
        // Refused, never cut: a NUL, a line break or a 61st character would otherwise vanish silently.
        guard name.count <= limits.scenarioNameLength,
            name.unicodeScalars.allSatisfy({
                !CharacterSet.controlCharacters.contains($0) && $0.properties.generalCategory != .unassigned
            })
        else { throw WebError(.badRequest, WebMessage.badScenarioName(limit: limits.scenarioNameLength)) }
        var given: [String: Double] = [:]
        for indicator in rulebook.indicators {
            let key = "points-\(indicator.number)"
            guard let text = form[key] else { continue }
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)) else {
                throw WebError(.badRequest, WebMessage.badPoints(number: indicator.number, value: text))
            }
            given[String(indicator.number)] = value
        }
        let points = try Reweigh.points(given, rulebook: rulebook, limits: limits)
        let json = String(decoding: try JSONEncoder().encode(points), as: UTF8.self)
        let sid = try await store.insert(
            ScenarioRecord(
                id: nil, evaluationId: id, name: name, points: json, createdBy: context.user, createdAt: Date()))
        try await store.audit(
            context, action: .saveScenario, evaluation: id,
            detail: WebMessage.auditScenario(id: sid, name: name, total: Points.format(points.reduce(0, +))).text)
        var session = context.session
        session.drafts[String(id)] = nil
        context.keep(session, limits: limits)
        return .redirect(to: "/e/\(id)/weights?s=\(sid)")
    }
}
