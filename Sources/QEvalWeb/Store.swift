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

/// What an audit row records: a closed set, stored by its raw value (the texts older rows already hold).
enum AuditAction: String, CaseIterable, Sendable {
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

    /// How the audit page names it.
    var label: WebText {
        switch self {
        case .upload: return .actionUpload
        case .uploadRefused: return .actionUploadRefused
        case .viewRanking: return .actionViewRanking
        case .saveScenario: return .actionSaveScenario
        case .compare: return .actionCompare
        case .robustness: return .actionRobustness
        case .robustnessCancel: return .actionCancel
        case .download: return .actionDownload
        case .login: return .actionLogin
        case .loginFailed: return .actionLoginFailed
        case .loginLocked: return .actionLoginLocked
        case .recordFinding: return .actionRecordFinding
        case .importFindings: return .actionImportFindings
        case .exportFindings: return .actionExportFindings
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

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A reviewer's account; the password only as a bcrypt hash.
struct UserRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "user"
    var id: Int64?
    var name: String
    var passwordHash: String
    var createdAt: Date

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
    func audit(user: String, action: AuditAction, evaluation: Int64? = nil, detail: String = "") async throws {
        let user = Excerpt.cut(user, limit: 64)
        let detail = Excerpt.cut(detail, limit: 1_000)
        try await queue.write { db in
            var record = AuditRecord(
                id: nil, at: Date(), user: user, action: action.rawValue, evaluationId: evaluation, detail: detail)
            try record.insert(db)
        }
    }

    func auditLog(limit: Int = 200) async throws -> [AuditRecord] {
        try await queue.read { db in
            try AuditRecord.order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    // MARK: accounts

    /// Adds an account or replaces its password; the password is kept only as a bcrypt hash.
    public func setPassword(user: String, password: String) throws {
        let hash = Bcrypt.hash(password, cost: 12)
        try queue.write { db in
            if var existing = try UserRecord.filter(Column("name") == user).fetchOne(db) {
                existing.passwordHash = hash
                try existing.update(db)
            } else {
                var record = UserRecord(id: nil, name: user, passwordHash: hash, createdAt: Date())
                try record.insert(db)
            }
        }
    }

    public func userCount() throws -> Int {
        try queue.read { db in try UserRecord.fetchCount(db) }
    }

    /// True when `name` exists and `password` matches its hash. A missing account still costs one bcrypt
    /// verification, so timing does not tell which names exist. Blocking (bcrypt costs about 0.2 s): the
    /// server calls it on the `WorkPool`, never on its executor.
    func verifyNow(user name: String, password: String) throws -> Bool {
        let record = try queue.read { db in try UserRecord.filter(Column("name") == name).fetchOne(db) }
        guard let record else {
            _ = Bcrypt.verify(password, hash: Self.decoyHash)
            return false
        }
        return Bcrypt.verify(password, hash: record.passwordHash)
    }

    /// A valid bcrypt hash of a random text, for the missing-account case above.
    static let decoyHash = Bcrypt.hash(UUID().uuidString, cost: 12)
}
