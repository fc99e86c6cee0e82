import Foundation
import NIOConcurrencyHelpers
import QEval

/// The verified cohort of an evaluation: its stored findings written as the command line's findings CSV,
/// read back by `FindingsFile` against the declared table (the same checks as `--findings`), applied and
/// scored from scratch. Cached per evaluation and findings revision (the newest finding's id), so a page
/// view after a new finding re-scores once.
final class VerifiedCache: Sendable {
    private let state = NIOLockedValueBox([Int64: (revision: String, result: VerifiedResult)]())

    func get(_ id: Int64, revision: String) -> VerifiedResult? {
        state.withLockedValue { s in s[id].flatMap { $0.revision == revision ? $0.result : nil } }
    }

    func insert(_ id: Int64, revision: String, _ result: VerifiedResult) {
        state.withLockedValue { $0[id] = (revision, result) }
    }
}

/// An evaluation scored after its findings and its expert panel, and what the ranking page says of the panel.
struct VerifiedResult: Sendable {
    /// Nil: nothing verified the cohort (the declared one is the result).
    var cohort: RankedCohort?
    /// The panel's state in a sentence (in use, under way, too few experts, not usable and why); nil: no panel.
    var panelNote: String?
    /// Why a complete panel could not be used (every error), for the panel page.
    var panelProblems: [Diagnostic] = []
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
    /// The evaluation scored after its findings and, once every assigned expert has submitted, its expert
    /// panel (the same checks as `--findings` and `--panel`); `cohort` nil when neither applies.
    func verified(_ id: Int64, declared: RankedCohort) async throws -> VerifiedResult {
        let findingsRevision = try await store.findingsRevision(of: id)
        let revision = "\(findingsRevision)#\(try await store.panelRevision(of: id))"
        if let cached = verifiedCache.get(id, revision: revision) { return cached }
        let panel = try await store.panelState(of: id)
        var findings: Findings? = nil
        if findingsRevision > 0 {
            let records = try await store.currentFindings(of: id)
            if !records.isEmpty {
                let bytes = Array(FindingsExport.csv(records).text.utf8)
                findings = try await check(bytes, file: WebMessage.findingsSource(id).text, declared: declared)
            }
        }
        var result = VerifiedResult(cohort: nil, panelNote: nil)
        if panel.complete {
            do {
                let scores = try await panelScores(id, state: panel, declared: declared)
                let found = findings
                let cohort = try await pool.run { () throws(InputError) -> RankedCohort in
                    try declared.verified(by: found, panel: scores)
                }
                result.cohort = cohort
                if let used = cohort.verification?.panel {
                    result.panelNote =
                        PanelWebMessage.inUse(experts: used.experts.count, parts: used.parts.count, flagged: used.flagged.count)
                        .text
                }
            } catch let error as InputError {
                // The panel cannot count (a finding on a judged item, or an applicant a finding qualified has too
                // few experts): the ranking goes on without it and says why.
                result.panelProblems = error.diagnostics.errors
                result.panelNote =
                    PanelWebMessage.notUsable(
                        problem: error.diagnostics.errors.first?.render(.current) ?? "", count: error.diagnostics.errorCount
                    ).text
            }
        } else if panel.isSetUp {
            result.panelNote =
                panel.members.count < Panel.minimumExperts
                ? PanelWebMessage.notEnough(members: panel.members.count, required: Panel.minimumExperts).text
                : PanelWebMessage.pending(submitted: panel.submitted.count, members: panel.members.count).text
        }
        if result.cohort == nil, let found = findings {
            result.cohort = try await pool.run { declared.verified(by: found) }
        }
        verifiedCache.insert(id, revision: revision, result)
        return result
    }

    /// Reads findings (CSV or .xlsx bytes) against the declared table, on the pool: every problem an
    /// `InputError`, as the command line reports it.
    func check(_ bytes: [UInt8], file: String, declared: RankedCohort) async throws -> Findings {
        let rulebook = self.rulebook
        let table = declared.evaluation.table
        return try await pool.run { try FindingsFile.read(bytes: bytes, file: file, table: table, rulebook: rulebook) }
    }
}
