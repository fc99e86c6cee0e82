import Foundation
import GRDB
import QEval

/// One backup of the workspace's database, as the 管理员 page lists it.
struct BackupRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "backup"
    var id: Int64?
    var at: Date
    var file: String
    var bytes: Int64
    var byUser: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// `qeval backup` and `qeval restore`: SQLite's online backup, consistent while the server writes (the copy
/// is of one moment: pages written during it are copied again), written beside the target and renamed into
/// place, so a backup file is whole or absent.
extension Store {
    /// What a backup or a restore did, for the console.
    public struct CopyReport: Sendable {
        public var file: String
        public var bytes: Int64
        public var evaluations: Int
        public var findings: Int
        public var accounts: Int
    }

    /// Copies the database to `file` (replacing it), checks the copy, and records the backup in the database.
    public func backup(to file: String, by user: String = "") throws(Failure) -> CopyReport {
        let temporary = file + ".part-\(getpid())"
        do {
            defer { try? FileManager.default.removeItem(atPath: temporary) }
            let target = try DatabaseQueue(path: temporary)
            try queue.backup(to: target)
            let report = try Self.check(target, file: file)
            try target.close()
            // rename(2): the backup file is replaced in one step, never seen half-written.
            guard rename(temporary, file) == 0 else {
                throw Failure(AccessMessage.backupFailed(file: file, String(cString: strerror(errno))))
            }
            var record = BackupRecord(id: nil, at: Date(), file: file, bytes: report.bytes, byUser: user)
            try queue.write { db in try record.insert(db) }
            return report
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(AccessMessage.backupFailed(file: file, String(describing: error)))
        }
    }

    /// Restores a backup into `folder`, which must hold no database yet (a restore never overwrites a
    /// workspace: restore into a new folder, then point `--data` at it). The backup is checked first
    /// (SQLite's integrity check, a qeval database); then migrated to this release's schema.
    public static func restore(from file: String, into folder: String) throws(Failure) -> CopyReport {
        let fm = FileManager.default
        guard fm.fileExists(atPath: file) else { throw Failure(AccessMessage.restoreMissing(file)) }
        let target = URL(fileURLWithPath: folder).appendingPathComponent("qeval.sqlite").path
        guard !fm.fileExists(atPath: target) else { throw Failure(AccessMessage.restoreTargetExists(target)) }
        var configuration = Configuration()
        configuration.readonly = true
        let source: DatabaseQueue
        do {
            source = try DatabaseQueue(path: file, configuration: configuration)
            _ = try Self.check(source, file: file)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(AccessMessage.restoreNotBackup(file, String(describing: error)))
        }
        do {
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure(WebMessage.cannotCreateDataFolder(folder, FileProblem.of(path: folder, error: error)))
        }
        let temporary = target + ".part-\(getpid())"
        do {
            defer { try? fm.removeItem(atPath: temporary) }
            let copy = try DatabaseQueue(path: temporary)
            try source.backup(to: copy)
            try migrator.migrate(copy)
            let report = try Self.check(copy, file: target)
            try copy.close()
            try fm.moveItem(atPath: temporary, toPath: target)
            return report
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(AccessMessage.restoreFailed(file: file, String(describing: error)))
        }
    }

    /// SQLite's integrity check and the counts of what a workspace holds; a file that is not a qeval
    /// database (no migrations table) is refused.
    static func check(_ db: DatabaseQueue, file: String) throws -> CopyReport {
        try db.read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            guard integrity == ["ok"] else {
                throw Failure(AccessMessage.notIntact(file, integrity.prefix(3).joined(separator: "; ")))
            }
            guard try db.tableExists("grdb_migrations"), try db.tableExists("evaluation") else {
                throw Failure(AccessMessage.notWorkspace(file))
            }
            let pages = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let size = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            let findings = try db.tableExists("finding") ? try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM finding") ?? 0 : 0
            return CopyReport(
                file: file, bytes: pages * size,
                evaluations: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM evaluation") ?? 0, findings: findings,
                accounts: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user") ?? 0)
        }
    }

    /// The workspace in `folder`, which must already hold a database (the account and backup commands do not
    /// make an empty one for a mistyped `--data`).
    public static func existing(folder: String) throws(Failure) -> Store {
        let database = URL(fileURLWithPath: folder).appendingPathComponent("qeval.sqlite").path
        guard FileManager.default.fileExists(atPath: database) else { throw Failure(AccessMessage.noDatabase(folder)) }
        return try Store(folder: folder)
    }

    /// The newest backup recorded, for the 管理员 page.
    func lastBackup() throws -> BackupRecord? {
        try queue.read { db in try BackupRecord.order(Column("id").desc).fetchOne(db) }
    }

    /// SQLite's integrity check of the live database ("ok" when intact).
    public func integrity() throws -> [String] {
        try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }
}
