import Foundation
import Hummingbird
import QEval

/// The pages and endpoints, one controller per resource; the routes under `/e/:id` share a middleware that
/// resolves the evaluation and the points in force once per request.
struct Routes: Sendable {
    let services: Services
    let assets: Assets

    init(settings: ServerSettings, workspace: Workspace, views: Views, pool: WorkPool, assets: Assets) {
        self.assets = assets
        services = Services(
            settings: settings, workspace: workspace, views: views, pool: pool,
            jobs: RobustnessJobs(
                limits: settings.limits,
                ledger: JobLedger(
                    store: workspace.store, rulebook: workspace.rulebook, keptPerEvaluation: settings.limits.finishedJobsKept)),
            throttle: SignInThrottle(limits: settings.limits))
    }

    func register(on router: Router<WebContext>) {
        let assets = self.assets
        router.get("/assets/app.css") { _, _ in Assets.response(assets.css, type: "text/css; charset=utf-8") }
        router.get("/assets/app.js") { _, _ in
            Assets.response(assets.js, type: "application/javascript; charset=utf-8")
        }
        // Every route below is checked against `RoutePolicy` for the visitor's role before anything runs.
        let guarded = router.group().add(middleware: Authorize())
        let evaluation = guarded.group("/e/:id").add(middleware: EvaluationResolver(workspace: services.workspace))
        let controllers: [any Controller] = [
            EvaluationsController(services: services), RankingController(services: services),
            WeightsController(services: services), CompareController(services: services),
            RobustnessController(services: services), DownloadsController(services: services),
            AuditController(services: services), AccountsController(services: services),
            FindingsController(services: services), AdminController(services: services),
            PanelController(services: services),
        ]
        for controller in controllers { controller.register(on: guarded, evaluation: evaluation) }
    }
}
