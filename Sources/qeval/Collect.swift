import ArgumentParser
import Foundation
import QEval
import QEvalReports

struct Collect: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(abstract: FormsHelp.collect.text) }

    @Argument(help: ArgumentHelp(FormsHelp.collectInputs.text))
    var inputs: [String] = []

    @OptionGroup var rules: RulesOption
    @OptionGroup var inputOptions: InputOptions
    @OptionGroup var language: LanguageOption

    @Option(name: .long, help: ArgumentHelp(FormsHelp.collectOut.text))
    var out: String

    func run() throws {
        try reportingFailures {
            let rulebook = try rules.load()
            let files = try FormCollector.formFiles(inputs)
            try OutputFile.checkDistinct(inputs: files + [rulebook.source], outputs: [out])
            let collected = try FormCollector.collect(
                paths: inputs, rulebook: rulebook, options: try inputOptions.readOptions(),
                mergedName: URL(fileURLWithPath: out).lastPathComponent)
            try collected.csv.write(to: out)
            for warning in collected.diagnostics.warnings { note(warning.render(.current)) }
            print(FormsMessage.summary(forms: collected.files.count, counties: collected.table.count, out: out).text)
            let blanks = collected.blanks.filter { !$0.items.isEmpty }
            if blanks.isEmpty {
                print(FormsMessage.noBlanks.text)
            } else {
                for b in blanks { print(FormsMessage.blanks(county: b.county, items: b.items).text) }
            }
        }
    }
}
