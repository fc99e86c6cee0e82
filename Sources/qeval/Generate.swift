import ArgumentParser
import Foundation
import QEval
import QEvalReports

struct Generate: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(abstract: HelpMessage.generate.text) }

    @OptionGroup var rules: RulesOption
    @OptionGroup var language: LanguageOption

    @Option(name: .long, help: ArgumentHelp(HelpMessage.generateCount.text))
    var count: Int = 136

    @Option(name: .long, help: ArgumentHelp(HelpMessage.generateSeed.text))
    var seed: UInt64 = BundledFiles.sampleSeed

    @Option(name: .long, help: ArgumentHelp(HelpMessage.generateOut.text))
    var out: String?

    func run() throws {
        try reportingFailures {
            guard count > 0 else { throw Failure(CommandMessage.countTooSmall) }
            let rulebook = try rules.load()
            let csv = CohortGenerator(count: count, seed: seed).csv(for: rulebook)
            if let out {
                try OutputFile.checkDistinct(inputs: [rulebook.source], outputs: [out])
                try csv.write(to: out)
                note(ConsoleMessage.generated(path: out, count: count).text)
            } else {
                print(csv.text, terminator: "")
            }
        }
    }
}
