import ArgumentParser
import Foundation
import QEval
import QEvalReports

struct Robustness: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "robustness", abstract: HelpMessage.robustness.text,
            discussion: HelpMessage.robustnessDiscussion.text)
    }

    @Argument(help: ArgumentHelp(HelpMessage.rankInput.text))
    var input: String?

    @OptionGroup var rules: RulesOption
    @OptionGroup var inputOptions: InputOptions
    @OptionGroup var findingsOption: FindingsOption
    @OptionGroup var language: LanguageOption

    @Option(name: .long, help: ArgumentHelp(HelpMessage.samples.text))
    var samples: String?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.spread.text))
    var spread: String?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.seed.text))
    var seed: String?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.sensitivitySamples.text))
    var sensitivitySamples: String?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.robustnessWeights.text))
    var weights: String?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.robustnessOut.text))
    var out: String?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.robustnessCsv.text))
    var csv: String?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.threads.text, visibility: .hidden))
    var threads: Int?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.sharesOut.text, visibility: .hidden))
    var sharesOut: String?

    @Flag(name: .long, help: ArgumentHelp(HelpMessage.timings.text))
    var timings = false

    @Flag(name: .long, help: ArgumentHelp(HelpMessage.robustnessQuiet.text))
    var quiet = false

    func run() throws {
        try reportingFailures {
            let started = ContinuousClock.now
            var settings = try RobustnessSettings.parse(
                samples: samples, spread: spread, seed: seed, sensitivitySamples: sensitivitySamples)
            if let threads { settings.threads = max(1, threads) }
            let rulebook = try rules.load()
            let input = self.input ?? BundledFiles.locate(BundledFiles.sampleRelative)
            let out = try self.out ?? defaultReport(prefix: "robustness", input: input)
            try OutputFile.checkDistinct(
                inputs: [input] + (weights.map { [$0] } ?? []) + findingsOption.files
                    + [rulebook.source],
                outputs: [out] + (csv.map { [$0] } ?? []) + (sharesOut.map { [$0] } ?? []))
            let cohort = try RankedCohort.load(
                input: input, rulebook: rulebook, options: try inputOptions.readOptions(), weights: weights,
                findings: findingsOption.findings, panel: findingsOption.panel)
            // The input's data problems on the console: nothing that changes a score is silent here either.
            for line in ConsoleSummary.findings(cohort) { note(line) }
            for line in ConsoleSummary.warnings(cohort.evaluation.diagnostics, footer: .seeRankedWorkbook) { note(line) }
            let given = cohort.scoreboard.maximum
            if cohort.pointsTotal.differs {
                note(RobustnessMessage.pointsRescaled(given: given, standard: rulebook.totalPoints).text)
            }
            let loaded = ContinuousClock.now
            if let sharesOut {
                try OutputFile.writeAtomically(
                    Array(RobustnessAnalysis(cohort: cohort, settings: settings).sharesText().utf8), to: sharesOut)
            }
            let console = ProgressLine(started: started)
            let result = try RobustnessAnalysis(cohort: cohort, settings: settings).run { done, total in
                console.update(RobustnessMessage.progress(done: done, total: total).text)
            }
            console.finish()
            let analysed = ContinuousClock.now
            try RobustnessWorkbook(result: result, info: cohort.runInfo()).write(to: out)
            if let csv { try RobustnessCSV.make(result).write(to: csv) }
            let written = ContinuousClock.now
            if timings {
                note(
                    "timings_ms load=\(Self.ms(loaded - started)) draws=\(Self.ms(result.timings.draws)) sensitivity=\(Self.ms(result.timings.sensitivity)) drops=\(Self.ms(result.timings.drops)) analyse=\(Self.ms(analysed - loaded)) write=\(Self.ms(written - analysed))"
                )
                if let peak = PeakMemory.highWaterMiB() { note(String(format: "peak_mib %.1f", peak)) }
            }
            if !quiet { printSummary(result, out: out, seconds: Self.seconds(written - started)) }
        }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func ms(_ d: Duration) -> String { String(format: "%.1f", seconds(d) * 1000) }

    func printSummary(_ result: RobustnessResult, out: String, seconds: Double) {
        let s = result.settings
        print(result.rulebook.name)
        print(RobustnessMessage.summary(counties: result.counties.count, samples: s.samples, spread: s.spread, seed: s.seed).text)
        // The recognised and the next five: the counties whose places are in question; columns aligned by
        // display width (a Chinese character takes two).
        let shown = result.counties.prefix { $0.rank <= result.rulebook.recognitionCount + 5 }
        let header = RobustnessMessage.summaryColumns.text.components(separatedBy: "  ")
        let rows = shown.map { c in
            [
                String(c.rank), c.name, String(c.medianRank), "\(c.p5Rank)–\(c.p95Rank)",
                String(format: "%.1f%%", c.pRecognised * 100),
            ]
        }
        for line in DisplayWidth.align([header] + rows, rightAligned: [0, 2, 3, 4]) { print(line) }
        print(RobustnessMessage.summaryColumnsExplained.text)
        print(
            RobustnessMessage.summaryLeaving(
                mean: result.meanLeaving, unchanged: result.unchangedShare, recognised: result.centreRecognised
            ).text)
        print(RobustnessMessage.workbookWritten(out).text)
        if let csv { print(RobustnessMessage.csvWritten(csv).text) }
        print(RobustnessMessage.took(seconds: seconds).text)
    }
}

/// Progress on standard error, once a run has taken more than a second: rewritten in place on a
/// terminal, a line every few seconds otherwise (a log file).
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let started: ContinuousClock.Instant
    private let terminal = isatty(2) == 1
    private var lastShown: ContinuousClock.Instant?
    private var shown = false

    init(started: ContinuousClock.Instant) { self.started = started }

    func update(_ text: String) {
        let now = ContinuousClock.now
        lock.lock()
        defer { lock.unlock() }
        guard now - started > .seconds(1) else { return }
        let interval: Duration = terminal ? .milliseconds(200) : .seconds(5)
        if let last = lastShown, now - last < interval { return }
        lastShown = now
        shown = true
        FileHandle.standardError.write(Data((terminal ? "\r\(text)\u{1B}[K" : text + "\n").utf8))
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown && terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
