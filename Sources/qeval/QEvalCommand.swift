import ArgumentParser
import Foundation
import QEval

@main
struct QEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qeval",
        abstract: "Evaluate and rank applicants for 山东省质量强县（市、区）.",
        version: qevalVersion,
        subcommands: [Rank.self, Compare.self, Rules.self, Template.self, Generate.self, Explain.self, Feedback.self]
    )
}

/// Options every command that reads a cohort shares.
struct RulesOption: ParsableArguments {
    @Option(name: .long, help: "The rulebook (YAML). Default: the bundled 2023 standard.")
    var rules: String?

    func load() throws -> Rulebook {
        do {
            return try RulebookLoader.load(path: rules ?? Bundled.locate(Bundled.rulebookRelative))
        } catch {
            throw Failure(error.description)
        }
    }
}

struct InputOptions: ParsableArguments {
    @Option(name: .long, help: "Input encoding: utf-8 or gb18030 (default: detected).")
    var encoding: String?

    @Option(name: .long, help: "Report at most this many input errors.")
    var maxErrors: Int = 100

    func readOptions() throws -> ReadOptions {
        var encoding: TextEncoding? = nil
        if let name = self.encoding {
            guard let parsed = TextEncoding(option: name) else {
                throw Failure("error: --encoding \(name): expected utf-8 or gb18030")
            }
            encoding = parsed
        }
        return ReadOptions(encoding: encoding, errorCap: max(1, maxErrors))
    }
}

/// A message for the user and a non-zero exit, without a stack trace.
struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs a command's body, turning input errors and failures into a message on stderr and a non-zero exit.
func reportingFailures<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as InputError {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(1)
    } catch let error as Failure {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(1)
    } catch let error as XLSXError {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(1)
    } catch let error as OutputError {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(1)
    } catch let error as RulebookError {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(1)
    }
}

func note(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// "reports/ranking-<input name>.xlsx"
func defaultReport(prefix: String, input: String) -> String {
    let name = URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent
    let reports = URL(fileURLWithPath: Bundled.locate("reports"))
    try? FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
    return reports.appendingPathComponent("\(prefix)-\(name).xlsx").path
}

struct Rank: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score and rank a cohort; write the ranked workbook.")

    @Argument(help: "Input CSV, one row per applicant. Default: the bundled sample.")
    var input: String?

    @OptionGroup var rules: RulesOption
    @OptionGroup var inputOptions: InputOptions

    @Option(name: .long, help: "Adjusted points: a CSV with the header indicator,points.")
    var weights: String?

    @Option(name: .long, help: "The workbook to write. Default: reports/ranking-<input name>.xlsx")
    var out: String?

    @Option(name: .long, help: "Also write one CSV row per applicant with every score.")
    var scoresCsv: String?

    @Flag(name: .long, help: "Print no summary.")
    var quiet = false

    @Flag(name: .long, help: "Print how long reading, evaluating and writing took (milliseconds) to standard error.")
    var timings = false

    func run() throws {
        try reportingFailures {
            let rulesStart = ContinuousClock.now
            let rulebook = try rules.load()
            let rulesTime = ContinuousClock.now - rulesStart
            let peakAfterRules = timings ? PeakMemory.highWaterMiB() : nil
            let input = self.input ?? Bundled.locate(Bundled.sampleRelative)
            let out = self.out ?? defaultReport(prefix: "ranking", input: input)
            try OutputFile.checkDistinct(
                inputs: [input] + (weights.map { [$0] } ?? []) + [rulebook.source],
                outputs: [out] + (scoresCsv.map { [$0] } ?? []))
            var cohort = try RankedCohort.load(
                input: input, rulebook: rulebook, options: try inputOptions.readOptions(), weights: weights)
            // Everything is computed before the first byte is written.
            let scores = scoresCsv.map { _ in ScoresCSV.make(cohort.evaluation, cohort.board, cohort.ranking) }
            let writeStart = ContinuousClock.now
            let written = try RankingWorkbook(
                evaluation: cohort.evaluation, board: cohort.board, ranking: cohort.ranking, info: cohort.runInfo()
            ).write(to: out)
            if written.processTruncated {
                note(ProcessSheetMessage.truncated(written: written.processRows, total: written.processRowsTotal).text)
            }
            if let scoresCsv, let scores { try scores.write(to: scoresCsv) }
            cohort.timings.write = ContinuousClock.now - writeStart
            cohort.timings.rules = rulesTime
            if timings {
                cohort.timings.peakAfterRules = peakAfterRules
                cohort.timings.peakAfterWrite = PeakMemory.highWaterMiB()
                note(cohort.timings.line)
                if let memory = cohort.timings.memoryLine { note(memory) }
            }
            let maximum = cohort.board.maximum
            if abs(maximum - rulebook.totalPoints) > 1e-9 {
                note(
                    "warning: the adjusted points add up to \(Points.format(maximum)), not \(Points.format(rulebook.totalPoints)); totals are out of \(Points.format(maximum))"
                )
            }
            if !quiet { printSummary(cohort, out: out, scoresCsv: scoresCsv) }
        }
    }

    func printSummary(_ cohort: RankedCohort, out: String, scoresCsv: String?) {
        let e = cohort.evaluation
        let ranked = (0..<e.count).filter { e.isRanked($0) }.count
        print("\(cohort.rulebook.name)")
        print(
            "input: \(e.table.file) (\(e.count) applicants, \(e.table.encoding.rawValue)); ranked \(ranked), disqualified \(e.count - ranked)"
        )
        let warnings = e.diagnostics.warnings.count
        if warnings > 0 { print("warnings: \(warnings) (listed in the workbook's 数据问题 sheet)") }
        let top = cohort.ranking.order.prefix(min(10, ranked))
        for row in top {
            let mark = cohort.ranking.recognised[row] ? "  拟认定" : ""
            print(
                String(
                    format: "%4d  %@  %@  %7.2f%@", cohort.ranking.rank[row] ?? 0, e.table.county[row], e.table.city[row],
                    cohort.board.totals[row], mark))
        }
        print("workbook: \(out)")
        if let scoresCsv { print("scores:   \(scoresCsv)") }
    }
}

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the rulebook as a table.")

    @OptionGroup var rules: RulesOption

    func run() throws {
        try reportingFailures {
            let rulebook = try rules.load()
            print(RulebookTable.render(rulebook))
        }
    }
}

struct Template: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a blank input CSV for counties to fill in.")

    @OptionGroup var rules: RulesOption

    @Option(name: .long, help: "Where to write it (default: standard output).")
    var out: String?

    @Flag(name: .long, help: "Use the Chinese labels as headers instead of the keys.")
    var chinese = false

    func run() throws {
        try reportingFailures {
            let rulebook = try rules.load()
            let csv = InputTemplate.make(rulebook, chineseHeaders: chinese)
            if let out {
                try OutputFile.checkDistinct(inputs: [rulebook.source], outputs: [out])
                try csv.write(to: out)
                note("template: \(out) (\(rulebook.fields.count) columns)")
            } else {
                print(csv.text, terminator: "")
            }
        }
    }
}
