import Foundation
import NIOConcurrencyHelpers
import NIOPosix
import QEval

/// Where CPU-heavy steps run: scoring an upload, building workbooks and the feedback ZIP, checking a
/// password with bcrypt. They run on threads of their own (never the server's executor, which would stop
/// answering every other page meanwhile), at most `heavyConcurrency` at once; up to `heavyQueue` more wait,
/// and past that a request is refused at once with "busy" rather than piling up.
final class WorkPool: Sendable {
    private let threads: NIOThreadPool
    private let admitted = Admission()
    let capacity: Int

    init(limits: WebLimits) {
        threads = NIOThreadPool(numberOfThreads: limits.heavyConcurrency)
        threads.start()
        capacity = limits.heavyConcurrency + limits.heavyQueue
    }

    deinit { threads.shutdownGracefully { _ in } }

    /// Runs `work` on the pool and returns its result; refused with 503 when the pool and its queue are full.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        guard admitted.enter(below: capacity) else { throw WebError(.serviceUnavailable, WebMessage.serverBusy) }
        defer { admitted.leave() }
        return try await threads.runIfActive(work)
    }

    /// Steps admitted and not yet finished (running or waiting).
    var inFlight: Int { admitted.value }
}

/// Steps admitted and not yet finished, admitted only while below a bound.
final class Admission: Sendable {
    private let count = NIOLockedValueBox(0)
    func enter(below bound: Int) -> Bool {
        count.withLockedValue { c in
            guard c < bound else { return false }
            c += 1
            return true
        }
    }
    func leave() { count.withLockedValue { $0 -= 1 } }
    var value: Int { count.withLockedValue { $0 } }
}
