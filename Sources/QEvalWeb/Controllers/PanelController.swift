import Foundation
import Hummingbird
import QEval

/// The expert panel (专家评审) in the workspace. The chair (管理员 or 评审) assigns expert accounts, follows each
/// expert's progress and the spread of the submitted levels, re-opens an item for discussion, exports the
/// submitted levels as the command line's `--panel` CSV. An expert (专家) scores only the evaluations assigned to
/// them, only the judged items, saves as they go and submits. Levels are versions, never overwritten; every step
/// is audited. The ranking reads the panel through `Workspace.verified` once every expert has submitted.
struct PanelController: Controller {
    let services: Services

    /// Applicants per page of the expert's scoring form: a page's form stays far below the form size limit
    /// (20 × 8 items), and an expert works through the counties a page at a time.
    static let applicantsPerPage = 20

    func register(on router: RouterGroup<WebContext>, evaluation: RouterGroup<WebContext>) {
        evaluation.get("panel") { request, context in try await chair(request, context) }
        evaluation.post("panel/experts") { request, context in try await assign(request, context) }
        evaluation.post("panel/reopen") { request, context in try await reopen(request, context) }
        evaluation.post("panel/close") { request, context in try await close(request, context) }
        evaluation.get("panel.csv") { request, context in try await export(request, context) }
        evaluation.get("score") { request, context in try await score(request, context) }
        evaluation.post("score") { request, context in try await save(request, context) }
    }

    /// The rows of the applicants the panel scores — those that pass the gates after the findings (a finding may
    /// qualify one) — and the judged fields. Rows are the same in the declared and the verified table.
    func parts(_ resolved: ResolvedEvaluation) -> (rows: [Int], fields: [Int]) {
        let gated = (resolved.verified ?? resolved.declared).evaluation
        return ((0..<gated.count).filter { gated.isRanked($0) }, rulebook.judgedFields)
    }

    func label(_ key: String) -> String { rulebook.field(key)?.label ?? key }

    // MARK: the chair

    func chair(_ request: Request, _ context: WebContext) async throws -> Response {
        let resolved = try resolved(context)
        let id = resolved.id
        let declared = resolved.declared
        let table = declared.evaluation.table
        let state = try await store.panelState(of: id)
        let (rows, fields) = parts(resolved)
        let total = rows.count * fields.count
        let rankedKeys = Set(rows.map { PanelPartKey(county: table.county[$0], city: table.city[$0], field: "") })
        func counted(_ levels: [PanelLevelRecord]) -> Int {
            levels.filter { rankedKeys.contains(PanelPartKey(county: $0.county, city: $0.city, field: "")) }.count
        }
        let experts = try store.accounts().filter { $0.roleValue == .expert && !$0.disabled }.map(\.name)
        let assigned = Set(state.members.map(\.expert))
        let progress = state.members.map { m in
            let scored = counted(state.current(of: m.expert))
            return PanelPage.Progress(
                name: m.expert, scored: PanelWebMessage.scored(done: scored, total: total).text,
                state: (m.submittedAt != nil ? PanelText.stateSubmitted : scored > 0 ? .stateScoring : .stateNotStarted).text,
                submittedAt: m.submittedAt.map(Views.time) ?? "", submitted: m.submittedAt != nil)
        }
        let onlyFlagged = request.uri.queryParameters.get("flagged") == "1"
        let panel = try await workspace.chairPanel(
            id, state: state, declared: declared, gated: (resolved.verified ?? declared).evaluation.table)
        let open = state.openParts
        let names = panel?.expertNames ?? []
        let spread: [PanelPage.SpreadRow] = (panel?.parts ?? []).filter { !onlyFlagged || $0.flagged }.map { part in
            let spec = rulebook.fields[part.field]
            let key = PanelPartKey(county: table.county[part.row], city: table.city[part.row], field: spec.key)
            let levels = names.map { name -> PanelPage.Cell in
                guard let s = part.scores.first(where: { $0.expert == name }) else {
                    return PanelPage.Cell(text: "—", dropped: false)
                }
                return PanelPage.Cell(
                    text: PanelMessage.expertLevel(level: s.level, points: Points.format(s.points)).text, dropped: s.dropped)
            }
            return PanelPage.SpreadRow(
                county: key.county, city: key.city, key: spec.key, label: spec.label,
                declared: part.declaredLevel.map(String.init) ?? PanelText.notDeclared.text, levels: levels,
                points: Points.format((part.points * 10_000).rounded() / 10_000), spread: Points.format(part.spread),
                flagged: part.flagged, discussing: open.contains(key), remarks: part.remarks())
        }
        let reopened = state.reopened.filter { $0.closedAt == nil }.map { r in
            PanelPage.Reopened(
                number: r.id ?? 0, county: r.county, city: r.city, label: label(r.field), by: Views.who(r.openedBy),
                at: Views.time(r.openedAt))
        }
        // Versions after the first of submitted experts: what changed in discussion.
        let submitted = Set(state.submitted.map(\.expert))
        let changes = state.versions.filter { $0.version > 1 && submitted.contains($0.expert) }.reversed().map { v in
            PanelPage.Change(
                when: Views.time(v.recordedAt), expert: v.expert, county: v.county, city: v.city, label: label(v.field),
                version: v.version, level: v.level, remark: v.remark)
        }
        let data = PanelPage(
            id: id, csrf: context.csrfToken, note: resolved.panelNote,
            problems: resolved.panelProblems.map { $0.render(.current) }, hasProblems: !resolved.panelProblems.isEmpty,
            experts: experts.map { PanelPage.Choice(name: $0, checked: assigned.contains($0)) },
            hasExpertAccounts: !experts.isEmpty, blind: state.panel?.blind ?? false, progress: progress,
            hasProgress: !progress.isEmpty, expertNames: names, rows: spread, hasRows: !spread.isEmpty,
            onlyFlagged: onlyFlagged, flaggedCount: panel?.flagged.count ?? 0, reopened: reopened,
            hasReopened: !reopened.isEmpty, changes: Array(changes), hasChanges: !changes.isEmpty,
            hasSubmissions: panel != nil)
        return page(PanelText.panelTitle.text, "panel", data, context, evaluation: id)
    }

    func assign(_ request: Request, _ context: WebContext) async throws -> Response {
        let id = try evaluationID(context)
        let form = try body(context)
        let chosen = form.values.keys.filter { $0.hasPrefix("expert.") }.map { String($0.dropFirst("expert.".count)) }.sorted()
        let experts = Set(try store.accounts().filter { $0.roleValue == .expert && !$0.disabled }.map(\.name))
        if let unknown = chosen.first(where: { !experts.contains($0) }) {
            throw WebError(.unprocessableContent, PanelWebMessage.unknownExpert(unknown))
        }
        guard chosen.count >= Panel.minimumExperts else {
            throw WebError(
                .unprocessableContent, PanelWebMessage.tooFewAssigned(count: chosen.count, required: Panel.minimumExperts))
        }
        let blind = form["blind"] != nil
        try await store.assignPanel(id, experts: chosen, blind: blind, by: context.user)
        let list = chosen.joined(separator: "、")
        try await store.audit(
            context, action: .panelAssign, evaluation: id, detail: PanelWebMessage.auditAssign(experts: list, blind: blind).text)
        return .redirect(to: "/e/\(id)/panel")
    }

    /// The posted applicant (county and city) and judged field, checked against the declared cohort.
    func postedPart(_ form: FormFields, resolved: ResolvedEvaluation) throws -> (part: PanelPartKey, applicant: String) {
        let table = resolved.declared.evaluation.table
        let (county, city, key) = (form["county"] ?? "", form["city"] ?? "", form["field"] ?? "")
        guard let row = (0..<table.count).first(where: { table.county[$0] == county && table.city[$0] == city }),
            parts(resolved).rows.contains(row), rulebook.field(key)?.judged == true
        else { throw WebError(.unprocessableContent, WebMessage.badRequest) }
        return (PanelPartKey(county: county, city: city, field: key), table.name(row))
    }

    func reopen(_ request: Request, _ context: WebContext) async throws -> Response {
        let resolved = try resolved(context)
        let id = resolved.id
        let (part, applicant) = try postedPart(try body(context), resolved: resolved)
        let state = try await store.panelState(of: id)
        if !state.openParts.contains(part) { try await store.reopenPart(id, part: part, by: context.user) }
        try await store.audit(
            context, action: .panelReopen, evaluation: id,
            detail: PanelWebMessage.auditReopen(applicant: applicant, label: label(part.field)).text)
        return .redirect(to: "/e/\(id)/panel#reopened")
    }

    func close(_ request: Request, _ context: WebContext) async throws -> Response {
        let id = try evaluationID(context)
        guard let number = try body(context)["reopen"].flatMap(Int64.init),
            let closed = try await store.closeReopened(id, id: number, by: context.user)
        else { throw WebError(.unprocessableContent, WebMessage.badRequest) }
        try await store.audit(
            context, action: .panelClose, evaluation: id,
            detail: PanelWebMessage.auditReopen(applicant: "\(closed.county)（\(closed.city)）", label: label(closed.field))
                .text)
        return .redirect(to: "/e/\(id)/panel#reopened")
    }

    func export(_ request: Request, _ context: WebContext) async throws -> Response {
        let id = try evaluationID(context)
        let levels = workspace.submittedLevels(try await store.panelState(of: id))
        try await store.audit(
            context, action: .panelExport, evaluation: id, detail: PanelWebMessage.auditExport(levels: levels.count).text)
        return .download(
            Array("\u{FEFF}".utf8) + Array(PanelExport.csv(levels).text.utf8),
            name: PanelWebMessage.exportFileName(evaluation: id).text, asciiName: "panel-\(id).csv",
            type: "text/csv; charset=utf-8")
    }

    // MARK: the expert

    /// The visitor's membership of this evaluation's panel; others get "not found" (the page does not tell
    /// an expert which evaluations exist).
    func membership(_ state: PanelState, _ context: WebContext) throws -> PanelMemberRecord {
        guard let member = state.members.first(where: { $0.expert == context.user }) else {
            throw WebError(.notFound, PanelWebMessage.notAssigned)
        }
        return member
    }

    func score(_ request: Request, _ context: WebContext) async throws -> Response {
        let resolved = try resolved(context)
        let state = try await store.panelState(of: resolved.id)
        let member = try membership(state, context)
        let number = request.uri.queryParameters.get("p").flatMap { Int($0) } ?? 1
        let saved = request.uri.queryParameters.get("saved").flatMap { Int($0) }
        return scorePage(
            resolved, state: state, member: member, page: number, context: context,
            message: saved.map { PanelWebMessage.saved(added: $0).text }, errors: [])
    }

    func scorePage(
        _ resolved: ResolvedEvaluation, state: PanelState, member: PanelMemberRecord, page number: Int,
        context: WebContext, message: String?, errors: [String], entered: [String: String] = [:],
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let declared = resolved.declared
        let table = declared.evaluation.table
        let (rows, fields) = parts(resolved)
        let pages = max(1, (rows.count + Self.applicantsPerPage - 1) / Self.applicantsPerPage)
        let current = min(max(1, number), pages)
        let shown = rows.dropFirst((current - 1) * Self.applicantsPerPage).prefix(Self.applicantsPerPage)
        let blind = state.panel?.blind ?? false
        let mine = Dictionary(
            state.current(of: member.expert).map { ($0.part, $0) }, uniquingKeysWith: { _, last in last })
        let open = state.openParts
        let submitted = member.submittedAt != nil
        let rankedKeys = Set(
            rows.flatMap { r in
                fields.map { PanelPartKey(county: table.county[r], city: table.city[r], field: rulebook.fields[$0].key) }
            })
        let done = mine.keys.filter { rankedKeys.contains($0) }.count
        var editable = false
        let applicants = shown.map { row in
            ScorePage.Applicant(
                county: table.county[row], city: table.city[row],
                items: fields.map { f in
                    let spec = rulebook.fields[f]
                    let key = PanelPartKey(county: table.county[row], city: table.city[row], field: spec.key)
                    let name = "\(row).\(spec.key)"
                    let locked = submitted && !open.contains(key)
                    if !locked { editable = true }
                    let chosen = entered["l." + name] ?? mine[key].map { String($0.level) }
                    let declaredLevel =
                        table.hasColumn[f] && table.present[f][row] ? Int(table.values[f][row]) : nil
                    let choices = PanelFile.levelChoices(spec)
                    return ScorePage.Item(
                        name: name, label: spec.label,
                        declared: blind
                            ? nil
                            : declaredLevel.map { $0 < choices.count ? choices[$0] : "\($0)" } ?? PanelText.notDeclared.text,
                        options: choices.enumerated().map { level, text in
                            ScorePage.Option(value: String(level), text: text, checked: chosen == String(level))
                        },
                        remark: entered["r." + name] ?? mine[key]?.remark ?? "", locked: locked,
                        reopened: submitted && open.contains(key), missing: chosen == nil)
                })
        }
        let data = ScorePage(
            id: resolved.id, csrf: context.csrfToken, fileName: resolved.summary.fileName,
            hint: (blind ? PanelText.scoreHintBlind : PanelText.scoreHint).text,
            progress: PanelWebMessage.scored(done: done, total: rows.count * fields.count).text, submitted: submitted,
            message: message, errors: errors, hasErrors: !errors.isEmpty, applicants: applicants, editable: editable,
            page: current, pages: (1...pages).map { ScorePage.PageLink(number: $0, current: $0 == current) },
            hasPages: pages > 1)
        var response = page(PanelText.scoreTitle.text, "score", data, context, evaluation: nil)
        response.status = status
        return response
    }

    func save(_ request: Request, _ context: WebContext) async throws -> Response {
        let resolved = try resolved(context)
        let id = resolved.id
        let declared = resolved.declared
        let table = declared.evaluation.table
        let state = try await store.panelState(of: id)
        let member = try membership(state, context)
        let form = try body(context)
        let (rows, fields) = parts(resolved)
        let submitted = member.submittedAt != nil
        let open = state.openParts
        let mine = Dictionary(
            state.current(of: member.expert).map { ($0.part, $0) }, uniquingKeysWith: { _, last in last })
        var records: [PanelLevelRecord] = []
        var errors: [String] = []
        let now = Date()
        for row in rows {
            for f in fields {
                let spec = rulebook.fields[f]
                let name = "\(row).\(spec.key)"
                guard let written = form["l." + name]?.trimmingCharacters(in: .whitespaces), !written.isEmpty else {
                    continue
                }
                let key = PanelPartKey(county: table.county[row], city: table.city[row], field: spec.key)
                guard let level = Int(written), level >= 0, level <= (spec.maxLevel ?? 0) else {
                    errors.append(table.name(row) + "：" + PanelWebMessage.badLevel(value: written, label: spec.label).text)
                    continue
                }
                let remark = Excerpt.cut(form["r." + name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
                if submitted && !open.contains(key) {
                    if mine[key]?.level != level || (mine[key]?.remark ?? "") != remark {
                        errors.append(PanelWebMessage.closedForChanges(applicant: table.name(row), label: spec.label).text)
                    }
                    continue
                }
                records.append(
                    PanelLevelRecord(
                        id: nil, evaluationId: id, expert: member.expert, county: key.county, city: key.city,
                        field: key.field, level: level, remark: remark, recordedAt: now, version: 0))
            }
        }
        let number = Int(form["page"] ?? "1") ?? 1
        if !errors.isEmpty {
            return scorePage(
                resolved, state: state, member: member, page: number, context: context, message: nil, errors: errors,
                entered: form.values, status: .unprocessableContent)
        }
        let added = try await store.savePanelLevels(records, evaluation: id, expert: member.expert)
        let after = try await store.panelState(of: id)
        let rankedKeys = Set(
            rows.flatMap { r in
                fields.map { PanelPartKey(county: table.county[r], city: table.city[r], field: rulebook.fields[$0].key) }
            })
        let done = after.current(of: member.expert).filter { rankedKeys.contains($0.part) }.count
        try await store.audit(
            context, action: .panelSave, evaluation: id, detail: PanelWebMessage.auditSave(added: added, total: done).text)
        if form["action"] == "submit" && !submitted {
            let missing = rankedKeys.count - done
            guard missing == 0 else {
                return scorePage(
                    resolved, state: after, member: member, page: number, context: context, message: nil,
                    errors: [PanelWebMessage.missingLevels(count: missing).text], status: .unprocessableContent)
            }
            try await store.submitPanel(id, expert: member.expert)
            try await store.audit(
                context, action: .panelSubmit, evaluation: id, detail: PanelWebMessage.auditSubmit(parts: done).text)
        }
        return .redirect(to: "/e/\(id)/score?p=\(number)&saved=\(added)")
    }
}
