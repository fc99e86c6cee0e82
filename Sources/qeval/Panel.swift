import ArgumentParser
import Foundation
import QEval
import QEvalReports

/// `qeval panel …`: the expert panel (专家评审). Using the experts' scores is `--panel` on rank, compare,
/// robustness, explain and feedback.
struct PanelCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "panel", abstract: HelpMessage.panelCommand.text, subcommands: [PanelSheetCommand.self])
    }
}

struct PanelSheetCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "sheet", abstract: HelpMessage.panelSheet.text)
    }

    @OptionGroup var rules: RulesOption
    @OptionGroup var inputOptions: InputOptions
    @OptionGroup var language: LanguageOption

    @Option(name: .long, help: ArgumentHelp(HelpMessage.panelSheetExpert.text))
    var expert: String

    @Option(name: .long, help: ArgumentHelp(HelpMessage.panelSheetInput.text))
    var input: String?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.panelSheetFindings.text, valueName: "FILE"))
    var findings: String?

    @Flag(name: .long, help: ArgumentHelp(HelpMessage.panelSheetBlind.text))
    var blind = false

    @Option(name: .long, help: ArgumentHelp(HelpMessage.panelSheetOut.text))
    var out: String

    func run() throws {
        try reportingFailures {
            let rulebook = try rules.load()
            let input = self.input ?? BundledFiles.locate(BundledFiles.sampleRelative)
            let name = InputReader.trimmedName(expert)
            if name.isEmpty { throw Failure(PanelMessage.noExpert) }
            try OutputFile.checkDistinct(inputs: [input, rulebook.source] + (findings.map { [$0] } ?? []), outputs: [out])
            // With findings, the applicants the panel must score are those that pass the gates after them.
            let cohort = try RankedCohort.load(
                input: input, rulebook: rulebook, options: try inputOptions.readOptions(), findings: findings)
            let sheet = ExpertSheet(cohort: cohort, expert: name, blind: blind)
            let rows = try sheet.write(to: out)
            note(
                PanelMessage.written(
                    path: out, rows: rows, applicants: sheet.applicants.count, fields: rulebook.judgedFields.count
                ).text + (blind ? PanelMessage.blindNote.text : ""))
        }
    }
}
