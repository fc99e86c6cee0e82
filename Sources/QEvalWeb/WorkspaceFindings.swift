import Foundation
import NIOConcurrencyHelpers
import QEval

/// The verified cohort of an evaluation: its stored findings written as the command line's findings CSV,
/// read back by `FindingsFile` against the declared table (the same checks as `--findings`), applied and
/// scored from scratch. Cached per evaluation and findings revision (the newest finding's id), so a page
/// view after a new finding re-scores once.
final class VerifiedCache: Sendable {
    private let state = NIOLockedValueBox([Int64: (revision: Int64, cohort: RankedCohort)]())

    func get(_ id: Int64, revision: Int64) -> RankedCohort? {
        state.withLockedValue { s in s[id].flatMap { $0.revision == revision ? $0.cohort : nil } }
    }

    func insert(_ id: Int64, revision: Int64, _ cohort: RankedCohort) {
        state.withLockedValue { $0[id] = (revision, cohort) }
    }
}

/// The findings CSV of the command line (`county,city,field,value,reason,evidence,reviewer,date`, field by
/// key): what the workspace exports, and what it reads its own findings as.
enum FindingsExport {
    static let dateFormat: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Shanghai")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f
    }()

    static func csv(_ records: [FindingRecord]) -> CSVOutput {
        var out = CSVOutput()
        out.header(FindingsFile.Column.allCases.map(\.rawValue))
        for r in records {
            // The value as entered (a growth rate's "-5" must not gain Excel's formula guard); the texts guarded.
            let value: CSVOutput.Cell = (r.value ?? "").isEmpty ? .empty : .formatted(CSVReader.quote(r.value ?? ""))
            let texts = [r.county, r.city, r.field].map { CSVOutput.Cell.text($0) }
            let rest = [r.reason, r.evidence, r.reviewer, dateFormat.string(from: r.recordedAt)].map {
                $0.isEmpty ? CSVOutput.Cell.empty : .text($0)
            }
            out.append(texts + [value] + rest)
        }
        return out
    }

    /// The records a checked findings file holds, as new versions by `user` (the file's reviewer column is
    /// kept as the reviewer when given: an import carries who verified each figure).
    static func records(_ findings: Findings, table: ApplicantTable, user: String, at: Date) -> [FindingRecord] {
        findings.items.map { f in
            FindingRecord(
                id: nil, evaluationId: 0, county: table.county[f.row], city: table.city[f.row], field: f.key,
                value: f.verified, reason: f.reason, evidence: f.evidence, reviewer: f.reviewer.isEmpty ? user : f.reviewer,
                recordedAt: at, version: 0)
        }
    }
}

extension Workspace {
    /// The evaluation scored after its findings; nil when it has none (the declared cohort is the result).
    func verified(_ id: Int64, declared: RankedCohort) async throws -> RankedCohort? {
        let revision = try await store.findingsRevision(of: id)
        guard revision > 0 else { return nil }
        if let cached = verifiedCache.get(id, revision: revision) { return cached }
        let records = try await store.currentFindings(of: id)
        guard !records.isEmpty else { return nil }
        let bytes = Array(FindingsExport.csv(records).text.utf8)
        let findings = try await check(bytes, file: WebMessage.findingsSource(id).text, declared: declared)
        let cohort = try await pool.run { declared.verified(by: findings) }
        verifiedCache.insert(id, revision: revision, cohort)
        return cohort
    }

    /// Reads findings (CSV or .xlsx bytes) against the declared table, on the pool: every problem an
    /// `InputError`, as the command line reports it.
    func check(_ bytes: [UInt8], file: String, declared: RankedCohort) async throws -> Findings {
        let rulebook = self.rulebook
        let table = declared.evaluation.table
        return try await pool.run { try FindingsFile.read(bytes: bytes, file: file, table: table, rulebook: rulebook) }
    }
}
