import Foundation
import Hummingbird
import QEval

/// The 管理员 page (accounts, the last backup, how the server runs) and each account's own page (its password).
/// Every change is audited; an account disabled here loses its sessions at once.
struct AdminController: Controller {
    let services: Services

    func register(on router: RouterGroup<WebContext>, evaluation: RouterGroup<WebContext>) {
        router.get("/admin") { _, context in try await admin(context, notice: nil, errors: [], status: .ok) }
        router.post("/admin/users") { _, context in try await addAccount(context) }
        router.post("/admin/users/:name/role") { _, context in try await changeRole(context) }
        router.post("/admin/users/:name/disable") { _, context in try await setDisabled(true, context) }
        router.post("/admin/users/:name/enable") { _, context in try await setDisabled(false, context) }
        router.post("/admin/users/:name/password") { _, context in try await resetPassword(context) }
        router.get("/account") { _, context in account(context, notice: nil, error: nil, status: .ok) }
        router.post("/account/password") { request, context in try await changeOwnPassword(request, context) }
        evaluation.post("delete") { _, context in try await deleteEvaluation(context) }
    }

    // MARK: the 管理员 page

    func admin(_ context: WebContext, notice: String?, errors: [String], status: HTTPResponse.Status) async throws
        -> Response
    {
        let accounts = try store.accounts()
        var rows: [AdminPage.Account] = []
        for a in accounts {
            rows.append(
                AdminPage.Account(
                    name: a.name, role: a.roleValue.name.text, roleKey: a.role, disabled: a.disabled,
                    state: (a.disabled ? AccessText.stateDisabled : AccessText.stateEnabled).text,
                    lastSignIn: a.lastSignIn.map(Views.time) ?? AccessText.neverSignedIn.text,
                    sessions: try store.sessionCount(of: a.name), isSelf: a.name == context.user,
                    roles: Role.allCases.map { .init(key: $0.rawValue, name: $0.name.text, selected: $0.rawValue == a.role) }))
        }
        let backup = try store.lastBackup()
        let mode: WebText = settings.tls != nil ? .serverHTTPS : settings.behindProxy ? .serverProxy : .serverPlain
        let model = AdminPage(
            csrf: context.csrfToken, accounts: rows, notice: notice, errors: errors, hasErrors: !errors.isEmpty,
            roles: Role.allCases.map { .init(key: $0.rawValue, name: $0.name.text, selected: $0 == .reviewer) },
            backup: backup.map {
                AdminPage.Backup(
                    when: Views.time($0.at), file: $0.file, size: String(format: "%.1f MB", Double($0.bytes) / 1_048_576),
                    who: $0.byUser.isEmpty ? AccessText.commandLine.text : $0.byUser)
            }, mode: mode.text, idle: AccessMessage.idleMinutes(settings.idleMinutes).text, data: settings.dataFolder)
        var response = page(WebText.adminTitle.text, "admin", model, context, evaluation: nil)
        response.status = status
        return response
    }

    func addAccount(_ context: WebContext) async throws -> Response {
        let form = try body(context)
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = form["password"] ?? ""
        var errors: [String] = []
        if let problem = AccountRules.nameProblem(name) { errors.append(problem.text) }
        let role = Role(named: form["role"] ?? "")
        if role == nil { errors.append(AccessMessage.badRole(form["role"] ?? "").text) }
        if let problem = AccountRules.passwordProblem(password, again: form["again"] ?? "") { errors.append(problem.text) }
        if errors.isEmpty, try store.account(name) != nil { errors.append(AccountRules.exists(name).text) }
        guard errors.isEmpty, let role else {
            return try await admin(context, notice: nil, errors: errors, status: .unprocessableContent)
        }
        let store = self.store
        _ = try await pool.run { try store.setPassword(user: name, password: password, role: role) }
        try await store.audit(
            context, action: .accountAdded, detail: AccessMessage.auditAccountAdded(name: name, role: role).text)
        return try await admin(context, notice: AccessMessage.accountCreatedWeb(name).text, errors: [], status: .ok)
    }

    func changeRole(_ context: WebContext) async throws -> Response {
        let (name, record) = try target(context)
        let form = try body(context)
        guard let role = Role(named: form["role"] ?? "") else {
            return try await admin(
                context, notice: nil, errors: [AccessMessage.badRole(form["role"] ?? "").text], status: .unprocessableContent)
        }
        do {
            try store.update(account: name, role: role)
        } catch {
            return try await admin(context, notice: nil, errors: [error.message.text()], status: .conflict)
        }
        try await store.audit(
            context, action: .roleChanged,
            detail: AccessMessage.auditRoleChanged(name: name, from: record.roleValue, to: role).text)
        return try await admin(context, notice: AccessMessage.roleSet(name: name, role: role).text, errors: [], status: .ok)
    }

    func setDisabled(_ disabled: Bool, _ context: WebContext) async throws -> Response {
        let (name, _) = try target(context)
        let sessions = try store.sessionCount(of: name)
        do {
            try store.update(account: name, disabled: disabled)
        } catch {
            return try await admin(context, notice: nil, errors: [error.message.text()], status: .conflict)
        }
        try await store.audit(
            context, action: disabled ? .accountDisabled : .accountEnabled,
            detail: (disabled ? AccessMessage.auditDisabled(name) : AccessMessage.auditEnabled(name)).text)
        let notice = disabled ? AccessMessage.accountDisabled(name: name, sessions: sessions) : .accountEnabled(name)
        return try await admin(context, notice: notice.text, errors: [], status: .ok)
    }

    func resetPassword(_ context: WebContext) async throws -> Response {
        let (name, _) = try target(context)
        let form = try body(context)
        let password = form["password"] ?? ""
        if let problem = AccountRules.passwordProblem(password, again: form["again"] ?? "") {
            return try await admin(context, notice: nil, errors: [problem.text], status: .unprocessableContent)
        }
        let store = self.store
        _ = try await pool.run { try store.setPassword(user: name, password: password) }
        try await store.endSessions(of: name)
        try await store.audit(context, action: .passwordReset, detail: AccessMessage.auditPasswordReset(name).text)
        return try await admin(
            context, notice: AccessMessage.auditPasswordReset(name).text, errors: [], status: .ok)
    }

    /// The account named in the path.
    func target(_ context: WebContext) throws -> (String, UserRecord) {
        // A Chinese name arrives percent-encoded in the path (/admin/users/%E7%8E%8B%E4%BA%94/disable).
        guard let name = context.parameters.get("name")?.removingPercentEncoding, let record = try store.account(name)
        else {
            throw WebError(.notFound, WebMessage.notFound)
        }
        return (name, record)
    }

    // MARK: deleting an evaluation

    func deleteEvaluation(_ context: WebContext) async throws -> Response {
        let id = try evaluationID(context)
        guard let deleted = try await store.delete(evaluation: id) else { throw WebError(.notFound, WebMessage.notFound) }
        workspace.forget(id)
        try await store.audit(
            context, action: .deleteEvaluation, evaluation: id,
            detail: AccessMessage.evaluationDeleted(id: id, file: deleted.fileName).text)
        return .redirect(to: "/")
    }

    // MARK: one's own account

    func account(_ context: WebContext, notice: String?, error: String?, status: HTTPResponse.Status) -> Response {
        let role = context.visitor?.role ?? .viewer
        var response = page(
            WebText.accountTitle.text, "account",
            AccountPage(
                csrf: context.csrfToken, name: Views.who(context.user), role: role.name.text,
                signedIn: !context.user.isEmpty, notice: notice, error: error,
                idle: AccessMessage.idleMinutes(settings.idleMinutes).text),
            context, evaluation: nil)
        response.status = status
        return response
    }

    func changeOwnPassword(_ request: Request, _ context: WebContext) async throws -> Response {
        let name = context.user
        // The machine's own user on loopback has no password to change.
        guard !name.isEmpty else { throw WebError(.notFound, WebMessage.notFound) }
        let form = try body(context)
        let store = self.store
        let current = form["current"] ?? ""
        guard try await pool.run({ try store.verifyNow(user: name, password: current) }) != nil else {
            return account(context, notice: nil, error: AccessMessage.passwordWrong.text, status: .unprocessableContent)
        }
        let password = form["password"] ?? ""
        if let problem = AccountRules.passwordProblem(password, again: form["again"] ?? "") {
            return account(context, notice: nil, error: problem.text, status: .unprocessableContent)
        }
        _ = try await pool.run { try store.setPassword(user: name, password: password) }
        // Signed in elsewhere with the old password: those sessions end; this one stays.
        try await store.endSessions(of: name, keeping: request.cookies["qeval_session"]?.value)
        try await store.audit(context, action: .passwordChanged)
        return account(context, notice: AccessMessage.passwordChanged.text, error: nil, status: .ok)
    }
}

/// What an account's name and password must be, for `qeval user add` and the 管理员 page alike.
public enum AccountRules {
    public static let minimumPassword = 8

    public static func nameProblem(_ name: String) -> WebMessage? {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._-"))
        guard (1...40).contains(name.count), name.unicodeScalars.allSatisfy({ allowed.contains($0) }) else {
            return .badUserName(name)
        }
        return nil
    }

    public static func passwordProblem(_ password: String, again: String) -> WebMessage? {
        guard password == again else { return .passwordsDiffer }
        guard password.count >= minimumPassword else { return .passwordTooShort(minimumPassword) }
        return nil
    }

    static func exists(_ name: String) -> WebMessage { .accountExists(name) }
}
