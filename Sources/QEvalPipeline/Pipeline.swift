import Foundation
import QEvalEvaluation
import QEvalFindings
import QEvalForms
import QEvalInput
import QEvalPanel
import QEvalRanking
import QEvalRules
import QEvalSupport

/// The tool's version, shown by `--version` and in every workbook's 说明 sheet.
public let qevalVersion = "0.1.0"

/// Where the bundled files are, relative to the package root (the working directory of the README's
/// commands) or to the executable's location.
public enum BundledFiles {
    public static let rulebookRelative = "data/rules/shandong-2023.yaml"
    public static let sampleRelative = "data/sample/shandong-2023.csv"
    /// The seed `qeval generate` uses by default (the one the bundled sample was drawn with).
    public static let sampleSeed: UInt64 = 2023

    /// The running program's real file: through /proc on Linux, so `/usr/bin/qeval` (a link, as the
    /// Debian package installs it, and found on PATH with argv[0] just "qeval") leads to
    /// `/usr/lib/qeval/qeval` and the rulebooks beside it.
    static var executable: URL {
        #if os(Linux)
            if let real = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
                return URL(fileURLWithPath: real)
            }
        #endif
        return URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
    }

    /// Finds a bundled file: in the current directory, else walking up from the executable.
    public static func locate(_ relative: String) -> String {
        let fm = FileManager.default
        if fm.fileExists(atPath: relative) { return relative }
        var url = executable.deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = url.appendingPathComponent(relative).path
            if fm.fileExists(atPath: candidate) { return candidate }
            url.deleteLastPathComponent()
        }
        return relative
    }
}

/// Parse → evaluate → score → rank, the stages every command shares.
public struct RankedCohort: Sendable {
    public var rulebook: Rulebook
    public var evaluation: Evaluation
    public var scoreboard: Scoreboard
    public var ranking: Ranking
    /// Where the points came from.
    public var weightsSource: String
    /// When the cohort was scored after reviewers' findings (`--findings`): the declared cohort and what the
    /// findings changed. Nil: the cohort is what the counties declared.
    public var verification: Verification? = nil

    public init(evaluation: Evaluation, points: [Double]? = nil, weightsSource: String? = nil) {
        self.rulebook = evaluation.rulebook
        self.evaluation = evaluation
        self.scoreboard = Scoreboard(evaluation, points: points)
        self.ranking = Ranking(evaluation, scoreboard)
        self.weightsSource = weightsSource ?? WorkbookText.standardWeights.text
    }

    /// How long each stage took, for `qeval rank --timings` and the benchmarks.
    public var timings = StageTimings()

    /// Reads and evaluates `input` under `rulebook`; throws every input error at once.
    public static func load(
        input: String, rulebook: Rulebook, options: ReadOptions = ReadOptions(), weights: String? = nil,
        findings: String? = nil, panel: [String] = []
    ) throws(InputError) -> RankedCohort {
        let clock = ContinuousClock()
        let started = clock.now
        var diagnostics = Diagnostics(errorCap: options.errorCap)
        var points: [Double]? = nil
        // Errors in the weights file and in the input are reported together.
        var errors = Diagnostics(errorCap: options.errorCap)
        if let weights {
            do {
                points = try WeightsFile.load(path: weights, rulebook: rulebook)
            } catch {
                errors.merge(error.diagnostics)
            }
        }
        let loaded: ApplicantTable?
        var advice: Localized? = nil
        do throws(InputError) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), isDirectory.boolValue {
                // A folder of returned forms: collected in memory (as `qeval collect` does), then ranked.
                let collected = try FormCollector.collect(
                    paths: [input], rulebook: rulebook, options: options, mergedName: input)
                diagnostics.merge(collected.diagnostics)
                loaded = collected.table
            } else {
                let data: Data
                do {
                    data = try Data(contentsOf: URL(fileURLWithPath: input))
                } catch {
                    throw InputError(file: input, InputMessage.cannotRead(FileProblem.of(path: input, error: error)))
                }
                do throws(InputError) {
                    loaded = try readFile(
                        bytes: [UInt8](data), file: input, rulebook: rulebook, options: options,
                        diagnostics: &diagnostics)
                } catch {
                    advice = OtherStandard.advice(
                        for: error, bytes: [UInt8](data), file: input, rulebook: rulebook, options: options)
                    throw error
                }
            }
        } catch {
            errors.merge(error.diagnostics)
            loaded = nil
        }
        // The findings are checked against the declared table, so only once it is read; their errors are
        // reported with the input's.
        var checked: Findings? = nil
        if let findings, let table = loaded {
            do {
                checked = try FindingsFile.read(path: findings, table: table, rulebook: rulebook)
            } catch {
                errors.merge(error.diagnostics)
            }
        }
        // The experts' levels, checked against the declared table with the findings'.
        var scores: PanelScores? = nil
        if !panel.isEmpty, let table = loaded {
            do {
                scores = try PanelFile.read(paths: panel, table: table, rulebook: rulebook)
            } catch {
                errors.merge(error.diagnostics)
            }
        }
        guard let table = loaded, !errors.hasErrors else {
            var error = InputError(errors)
            error.advice = advice.map { [$0] } ?? []
            throw error
        }
        let read = clock.now
        let peakAfterRead = PeakMemory.highWaterMiB()
        warnIfPointsOffTotal(points, rulebook: rulebook, source: weights, &diagnostics)
        let source = weights.map { WorkbookText.weightsFile(URL(fileURLWithPath: $0).lastPathComponent).text }
        var cohort: RankedCohort
        if checked != nil || scores != nil {
            let declared = RankedCohort(
                evaluation: Evaluator.evaluate(table, rulebook: rulebook, diagnostics: diagnostics), points: points,
                weightsSource: source)
            cohort = try declared.verified(by: checked, panel: scores)
        } else {
            let evaluation = Evaluator.evaluate(table, rulebook: rulebook, diagnostics: diagnostics)
            cohort = RankedCohort(evaluation: evaluation, points: points, weightsSource: source)
        }
        cohort.timings.read = read - started
        cohort.timings.evaluate = clock.now - read
        cohort.timings.peakAfterRead = peakAfterRead
        cohort.timings.peakAfterEvaluate = PeakMemory.highWaterMiB()
        return cohort
    }

    /// A figure the reviewers rejected is "not reported" to the scoring, but not to the reader: its warning
    /// names the finding (its place in the findings file and its reason), not the county's empty cell.
    static func sayRejected(_ findings: Findings, in evaluation: inout Evaluation) {
        let table = evaluation.table
        var rejected: [String: Finding] = [:]
        for f in findings.items where f.verified == nil && !f.isConfirmation {
            rejected[table.name(f.row) + "\u{1F}" + f.key] = f
        }
        guard !rejected.isEmpty else { return }
        evaluation.diagnostics.relocate { d in
            guard d.kind == "notReported", let key = d.column, let who = d.applicant,
                let finding = rejected[who + "\u{1F}" + key]
            else { return }
            d = Diagnostic(
                severity: .warning, file: finding.file, line: finding.line, column: FindingsFile.Column.value.rawValue,
                columnLabel: FindingsFile.Column.value.message.localized.zh, value: "", applicant: who,
                message: FindingsMessage.rejectedFigure(label: finding.label, reason: finding.reason), affectsScore: true)
        }
    }

    /// Reads and evaluates a cohort already in memory (an upload): the same checks as `load(input:)`, with
    /// `file` only a name for messages, never opened.
    public static func load(
        bytes: [UInt8], file: String, rulebook: Rulebook, options: ReadOptions = ReadOptions(),
        points: [Double]? = nil, weightsSource: String? = nil
    ) throws(InputError) -> RankedCohort {
        var diagnostics = Diagnostics(errorCap: options.errorCap)
        let table = try readFile(bytes: bytes, file: file, rulebook: rulebook, options: options, diagnostics: &diagnostics)
        warnIfPointsOffTotal(points, rulebook: rulebook, source: weightsSource, &diagnostics)
        let evaluation = Evaluator.evaluate(table, rulebook: rulebook, diagnostics: diagnostics)
        return RankedCohort(evaluation: evaluation, points: points, weightsSource: weightsSource)
    }

    /// One input file: a county's returned form (recognised by its sheet) is read as a one-applicant cohort,
    /// a .zip of forms as `qeval collect` reads a folder of them, any other workbook or CSV by the input stage.
    static func readFile(
        bytes: [UInt8], file: String, rulebook: Rulebook, options: ReadOptions, diagnostics: inout Diagnostics
    ) throws(InputError) -> ApplicantTable {
        try WorkbookFormat.checkNamed(bytes, file: file)
        let single = FormCollector.FormFile(name: file, bytes: bytes)
        if FormArchive.isArchive(single) {
            let collected = try FormCollector.collect(
                files: try FormArchive.unpack(single), rulebook: rulebook, options: options, mergedName: file)
            diagnostics.merge(collected.diagnostics)
            var table = collected.table
            table.sha256 = InputReader.sha256(bytes)
            return table
        }
        if WorkbookFormat.isWorkbook(bytes), options.sheet == nil {
            var book = try XLSXPackage(bytes: bytes, file: file)
            if try FormCollector.isForm(&book) {
                let collected = try FormCollector.collect(
                    files: [FormCollector.FormFile(name: file, bytes: bytes)], rulebook: rulebook, options: options,
                    mergedName: file)
                diagnostics.warning(file: file, WorkbookMessage.formGivenAsCohort(sheet: FormsMessage.sheetName.text))
                diagnostics.merge(collected.diagnostics)
                var table = collected.table
                table.sha256 = InputReader.sha256(bytes)
                return table
            }
        }
        return try InputReader.read(bytes: bytes, file: file, rulebook: rulebook, options: options, diagnostics: &diagnostics)
    }

    /// Every door that loads a cohort under given points warns, on the console and in 数据问题, when they do
    /// not add up to the standard's total (`PointsTotal`).
    static func warnIfPointsOffTotal(
        _ points: [Double]?, rulebook: Rulebook, source: String?, _ diagnostics: inout Diagnostics
    ) {
        guard let points, let warning = PointsTotal(points: points, rulebook: rulebook).warning else { return }
        diagnostics.warning(file: source, warning)
    }

    /// Whether the points in force add up to the standard's total.
    public var pointsTotal: PointsTotal { PointsTotal(points: scoreboard.points, rulebook: rulebook) }

    /// The same evaluation under other points: shares do not depend on points, so nothing is re-read.
    public func reweighted(_ points: [Double]?, weightsSource: String? = nil) -> RankedCohort {
        var cohort = RankedCohort(evaluation: evaluation, points: points, weightsSource: weightsSource)
        // The verified cohort stays verified, its declared counterpart under the same points.
        if let v = verification {
            cohort.verification = Verification(
                findings: v.findings, panel: v.panel, declared: v.declared.reweighted(points, weightsSource: weightsSource),
                verified: cohort)
        }
        return cohort
    }

    /// This (declared) cohort after reviewers' findings: the table with every finding applied, scored from
    /// scratch — gates, every efficacy group's min and max, ranks — under the same points.
    public func verified(by findings: Findings) -> RankedCohort {
        verified(findings: findings, panel: nil)
    }

    /// This (declared) cohort after reviewers' findings and the expert panel's levels (专家评审): the findings
    /// applied, the panel combined over the applicants that then pass the gates (scoring-policy.md, "Expert
    /// panel"), its points set on the judged parts, and the whole scored from scratch under the same points.
    /// Too few experts, or a finding on a judged field, is an input error.
    public func verified(by findings: Findings?, panel scores: PanelScores?) throws(InputError) -> RankedCohort {
        let found = findings.map { $0.apply(to: evaluation.table, rulebook: rulebook) } ?? evaluation.table
        let panel = try scores.map { s throws(InputError) in
            try Panel.combine(s, table: found, rulebook: rulebook, findings: findings)
        }
        return verified(findings: findings ?? .none, panel: panel)
    }

    func verified(findings: Findings, panel: Panel?) -> RankedCohort {
        var table = findings.apply(to: evaluation.table, rulebook: rulebook)
        if let panel { table = panel.apply(to: table) }
        var verified = Evaluator.evaluate(table, rulebook: rulebook, diagnostics: evaluation.inputDiagnostics)
        Self.sayRejected(findings, in: &verified)
        if let panel { verified.diagnostics.merge(panel.warnings) }
        var cohort = RankedCohort(evaluation: verified, points: scoreboard.points, weightsSource: weightsSource)
        cohort.verification = Verification(findings: findings, panel: panel, declared: self, verified: cohort)
        return cohort
    }

    public func runInfo() -> RunInfo {
        var info = RunInfo(
            inputFile: evaluation.table.file, inputSHA256: evaluation.table.sha256, rulebookFile: rulebook.source,
            weightsSource: weightsSource, toolVersion: qevalVersion)
        if let findings = verification?.findings, !findings.items.isEmpty {
            info.findings =
                FindingsMessage.fileLine(
                    file: URL(fileURLWithPath: findings.file).lastPathComponent, sha: findings.sha256
                ).text
        }
        if let panel = verification?.panel {
            info.panel = panel.sources.map {
                PanelMessage.sourceLine(file: URL(fileURLWithPath: $0.file).lastPathComponent, sha: $0.sha256).text
            }
        }
        return info
    }
}

/// Wall-clock time of each stage of one run.
public struct StageTimings: Sendable {
    /// Loading and checking the rulebook (YAML), before the input is read.
    public var rules: Duration = .zero
    public var read: Duration = .zero
    var evaluate: Duration = .zero
    public var write: Duration = .zero
    /// The process's peak resident memory (MiB) at the end of each stage, where the system tells it.
    public var peakAfterRules: Double?
    var peakAfterRead: Double?
    var peakAfterEvaluate: Double?
    public var peakAfterWrite: Double?

    public init() {}

    static func ms(_ d: Duration) -> String {
        let c = d.components
        return String(format: "%.1f", Double(c.seconds) * 1000 + Double(c.attoseconds) / 1e15)
    }

    /// "rules=9.8 read=12.3 evaluate=4.5 write=88.0" (milliseconds), one line for scripts/bench to parse.
    public var line: String {
        "timings_ms rules=\(Self.ms(rules)) read=\(Self.ms(read)) evaluate=\(Self.ms(evaluate)) write=\(Self.ms(write))"
    }

    /// "peak_mib rules=… read=… evaluate=… write=…": the high-water mark after each stage, so a benchmark
    /// can tell which stage's data makes the peak. Nil where /proc/self/status is not available.
    public var memoryLine: String? {
        guard let r = peakAfterRules, let i = peakAfterRead, let e = peakAfterEvaluate, let w = peakAfterWrite else {
            return nil
        }
        return String(format: "peak_mib rules=%.1f read=%.1f evaluate=%.1f write=%.1f", r, i, e, w)
    }
}

/// The process's peak resident set size (VmHWM), read from Linux's /proc/self/status.
public enum PeakMemory {
    public static func highWaterMiB() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            // "VmHWM:\t  123456 kB"
            let number = line.dropFirst("VmHWM:".count).split(separator: " ").first { !$0.isEmpty && $0 != "\t" }
            if let kib = number.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }) { return kib / 1024 }
        }
        return nil
    }
}

/// Facts about a run, written to the 说明 sheet so the result can be reproduced.
public struct RunInfo: Sendable, Codable {
    public var inputFile: String
    public var inputSHA256: String
    public var rulebookFile: String
    /// Where the points came from: the rulebook, or an adjusted weights file.
    public var weightsSource: String
    public var toolVersion: String
    public var time: Date
    /// The findings file and its SHA-256, when the cohort is the verified one.
    public var findings: String? = nil
    /// The expert panel's score files and their SHA-256, when the panel scored the judged items.
    /// Optional so that a stored run info from before the panel decodes.
    public var panel: [String]? = nil

    public init(
        inputFile: String, inputSHA256: String, rulebookFile: String, weightsSource: String, toolVersion: String,
        time: Date = Date()
    ) {
        self.inputFile = inputFile
        self.inputSHA256 = inputSHA256
        self.rulebookFile = rulebookFile
        self.weightsSource = weightsSource
        self.toolVersion = toolVersion
        self.time = time
    }
}
