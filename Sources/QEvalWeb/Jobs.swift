import Foundation
import GRDB
import NIOConcurrencyHelpers
import QEval

/// Robustness runs started from the page. Each uses every core by itself, so at most
/// `WebLimits.robustnessRunning` run at once and the rest wait in order, their place shown; past
/// `robustnessQueued` (or `robustnessPerSession` for one visitor) a new run is refused. A run can be
/// cancelled; finished runs are kept for `finishedJobLifetime` (at most `finishedJobsKept`) and then dropped.
final class RobustnessJobs: Sendable {
    enum State: String, Sendable, Codable { case queued, running, done, failed, cancelled }

    struct Job: Sendable {
        var id: String
        var evaluation: Int64
        /// Who started it: the session's token, so one visitor's runs are counted and cancelled apart.
        var owner: String
        var state: State = .queued
        var done = 0
        var total = 0
        var result: RobustnessResult?
        var info: RunInfo
        var error: String?
        var started = Date()
        var finished: Date?
        /// Places ahead in the queue, while queued.
        var ahead = 0
        var cancelRequested = false

        var isActive: Bool { state == .queued || state == .running }
    }

    private struct Pending: Sendable {
        var id: String
        var cohort: RankedCohort
        var settings: RobustnessSettings
        /// The language of the request that started it: its messages are in that visitor's language.
        var language: Language
    }

    private struct State_: Sendable {
        var jobs: [String: Job] = [:]
        var queue: [Pending] = []
        var running = 0
    }

    private let state = NIOLockedValueBox(State_())
    let limits: WebLimits
    /// Where runs are kept across restarts; nil keeps them in memory only.
    let ledger: JobLedger?

    init(limits: WebLimits, ledger: JobLedger? = nil) {
        self.limits = limits
        self.ledger = ledger
        // Runs that were queued or running when the server stopped cannot go on: they are marked interrupted.
        ledger?.interruptActive()
    }

    func job(_ id: String) -> Job? {
        let kept = state.withLockedValue { s in
            Self.expire(&s, limits)
            return s.jobs[id]
        }
        return kept ?? ledger?.job(id)
    }

    /// This visitor's newest run of an evaluation, for the robustness page opened again without `?job=`
    /// (a reload still shows the run in progress, and its cancel button).
    func latest(evaluation: Int64, owner: String) -> Job? {
        let kept = state.withLockedValue { s in
            Self.expire(&s, limits)
            return s.jobs.values.filter { $0.evaluation == evaluation && $0.owner == owner }.max { $0.started < $1.started }
        }
        return kept ?? ledger?.latest(evaluation: evaluation, owner: owner)
    }

    /// Queues a run, or refuses it with the reason (per visitor, overall).
    func start(evaluation: Int64, owner: String, cohort: RankedCohort, settings: RobustnessSettings) throws -> String {
        let id = randomToken()
        let startNow: Pending? = try state.withLockedValue { s in
            Self.expire(&s, limits)
            let active = s.jobs.values.filter(\.isActive)
            if active.filter({ $0.owner == owner }).count >= limits.robustnessPerSession {
                throw WebError(.tooManyRequests, WebMessage.robustnessPerSession(limits.robustnessPerSession))
            }
            if active.count >= limits.robustnessQueued {
                throw WebError(.serviceUnavailable, WebMessage.robustnessQueueFull(limits.robustnessQueued))
            }
            s.jobs[id] = Job(id: id, evaluation: evaluation, owner: owner, info: cohort.runInfo())
            s.queue.append(Pending(id: id, cohort: cohort, settings: settings, language: Language.current))
            return Self.next(&s, limits)
        }
        if let job = state.withLockedValue({ $0.jobs[id] }) { ledger?.record(job) }
        if let startNow { launch(startNow) }
        return id
    }

    /// Asks a run to stop: a queued one is dropped at once, a running one stops after its current chunk.
    /// Only its owner may; false when there is no such active run of theirs.
    func cancel(_ id: String, owner: String) -> Bool {
        let cancelled = state.withLockedValue { s in
            guard var job = s.jobs[id], job.owner == owner, job.isActive else { return false }
            if job.state == .queued {
                s.queue.removeAll { $0.id == id }
                job.state = .cancelled
                job.finished = Date()
                job.error = WebMessage.jobCancelled.text
                Self.renumber(&s)
            } else {
                job.cancelRequested = true
            }
            s.jobs[id] = job
            return true
        }
        if cancelled, let job = state.withLockedValue({ $0.jobs[id] }), !job.isActive { ledger?.record(job) }
        return cancelled
    }

    /// Counts of the queue, for tests and the benchmark: (running, queued, kept).
    var counts: (running: Int, queued: Int, kept: Int) {
        state.withLockedValue { ($0.running, $0.queue.count, $0.jobs.count) }
    }

    // MARK: scheduling

    /// The next run to start when a place is free (taken off the queue, marked running).
    private static func next(_ s: inout State_, _ limits: WebLimits) -> Pending? {
        guard s.running < limits.robustnessRunning, !s.queue.isEmpty else {
            renumber(&s)
            return nil
        }
        let pending = s.queue.removeFirst()
        s.running += 1
        s.jobs[pending.id]?.state = .running
        s.jobs[pending.id]?.started = Date()
        renumber(&s)
        return pending
    }

    private static func renumber(_ s: inout State_) {
        for (place, pending) in s.queue.enumerated() { s.jobs[pending.id]?.ahead = place }
    }

    /// Drops finished runs older than the lifetime, then the oldest beyond the count kept.
    private static func expire(_ s: inout State_, _ limits: WebLimits) {
        let now = Date()
        for (id, job) in s.jobs where !job.isActive {
            if let finished = job.finished, now.timeIntervalSince(finished) > limits.finishedJobLifetime { s.jobs[id] = nil }
        }
        let finished = s.jobs.values.filter { !$0.isActive }.sorted {
            ($0.finished ?? .distantPast) < ($1.finished ?? .distantPast)
        }
        for job in finished.dropLast(limits.finishedJobsKept) { s.jobs[job.id] = nil }
    }

    private func launch(_ pending: Pending) {
        let state = self.state
        let limits = self.limits
        let id = pending.id
        // A thread of its own: the analysis spreads its draws over every core with Dispatch.
        Thread.detachNewThread { [self] in
            Background.lowerThisThread()
            Language.$requested.withValue(pending.language) { self.run(pending, state: state, limits: limits, id: id) }
        }
    }

    private func run(_ pending: Pending, state: NIOLockedValueBox<State_>, limits: WebLimits, id: String) {
        let outcome: Result<RobustnessResult, Error>
        do {
            let result = try RobustnessAnalysis(cohort: pending.cohort, settings: pending.settings).run(
                progress: { done, total in
                    state.withLockedValue {
                        $0.jobs[id]?.done = done
                        $0.jobs[id]?.total = total
                    }
                },
                cancelled: { state.withLockedValue { $0.jobs[id]?.cancelRequested ?? true } })
            outcome = .success(result)
        } catch {
            outcome = .failure(error)
        }
        let following: Pending? = state.withLockedValue { s in
            s.running -= 1
            if var job = s.jobs[id] {
                job.finished = Date()
                switch outcome {
                case .success(let result):
                    job.result = result
                    job.state = .done
                    job.done = job.total
                case .failure(let error):
                    if job.cancelRequested {
                        job.state = .cancelled
                        job.error = WebMessage.jobCancelled.text
                    } else {
                        job.state = .failed
                        job.error =
                            (error as? any UserFacingError)?.render(.current) ?? WebMessage.internalError.text
                    }
                }
                s.jobs[id] = job
            }
            Self.expire(&s, limits)
            return Self.next(&s, limits)
        }
        if let job = state.withLockedValue({ $0.jobs[id] }) { ledger?.record(job) }
        if let following { self.launch(following) }
    }
}

/// Robustness runs in the workspace's database: each run's row is written when it is queued and when it
/// ends (with its result), so a finished result survives a restart and a run cut off by one says so.
struct JobLedger: Sendable {
    let store: Store
    /// The evaluations' rulebook, given back to a stored result when it is read.
    let rulebook: Rulebook
    /// Finished runs kept per evaluation; older ones are deleted when a run ends.
    let keptPerEvaluation: Int

    /// A new encoder for each save: one shared between the job threads and the request threads corrupted the
    /// heap under load (swift-corelibs-foundation's encoder is not safe to share; seen as malloc aborts).
    private static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    private func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        d.userInfo[RobustnessResult.rulebookKey] = rulebook
        return d
    }

    /// Writes go through one serial queue, in the order they were asked for, never on the run's own thread:
    /// written from the thread that ran the analysis (a detached Foundation thread inside the run's language
    /// binding), the process aborted in malloc after cancelled runs (HostileRequestTests, 6 of 7 runs); from
    /// this queue it did not (0 of 8). The cause on that thread is not understood; the write is moved off it.
    func record(_ job: RobustnessJobs.Job) {
        Self.writes.async { save(job) }
    }

    private static let writes = DispatchQueue(label: "qeval.robustness-ledger")

    /// Waits until every write asked for so far is done (tests, before reading the database directly).
    static func flush() { writes.sync {} }

    func save(_ job: RobustnessJobs.Job) {
        let encoder = Self.encoder()
        let info = (try? encoder.encode(job.info)) ?? Data()
        let result = job.result.flatMap { try? encoder.encode($0) }
        let keep = keptPerEvaluation
        try? store.queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO job (id, evaluationId, owner, state, info, result, error, started, finished)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET state = excluded.state, result = excluded.result,
                        error = excluded.error, started = excluded.started, finished = excluded.finished
                    """,
                arguments: [
                    job.id, job.evaluation, job.owner, job.state.rawValue, info, result, job.error, job.started,
                    job.finished,
                ])
            try db.execute(
                sql: """
                    DELETE FROM job WHERE evaluationId = ? AND finished IS NOT NULL AND id NOT IN (
                        SELECT id FROM job WHERE evaluationId = ? AND finished IS NOT NULL
                        ORDER BY finished DESC LIMIT ?)
                    """, arguments: [job.evaluation, job.evaluation, keep])
        }
    }

    /// Marks the runs a stopped server left queued or running.
    func interruptActive() {
        try? store.queue.write { db in
            try db.execute(
                sql: "UPDATE job SET state = 'interrupted', finished = ? WHERE state IN ('queued', 'running')",
                arguments: [Date()])
        }
    }

    func job(_ id: String) -> RobustnessJobs.Job? {
        let row = try? store.queue.read { db in try Row.fetchOne(db, sql: "SELECT * FROM job WHERE id = ?", arguments: [id]) }
        return row.flatMap { job(from: $0) }
    }

    func latest(evaluation: Int64, owner: String) -> RobustnessJobs.Job? {
        let row = try? store.queue.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM job WHERE evaluationId = ? AND owner = ? ORDER BY started DESC LIMIT 1",
                arguments: [evaluation, owner])
        }
        return row.flatMap { job(from: $0) }
    }

    private func job(from row: Row) -> RobustnessJobs.Job? {
        guard let infoData: Data = row["info"], let info = try? decoder().decode(RunInfo.self, from: infoData) else {
            return nil
        }
        let stored: String = row["state"]
        var job = RobustnessJobs.Job(id: row["id"], evaluation: row["evaluationId"], owner: row["owner"], info: info)
        job.started = row["started"]
        job.finished = row["finished"]
        job.error = row["error"]
        if let state = RobustnessJobs.State(rawValue: stored) {
            job.state = state
        } else {
            // "interrupted": the server stopped while it was queued or running.
            job.state = .failed
            job.error = WebMessage.jobInterrupted.text
        }
        if let data: Data = row["result"] { job.result = try? decoder().decode(RobustnessResult.self, from: data) }
        if job.state == .done, job.result == nil {
            job.state = .failed
            job.error = WebMessage.jobInterrupted.text
        }
        return job
    }
}
