import Foundation
import Hummingbird
import QEval

/// The start page and new evaluations: a CSV upload or the bundled sample.
struct EvaluationsController: Controller {
    let services: Services

    func register(on router: RouterGroup<WebContext>, evaluation: RouterGroup<WebContext>) {
        router.get("/") { request, context in try await home(request, context) }
        router.post("/evaluations") { request, context in try await upload(request, context) }
        router.post("/evaluations/sample") { request, context in try await useSample(request, context) }
    }

    // MARK: start page, uploads

    func home(_ request: Request, _ context: WebContext) async throws -> Response {
        let list = try await store.evaluations()
        let rows = list.map { e in
            HomePage.Row(
                id: e.id, fileName: e.fileName, applicants: e.applicants, rulebook: e.rulebookName,
                sha: String(e.sha256.prefix(12)), who: Views.who(e.createdBy), when: Views.time(e.createdAt))
        }
        let role = context.visitor?.role ?? .viewer
        var panels: ExpertPanels? = nil
        if role == .expert {
            // The expert's own panels: which evaluation, submitted or not, how far.
            let names = Dictionary(list.map { ($0.id, $0.fileName) }, uniquingKeysWith: { a, _ in a })
            var rows: [ExpertPanels.Row] = []
            for member in try await store.panels(of: context.user) {
                let state = try await store.panelState(of: member.evaluationId)
                rows.append(
                    ExpertPanels.Row(
                        id: member.evaluationId, fileName: names[member.evaluationId] ?? "",
                        state: (member.submittedAt != nil
                            ? PanelText.stateSubmitted
                            : state.current(of: member.expert).isEmpty ? .stateNotStarted : .stateScoring).text,
                        progress: state.openParts.isEmpty || member.submittedAt == nil ? "" : PanelText.discussing.text))
            }
            panels = ExpertPanels(rows: rows, hasRows: !rows.isEmpty)
        }
        let note: WebText? = role == .viewer ? .viewerNote : nil
        return page(
            WebText.homeTitle.text, "home",
            HomePage(
                evaluations: role.allows(.view) ? rows : [], hasEvaluations: !rows.isEmpty, csrf: context.csrfToken,
                rulebook: rulebook.name, limitMB: limits.uploadMB,
                uploadHint: WebMessage.uploadHint(limitMB: limits.uploadMB).text, canUpload: role.allows(.upload),
                canDelete: role.allows(.deleteEvaluation), showList: role.allows(.view), roleNote: note?.text,
                panels: panels),
            context, evaluation: nil)
    }

    func upload(_ request: Request, _ context: WebContext) async throws -> Response {
        let form = try body(context)
        let chosen = form.files.filter { !$0.bytes.isEmpty }
        guard let first = chosen.first else {
            throw WebError(.badRequest, WebMessage.noFileChosen)
        }
        func shown(_ name: String) -> String {
            FormFields.displayName(name).isEmpty ? WebText.unnamedUpload.text : FormFields.displayName(name)
        }
        // Several files (county forms) are kept together as one .zip, read back as `qeval collect` reads them.
        let file: (name: String, bytes: [UInt8])
        if chosen.count == 1 {
            file = (shown(first.name), first.bytes)
        } else {
            let files = chosen.map { FormCollector.FormFile(name: shown($0.name), bytes: $0.bytes) }
            file = (WebMessage.severalFiles(first: shown(first.name), count: chosen.count).text, try FormArchive.pack(files))
        }
        let name = file.name
        var options = ReadOptions()
        if let encoding = form["encoding"], !encoding.isEmpty, encoding != "auto" {
            guard let parsed = TextEncoding(option: encoding) else { throw WebError(.badRequest, WebMessage.badRequest) }
            options.encoding = parsed
        }
        do {
            let id = try await workspace.create(
                bytes: file.bytes, fileName: name, user: context.user, address: context.peer, options: options)
            return .redirect(to: "/e/\(id)")
        } catch let error as InputError {
            // Nothing is stored: the located errors, as the CLI prints them, in a table.
            try await store.audit(
                context, action: .uploadRefused,
                detail: WebMessage.auditRefused(file: name, errors: error.diagnostics.errorCount).text)
            return refused(
                error, file: name, summary: WebMessage.uploadRefused(errors: error.diagnostics.errorCount).text,
                context: context, evaluation: nil)
        }
    }

    func useSample(_ request: Request, _ context: WebContext) async throws -> Response {
        let path = settings.samplePath
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WebError(.internalServerError, WebMessage.sampleMissing(path))
        }
        let id = try await workspace.create(
            bytes: [UInt8](data), fileName: URL(fileURLWithPath: path).lastPathComponent, user: context.user,
            address: context.peer, options: ReadOptions())
        return .redirect(to: "/e/\(id)")
    }
}
