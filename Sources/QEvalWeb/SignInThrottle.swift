import Foundation
import NIOConcurrencyHelpers

/// Failed sign-ins, per account and per address. After `freeSignInFailures` a visitor must wait before the
/// next try, the wait doubling from `firstSignInDelay` up to `maxSignInDelay`; after `lockAfterFailures`
/// the account or address is locked for `lockSeconds`. A try during a wait is refused at once (429)
/// without checking the password, so guessing costs time and no bcrypt work. A burst of failures is
/// written to the audit log once when it starts and once when it locks, not once per try.
final class SignInThrottle: Sendable {
    struct Record: Sendable {
        var failures = 0
        var last = Date.distantPast
        var notBefore = Date.distantPast
        var lockedUntil = Date.distantPast
    }

    /// What a try may do now.
    enum Verdict: Equatable {
        case allowed
        case wait(seconds: Int)
        case locked(minutes: Int)
    }

    /// What a failure means for the audit log: the first of a burst, the one that locks, or neither.
    enum Failure: Equatable {
        case burstStarted
        case locked(failures: Int)
        case counted
    }

    private let records = NIOLockedValueBox([String: Record]())
    let limits: WebLimits

    init(limits: WebLimits) { self.limits = limits }

    static func keys(user: String, address: String) -> [String] { ["user:" + user, "address:" + address] }

    func check(user: String, address: String, now: Date = Date()) -> Verdict {
        records.withLockedValue { records in
            var verdict = Verdict.allowed
            for key in Self.keys(user: user, address: address) {
                guard let r = records[key] else { continue }
                if r.lockedUntil > now {
                    return .locked(minutes: Int((r.lockedUntil.timeIntervalSince(now) / 60).rounded(.up)))
                }
                if r.notBefore > now {
                    verdict = .wait(seconds: Int(r.notBefore.timeIntervalSince(now).rounded(.up)))
                }
            }
            return verdict
        }
    }

    func failed(user: String, address: String, now: Date = Date()) -> Failure {
        records.withLockedValue { records in
            var outcome = Failure.counted
            for key in Self.keys(user: user, address: address) {
                var r = records[key] ?? Record()
                // A burst ends when the lock has passed or nothing failed for as long as a lock lasts.
                if now.timeIntervalSince(r.last) > limits.lockSeconds || (r.lockedUntil != .distantPast && r.lockedUntil <= now) {
                    r = Record()
                }
                r.failures += 1
                r.last = now
                if r.failures == 1, outcome == .counted { outcome = .burstStarted }
                if r.failures >= limits.lockAfterFailures {
                    if r.lockedUntil <= now { outcome = .locked(failures: r.failures) }
                    r.lockedUntil = now.addingTimeInterval(limits.lockSeconds)
                } else if r.failures > limits.freeSignInFailures {
                    let doublings = Double(r.failures - limits.freeSignInFailures - 1)
                    let delay = min(limits.maxSignInDelay, limits.firstSignInDelay * pow(2, doublings))
                    r.notBefore = now.addingTimeInterval(delay)
                }
                records[key] = r
            }
            if records.count > limits.throttleEntries {
                // The oldest forgotten first, so a flood of new names cannot grow the table without end.
                let oldest = records.sorted { $0.value.last < $1.value.last }.prefix(records.count - limits.throttleEntries)
                for (key, _) in oldest { records[key] = nil }
            }
            return outcome
        }
    }

    /// A successful sign-in forgets the account's failures (the address keeps its own).
    func succeeded(user: String) {
        records.withLockedValue { _ = $0.removeValue(forKey: "user:" + user) }
    }

    var entries: Int { records.withLockedValue { $0.count } }
}
