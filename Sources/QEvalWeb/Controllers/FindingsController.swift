import Foundation
import Hummingbird
import QEval

/// Reviewers' findings (核查记录): recorded from a county's page, listed with their history, exported and
/// imported as the command line's findings CSV. Every finding is checked by `FindingsFile` against the
/// declared table, as `--findings` is; stored as a new version, never overwritten; audited.
struct FindingsController: Controller {
    let services: Services

    func register(on router: RouterGroup<WebContext>, evaluation: RouterGroup<WebContext>) {
        evaluation.get("findings") { request, context in try await list(request, context) }
        evaluation.get("findings.csv") { request, context in try await export(request, context) }
        evaluation.post("findings/import") { request, context in try await importFile(request, context) }
        evaluation.post("county/:row/findings") { request, context in try await record(request, context) }
    }

    // MARK: recording one finding

    func record(_ request: Request, _ context: WebContext) async throws -> Response {
        let resolved = try resolved(context)
        let id = resolved.id
        let declared = resolved.declared
        let row = try applicantRow(context, in: declared)
        let form = try body(context)
        let table = declared.evaluation.table
        let entered = (
            field: form["field"] ?? "", value: (form["value"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
            reason: (form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
            evidence: (form["evidence"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        )
        let new = FindingRecord(
            id: nil, evaluationId: id, county: table.county[row], city: table.city[row], field: entered.field,
            value: entered.value.isEmpty ? nil : entered.value, reason: entered.reason, evidence: entered.evidence,
            reviewer: context.user, recordedAt: Date(), version: 0)
        // Checked with every current finding, as an import of them all would be: one truth for what is valid.
        let versions = try await store.findingVersions(of: id)
        var current = Store.current(versions).filter {
            !($0.county == new.county && $0.city == new.city && $0.field == new.field)
        }
        current.append(new)
        let findings: Findings
        do {
            findings = try await workspace.check(
                Array(FindingsExport.csv(current).text.utf8), file: WebMessage.findingsSource(id).text, declared: declared)
        } catch let error as InputError {
            // Only the errors of the new finding (the last line) concern the person who entered it.
            let line = current.count + 1
            let errors = error.diagnostics.errors.filter { $0.line == line || $0.line == nil }
            return try await countyPage(
                resolved, row: row, context: context, versions: versions,
                errors: errors.isEmpty ? error.diagnostics.errors : errors,
                entered: entered, status: .unprocessableContent)
        }
        // The stored value as the reader normalised it ("95%" → "95"), so the history shows what counted.
        var stored = new
        stored.value = findings.items.last?.verified
        _ = try await store.addFindings([stored], to: id)
        let label = rulebook.fields[rulebook.fieldIndex[stored.field] ?? 0].label
        try await store.audit(
            context, action: .recordFinding, evaluation: id,
            detail: WebMessage.auditFinding(
                county: table.name(row), item: label, value: stored.value ?? WebText.rejectedValue.text,
                reason: stored.reason
            ).text)
        return .redirect(to: "/e/\(id)/county/\(row)#verification")
    }

    /// The county page with the finding form's errors and values (nothing was stored).
    func countyPage(
        _ resolved: ResolvedEvaluation, row: Int, context: WebContext, versions: [FindingRecord], errors: [Diagnostic],
        entered: (field: String, value: String, reason: String, evidence: String), status: HTTPResponse.Status
    ) async throws -> Response {
        let section = views.verificationSection(
            declared: resolved.declared, row: row, versions: versions, csrf: context.csrfToken, errors: errors,
            entered: entered)
        let cohort = resolved.cohort
        let data = views.countyData(
            cohort, row: row, summary: resolved.summary, inForce: resolved.inForce, verification: section)
        var response = page(cohort.evaluation.table.name(row), "county", data, context, evaluation: resolved.id)
        response.status = status
        return response
    }

    // MARK: the list, export, import

    func list(_ request: Request, _ context: WebContext) async throws -> Response {
        let resolved = try resolved(context)
        let id = resolved.id
        let versions = try await store.findingVersions(of: id)
        let query = request.uri.queryParameters
        func text(_ name: String) -> String {
            query.get(name).map { String($0) }?.trimmingCharacters(in: .whitespaces) ?? ""
        }
        let (county, field, reviewer) = (text("county"), text("field"), text("reviewer"))
        func keep(_ r: FindingRecord) -> Bool {
            (county.isEmpty || r.county.contains(county)) && (field.isEmpty || r.field == field)
                && (reviewer.isEmpty || r.reviewer.contains(reviewer))
        }
        let current = Store.current(versions)
        let data = views.findingsData(
            id: id, declared: resolved.declared, current: current.filter(keep), history: versions.filter(keep).reversed(),
            total: (current.count, versions.count), csrf: context.csrfToken, filter: (county, field, reviewer))
        return page(WebText.findingsTitle.text, "findings", data, context, evaluation: id)
    }

    func export(_ request: Request, _ context: WebContext) async throws -> Response {
        let id = try evaluationID(context)
        let current = try await store.currentFindings(of: id)
        let csv = FindingsExport.csv(current)
        try await store.audit(
            context, action: .exportFindings, evaluation: id,
            detail: WebMessage.auditExport(findings: current.count).text)
        let name = FindingsMessage.exportFileName(evaluation: id).text
        return .download(
            Array("\u{FEFF}".utf8) + Array(csv.text.utf8), name: name, asciiName: "findings-\(id).csv",
            type: "text/csv; charset=utf-8")
    }

    /// A findings file (CSV or .xlsx) checked as the command line checks it: every finding stored (each a new
    /// version of its item, unless it says what the item's current version says), or none.
    func importFile(_ request: Request, _ context: WebContext) async throws -> Response {
        let resolved = try resolved(context)
        let id = resolved.id
        let form = try body(context)
        guard let file = form.files.first(where: { !$0.bytes.isEmpty }) else {
            throw WebError(.badRequest, WebMessage.noFileChosen)
        }
        let name = FormFields.displayName(file.name).isEmpty ? WebText.unnamedUpload.text : FormFields.displayName(file.name)
        let findings: Findings
        do {
            findings = try await workspace.check(file.bytes, file: name, declared: resolved.declared)
        } catch let error as InputError {
            try await store.audit(
                context, action: .uploadRefused, evaluation: id,
                detail: WebMessage.auditRefused(file: name, errors: error.diagnostics.errorCount).text)
            return refused(
                error, file: name, summary: WebMessage.importRefused(errors: error.diagnostics.errorCount).text,
                context: context, evaluation: id)
        }
        let records = FindingsExport.records(
            findings, table: resolved.declared.evaluation.table, user: context.user, at: Date())
        let added = try await store.addFindings(records, to: id)
        try await store.audit(
            context, action: .importFindings, evaluation: id,
            detail: WebMessage.auditImport(file: name, findings: records.count, added: added).text)
        return .redirect(to: "/e/\(id)/findings")
    }
}
