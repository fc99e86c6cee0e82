import ArgumentParser
import Foundation
import QEval
import QEvalReports

struct Explain: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(abstract: HelpMessage.explain.text, discussion: HelpMessage.explainDiscussion.text)
    }

    @Argument(help: ArgumentHelp(HelpMessage.explainCounty.text))
    var county: String

    @Argument(help: ArgumentHelp(HelpMessage.rankInput.text))
    var input: String?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.explainCity.text))
    var city: String?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.explainIndicator.text))
    var indicator: Int?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.weights.text))
    var weights: String?

    @OptionGroup var rules: RulesOption
    @OptionGroup var inputOptions: InputOptions
    @OptionGroup var findingsOption: FindingsOption
    @OptionGroup var language: LanguageOption

    func run() throws {
        try reportingFailures {
            let rulebook = try rules.load()
            let input = self.input ?? BundledFiles.locate(BundledFiles.sampleRelative)
            let cohort = try RankedCohort.load(
                input: input, rulebook: rulebook, options: try inputOptions.readOptions(), weights: weights,
                findings: findingsOption.findings, panel: findingsOption.panel)
            // The input's data problems on the console: nothing that changes a score is silent here either.
            for line in ConsoleSummary.findings(cohort) { note(line) }
            for line in ConsoleSummary.warnings(cohort.evaluation.diagnostics, footer: .seeRankedWorkbook) { note(line) }
            let row: Int
            switch CountyLookup.find(county, city: city, in: cohort.evaluation.table) {
            case .success(let found): row = found
            case .failure(let error): throw Failure(error.message)
            }
            var k: Int? = nil
            if let indicator {
                guard let index = rulebook.indicators.firstIndex(where: { $0.number == indicator }) else {
                    let numbers = rulebook.indicators.map(\.number)
                    let range = "\(numbers.min() ?? 0)–\(numbers.max() ?? 0)"
                    throw Failure(ReportMessage.unknownIndicator(number: indicator, numbers: range))
                }
                k = index
            }
            print(ExplainReport.render(cohort, row: row, indicator: k), terminator: "")
        }
    }
}
