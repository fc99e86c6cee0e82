import ArgumentParser
import Foundation
import QEval

struct Robustness: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "robustness",
        abstract: "排名稳健性：分值浮动时的排名区间、拟认定概率，以及哪些指标的分值决定名单。",
        discussion: """
            每次抽样把每个指标的分值乘以 [1 − S, 1 + S] 内均匀分布的独立随机系数，再换算为标准满分，按评价规则重新排名。
            默认抽样 10000 次、S = 0.2、固定随机种子：重复运行结果相同。方法见 docs/ROBUSTNESS.md。
            """)

    @Argument(help: "输入 CSV，每个申报县一行。默认：随附的样例数据。")
    var input: String?

    @OptionGroup var rules: RulesOption
    @OptionGroup var inputOptions: InputOptions

    @Option(name: .long, help: "抽样次数 N（正整数，默认 10000）。")
    var samples: String?

    @Option(name: .long, help: "分值浮动幅度 S：系数在 [1 − S, 1 + S] 内（0 ≤ S < 1，默认 0.2，也可写 20%）。")
    var spread: String?

    @Option(name: .long, help: "随机种子（非负整数）；相同种子结果相同。")
    var seed: String?

    @Option(name: .long, help: "敏感性分析的基础样本数（默认为抽样次数的十分之一，至少 100、至多 1000）。")
    var sensitivitySamples: String?

    @Option(name: .long, help: "中心分值：CSV（indicator,points），抽样围绕它进行。默认：标准分值。")
    var weights: String?

    @Option(name: .long, help: "要写入的工作簿。默认：reports/robustness-<输入文件名>.xlsx")
    var out: String?

    @Option(name: .long, help: "另写一个 CSV，每个参与排名的县一行。")
    var csv: String?

    @Option(name: .long, help: ArgumentHelp("计算线程数（默认：全部核心；结果与线程数无关）。", visibility: .hidden))
    var threads: Int?

    @Option(name: .long, help: ArgumentHelp("把各县得分率写成纯文本，供 scripts/bench-robustness 的 C 对照程序读取。", visibility: .hidden))
    var sharesOut: String?

    @Flag(name: .long, help: "把各阶段用时（毫秒）打印到标准错误。")
    var timings = false

    @Flag(name: .long, help: "不打印摘要。")
    var quiet = false

    func run() throws {
        try reportingFailures {
            let started = ContinuousClock.now
            var settings: RobustnessSettings
            do throws(RobustnessError) {
                settings = try RobustnessSettings.parse(
                    samples: samples, spread: spread, seed: seed, sensitivitySamples: sensitivitySamples)
            } catch {
                throw Failure(error.description)
            }
            if let threads { settings.threads = max(1, threads) }
            let rulebook = try rules.load()
            let input = self.input ?? Bundled.locate(Bundled.sampleRelative)
            let out = self.out ?? defaultReport(prefix: "robustness", input: input)
            try OutputFile.checkDistinct(
                inputs: [input] + (weights.map { [$0] } ?? []) + [rulebook.source],
                outputs: [out] + (csv.map { [$0] } ?? []) + (sharesOut.map { [$0] } ?? []))
            let cohort = try RankedCohort.load(
                input: input, rulebook: rulebook, options: try inputOptions.readOptions(), weights: weights)
            let given = cohort.board.maximum
            if abs(given - rulebook.totalPoints) > 1e-9 {
                note(RobustnessMessage.pointsRescaled(given: given, standard: rulebook.totalPoints).text)
            }
            let loaded = ContinuousClock.now
            if let sharesOut {
                try OutputFile.writeAtomically(
                    Array(RobustnessAnalysis(cohort: cohort, settings: settings).sharesText().utf8), to: sharesOut)
            }
            let console = ProgressLine(started: started)
            let result: RobustnessResult
            do throws(RobustnessError) {
                result = try RobustnessAnalysis(cohort: cohort, settings: settings).run { done, total in
                    console.update(RobustnessMessage.progress(done: done, total: total).text)
                }
            } catch {
                throw Failure(error.description)
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
        print(RobustnessMessage.summaryColumns.text)
        // The recognised and the next five: the counties whose places are in question.
        let shown = result.counties.prefix { $0.rank <= result.rulebook.recognitionCount + 5 }
        for c in shown {
            print(
                String(
                    format: "%4d  %@  %4d  %4d–%-4d  %5.1f%%", c.rank, c.name, c.medianRank, c.p5Rank, c.p95Rank,
                    c.pRecognised * 100))
        }
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
