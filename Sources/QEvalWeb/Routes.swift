import Foundation
import Hummingbird
import QEval

/// The pages and endpoints: each wires one library call to HTTP.
struct Routes: Sendable {
    let settings: ServerSettings
    let workspace: Workspace
    let views: Views
    let pool: WorkPool
    let jobs: RobustnessJobs
    let throttle: SignInThrottle
    var store: Store { workspace.store }
    var rulebook: Rulebook { workspace.rulebook }
    var limits: WebLimits { settings.limits }

    init(settings: ServerSettings, workspace: Workspace, views: Views, pool: WorkPool) {
        self.settings = settings
        self.workspace = workspace
        self.views = views
        self.pool = pool
        jobs = RobustnessJobs(limits: settings.limits)
        throttle = SignInThrottle(limits: settings.limits)
    }

    func register(on router: Router<WebContext>) {
        router.get("/assets/app.css") { _, _ in Assets.response(Assets.css, type: "text/css; charset=utf-8") }
        router.get("/assets/app.js") { _, _ in
            Assets.response(Assets.js, type: "application/javascript; charset=utf-8")
        }
        router.get("/") { request, context in try await home(request, context) }
        router.post("/evaluations") { request, context in try await upload(request, context) }
        router.post("/evaluations/sample") { request, context in try await useSample(request, context) }
        router.get("/e/:id") { request, context in try await ranking(request, context) }
        router.get("/e/:id/county/:row") { request, context in try await county(request, context) }
        router.get("/e/:id/weights") { request, context in try await weights(request, context) }
        router.post("/e/:id/weights") { request, context in try await reweigh(request, context) }
        router.post("/e/:id/weights/reset") { request, context in try await resetDraft(request, context) }
        router.post("/e/:id/scenarios") { request, context in try await saveScenario(request, context) }
        router.get("/e/:id/compare") { request, context in try await compare(request, context) }
        router.get("/e/:id/robustness") { request, context in try await robustness(request, context) }
        router.post("/e/:id/robustness") { request, context in try await startRobustness(request, context) }
        router.get("/jobs/:job") { request, context in try await jobStatus(request, context) }
        router.post("/jobs/:job/cancel") { request, context in try await cancelJob(request, context) }
        router.get("/e/:id/download/:kind") { request, context in try await download(request, context) }
        router.get("/e/:id/county/:row/feedback.xlsx") { request, context in
            try await countyFeedback(request, context)
        }
        router.get("/audit") { request, context in try await audit(request, context) }
        router.get("/login") { request, context in
            login(next: Self.safeNext(request.uri.queryParameters.get("next")), context, failed: false)
        }
        router.post("/login") { request, context in try await signIn(request, context) }
        router.post("/logout") { _, context in
            if context.sessions.session != nil { context.sessions.clearSession() }
            return Response.redirect(to: settings.requiresLogin ? "/login" : "/")
        }
    }

    // MARK: helpers

    func evaluationID(_ context: WebContext) throws -> Int64 {
        guard let id = context.parameters.get("id", as: Int64.self) else {
            throw WebError(.notFound, WebMessage.notFound)
        }
        return id
    }

    /// The evaluation and the points in force for this request (`?s=`, else the session's draft, else the
    /// standard's), scored.
    struct Scored {
        var id: Int64
        var summary: EvaluationSummary
        var base: RankedCohort
        var force: PointsInForce
        var cohort: RankedCohort
    }

    func scored(_ request: Request, _ context: WebContext) async throws -> Scored {
        let id = try evaluationID(context)
        let (summary, base) = try await workspace.cohort(id)
        let choice = request.uri.queryParameters.get("s").map { PointsChoice(query: $0) }
        let force = try await workspace.points(choice, evaluation: id, session: context.session)
        return Scored(
            id: id, summary: summary, base: base, force: force,
            cohort: base.reweighted(force.points, weightsSource: force.label))
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

    func page(_ title: String, _ template: String, _ data: [String: Any], _ context: WebContext, evaluation: Int64?)
        -> Response
    {
        .html(views.page(title: title, body: views.render(template, data), context: context, evaluation: evaluation))
    }

    // MARK: start page, uploads

    func home(_ request: Request, _ context: WebContext) async throws -> Response {
        let list = try await store.evaluations()
        let rows: [[String: Any]] = list.map { e in
            [
                "id": e.id, "fileName": e.fileName, "applicants": e.applicants, "rulebook": e.rulebookName,
                "sha": String(e.sha256.prefix(12)), "who": Views.who(e.createdBy), "when": Views.time(e.createdAt),
            ]
        }
        return page(
            WebText.homeTitle.text, "home",
            [
                "evaluations": rows, "hasEvaluations": !rows.isEmpty, "csrf": context.csrfToken,
                "rulebook": rulebook.name, "limitMB": limits.uploadMB,
                "uploadHint": WebMessage.uploadHint(limitMB: limits.uploadMB).text,
            ], context, evaluation: nil)
    }

    func upload(_ request: Request, _ context: WebContext) async throws -> Response {
        let form = try body(context)
        guard let file = form.file, !file.bytes.isEmpty else {
            throw WebError(.badRequest, WebMessage.noFileChosen)
        }
        let name = FormFields.displayName(file.name).isEmpty ? WebText.unnamedUpload.text : FormFields.displayName(file.name)
        var options = ReadOptions()
        if let encoding = form["encoding"], !encoding.isEmpty, encoding != "auto" {
            guard let parsed = TextEncoding(option: encoding) else { throw WebError(.badRequest, WebMessage.badRequest) }
            options.encoding = parsed
        }
        do {
            let id = try await workspace.create(bytes: file.bytes, fileName: name, user: context.user, options: options)
            return .redirect(to: "/e/\(id)")
        } catch let error as InputError {
            // Nothing is stored: the located errors, as the CLI prints them, in a table.
            try await store.audit(
                user: context.user, action: .uploadRefused,
                detail: WebMessage.auditRefused(file: name, errors: error.diagnostics.errorCount).text)
            let problems = error.diagnostics.errors.map { d -> [String: Any] in
                [
                    "line": d.line.map(String.init) ?? "", "column": Views.column(d), "value": d.value ?? "",
                    "applicant": d.applicant ?? "", "problem": d.message.text(),
                ]
            }
            let response = page(
                WebText.uploadRefusedTitle.text, "refused",
                [
                    "fileName": name, "problems": problems,
                    "summary": WebMessage.uploadRefused(errors: error.diagnostics.errorCount).text,
                    "more": error.diagnostics.errorCount > problems.count
                        ? WebMessage.moreErrors(error.diagnostics.errorCount - problems.count).text : "",
                ], context, evaluation: nil)
            var refused = response
            refused.status = .unprocessableContent
            return refused
        }
    }

    func useSample(_ request: Request, _ context: WebContext) async throws -> Response {
        let path = settings.samplePath
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WebError(.internalServerError, WebMessage.sampleMissing(path))
        }
        let id = try await workspace.create(
            bytes: [UInt8](data), fileName: URL(fileURLWithPath: path).lastPathComponent, user: context.user,
            options: ReadOptions())
        return .redirect(to: "/e/\(id)")
    }

    // MARK: ranking

    func ranking(_ request: Request, _ context: WebContext) async throws -> Response {
        let scored = try await scored(request, context)
        let (id, summary, base, force, cohort) = (scored.id, scored.summary, scored.base, scored.force, scored.cohort)
        let scenarios = try await store.scenarios(of: id)
        let data = views.rankingData(
            cohort, base: base, summary: summary, force: force, scenarios: scenarios,
            hasDraft: context.session.drafts[String(id)] != nil)
        try await store.audit(
            user: context.user, action: .viewRanking, evaluation: id, detail: WebMessage.auditPoints(force.label).text)
        return page(WebText.rankingTitle.text, "ranking", data, context, evaluation: id)
    }

    // MARK: county

    func county(_ request: Request, _ context: WebContext) async throws -> Response {
        let scored = try await scored(request, context)
        let (id, summary, force, cohort) = (scored.id, scored.summary, scored.force, scored.cohort)
        let row = try applicantRow(context, in: cohort)
        let data = views.countyData(cohort, row: row, summary: summary, force: force)
        return page(cohort.evaluation.table.name(row), "county", data, context, evaluation: id)
    }

    // MARK: weights

    func weights(_ request: Request, _ context: WebContext) async throws -> Response {
        let scored = try await scored(request, context)
        let (id, summary, base, force, cohort) = (scored.id, scored.summary, scored.base, scored.force, scored.cohort)
        let scenarios = try await store.scenarios(of: id)
        let data = views.weightsData(
            cohort, base: base, summary: summary, force: force, scenarios: scenarios, csrf: context.csrfToken)
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
        let base: RankedCohort
        if let cached = workspace.cachedCohort(id) { base = cached } else { base = try await workspace.cohort(id).1 }
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
        _ = try await workspace.cohort(id)
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
            user: context.user, action: .saveScenario, evaluation: id,
            detail: WebMessage.auditScenario(id: sid, name: name, total: Points.format(points.reduce(0, +))).text)
        var session = context.session
        session.drafts[String(id)] = nil
        context.keep(session, limits: limits)
        return .redirect(to: "/e/\(id)/weights?s=\(sid)")
    }

    // MARK: compare

    /// One side of a comparison: `standard`, `draft`, `s<id>` (a saved scenario), `e<id>` (another
    /// evaluation under the standard's points).
    func side(_ key: String, evaluation id: Int64, context: WebContext) async throws -> (RankedCohort, String) {
        if key.hasPrefix("e"), let other = Int64(key.dropFirst()) {
            let (summary, cohort) = try await workspace.cohort(other)
            return (cohort, WebMessage.evaluationLabel(id: other, file: summary.fileName).text)
        }
        let choice: PointsChoice = key.hasPrefix("s") ? PointsChoice(query: String(key.dropFirst())) : PointsChoice(query: key)
        let force = try await workspace.points(choice, evaluation: id, session: context.session)
        let (_, base) = try await workspace.cohort(id)
        return (base.reweighted(force.points, weightsSource: force.label), force.label)
    }

    func comparison(_ request: Request, _ context: WebContext, id: Int64) async throws -> (Comparison, String, String) {
        let a = request.uri.queryParameters.get("a") ?? "standard"
        let b = request.uri.queryParameters.get("b") ?? (context.session.drafts[String(id)] != nil ? "draft" : "standard")
        let (cohortA, nameA) = try await side(a, evaluation: id, context: context)
        let (cohortB, nameB) = try await side(b, evaluation: id, context: context)
        return (Comparison(a: cohortA, b: cohortB, nameA: nameA, nameB: nameB), a, b)
    }

    func compare(_ request: Request, _ context: WebContext) async throws -> Response {
        let id = try evaluationID(context)
        let (summary, _) = try await workspace.cohort(id)
        let (comparison, a, b) = try await comparison(request, context, id: id)
        let scenarios = try await store.scenarios(of: id)
        let others = try await store.evaluations().filter { $0.id != id }
        let data = views.compareData(
            comparison, a: a, b: b, summary: summary, scenarios: scenarios, others: others,
            hasDraft: context.session.drafts[String(id)] != nil)
        try await store.audit(
            user: context.user, action: .compare, evaluation: id,
            detail: WebMessage.auditCompare(a: comparison.nameA, b: comparison.nameB).text)
        return page(WebText.compareTitle.text, "compare", data, context, evaluation: id)
    }

    // MARK: robustness

    func robustness(_ request: Request, _ context: WebContext) async throws -> Response {
        let id = try evaluationID(context)
        let (summary, _) = try await workspace.cohort(id)
        let job = request.uri.queryParameters.get("job").flatMap { jobs.job($0) }
        let data = views.robustnessData(
            summary: summary, job: job.flatMap { $0.evaluation == id ? $0 : nil }, csrf: context.csrfToken)
        return page(WebText.robustnessTitle.text, "robustness", data, context, evaluation: id)
    }

    func startRobustness(_ request: Request, _ context: WebContext) async throws -> Response {
        let id = try evaluationID(context)
        let form = try body(context)
        let settings: RobustnessSettings
        do {
            settings = try RobustnessSettings.parse(
                samples: form["samples"].flatMap { $0.isEmpty ? nil : $0 },
                spread: form["spread"].flatMap { $0.isEmpty ? nil : $0 },
                seed: form["seed"].flatMap { $0.isEmpty ? nil : $0 }, sensitivitySamples: nil)
        }
        let (_, base) = try await workspace.cohort(id)
        let force = try await workspace.points(nil, evaluation: id, session: context.session)
        let cohort = base.reweighted(force.points, weightsSource: force.label)
        let job = try jobs.start(evaluation: id, owner: context.csrfToken, cohort: cohort, settings: settings)
        try await store.audit(
            user: context.user, action: .robustness, evaluation: id,
            detail: WebMessage.auditRobustness(
                samples: settings.samples, spread: settings.spread, seed: settings.seed, points: force.label, job: job
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
        try await store.audit(user: context.user, action: .robustnessCancel, evaluation: job.evaluation, detail: key)
        if request.headers[.accept]?.contains("application/json") == true {
            return Response.json(["job": key])
        }
        return .redirect(to: "/e/\(job.evaluation)/robustness?job=\(key)")
    }

    // MARK: downloads

    func download(_ request: Request, _ context: WebContext) async throws -> Response {
        let kind = context.parameters.get("kind") ?? ""
        let scored = try await scored(request, context)
        let (id, summary, force, cohort) = (scored.id, scored.summary, scored.force, scored.cohort)
        let stem = Downloads.stem(summary)
        let file: Downloads.File
        switch kind {
        case "ranking.xlsx": file = try await pool.run { try Downloads.ranking(cohort, stem: stem) }
        case "scores.csv": file = try await pool.run { Downloads.scores(cohort, stem: stem) }
        case "feedback.zip": file = try await pool.run { try Downloads.feedback(cohort, stem: stem) }
        case "compare.xlsx":
            let (comparison, _, _) = try await comparison(request, context, id: id)
            file = try await pool.run { try Downloads.comparison(comparison, stem: stem) }
        case "robustness.xlsx":
            guard let key = request.uri.queryParameters.get("job"), let job = jobs.job(key), job.evaluation == id,
                let result = job.result
            else { throw WebError(.notFound, WebMessage.notFound) }
            let info = job.info
            file = try await pool.run { try Downloads.robustness(result, info: info, stem: stem) }
        default:
            throw WebError(.notFound, WebMessage.notFound)
        }
        try await store.audit(
            user: context.user, action: .download, evaluation: id,
            detail: WebMessage.auditDownload(file: file.name, points: force.label).text)
        return .download(file.bytes, name: file.name, asciiName: file.asciiName, type: file.type)
    }

    func countyFeedback(_ request: Request, _ context: WebContext) async throws -> Response {
        let scored = try await scored(request, context)
        let (id, summary, force, cohort) = (scored.id, scored.summary, scored.force, scored.cohort)
        let row = try applicantRow(context, in: cohort)
        let stem = Downloads.stem(summary)
        let file = try await pool.run { try Downloads.countyFeedback(cohort, row: row, stem: stem) }
        try await store.audit(
            user: context.user, action: .download, evaluation: id,
            detail: WebMessage.auditDownload(file: file.name, points: force.label).text)
        return .download(file.bytes, name: file.name, asciiName: file.asciiName, type: file.type)
    }

    // MARK: audit log, accounts

    func audit(_ request: Request, _ context: WebContext) async throws -> Response {
        let rows: [[String: Any]] = try await store.auditLog().map { r in
            [
                "when": Views.time(r.at), "who": Views.who(r.user), "action": Views.action(r.action),
                "evaluation": r.evaluationId.map { String($0) } ?? "", "detail": r.detail,
            ]
        }
        return page(WebText.auditTitle.text, "audit", ["rows": rows], context, evaluation: nil)
    }

    func login(next: String, _ context: WebContext, failed: Bool) -> Response {
        var response = page(
            WebText.loginTitle.text, "login",
            ["csrf": context.csrfToken, "next": next, "failed": failed, "requiresLogin": settings.requiresLogin],
            context, evaluation: nil)
        if failed { response.status = .unauthorized }
        return response
    }

    func signIn(_ request: Request, _ context: WebContext) async throws -> Response {
        let form = try body(context)
        let name = form["user"] ?? ""
        let password = form["password"] ?? ""
        let next = Self.safeNext(form["next"])
        // A name no account can have is refused before anything stores it (the audit log keeps its length).
        guard name.count <= limits.userNameLength, password.utf8.count <= limits.signInBytes else {
            try await store.audit(
                user: "", action: .loginFailed, detail: WebMessage.auditLongUserName(name.count).text)
            var response = login(next: next, context, failed: true)
            response.status = .badRequest
            return response
        }
        switch throttle.check(user: name, address: context.peer) {
        case .allowed: break
        case .wait(let seconds):
            throw WebError(.tooManyRequests, WebMessage.signInWait(seconds: seconds))
        case .locked(let minutes):
            throw WebError(.tooManyRequests, WebMessage.signInLocked(minutes: minutes))
        }
        let store = self.store
        let verified = try await pool.run { try store.verifyNow(user: name, password: password) } && !name.isEmpty
        guard verified else {
            switch throttle.failed(user: name, address: context.peer) {
            case .burstStarted:
                try await store.audit(user: name, action: .loginFailed)
            case .locked(let failures):
                try await store.audit(
                    user: name, action: .loginLocked,
                    detail: WebMessage.auditSignInBurst(failures: failures, locked: true).text)
            case .counted:
                break
            }
            return login(next: next, context, failed: true)
        }
        throttle.succeeded(user: name)
        // A new session (new id, new token) on sign-in, so a session id known before cannot be used after.
        var session = WebSession.new()
        session.user = name
        context.sessions.createSession(session, expiresIn: .seconds(limits.signedInSessionSeconds))
        try await store.audit(user: name, action: .login)
        return .redirect(to: next)
    }

    /// Only a path on this server: "/e/1", never "//evil.example" or "https://…".
    /// Only the characters our own paths use are accepted: a tab, a line break or a backslash, which
    /// browsers drop or turn into "/", could make "/\t/evil.example" into "//evil.example".
    static func safeNext(_ next: String?) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-_.?=&%".utf8)
        guard let next, next.utf8.count <= 512, next.utf8.allSatisfy(allowed.contains), next.hasPrefix("/"),
            !next.hasPrefix("//"), !next.lowercased().hasPrefix("/%2f"), !next.lowercased().hasPrefix("/%5c"),
            !next.lowercased().hasPrefix("/%09")
        else { return "/" }
        return next
    }
}
