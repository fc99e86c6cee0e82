import ArgumentParser
import Foundation
import QEval
import QEvalReports

struct Feedback: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(abstract: HelpMessage.feedback.text, discussion: HelpMessage.feedbackDiscussion.text)
    }

    @Argument(help: ArgumentHelp(HelpMessage.rankInput.text))
    var input: String?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.weights.text))
    var weights: String?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.feedbackOut.text))
    var out: String

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
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            } catch {
                throw Failure(CommandMessage.cannotCreateFolder(out, FileProblem.of(path: out, error: error)))
            }
            let sources = [input, rulebook.source] + (weights.map { [$0] } ?? []) + findingsOption.files
            let names = FeedbackSet.fileNames(cohort).map { URL(fileURLWithPath: out).appendingPathComponent($0.name).path }
            try OutputFile.checkDistinct(inputs: sources, outputs: names)
            let total = cohort.evaluation.count
            // Progress every 5% (and at the end) for large cohorts; small ones only get the summary.
            let step = max(1, total / 20)
            let paths = try FeedbackSet.write(cohort, to: out) { done, total in
                if total >= 200 && (done % step == 0 || done == total) {
                    note(FeedbackMessage.progress(done: done, total: total).text)
                }
            }
            print(FeedbackMessage.written(count: paths.count, folder: out).text)
        }
    }
}
