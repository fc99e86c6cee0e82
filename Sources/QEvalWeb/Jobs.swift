import Foundation
import QEval

/// Robustness runs started from the page: they go on in the background (on both cores) while the page
/// polls their progress. Results are kept in memory until the server stops; a download names its job.
final class RobustnessJobs: Sendable {
    enum State: String, Sendable { case running, done, failed }

    struct Job: Sendable {
        var id: String
        var evaluation: Int64
        var state: State = .running
        var done = 0
        var total = 0
        var result: RobustnessResult?
        var info: RunInfo
        var error: String?
        var started = Date()
    }

    private let jobs = Locked<[String: Job]>([:])

    func job(_ id: String) -> Job? { jobs.withLock { $0[id] } }

    func start(evaluation: Int64, cohort: RankedCohort, settings: RobustnessSettings) -> String {
        let id = randomToken()
        jobs.withLock { $0[id] = Job(id: id, evaluation: evaluation, info: cohort.runInfo()) }
        let jobs = self.jobs
        Thread.detachNewThread {
            do {
                let result = try RobustnessAnalysis(cohort: cohort, settings: settings).run { done, total in
                    jobs.withLock {
                        $0[id]?.done = done
                        $0[id]?.total = total
                    }
                }
                jobs.withLock {
                    $0[id]?.result = result
                    $0[id]?.state = .done
                    if let total = $0[id]?.total { $0[id]?.done = total }
                }
            } catch {
                jobs.withLock {
                    $0[id]?.state = .failed
                    $0[id]?.error = (error as? any UserFacingError)?.render(.current) ?? String(describing: error)
                }
            }
        }
        return id
    }
}
