import Foundation
import Testing

@testable import QEval
@testable import QEvalCompare
@testable import QEvalEvaluation
@testable import QEvalExplanation
@testable import QEvalForms
@testable import QEvalInput
@testable import QEvalPipeline
@testable import QEvalRanking
@testable import QEvalReports
@testable import QEvalRobustness
@testable import QEvalRules
@testable import QEvalSupport

/// Runs the built `qeval` binary (beside the test bundle, or in .build/debug) in the package root.
enum CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL? {
        let beside = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("qeval")
        let candidates = [beside, Fixture.root.appendingPathComponent(".build/debug/qeval")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static func run(_ arguments: [String]) throws -> Result {
        guard let binary else {
            throw XLSXTestReader.Failure("the qeval binary is not built (swift build --build-tests builds it)")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = Fixture.root
        // English: these tests pin the English rendering; CLILanguageTests pins the Chinese default.
        process.environment = ProcessInfo.processInfo.environment.merging(["QEVAL_LANG": "en"]) { _, new in new }
        // Output to files, not pipes: nothing can block however much the child writes.
        let dir = try WorkbookFixture.temporaryDirectory("qeval-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("stdout")
        let errURL = dir.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let outData = try Data(contentsOf: outURL)
        let errData = try Data(contentsOf: errURL)
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

@Suite struct WeightsTests {
    /// The small cohort as an input file, and a weights file beside it, in a fresh folder.
    static func files(weights: String, name: String = "weights.csv") throws -> (dir: URL, input: String, weights: String) {
        let dir = try WorkbookFixture.temporaryDirectory()
        let input = dir.appendingPathComponent("cohort.csv")
        try Data(Fixture.csv(SmallCohort.rows, rulebook: try Fixture.rulebook()).utf8).write(to: input)
        let w = dir.appendingPathComponent(name)
        try Data(weights.utf8).write(to: w)
        return (dir, input.path, w.path)
    }

    static func totals(_ cohort: RankedCohort) -> [String: Double] {
        var out: [String: Double] = [:]
        for row in 0..<cohort.evaluation.count where cohort.evaluation.isRanked(row) {
            out[cohort.evaluation.table.county[row]] = cohort.scoreboard.totals[row]
        }
        return out
    }

    /// Indicator 1 (yes/no) 2 → 5 and indicator 20 (efficacy) 2 → 0; score = share × new points:
    ///
    /// | county | share 1 | share 2 | share 20 | total = 5·s1 + 3·s2 + 0·s20 | rank |
    /// | 甲县    | 1       | 1       | 1        | 5 + 3 + 0   = 8            | 1    |
    /// | 乙县    | 1       | 0.5     | 0.6      | 5 + 1.5     = 6.5          | 2    |
    /// | 己县    | 1       | 0.5     | 0.6      | 5 + 1.5     = 6.5          | 2    |
    /// | =1+1   | 1       | 0       | 0.8      | 5           = 5            | 4    |
    /// | 丙县    | 0       | 1       | 0.8      | 3           = 3            | 5    |
    ///
    /// The maximum is 100 + (5 − 2) + (0 − 2) = 101: allowed, with a warning.
    @Test func aReweightingWorkedOutByHand() throws {
        let f = try Self.files(weights: "indicator,points\n1,5\n20,0\n")
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let cohort = try RankedCohort.load(input: f.input, rulebook: try Fixture.rulebook(), weights: f.weights)
        let expected: [String: Double] = ["甲县": 8, "乙县": 6.5, "己县": 6.5, "=1+1": 5, "丙县": 3]
        let totals = Self.totals(cohort)
        #expect(totals.keys.sorted() == expected.keys.sorted())
        for (county, total) in expected { #expect(close(totals[county]!, total), "\(county)") }
        let ranks = Dictionary(
            uniqueKeysWithValues: cohort.ranking.order.compactMap { row in
                cohort.ranking.rank[row].map { (cohort.evaluation.table.county[row], $0) }
            })
        #expect(ranks == ["甲县": 1, "乙县": 2, "己县": 2, "=1+1": 4, "丙县": 5])
        #expect(close(cohort.scoreboard.maximum, 101))
        // Only the listed indicators change.
        var standard = try Fixture.rulebook().defaultPoints
        standard[0] = 5
        standard[19] = 0
        #expect(cohort.scoreboard.points == standard)
        #expect(cohort.weightsSource == "调整权重文件：weights.csv", "the file, not the machine's path")
        let warning = cohort.evaluation.diagnostics.warnings.first { $0.file == f.weights }
        #expect(warning?.message.en.contains("101") == true)
    }

    @Test(arguments: [
        "指标,分值\n1,5\n20,0\n",
        "\u{FEFF}Indicator , Points\r\n1,5\r\n20,0\r\n",
        "indicator,points\n１,５\n20,0.0\n",
    ])
    func headersInChineseOrEnglishWithBOMAndFullWidthDigitsAreRead(_ text: String) throws {
        let points = try WeightsFile.parse(bytes: Array(text.utf8), file: "w.csv", rulebook: try Fixture.rulebook())
        #expect(points[0] == 5 && points[19] == 0)
        #expect(close(points.reduce(0, +), 101))
    }

    struct Malformed: Sendable, CustomTestStringConvertible {
        var label: String
        var text: String
        var line: Int
        var says: String
        var testDescription: String { label }
    }

    static let malformed: [Malformed] = [
        Malformed(label: "unknown indicator", text: "indicator,points\n1,3\n44,2\n", line: 3, says: "unknown indicator"),
        Malformed(label: "indicator not a number", text: "indicator,points\n第一项,3\n", line: 2, says: "unknown indicator"),
        Malformed(label: "duplicate", text: "indicator,points\n5,3\n7,1\n5,4\n", line: 4, says: "first on line 2"),
        Malformed(label: "negative", text: "指标,分值\n2,-1\n", line: 2, says: "negative"),
        Malformed(label: "non-numeric", text: "indicator,points\n2,three\n", line: 2, says: "expected a number"),
        Malformed(label: "empty points", text: "indicator,points\n2,\n", line: 2, says: "expected a number"),
        Malformed(label: "wrong header", text: "number,points\n1,2\n", line: 1, says: "header"),
        Malformed(label: "empty file", text: "", line: 1, says: "empty"),
        Malformed(label: "header only", text: "indicator,points\n", line: 1, says: "no indicator"),
        Malformed(label: "too many fields", text: "indicator,points\n1,2,3\n", line: 2, says: "3 fields"),
        Malformed(label: "too few fields", text: "indicator,points\n1\n", line: 2, says: "1 fields"),
        Malformed(label: "blank lines still count", text: "indicator,points\n\n1,2\n\n44,1\n", line: 5, says: "unknown"),
    ]

    @Test(arguments: malformed)
    func aMalformedWeightsFileIsRefusedWithFileAndLine(_ bad: Malformed) throws {
        let file = "/tmp/some/weights-\(bad.line).csv"
        let rulebook = try Fixture.rulebook()
        do {
            _ = try WeightsFile.parse(bytes: Array(bad.text.utf8), file: file, rulebook: rulebook)
            Issue.record("\(bad.label): accepted")
        } catch {
            let first = try #require(error.diagnostics.errors.first)
            #expect(first.file == file)
            #expect(first.line == bad.line)
            #expect(first.message.en.contains(bad.says), "\(first.message.en)")
            #expect(error.render(.en).contains("\(file):\(bad.line)"), "\(error.render(.en))")
        }
    }

    /// A file headed 指标,分值 has its errors name those columns, not the English keys (issue 24).
    @Test func errorsNameTheColumnsAsTheFilesHeaderDoes() throws {
        let rulebook = try Fixture.rulebook()
        for (header, indicator, points) in [("指标,分值", "指标", "分值"), ("indicator,points", "indicator", "points")] {
            let bytes = Array("\(header)\n99,1\n3,abc\n".utf8)
            do {
                _ = try WeightsFile.parse(bytes: bytes, file: "w.csv", rulebook: rulebook)
                Issue.record("\(header): accepted")
            } catch {
                #expect(error.diagnostics.errors.map(\.column) == [indicator, points], "\(header)")
                #expect(error.diagnostics.errors[0].render(.zh).contains("\u{201C}\(indicator)\u{201D}列"))
            }
        }
    }

    @Test func everyBadLineIsReportedAtOnce() throws {
        let text = "indicator,points\n1,x\n2,-3\n99,1\n4,2\n"
        #expect(throws: InputError.self) {
            try WeightsFile.parse(bytes: Array(text.utf8), file: "w.csv", rulebook: try Fixture.rulebook())
        }
        let rulebook = try Fixture.rulebook()
        do {
            _ = try WeightsFile.parse(bytes: Array(text.utf8), file: "w.csv", rulebook: rulebook)
            Issue.record("accepted")
        } catch {
            #expect(error.diagnostics.errors.map(\.line) == [2, 3, 4])
        }
    }

    /// Through the command line: a non-zero exit, the message names the weights file and line, and neither
    /// the workbook nor the scores CSV nor a temporary file is written.
    @Test(
        arguments: malformed.filter {
            ["unknown indicator", "duplicate", "negative", "non-numeric", "wrong header", "empty file", "too many fields"]
                .contains($0.label)
        })
    func rankAndCompareRefuseAMalformedWeightsFileAndWriteNothing(_ bad: Malformed) throws {
        let f = try Self.files(weights: bad.text, name: "bad-weights.csv")
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let good = f.dir.appendingPathComponent("good.csv").path
        try Data("indicator,points\n1,3\n".utf8).write(to: URL(fileURLWithPath: good))
        let before = try FileManager.default.contentsOfDirectory(atPath: f.dir.path).sorted()
        let out = f.dir.appendingPathComponent("out.xlsx").path
        let csv = f.dir.appendingPathComponent("out.csv").path
        for arguments in [
            ["rank", f.input, "--weights", f.weights, "--out", out, "--scores-csv", csv, "--quiet"],
            ["compare", f.input, "--weights", f.weights, "--out", out, "--csv", csv],
            ["compare", f.input, "--weights", good, "--base-weights", f.weights, "--out", out],
        ] {
            let result = try CLI.run(arguments)
            #expect(result.status != 0, "\(arguments[0]) \(bad.label)")
            #expect(result.stderr.contains("\(f.weights):\(bad.line)"), "\(arguments[0]) \(bad.label): \(result.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: f.dir.path).sorted() == before)
        }
    }

    @Test func rankWithWeightsNotSummingTo100WarnsAndShowsTheMaximum() throws {
        let f = try Self.files(weights: "指标,分值\n1,5\n20,0\n")
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let out = f.dir.appendingPathComponent("r.xlsx")
        // --lang zh over the runner's QEVAL_LANG=en: the option wins, and the workbook is the Chinese one.
        let result = try CLI.run(["rank", f.input, "--weights", f.weights, "--out", out.path, "--lang", "zh"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("分值：已按调整权重文件"))
        let book = try XLSXTestReader(url: out)
        let about = try book.sheet("说明")
        let facts = Dictionary(uniqueKeysWithValues: (1..<about.rowCount).map { (about.text($0, 0), about.text($0, 1)) })
        #expect(facts["满分"]?.hasPrefix("101") == true)
        #expect(facts["权重来源"]?.contains(URL(fileURLWithPath: f.weights).lastPathComponent) == true)
        #expect(facts["权重来源"]?.contains("/") == false, "no absolute path of the machine that wrote it")
        let problems = try book.sheet("数据问题")
        #expect((1..<problems.rowCount).contains { problems.text($0, 7).contains("101") })
        let weights = try book.sheet("权重")
        #expect(weights.number(44, 5) == 101)
        #expect(weights.text(1, 7).hasPrefix("已调整"))
        let overall = try book.sheet("总排名")
        #expect(overall.text(1, 1) == "甲县" && overall.number(1, 4) == 8)
    }
}
