import Foundation
import NIOConcurrencyHelpers
import NIOPosix
import QEval

/// Where CPU-heavy steps run: scoring an upload, building workbooks and the feedback ZIP, checking a
/// password with bcrypt. They run on threads of their own (never the server's executor, which would stop
/// answering every other page meanwhile), at most `heavyConcurrency` at once; up to `heavyQueue` more wait,
/// and past that a request is refused at once with "busy" rather than piling up.
final class WorkPool: Sendable {
    /// The visitor a request runs for (their CSRF token, set by `CSRFToken` for the whole request), so one
    /// visitor cannot take every place of the pool.
    @TaskLocal static var visitor = ""

    private let threads: NIOThreadPool
    private let admitted: Admission

    init(limits: WebLimits) {
        threads = NIOThreadPool(numberOfThreads: limits.heavyConcurrency)
        threads.start()
        admitted = Admission(
            overall: limits.heavyConcurrency + limits.heavyQueue, perVisitor: limits.heavyPerVisitor)
    }

    deinit { threads.shutdownGracefully { _ in } }

    /// Runs `work` on the pool and returns its result; refused with 503 when the pool and its queue are
    /// full, or this visitor already has their share in it.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let visitor = Self.visitor
        guard admitted.enter(visitor) else { throw WebError(.serviceUnavailable, WebMessage.serverBusy) }
        defer { admitted.leave(visitor) }
        // The pool's threads run no task: the request's language is bound again for the work.
        let language = Language.current
        return try await threads.runIfActive { try Language.$requested.withValue(language) { try work() } }
    }

    /// Steps admitted and not yet finished (running or waiting).
    var inFlight: Int { admitted.value }
}

/// Steps admitted and not yet finished, overall and per visitor, admitted only while below both bounds.
final class Admission: Sendable {
    private struct Counts {
        var overall = 0
        var byVisitor: [String: Int] = [:]
    }
    private let counts = NIOLockedValueBox(Counts())
    let overall: Int
    let perVisitor: Int

    init(overall: Int, perVisitor: Int) {
        self.overall = overall
        self.perVisitor = perVisitor
    }

    func enter(_ visitor: String) -> Bool {
        counts.withLockedValue { c in
            guard c.overall < overall, c.byVisitor[visitor, default: 0] < perVisitor else { return false }
            c.overall += 1
            c.byVisitor[visitor, default: 0] += 1
            return true
        }
    }

    func leave(_ visitor: String) {
        counts.withLockedValue { c in
            c.overall -= 1
            let left = c.byVisitor[visitor, default: 1] - 1
            c.byVisitor[visitor] = left > 0 ? left : nil
        }
    }

    var value: Int { counts.withLockedValue { $0.overall } }
}

/// Long work that must not slow the pages down on a two-core office server (every county's feedback
/// workbooks, a robustness run): run on a thread of its own at a lower scheduling priority (nice 10), so the
/// threads answering page requests get the CPU first. Measured with scripts/bench-load (docs/PERFORMANCE.md).
enum Background {
    /// Lowers the calling thread's priority; it cannot be raised again without privileges, so only threads
    /// made for the work call it.
    static func lowerThisThread() {
        #if os(Linux)
            // On Linux the nice value is per thread, and 0 names the calling thread (man setpriority, NOTES).
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #endif
    }

    /// Runs `work` on a new low-priority thread and waits for it (the caller holds its `WorkPool` place).
    static func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let outcome = NIOLockedValueBox<Result<T, any Error>?>(nil)
        Thread.detachNewThread {
            lowerThisThread()
            let result = Result { try work() }
            outcome.withLockedValue { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLockedValue { $0! }.get()
    }
}
