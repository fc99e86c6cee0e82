import ArgumentParser
import Foundation
import QEval
import QEvalReports

/// `qeval findings …`: helpers for reviewers' findings (核查记录). Applying them is `--findings` on rank,
/// compare, robustness, explain and feedback.
struct FindingsCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "findings", abstract: HelpMessage.findingsCommand.text, subcommands: [FindingsTemplateCommand.self])
    }
}

struct FindingsTemplateCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "template", abstract: HelpMessage.findingsTemplate.text)
    }

    @OptionGroup var rules: RulesOption
    @OptionGroup var language: LanguageOption

    @Option(name: .long, help: ArgumentHelp(HelpMessage.findingsTemplateOut.text))
    var out: String?

    func run() throws {
        try reportingFailures {
            let rulebook = try rules.load()
            let template = FindingsTemplate(rulebook: rulebook)
            let out = self.out ?? FindingsMessage.templateFileName.text
            try OutputFile.checkDistinct(inputs: [rulebook.source], outputs: [out])
            try template.write(to: out)
            note(
                out.lowercased().hasSuffix(".csv")
                    ? FindingsMessage.templateWrittenCSV(out).text
                    : FindingsMessage.templateWritten(path: out, fields: template.items.count).text)
        }
    }
}
