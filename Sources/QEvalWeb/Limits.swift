import Foundation
import QEval

/// Every limit the web workspace enforces, in one place, each checked before the work it bounds. The
/// figures are chosen so that no reviewer's real use comes near them while one visitor — careless or
/// hostile — can neither crash the process, nor hold both cores, nor fill the disk or the memory.
/// docs/SECURITY.md lists them with the reasons.
public struct WebLimits: Sendable {
    // MARK: request bodies

    /// An upload (CSV): a 2,850-county cohort of the 2023 form is about 1.3 MB; 20 MB leaves room for
    /// GB18030 files, notes columns and many years side by side.
    public var uploadBytes = 20 * 1024 * 1024
    /// A plain form (save a scenario, start a robustness run, sign out): 43 points and a name fit in 2 KB.
    public var formBytes = 64 * 1024
    /// The sign-in form: a name of 64 characters and a password fit in well under 1 KB.
    public var signInBytes = 4 * 1024
    /// The live re-weighting JSON: 43 points are about 1 KB.
    public var jsonBytes = 64 * 1024

    // MARK: values in a request

    /// Characters of a user name at sign-in (accounts are made with at most 40); a longer one is refused
    /// before anything — the audit log included — stores it.
    public var userNameLength = 64
    /// Characters of a scenario name: it heads a column of the comparison workbook.
    public var scenarioNameLength = 60
    /// Applicant rows in one upload: the country has about 2,850 county-level units.
    public var rowsPerUpload = 20_000
    /// The sum of the points a page may send, as a multiple of the standard's total: from 1 % (one
    /// indicator alone still ranks) to ten times (a typo of an extra digit in many indicators).
    public var pointsSumRange: ClosedRange<Double> = 0.01...10

    // MARK: CPU-heavy work

    /// Heavy steps (scoring an upload, workbooks, the feedback ZIP, password checks) run at most this many at
    /// once, on their own threads, so that pages and the stylesheet keep answering meanwhile.
    public var heavyConcurrency = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Heavy steps that may wait for a thread; past that a request is refused with "busy, try again". 32: a
    /// team of 20 signing in in the same second (bcrypt, about 0.25 s each) is queued, not refused
    /// (scripts/bench-load: 16 refused 4 of 20 sign-ins).
    public var heavyQueue = 32
    /// Heavy steps one visitor may have running or waiting at once (a page's download and an upload, say).
    public var heavyPerVisitor = 2
    /// Robustness runs at once (each uses every core by itself).
    public var robustnessRunning = 1
    /// Robustness runs running or queued, over all visitors, and per visitor.
    public var robustnessQueued = 4
    public var robustnessPerSession = 1
    /// A finished run's result is kept this long, and at most this many are kept.
    public var finishedJobLifetime: TimeInterval = 60 * 60
    public var finishedJobsKept = 20

    // MARK: memory

    /// Evaluated cohorts kept in memory (least recently used dropped first); a dropped one is re-read from
    /// the database when asked for again.
    public var cohortCacheBytes = 256 * 1024 * 1024

    // MARK: sessions and sign-in

    /// A session without a signed-in user (made at the first POST on the account-less server).
    public var anonymousSessionSeconds = 2 * 60 * 60
    /// A signed-in reviewer's session.
    public var signedInSessionSeconds = 12 * 60 * 60
    /// Failed sign-ins allowed per account and per address before a wait is imposed.
    public var freeSignInFailures = 3
    /// The wait after the next failures doubles from this, up to `maxSignInDelay`.
    public var firstSignInDelay: TimeInterval = 2
    public var maxSignInDelay: TimeInterval = 60
    /// After this many failures in a row the account or address is locked for `lockSeconds`.
    public var lockAfterFailures = 10
    public var lockSeconds: TimeInterval = 15 * 60
    /// Accounts and addresses whose failures are remembered (oldest forgotten first).
    public var throttleEntries = 10_000

    public init() {}

    /// Body limit for a request, by what it is: the upload, the sign-in, the JSON endpoint, or a form.
    func bodyLimit(path: String, contentType: String?) -> Int {
        if path == "/evaluations" { return uploadBytes }
        if path == "/login" { return signInBytes }
        if contentType?.lowercased().hasPrefix("application/json") == true { return jsonBytes }
        return formBytes
    }
}

/// A read-only view of the limits for pages and messages: sizes as people say them.
extension WebLimits {
    var uploadMB: Int { uploadBytes / 1024 / 1024 }

    static func kilobytes(_ bytes: Int) -> Int { max(1, bytes / 1024) }
}
