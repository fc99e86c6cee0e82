import ArgumentParser
import Foundation
import QEval
import QEvalReports

@main
struct QEvalCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "qeval",
            abstract: HelpMessage.tool.text,
            version: qevalVersion,
            subcommands: [
                Rank.self, Compare.self, Robustness.self, Explain.self, Feedback.self, Rules.self, Template.self,
                Form.self, Collect.self, FindingsCommand.self, PanelCommand.self, Generate.self, Serve.self, User.self,
                Backup.self,
                Restore.self,
            ]
        )
    }

    /// The language is chosen before the arguments are parsed, so that `--help` itself speaks it; what the
    /// argument parser prints (help, usage errors) goes through `ParserMessage.translate`, headings included.
    static func main() {
        Language.current = LanguageOption.prescan(CommandLine.arguments) ?? Language.fromEnvironment() ?? .zh
        do {
            var command = try parseAsRoot(nil)
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let text = ParserMessage.translate(fullMessage(for: error))
            if !text.isEmpty {
                let handle = code == .success ? FileHandle.standardOutput : FileHandle.standardError
                handle.write(Data((text + "\n").utf8))
            }
            Foundation.exit(code.rawValue)
        }
        Foundation.exit(0)
    }
}

/// `--lang zh|en`, accepted by every command (read before parsing; here so the parser knows it).
struct LanguageOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(HelpMessage.lang.text, valueName: "zh|en"))
    var lang: String?

    static func prescan(_ arguments: [String]) -> Language? {
        for (i, argument) in arguments.enumerated() {
            if argument == "--lang", i + 1 < arguments.count { return Language(option: arguments[i + 1]) }
            if argument.hasPrefix("--lang=") { return Language(option: String(argument.dropFirst("--lang=".count))) }
        }
        return nil
    }

    func validate() throws {
        if let lang, Language(option: lang) == nil {
            throw ValidationError(CommandMessage.badLanguage(lang).text)
        }
    }
}

/// Options every command that reads a cohort shares.
struct RulesOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(HelpMessage.rules.text))
    var rules: String?

    func load() throws -> Rulebook { try Self.load(rules) }

    /// The rulebook at `path`, or the bundled one.
    static func load(_ path: String?) throws -> Rulebook {
        try RulebookLoader.load(path: path ?? BundledFiles.locate(BundledFiles.rulebookRelative))
    }
}

struct InputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(HelpMessage.encoding.text))
    var encoding: String?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.sheet.text, valueName: "NAME"))
    var sheet: String?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.maxErrors.text))
    var maxErrors: Int = 100

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp(HelpMessage.allowMissing.text, valueName: "KEY"))
    var allowMissing: [String] = []

    func readOptions() throws -> ReadOptions {
        var encoding: TextEncoding? = nil
        if let name = self.encoding {
            guard let parsed = TextEncoding(option: name) else { throw Failure(CommandMessage.badEncoding(name)) }
            encoding = parsed
        }
        var options = ReadOptions(encoding: encoding, errorCap: max(1, maxErrors), allowMissing: Set(allowMissing))
        options.sheet = sheet
        return options
    }
}

/// `--findings FILE`: reviewers' findings (核查记录); the verified cohort is scored.
/// `--panel FILE|DIR` (repeatable): the expert panel's scores (专家评审) for the judged items.
struct FindingsOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(HelpMessage.findings.text, valueName: "FILE"))
    var findings: String?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.panel.text, valueName: "PATH"))
    var panel: [String] = []

    /// Every file these options read, for the check that no output overwrites an input.
    var files: [String] { (findings.map { [$0] } ?? []) + panel }
}

/// Runs a command's body: every error a person sees is a `UserFacingError`, caught here, printed on standard
/// error in the run's language, and the exit status is 1.
func reportingFailures<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as UserFacingError {
        FileHandle.standardError.write(Data((error.render(.current) + "\n").utf8))
        throw ExitCode(1)
    }
}

func note(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// "reports/ranking-<input name>.xlsx" under the current folder (created when missing), never inside the
/// installation.
func defaultReport(prefix: String, input: String) throws -> String {
    let name = URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent
    let reports = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("reports")
    do {
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
    } catch {
        throw Failure(CommandMessage.cannotCreateFolder("reports", FileProblem.of(path: reports.path, error: error)))
    }
    return "reports/\(prefix)-\(name).xlsx"
}

struct Rank: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(abstract: HelpMessage.rank.text) }

    @Argument(help: ArgumentHelp(HelpMessage.rankInput.text))
    var input: String?

    @OptionGroup var rules: RulesOption
    @OptionGroup var inputOptions: InputOptions
    @OptionGroup var findingsOption: FindingsOption
    @OptionGroup var language: LanguageOption

    @Option(name: .long, help: ArgumentHelp(HelpMessage.weights.text))
    var weights: String?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.out.text))
    var out: String?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.scoresCsv.text))
    var scoresCsv: String?

    @Flag(name: .long, help: ArgumentHelp(HelpMessage.chineseHeaders.text))
    var chineseHeaders = false

    @Flag(name: .long, help: ArgumentHelp(HelpMessage.quiet.text))
    var quiet = false

    @Flag(name: .long, help: ArgumentHelp(HelpMessage.timings.text))
    var timings = false

    func run() throws {
        try reportingFailures {
            let rulesStart = ContinuousClock.now
            let rulebook = try rules.load()
            let rulesTime = ContinuousClock.now - rulesStart
            let peakAfterRules = timings ? PeakMemory.highWaterMiB() : nil
            let input = self.input ?? BundledFiles.locate(BundledFiles.sampleRelative)
            let out = try self.out ?? defaultReport(prefix: "ranking", input: input)
            let findings = findingsOption.findings
            try OutputFile.checkDistinct(
                inputs: [input] + (weights.map { [$0] } ?? []) + findingsOption.files + [rulebook.source],
                outputs: [out] + (scoresCsv.map { [$0] } ?? []))
            var cohort = try RankedCohort.load(
                input: input, rulebook: rulebook, options: try inputOptions.readOptions(), weights: weights,
                findings: findings, panel: findingsOption.panel)
            // Everything is computed before the first byte is written.
            let scores = scoresCsv.map { _ in
                ScoresCSV.make(cohort.evaluation, cohort.scoreboard, cohort.ranking, chineseHeaders: chineseHeaders)
            }
            let writeStart = ContinuousClock.now
            let written = try RankingWorkbook(cohort: cohort, info: cohort.runInfo()).write(to: out)
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
            if quiet {
                // Warnings that change a score are shown even when the summary is not; so are the findings.
                for line in ConsoleSummary.findings(cohort) { note(line) }
                for line in ConsoleSummary.warnings(cohort.evaluation.diagnostics) { note(line) }
            } else {
                print(ConsoleSummary.render(cohort, out: out, scoresCsv: scoresCsv, weightsFile: weights))
            }
        }
    }
}

struct Rules: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(abstract: HelpMessage.rulesCommand.text) }

    @OptionGroup var rules: RulesOption
    @OptionGroup var language: LanguageOption

    func run() throws {
        try reportingFailures {
            let rulebook = try rules.load()
            print(RulebookTable.render(rulebook))
        }
    }
}

struct Template: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(abstract: HelpMessage.template.text) }

    @OptionGroup var rules: RulesOption
    @OptionGroup var language: LanguageOption

    @Option(name: .long, help: ArgumentHelp(HelpMessage.templateOut.text))
    var out: String?

    @Flag(name: .long, help: ArgumentHelp(HelpMessage.templateChinese.text))
    var chinese = false

    func run() throws {
        try reportingFailures {
            let rulebook = try rules.load()
            let csv = InputTemplate.make(rulebook, chineseHeaders: chinese)
            if let out {
                try OutputFile.checkDistinct(inputs: [rulebook.source], outputs: [out])
                try csv.write(to: out)
                note(ConsoleMessage.templateWritten(path: out, columns: rulebook.fields.count).text)
            } else {
                print(csv.text, terminator: "")
            }
        }
    }
}
