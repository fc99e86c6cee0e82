import Foundation
import GRDB
import HummingbirdBcrypt
import QEval

/// An evaluation (评审): one uploaded cohort, kept byte for byte with its SHA-256, so every page, download
/// and restart scores exactly what was uploaded.
struct EvaluationRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "evaluation"
    var id: Int64?
    /// The uploaded file's name, shown in pages and messages only: it never becomes a path.
    var fileName: String
    var bytes: Data
    var sha256: String
    /// The rulebook's name and file it was created under, and that file's SHA-256.
    var rulebookName: String
    var rulebookFile: String
    var rulebookSHA256: String
    var applicants: Int
    var createdBy: String
    var createdAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The list view of an evaluation: everything but the bytes.
struct EvaluationSummary: Codable, FetchableRecord, Sendable {
    var id: Int64
    var fileName: String
    var sha256: String
    var rulebookName: String
    var rulebookFile: String
    var rulebookSHA256: String
    var applicants: Int
    var createdBy: String
    var createdAt: Date
}

/// A named set of points (权重方案) saved for one evaluation.
struct ScenarioRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "scenario"
    var id: Int64?
    var evaluationId: Int64
    var name: String
    /// JSON array, one value per indicator in the rulebook's order.
    var points: String
    var createdBy: String
    var createdAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var pointValues: [Double] {
        (try? JSONDecoder().decode([Double].self, from: Data(points.utf8))) ?? []
    }
}

/// One version of a reviewer's finding (核查记录) on one item of one applicant of an evaluation. Never updated:
/// a changed finding is a new row with the next version; the current finding of an item is its last version
/// (unless that version withdraws it). The history is every version, who and when.
struct FindingRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
    static let databaseTableName = "finding"
    var id: Int64?
    var evaluationId: Int64
    var county: String
    var city: String
    /// The field's key.
    var field: String
    /// The verified value as entered; nil: rejected (佐证不足).
    var value: String?
    var reason: String
    var evidence: String
    /// The account that recorded it, and when.
    var reviewer: String
    var recordedAt: Date
    var version: Int

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Whether two versions say the same (a re-import of unchanged findings adds no version).
    func sameFinding(as other: FindingRecord) -> Bool {
        value == other.value && reason == other.reason && evidence == other.evidence
    }
}

/// An account as the command line lists it.
public struct UserAccount: Sendable {
    public var name: String
    public var role: Role
    public var disabled: Bool
    public var lastSignIn: String?
}

/// What an audit row records: a closed set, stored by its raw value (the texts older rows already hold).
public enum AuditAction: String, CaseIterable, Sendable {
    case upload
    case uploadRefused = "upload-refused"
    case viewRanking = "view-ranking"
    case saveScenario = "save-scenario"
    case compare
    case robustness
    case robustnessCancel = "robustness-cancel"
    case download
    case login
    case loginFailed = "login-failed"
    case loginLocked = "login-locked"
    case recordFinding = "record-finding"
    case importFindings = "import-findings"
    case exportFindings = "export-findings"
    case accountAdded = "account-added"
    case roleChanged = "role-changed"
    case accountDisabled = "account-disabled"
    case accountEnabled = "account-enabled"
    case passwordReset = "password-reset"
    case passwordChanged = "password-changed"
    case deleteEvaluation = "delete-evaluation"
    case backup
    case panelAssign = "panel-assign"
    case panelSave = "panel-save"
    case panelSubmit = "panel-submit"
    case panelReopen = "panel-reopen"
    case panelClose = "panel-close"
    case panelExport = "panel-export"

    /// How the audit page names it.
    var label: any Message {
        switch self {
        case .panelAssign: return PanelText.actionPanelAssign
        case .panelSave: return PanelText.actionPanelSave
        case .panelSubmit: return PanelText.actionPanelSubmit
        case .panelReopen: return PanelText.actionPanelReopen
        case .panelClose: return PanelText.actionPanelClose
        case .panelExport: return PanelText.actionPanelExport
        case .upload: return WebText.actionUpload
        case .uploadRefused: return WebText.actionUploadRefused
        case .viewRanking: return WebText.actionViewRanking
        case .saveScenario: return WebText.actionSaveScenario
        case .compare: return WebText.actionCompare
        case .robustness: return WebText.actionRobustness
        case .robustnessCancel: return WebText.actionCancel
        case .download: return WebText.actionDownload
        case .login: return WebText.actionLogin
        case .loginFailed: return WebText.actionLoginFailed
        case .loginLocked: return WebText.actionLoginLocked
        case .recordFinding: return WebText.actionRecordFinding
        case .importFindings: return WebText.actionImportFindings
        case .exportFindings: return WebText.actionExportFindings
        case .accountAdded: return WebText.actionAccountAdded
        case .roleChanged: return WebText.actionRoleChanged
        case .accountDisabled: return WebText.actionAccountDisabled
        case .accountEnabled: return WebText.actionAccountEnabled
        case .passwordReset: return WebText.actionPasswordReset
        case .passwordChanged: return WebText.actionPasswordChanged
        case .deleteEvaluation: return WebText.actionDeleteEvaluation
        case .backup: return WebText.actionBackup
        }
    }
}

/// One line of the audit log (审计日志): every upload, run and download, who and when.
struct AuditRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "audit"
    var id: Int64?
    var at: Date
    var user: String
    var action: String
    var evaluationId: Int64?
    var detail: String
    /// The visitor's network address (behind a proxy: the one it forwarded); "" for the command line.
    var address: String = ""

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A reviewer's account; the password only as a bcrypt hash.
struct UserRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "user"
    var id: Int64?
    var name: String
    var passwordHash: String
    var createdAt: Date
    /// The role's key (`Role.rawValue`); accounts made before roles existed are 评审.
    var role: String = Role.reviewer.rawValue
    /// A disabled account cannot sign in and its sessions are gone.
    var disabled: Bool = false
    var lastSignIn: Date? = nil

    var roleValue: Role { Role(rawValue: role) ?? .viewer }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The workspace's SQLite database in `--data`, created and migrated when the server starts.
public struct Store: Sendable {
    let queue: DatabaseQueue
    /// The database file, for messages.
    public let path: String

    /// Opens (creating when missing) `<folder>/qeval.sqlite` and applies every migration not yet applied.
    public init(folder: String) throws(Failure) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure(WebMessage.cannotCreateDataFolder(folder, FileProblem.of(path: folder, error: error)))
        }
        path = URL(fileURLWithPath: folder).appendingPathComponent("qeval.sqlite").path
        do {
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try Self.migrator.migrate(queue)
        } catch {
            throw Failure(WebMessage.cannotOpenDatabase(path, String(describing: error)))
        }
    }

    /// The schema's history: a new version is a new migration appended here, never an edit of an old one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "evaluation") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("fileName", .text).notNull()
                t.column("bytes", .blob).notNull()
                t.column("sha256", .text).notNull()
                t.column("rulebookName", .text).notNull()
                t.column("rulebookFile", .text).notNull()
                t.column("rulebookSHA256", .text).notNull()
                t.column("applicants", .integer).notNull()
                t.column("createdBy", .text).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "scenario") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("evaluationId", .integer).notNull().indexed()
                    .references("evaluation", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("points", .text).notNull()
                t.column("createdBy", .text).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "audit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .datetime).notNull()
                t.column("user", .text).notNull()
                t.column("action", .text).notNull()
                t.column("evaluationId", .integer)
                t.column("detail", .text).notNull()
            }
            try db.create(table: "user") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                t.column("passwordHash", .text).notNull()
                t.column("createdAt", .datetime).notNull()
            }
        }
        // Reviewers' findings (issue 25): versions, never updated in place.
        migrator.registerMigration("v2-findings") { db in
            try db.create(table: "finding") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("evaluationId", .integer).notNull().indexed().references("evaluation", onDelete: .cascade)
                t.column("county", .text).notNull()
                t.column("city", .text).notNull()
                t.column("field", .text).notNull()
                t.column("value", .text)
                t.column("reason", .text).notNull()
                t.column("evidence", .text).notNull()
                t.column("reviewer", .text).notNull()
                t.column("recordedAt", .datetime).notNull()
                t.column("version", .integer).notNull()
                t.uniqueKey(["evaluationId", "county", "city", "field", "version"])
            }
        }
        // Office network (issue 26): roles and disabled accounts; sessions, robustness runs and backups kept in
        // the database so that a restart loses nothing; the audit row's network address.
        migrator.registerMigration("v3-office") { db in
            try db.alter(table: "user") { t in
                t.add(column: "role", .text).notNull().defaults(to: Role.reviewer.rawValue)
                t.add(column: "disabled", .boolean).notNull().defaults(to: false)
                t.add(column: "lastSignIn", .datetime)
            }
            try db.alter(table: "audit") { t in t.add(column: "address", .text).notNull().defaults(to: "") }
            try db.create(table: "session") { t in
                t.primaryKey("key", .text)
                t.column("user", .text).indexed()
                t.column("value", .blob).notNull()
                t.column("expires", .datetime).notNull()
                t.column("lastSeen", .datetime).notNull()
            }
            try db.create(table: "job") { t in
                t.primaryKey("id", .text)
                t.column("evaluationId", .integer).notNull().indexed().references("evaluation", onDelete: .cascade)
                t.column("owner", .text).notNull()
                t.column("state", .text).notNull()
                t.column("info", .blob).notNull()
                t.column("result", .blob)
                t.column("error", .text)
                t.column("started", .datetime).notNull()
                t.column("finished", .datetime)
            }
            try db.create(table: "backup") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .datetime).notNull()
                t.column("file", .text).notNull()
                t.column("bytes", .integer).notNull()
                t.column("byUser", .text).notNull()
            }
        }
        registerPanelMigration(&migrator)
        return migrator
    }

    // MARK: findings

    /// Every version of every finding of an evaluation, oldest first.
    func findingVersions(of evaluation: Int64) async throws -> [FindingRecord] {
        try await queue.read { db in
            try FindingRecord.filter(Column("evaluationId") == evaluation).order(Column("id")).fetchAll(db)
        }
    }

    /// The current finding of each item: its last version.
    func currentFindings(of evaluation: Int64) async throws -> [FindingRecord] {
        Self.current(try await findingVersions(of: evaluation))
    }

    static func current(_ versions: [FindingRecord]) -> [FindingRecord] {
        var last: [String: FindingRecord] = [:]
        var order: [String] = []
        for v in versions {
            let key = [v.county, v.city, v.field].joined(separator: "\u{1F}")
            if last[key] == nil { order.append(key) }
            last[key] = v
        }
        return order.compactMap { last[$0] }
    }

    /// The newest finding id of an evaluation (0: none): the verified cohort is cached per this revision.
    func findingsRevision(of evaluation: Int64) async throws -> Int64 {
        try await queue.read { db in
            try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM finding WHERE evaluationId = ?", arguments: [evaluation]) ?? 0
        }
    }

    /// Adds findings as new versions of their items, all in one transaction (an import is all or nothing);
    /// a finding that says what its item's current version says adds nothing. Returns how many were added.
    func addFindings(_ findings: [FindingRecord], to evaluation: Int64) async throws -> Int {
        try await queue.write { db in
            var added = 0
            for var finding in findings {
                let previous = try FindingRecord.filter(
                    Column("evaluationId") == evaluation && Column("county") == finding.county
                        && Column("city") == finding.city && Column("field") == finding.field
                ).order(Column("version").desc).fetchOne(db)
                if let previous, previous.sameFinding(as: finding) { continue }
                finding.id = nil
                finding.evaluationId = evaluation
                finding.version = (previous?.version ?? 0) + 1
                try finding.insert(db)
                added += 1
            }
            return added
        }
    }

    // MARK: evaluations

    func insert(_ record: EvaluationRecord) async throws -> Int64 {
        try await queue.write { db in
            var record = record
            try record.insert(db)
            return record.id!
        }
    }

    func evaluations() async throws -> [EvaluationSummary] {
        try await queue.read { db in
            try EvaluationSummary.fetchAll(
                db,
                sql: """
                    SELECT id, fileName, sha256, rulebookName, rulebookFile, rulebookSHA256, applicants, createdBy,
                        createdAt
                    FROM evaluation ORDER BY id DESC
                    """)
        }
    }

    func summary(_ id: Int64) async throws -> EvaluationSummary? {
        try await queue.read { db in
            try EvaluationSummary.fetchOne(
                db,
                sql: """
                    SELECT id, fileName, sha256, rulebookName, rulebookFile, rulebookSHA256, applicants, createdBy,
                        createdAt
                    FROM evaluation WHERE id = ?
                    """, arguments: [id])
        }
    }

    /// Deletes an evaluation with its scenarios, findings and robustness runs (foreign keys cascade); the
    /// audit rows stay. Returns the deleted evaluation's summary.
    func delete(evaluation id: Int64) async throws -> EvaluationSummary? {
        let summary = try await summary(id)
        try await queue.write { db in _ = try EvaluationRecord.deleteOne(db, key: id) }
        return summary
    }

    func evaluation(_ id: Int64) async throws -> EvaluationRecord? {
        try await queue.read { db in try EvaluationRecord.fetchOne(db, key: id) }
    }

    // MARK: scenarios

    func insert(_ record: ScenarioRecord) async throws -> Int64 {
        try await queue.write { db in
            var record = record
            try record.insert(db)
            return record.id!
        }
    }

    func scenarios(of evaluation: Int64) async throws -> [ScenarioRecord] {
        try await queue.read { db in
            try ScenarioRecord.filter(Column("evaluationId") == evaluation).order(Column("id")).fetchAll(db)
        }
    }

    func scenario(_ id: Int64) async throws -> ScenarioRecord? {
        try await queue.read { db in try ScenarioRecord.fetchOne(db, key: id) }
    }

    // MARK: audit log

    /// Adds a row; the user name and the detail are cut to a bounded length (`Excerpt`), so no request can
    /// make a row — or the page listing them — large.
    func audit(
        user: String, action: AuditAction, evaluation: Int64? = nil, detail: String = "", address: String = ""
    ) async throws {
        let user = Excerpt.cut(user, limit: 64)
        let detail = Excerpt.cut(detail, limit: 1_000)
        let address = Excerpt.cut(address, limit: 64)
        try await queue.write { db in
            var record = AuditRecord(
                id: nil, at: Date(), user: user, action: action.rawValue, evaluationId: evaluation, detail: detail,
                address: address)
            try record.insert(db)
        }
    }

    /// A row for this request's visitor: their name and network address.
    func audit(_ context: WebContext, action: AuditAction, evaluation: Int64? = nil, detail: String = "") async throws {
        try await audit(user: context.user, action: action, evaluation: evaluation, detail: detail, address: context.peer)
    }

    func auditLog(limit: Int = 200) async throws -> [AuditRecord] {
        try await queue.read { db in
            try AuditRecord.order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    // MARK: accounts

    /// Adds an account with its role, or replaces an existing account's password (and its role when one is
    /// given); the password is kept only as a bcrypt hash. Returns whether the account is new.
    @discardableResult
    public func setPassword(user: String, password: String, role: Role? = nil) throws -> Bool {
        let hash = Bcrypt.hash(password, cost: 12)
        return try queue.write { db in
            if var existing = try UserRecord.filter(Column("name") == user).fetchOne(db) {
                existing.passwordHash = hash
                if let role { existing.role = role.rawValue }
                try existing.update(db)
                return false
            }
            var record = UserRecord(
                id: nil, name: user, passwordHash: hash, createdAt: Date(), role: (role ?? .reviewer).rawValue)
            try record.insert(db)
            return true
        }
    }

    public func userCount() throws -> Int {
        try queue.read { db in try UserRecord.fetchCount(db) }
    }

    /// Every account, by name.
    func accounts() throws -> [UserRecord] {
        try queue.read { db in try UserRecord.order(Column("name")).fetchAll(db) }
    }

    func account(_ name: String) throws -> UserRecord? {
        try queue.read { db in try UserRecord.filter(Column("name") == name).fetchOne(db) }
    }

    /// Changes an account's role or whether it is disabled. The last enabled 管理员 cannot be demoted or
    /// disabled (nobody could manage accounts from the web any more). A disabled account's sessions end in
    /// the same transaction.
    public func update(account name: String, role: Role? = nil, disabled: Bool? = nil) throws(Failure) {
        do {
            try queue.write { db in
                guard var record = try UserRecord.filter(Column("name") == name).fetchOne(db) else {
                    throw Failure(AccessMessage.noSuchAccount(name))
                }
                let wasActiveAdmin = record.roleValue == .admin && !record.disabled
                if let role { record.role = role.rawValue }
                if let disabled { record.disabled = disabled }
                let isActiveAdmin = record.roleValue == .admin && !record.disabled
                if wasActiveAdmin && !isActiveAdmin {
                    let admins = try UserRecord.filter(Column("role") == Role.admin.rawValue && Column("disabled") == false)
                        .fetchCount(db)
                    if admins <= 1 { throw Failure(AccessMessage.lastAdmin(name)) }
                }
                try record.update(db)
                if record.disabled {
                    try db.execute(sql: "DELETE FROM session WHERE user = ?", arguments: [name])
                }
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(WebMessage.cannotOpenDatabase(path, String(describing: error)))
        }
    }

    /// The account when `name` exists, is enabled and `password` matches its hash; nil otherwise. A missing
    /// or disabled account still costs one bcrypt verification, so timing does not tell which names exist.
    /// Blocking (bcrypt costs about 0.2 s): the server calls it on the `WorkPool`, never on its executor.
    func verifyNow(user name: String, password: String) throws -> UserRecord? {
        let record = try account(name)
        guard let record, !record.disabled else {
            _ = Bcrypt.verify(password, hash: Self.decoyHash)
            return nil
        }
        return Bcrypt.verify(password, hash: record.passwordHash) ? record : nil
    }

    /// The accounts as `qeval user list` prints them.
    public func accountList() throws -> [UserAccount] {
        try accounts().map {
            UserAccount(name: $0.name, role: $0.roleValue, disabled: $0.disabled, lastSignIn: $0.lastSignIn.map(Views.time))
        }
    }

    /// How many sessions an account has (the 管理员 page, `user disable`, tests).
    public func sessionCount(of user: String) throws -> Int {
        try queue.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM session WHERE user = ?", arguments: [user]) ?? 0
        }
    }

    /// An audit row for what the command line did on the server's data (user "": the server's own user).
    public func auditNow(action: AuditAction, detail: String) throws {
        try queue.write { db in
            var record = AuditRecord(
                id: nil, at: Date(), user: "", action: action.rawValue, evaluationId: nil,
                detail: Excerpt.cut(detail, limit: 1_000), address: AccessText.commandLine.text)
            try record.insert(db)
        }
    }

    func signedIn(_ name: String) async throws {
        try await queue.write { db in
            try db.execute(sql: "UPDATE user SET lastSignIn = ? WHERE name = ?", arguments: [Date(), name])
        }
    }

    /// A valid bcrypt hash of a random text, for the missing-account case above.
    static let decoyHash = Bcrypt.hash(UUID().uuidString, cost: 12)
}
