import ArgumentParser
import Foundation
import QEval

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic cohort (deterministic for a seed) for tests and benchmarks.")

    @OptionGroup var rules: RulesOption

    @Option(name: .long, help: "How many applicants.")
    var count: Int = 136

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = Bundled.sampleSeed

    @Option(name: .long, help: "Where to write the CSV (default: standard output).")
    var out: String?

    func run() throws {
        try reportingFailures {
            guard count > 0 else { throw Failure("error: --count must be at least 1") }
            let rulebook = try rules.load()
            let csv = CohortGenerator(count: count, seed: seed).csv(for: rulebook)
            if let out {
                try OutputFile.checkDistinct(inputs: [rulebook.source], outputs: [out])
                try csv.write(to: out)
                note("generated \(count) applicants (seed \(seed)): \(out)")
            } else {
                print(csv.text, terminator: "")
            }
        }
    }
}
