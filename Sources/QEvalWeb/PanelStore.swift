import Foundation
import GRDB
import QEval

/// An evaluation's expert panel (专家评审): blind or not, who set it up.
struct PanelRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "panel"
    var evaluationId: Int64
    /// The experts do not see the counties' declared levels.
    var blind: Bool
    var assignedBy: String
    var assignedAt: Date
}

/// One expert assigned to an evaluation's panel; `submittedAt` once they handed in their levels.
struct PanelMemberRecord: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "panelMember"
    var evaluationId: Int64
    var expert: String
    var assignedBy: String
    var assignedAt: Date
    var submittedAt: Date?
}

/// One version of one expert's level for one judged item of one applicant. Never updated: a change is a new
/// row with the next version, so a level changed after a part was re-opened keeps its history.
struct PanelLevelRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
    static let databaseTableName = "panelLevel"
    var id: Int64?
    var evaluationId: Int64
    var expert: String
    var county: String
    var city: String
    /// The field's key.
    var field: String
    var level: Int
    var remark: String
    var recordedAt: Date
    var version: Int

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var part: PanelPartKey { PanelPartKey(county: county, city: city, field: field) }
}

/// A part (applicant × judged item) the chair re-opened for discussion; closed when the discussion is over.
struct PanelReopenRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
    static let databaseTableName = "panelReopen"
    var id: Int64?
    var evaluationId: Int64
    var county: String
    var city: String
    var field: String
    var openedBy: String
    var openedAt: Date
    var closedBy: String?
    var closedAt: Date?

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var part: PanelPartKey { PanelPartKey(county: county, city: city, field: field) }
}

/// An applicant's judged item, as the store names it.
struct PanelPartKey: Hashable, Sendable {
    var county: String
    var city: String
    var field: String
}

/// Everything stored about one evaluation's panel.
struct PanelState: Sendable {
    var panel: PanelRecord?
    var members: [PanelMemberRecord]
    /// Every version, oldest first.
    var versions: [PanelLevelRecord]
    var reopened: [PanelReopenRecord]

    var isSetUp: Bool { panel != nil && !members.isEmpty }
    var submitted: [PanelMemberRecord] { members.filter { $0.submittedAt != nil } }
    /// Every assigned expert has handed in, and there are enough of them to score anything.
    var complete: Bool { isSetUp && submitted.count == members.count && members.count >= Panel.minimumExperts }
    var openParts: Set<PanelPartKey> { Set(reopened.filter { $0.closedAt == nil }.map(\.part)) }

    /// Each expert's current level of each part: its last version.
    func current(of expert: String? = nil) -> [PanelLevelRecord] {
        var last: [String: PanelLevelRecord] = [:]
        var order: [String] = []
        for v in versions where expert == nil || v.expert == expert {
            let key = [v.expert, v.county, v.city, v.field].joined(separator: "\u{1F}")
            if last[key] == nil { order.append(key) }
            last[key] = v
        }
        return order.compactMap { last[$0] }
    }
}

extension Store {
    /// The expert panel (issue 27): a panel per evaluation, its experts, their levels (versions), re-opened parts.
    static func registerPanelMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-panel") { db in
            try db.create(table: "panel") { t in
                t.primaryKey("evaluationId", .integer).references("evaluation", onDelete: .cascade)
                t.column("blind", .boolean).notNull()
                t.column("assignedBy", .text).notNull()
                t.column("assignedAt", .datetime).notNull()
            }
            try db.create(table: "panelMember") { t in
                t.column("evaluationId", .integer).notNull().references("evaluation", onDelete: .cascade)
                t.column("expert", .text).notNull()
                t.column("assignedBy", .text).notNull()
                t.column("assignedAt", .datetime).notNull()
                t.column("submittedAt", .datetime)
                t.primaryKey(["evaluationId", "expert"])
            }
            try db.create(table: "panelLevel") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("evaluationId", .integer).notNull().indexed().references("evaluation", onDelete: .cascade)
                t.column("expert", .text).notNull()
                t.column("county", .text).notNull()
                t.column("city", .text).notNull()
                t.column("field", .text).notNull()
                t.column("level", .integer).notNull()
                t.column("remark", .text).notNull()
                t.column("recordedAt", .datetime).notNull()
                t.column("version", .integer).notNull()
                t.uniqueKey(["evaluationId", "expert", "county", "city", "field", "version"])
            }
            try db.create(table: "panelReopen") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("evaluationId", .integer).notNull().indexed().references("evaluation", onDelete: .cascade)
                t.column("county", .text).notNull()
                t.column("city", .text).notNull()
                t.column("field", .text).notNull()
                t.column("openedBy", .text).notNull()
                t.column("openedAt", .datetime).notNull()
                t.column("closedBy", .text)
                t.column("closedAt", .datetime)
            }
        }
    }

    func panelState(of evaluation: Int64) async throws -> PanelState {
        try await queue.read { db in
            PanelState(
                panel: try PanelRecord.fetchOne(db, key: evaluation),
                members: try PanelMemberRecord.filter(Column("evaluationId") == evaluation).order(Column("expert"))
                    .fetchAll(db),
                versions: try PanelLevelRecord.filter(Column("evaluationId") == evaluation).order(Column("id")).fetchAll(db),
                reopened: try PanelReopenRecord.filter(Column("evaluationId") == evaluation).order(Column("id"))
                    .fetchAll(db))
        }
    }

    /// A revision for the verified cohort's cache, read on every page of an evaluation: it changes whenever a level,
    /// the panel's experts, blindness or a submission does. Three scalar reads, not the levels themselves.
    func panelRevision(of evaluation: Int64) async throws -> String {
        try await queue.read { db in
            let newest =
                try Int64.fetchOne(
                    db, sql: "SELECT MAX(id) FROM panelLevel WHERE evaluationId = ?", arguments: [evaluation]) ?? 0
            let blind =
                try Bool.fetchOne(db, sql: "SELECT blind FROM panel WHERE evaluationId = ?", arguments: [evaluation])
            let members =
                try String.fetchOne(
                    db,
                    sql: """
                        SELECT group_concat(expert || ':' || ifnull(submittedAt, '-'), ',')
                        FROM (SELECT expert, submittedAt FROM panelMember WHERE evaluationId = ? ORDER BY expert)
                        """, arguments: [evaluation]) ?? ""
            return "\(newest)|\(blind.map(String.init) ?? "-")|\(members)"
        }
    }

    /// The evaluations an expert is assigned to, newest first, with their submission.
    func panels(of expert: String) async throws -> [PanelMemberRecord] {
        try await queue.read { db in
            try PanelMemberRecord.filter(Column("expert") == expert).order(Column("evaluationId").desc).fetchAll(db)
        }
    }

    /// Sets the panel: blind or not, and its experts. An expert taken off keeps their levels in the history but
    /// no longer counts; one already on keeps their submission.
    func assignPanel(_ evaluation: Int64, experts: [String], blind: Bool, by user: String) async throws {
        try await queue.write { db in
            let now = Date()
            try PanelRecord(evaluationId: evaluation, blind: blind, assignedBy: user, assignedAt: now).save(db)
            let existing = try PanelMemberRecord.filter(Column("evaluationId") == evaluation).fetchAll(db)
            for member in existing where !experts.contains(member.expert) { try member.delete(db) }
            for expert in experts where !existing.contains(where: { $0.expert == expert }) {
                try PanelMemberRecord(
                    evaluationId: evaluation, expert: expert, assignedBy: user, assignedAt: now, submittedAt: nil
                ).insert(db)
            }
        }
    }

    /// Stores an expert's levels as new versions of their parts (one that says what the current version says
    /// adds nothing); all in one transaction. Returns how many were added.
    func savePanelLevels(_ levels: [PanelLevelRecord], evaluation: Int64, expert: String) async throws -> Int {
        try await queue.write { db in
            var added = 0
            for var level in levels {
                let previous = try PanelLevelRecord.filter(
                    Column("evaluationId") == evaluation && Column("expert") == expert && Column("county") == level.county
                        && Column("city") == level.city && Column("field") == level.field
                ).order(Column("version").desc).fetchOne(db)
                if let previous, previous.level == level.level, previous.remark == level.remark { continue }
                level.id = nil
                level.evaluationId = evaluation
                level.expert = expert
                level.version = (previous?.version ?? 0) + 1
                try level.insert(db)
                added += 1
            }
            return added
        }
    }

    func submitPanel(_ evaluation: Int64, expert: String) async throws {
        try await queue.write { db in
            try db.execute(
                sql: "UPDATE panelMember SET submittedAt = ? WHERE evaluationId = ? AND expert = ?",
                arguments: [Date(), evaluation, expert])
        }
    }

    func reopenPart(_ evaluation: Int64, part: PanelPartKey, by user: String) async throws {
        try await queue.write { db in
            var record = PanelReopenRecord(
                id: nil, evaluationId: evaluation, county: part.county, city: part.city, field: part.field, openedBy: user,
                openedAt: Date(), closedBy: nil, closedAt: nil)
            try record.insert(db)
        }
    }

    /// Ends a discussion; false when there is no such open one.
    func closeReopened(_ evaluation: Int64, id: Int64, by user: String) async throws -> PanelReopenRecord? {
        try await queue.write { db in
            guard var record = try PanelReopenRecord.fetchOne(db, key: id), record.evaluationId == evaluation,
                record.closedAt == nil
            else { return nil }
            record.closedBy = user
            record.closedAt = Date()
            try record.update(db)
            return record
        }
    }
}
