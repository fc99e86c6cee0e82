import Crypto
import Foundation
import NIOConcurrencyHelpers
import QEval

#if os(Linux)
    /// glibc's `malloc_trim`, which the Glibc module does not export: returns free heap pages to the system.
    @_silgen_name("malloc_trim")
    private func mallocTrim(_ pad: Int) -> Int32
#endif

/// The evaluations the server works on: stored bytes in SQLite, evaluated cohorts cached in memory (least
/// recently used dropped first, within `WebLimits.cohortCacheBytes`). Shares do not depend on points, so
/// re-weighting reuses the cached evaluation and only re-scores. Reading and scoring run on the `WorkPool`.
final class Workspace: Sendable {
    let store: Store
    let rulebook: Rulebook
    let pool: WorkPool
    let limits: WebLimits
    /// SHA-256 of the rulebook file in force, stored with each evaluation.
    let rulebookSHA256: String
    private let cache: CohortCache
    /// The verified cohorts, per evaluation and findings revision.
    let verifiedCache = VerifiedCache()

    init(store: Store, rulebook: Rulebook, pool: WorkPool, limits: WebLimits) {
        self.store = store
        self.rulebook = rulebook
        self.pool = pool
        self.limits = limits
        cache = CohortCache(capacity: limits.cohortCacheBytes)
        let bytes = (try? Data(contentsOf: URL(fileURLWithPath: rulebook.source))) ?? Data()
        rulebookSHA256 = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Reads, checks and scores an upload on the pool; the row limit applies before any scoring.
    func load(bytes: [UInt8], fileName: String, options: ReadOptions) async throws -> RankedCohort {
        var limited = options
        limited.maxRows = limits.rowsPerUpload
        let options = limited
        let rulebook = self.rulebook
        return try await pool.run {
            try RankedCohort.load(bytes: bytes, file: fileName, rulebook: rulebook, options: options)
        }
    }

    /// Checks and evaluates an upload; stores it only when it reads without errors.
    func create(
        bytes: [UInt8], fileName: String, user: String, address: String = "", options: ReadOptions
    ) async throws -> Int64 {
        let cohort = try await load(bytes: bytes, fileName: fileName, options: options)
        let record = EvaluationRecord(
            id: nil, fileName: fileName, bytes: Data(bytes), sha256: cohort.evaluation.table.sha256,
            rulebookName: rulebook.name, rulebookFile: URL(fileURLWithPath: rulebook.source).lastPathComponent,
            rulebookSHA256: rulebookSHA256, applicants: cohort.evaluation.count, createdBy: user, createdAt: Date())
        let id = try await store.insert(record)
        cache.insert(id, cohort, bytes: bytes.count)
        try await store.audit(
            user: user, action: .upload, evaluation: id,
            detail: WebMessage.auditUpload(file: fileName, sha256: record.sha256, applicants: record.applicants).text,
            address: address)
        return id
    }

    /// The evaluation under the standard's points; read back from the database after a restart.
    func cohort(_ id: Int64) async throws -> (EvaluationSummary, RankedCohort) {
        guard let summary = try await store.summary(id) else {
            throw WebError(.notFound, WebMessage.noSuchEvaluation(id))
        }
        // Scores under another standard than the one the evaluation was made with would change silently:
        // refused, with the way back.
        guard summary.rulebookSHA256 == rulebookSHA256 else {
            throw WebError(
                .conflict,
                WebMessage.rulebookChanged(
                    id: id, file: summary.rulebookFile, name: summary.rulebookName,
                    current: URL(fileURLWithPath: rulebook.source).lastPathComponent))
        }
        if let cached = cache.get(id) { return (summary, cached) }
        guard let record = try await store.evaluation(id) else { throw WebError(.notFound, WebMessage.noSuchEvaluation(id)) }
        let bytes = [UInt8](record.bytes)
        let rulebook = self.rulebook
        let cohort = try await pool.run { try RankedCohort.load(bytes: bytes, file: record.fileName, rulebook: rulebook) }
        cache.insert(id, cohort, bytes: bytes.count)
        return (summary, cohort)
    }

    /// Drops a deleted evaluation's cohort from memory.
    func forget(_ id: Int64) { cache.remove(id) }

    /// Bytes the cache holds by its estimate, and its entries (for tests and the benchmark).
    var cacheUsage: (bytes: Int, entries: Int) { cache.usage }
}

/// Evaluated cohorts by evaluation, least recently used dropped first when the estimated size passes the
/// capacity. The estimate: the upload's bytes (kept as the table's texts) plus 24 bytes per value, flag and
/// score of every applicant × field and × indicator.
final class CohortCache: Sendable {
    private struct Entry {
        var cohort: RankedCohort
        var bytes: Int
        var used: UInt64
    }
    private struct State {
        var entries: [Int64: Entry] = [:]
        var bytes = 0
        var clock: UInt64 = 0
    }
    private let state = NIOLockedValueBox(State())
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    static func estimate(_ cohort: RankedCohort, uploadBytes: Int) -> Int {
        let e = cohort.evaluation
        return uploadBytes + e.count * (e.rulebook.fields.count + 2 * e.rulebook.indicators.count) * 24
    }

    func get(_ id: Int64) -> RankedCohort? {
        state.withLockedValue { s in
            guard var entry = s.entries[id] else { return nil }
            s.clock += 1
            entry.used = s.clock
            s.entries[id] = entry
            return entry.cohort
        }
    }

    func insert(_ id: Int64, _ cohort: RankedCohort, bytes uploadBytes: Int) {
        let size = Self.estimate(cohort, uploadBytes: uploadBytes)
        let evicted = state.withLockedValue { s -> Bool in
            var evicted = false
            if let old = s.entries[id] { s.bytes -= old.bytes }
            s.clock += 1
            s.entries[id] = Entry(cohort: cohort, bytes: size, used: s.clock)
            s.bytes += size
            // The newest entry stays even when alone it is over the capacity: it is the one being used.
            while s.bytes > capacity, s.entries.count > 1,
                let oldest = s.entries.filter({ $0.key != id }).min(by: { $0.value.used < $1.value.used })
            {
                s.bytes -= oldest.value.bytes
                s.entries[oldest.key] = nil
                evicted = true
            }
            return evicted
        }
        #if os(Linux)
            // A dropped cohort's memory goes back to the system, not only to malloc's free lists: without this
            // the process kept growing by a few MB per large upload (fragmented arenas, measured in bench-hostile).
            if evicted { _ = mallocTrim(0) }
        #endif
    }

    func remove(_ id: Int64) {
        state.withLockedValue { s in
            if let old = s.entries.removeValue(forKey: id) { s.bytes -= old.bytes }
        }
    }

    var usage: (bytes: Int, entries: Int) { state.withLockedValue { ($0.bytes, $0.entries.count) } }
}

/// The points a page or download is computed under: the standard's, the session's unsaved draft, or a
/// saved scenario (`?s=standard|draft|<id>`).
enum PointsChoice: Sendable, Equatable {
    case standard
    case draft
    case scenario(Int64)

    init(query: String?) {
        switch query {
        case nil, "", "standard": self = .standard
        case "draft": self = .draft
        case let text?:
            if let id = Int64(text) { self = .scenario(id) } else { self = .standard }
        }
    }

    var query: String {
        switch self {
        case .standard: return "standard"
        case .draft: return "draft"
        case .scenario(let id): return String(id)
        }
    }
}

/// Resolved points with a label for pages and the workbook's 说明.
struct PointsInForce: Sendable {
    var choice: PointsChoice
    var points: [Double]?
    var label: String
}

extension Workspace {
    /// The points for `choice` in this evaluation and session. When nothing was chosen and the session has
    /// a draft for this evaluation, the draft is in force (the page says so).
    func points(_ choice: PointsChoice?, evaluation id: Int64, session: WebSession) async throws -> PointsInForce {
        let draft = session.drafts[String(id)]
        switch choice ?? (draft == nil ? .standard : .draft) {
        case .standard:
            return PointsInForce(choice: .standard, points: nil, label: WorkbookText.standardWeights.text)
        case .draft:
            guard let draft else {
                return PointsInForce(choice: .standard, points: nil, label: WorkbookText.standardWeights.text)
            }
            return PointsInForce(choice: .draft, points: draft, label: WebText.draftPoints.text)
        case .scenario(let sid):
            guard let scenario = try await store.scenario(sid), scenario.evaluationId == id,
                scenario.pointValues.count == rulebook.indicators.count
            else { throw WebError(.notFound, WebMessage.noSuchScenario(sid)) }
            return PointsInForce(
                choice: .scenario(sid), points: scenario.pointValues, label: WebMessage.scenarioLabel(scenario.name).text)
        }
    }
}
