import Foundation
import Hummingbird
import QEval

/// An evaluation's ranking page and a county's page (its standing and 计分过程).
struct RankingController: Controller {
    let services: Services

    func register(on router: RouterGroup<WebContext>, evaluation: RouterGroup<WebContext>) {
        evaluation.get { request, context in try await ranking(request, context) }
        evaluation.get("county/:row") { request, context in try await county(request, context) }
    }

    // MARK: ranking

    func ranking(_ request: Request, _ context: WebContext) async throws -> Response {
        let scored = try await scored(request, context)
        let (id, summary, base, inForce, cohort) = (scored.id, scored.summary, scored.base, scored.inForce, scored.cohort)
        let scenarios = try await store.scenarios(of: id)
        var data = views.rankingData(
            cohort, base: base, summary: summary, inForce: inForce, scenarios: scenarios,
            hasDraft: context.session.drafts[String(id)] != nil)
        // 申报 or 核定: which data the page shows, said, with the way to the other.
        if scored.hasFindings {
            let count = scored.findingsCount
            let s = inForce.choice == .standard ? "" : "&s=\(inForce.choice.query)"
            data.dataBanner =
                scored.panelInUse && !scored.showingDeclared
                ? PanelWebMessage.viewingPanel(findings: count).text
                : (scored.showingDeclared ? WebMessage.viewingDeclared : WebMessage.viewingVerified)(count).text
            data.dataSwitch = scored.showingDeclared ? "/e/\(id)?v=verified\(s)" : "/e/\(id)?v=declared\(s)"
            data.dataSwitchText = (scored.showingDeclared ? WebText.showVerified : WebText.showDeclared).text
        }
        data.panelBanner = scored.panelNote
        data.canChairPanel = context.visitor?.role.allows(.chairPanel) ?? false
        try await store.audit(context, action: .viewRanking, evaluation: id, detail: WebMessage.auditPoints(inForce.label).text)
        return page(WebText.rankingTitle.text, "ranking", data, context, evaluation: id)
    }

    // MARK: county

    func county(_ request: Request, _ context: WebContext) async throws -> Response {
        let scored = try await scored(request, context)
        let (id, summary, inForce, cohort) = (scored.id, scored.summary, scored.inForce, scored.cohort)
        let row = try applicantRow(context, in: cohort)
        let versions = try await store.findingVersions(of: id)
        let section = views.verificationSection(
            declared: scored.declared, row: row, versions: versions, csrf: context.csrfToken)
        let data = views.countyData(cohort, row: row, summary: summary, inForce: inForce, verification: section)
        return page(cohort.evaluation.table.name(row), "county", data, context, evaluation: id)
    }
}
