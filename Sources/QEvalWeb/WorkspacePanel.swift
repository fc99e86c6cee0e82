import Foundation
import QEval

/// The panel CSV of the command line (`expert,county,city,field,level,remark`, field by key): what the chair
/// exports, and what the workspace reads its own stored levels as (`PanelFile`, the same checks as `--panel`).
enum PanelExport {
    static func csv(_ levels: [PanelLevelRecord]) -> CSVOutput {
        var out = CSVOutput()
        out.header(
            [PanelFile.Column.expert, .county, .city, .field, .level, .remark].map(\.rawValue))
        for l in levels {
            out.append(
                [l.expert, l.county, l.city, l.field].map { CSVOutput.Cell.text($0) } + [.formatted(String(l.level))]
                    + [l.remark.isEmpty ? .empty : .text(l.remark)])
        }
        return out
    }
}

extension Workspace {
    /// The current levels of the panel's submitted experts (an expert's levels are nobody else's business
    /// before they submit; one taken off the panel no longer counts).
    func submittedLevels(_ state: PanelState) -> [PanelLevelRecord] {
        let submitted = Set(state.submitted.map(\.expert))
        return state.current().filter { submitted.contains($0.expert) }
    }

    /// The submitted experts' levels read back as the command line reads `--panel`.
    func panelScores(_ id: Int64, state: PanelState, declared: RankedCohort) async throws -> PanelScores {
        let bytes = Array(PanelExport.csv(submittedLevels(state)).text.utf8)
        let rulebook = self.rulebook
        let table = declared.evaluation.table
        let name = PanelWebMessage.panelSource(id).text
        return try await pool.run { () throws(InputError) -> PanelScores in
            try PanelFile.read(files: [(name, bytes)], table: table, rulebook: rulebook)
        }
    }

    /// The chair's view while the experts are at work: the submitted experts' parts combined as the policy says,
    /// without the three-expert requirement (nil when no expert has submitted), over the applicants that pass the
    /// gates of `gated` (the table after the findings).
    func chairPanel(_ id: Int64, state: PanelState, declared: RankedCohort, gated table: ApplicantTable) async throws
        -> Panel?
    {
        guard !state.submitted.isEmpty, !submittedLevels(state).isEmpty else { return nil }
        let scores = try await panelScores(id, state: state, declared: declared)
        let rulebook = self.rulebook
        return try await pool.run { () throws(InputError) -> Panel in
            try Panel.combine(scores, table: table, rulebook: rulebook, requireCoverage: false)
        }
    }
}
