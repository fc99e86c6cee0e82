import Crypto
import Foundation
import QEval

/// The evaluations the server works on: stored bytes in SQLite, evaluated cohorts cached in memory.
/// Shares do not depend on points, so re-weighting reuses the cached evaluation and only re-scores.
final class Workspace: Sendable {
    let store: Store
    let rulebook: Rulebook
    /// SHA-256 of the rulebook file in force, stored with each evaluation.
    let rulebookSHA256: String
    private let cache = Locked<[Int64: RankedCohort]>([:])

    init(store: Store, rulebook: Rulebook) {
        self.store = store
        self.rulebook = rulebook
        let bytes = (try? Data(contentsOf: URL(fileURLWithPath: rulebook.source))) ?? Data()
        rulebookSHA256 = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Checks and evaluates an upload; stores it only when it reads without errors.
    func create(bytes: [UInt8], fileName: String, user: String, options: ReadOptions) async throws -> Int64 {
        let cohort = try RankedCohort.load(bytes: bytes, file: fileName, rulebook: rulebook, options: options)
        let record = EvaluationRecord(
            id: nil, fileName: fileName, bytes: Data(bytes), sha256: cohort.evaluation.table.sha256,
            rulebookName: rulebook.name, rulebookFile: URL(fileURLWithPath: rulebook.source).lastPathComponent,
            rulebookSHA256: rulebookSHA256, applicants: cohort.evaluation.count, createdBy: user, createdAt: Date())
        let id = try await store.insert(record)
        cache.withLock { $0[id] = cohort }
        try await store.audit(
            user: user, action: "upload", evaluation: id,
            detail: WebMessage.auditUpload(file: fileName, sha256: record.sha256, applicants: record.applicants).text)
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
        if let cached = cache.withLock({ $0[id] }) { return (summary, cached) }
        guard let record = try await store.evaluation(id) else { throw WebError(.notFound, WebMessage.noSuchEvaluation(id)) }
        let cohort = try RankedCohort.load(bytes: [UInt8](record.bytes), file: record.fileName, rulebook: rulebook)
        cache.withLock { $0[id] = cohort }
        return (summary, cohort)
    }

    /// Just the cached cohort, for the re-weighting endpoint's fast path.
    func cachedCohort(_ id: Int64) -> RankedCohort? { cache.withLock { $0[id] } }
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

/// A value behind a lock, for caches shared by concurrent requests.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
