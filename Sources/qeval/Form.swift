import ArgumentParser
import Foundation
import QEval
import QEvalReports

struct Form: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(abstract: FormsHelp.form.text) }

    @OptionGroup var rules: RulesOption
    @OptionGroup var language: LanguageOption

    @Option(name: .long, help: ArgumentHelp(FormsHelp.formOut.text))
    var out: String?

    func run() throws {
        try reportingFailures {
            let rulebook = try rules.load()
            let out = self.out ?? (Language.current == .zh ? "填报表.xlsx" : "form.xlsx")
            try OutputFile.checkDistinct(inputs: [rulebook.source], outputs: [out])
            try ReportingForm(rulebook: rulebook).write(to: out)
            note(FormsMessage.formWritten(path: out, fields: rulebook.fields.count).text)
        }
    }
}
