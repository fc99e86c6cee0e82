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

/// What a person reads on the console: Chinese by default, English with --lang en, aligned by display width,
/// and errors located and actionable in both languages.
@Suite struct ConsoleLanguageTests {
    // MARK: Display width and decimals

    /// Commands that write no ranked workbook do not send the reader to its 数据问题 sheet as if they had
    /// (issue 24); `rank` still does.
    @Test func onlyRankPointsToItsOwnProblemsSheet() throws {
        let explain = try Self.qeval(["explain", "历下区"])
        let output = explain.stdout + explain.stderr
        #expect(explain.status == 0)
        #expect(output.contains("全部警告可在 qeval rank 写出的排名工作簿的\u{201C}数据问题\u{201D}表中查看。"), "\(output)")
        #expect(!output.contains("全部警告列在工作簿的"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qeval-footer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let rank = try Self.qeval(["rank", "--out", dir.appendingPathComponent("r.xlsx").path])
        #expect((rank.stdout + rank.stderr).contains("全部警告列在工作簿的\u{201C}数据问题\u{201D}表中。"))
    }

    @Test func chineseCharactersTakeTwoColumns() {
        #expect(DisplayWidth.of("历下区") == 6)
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("样本县0003") == 10)
        #expect(DisplayWidth.of("（济南）") == 8)  // full-width brackets are wide too
        #expect(DisplayWidth.pad("莒县", to: 6) == "莒县  ")
        #expect(DisplayWidth.pad("12", to: 5, right: true) == "   12")
    }

    /// Mixed Chinese and ASCII names: every column starts at the same terminal column on every line.
    @Test func alignedColumnsLineUpWithMixedNames() {
        let rows = [["排名", "县（市、区）", "总分"], ["1", "莒县", "82.22"], ["10", "Sample County 7", "8.5"], ["2", "市中区", "80.59"]]
        let lines = DisplayWidth.align(rows, rightAligned: [0, 2])
        // The county column starts after the widest rank (4 columns) and two spaces.
        for (line, row) in zip(lines, rows) {
            let prefix = String(line.prefix { $0 != row[1].first! })
            #expect(DisplayWidth.of(prefix) == 6, "\(line)")
        }
        // The totals end at the same column: 4 + 2 + 15 + 2 + 5.
        for line in lines { #expect(DisplayWidth.of(line) == 28, "\(line)") }
    }

    @Test func enoughDecimalsToTellRanksApart() {
        // Ranks 7 and 8 that show as 80.59 both at 2 decimals: 3 decimals tell them apart.
        #expect(ConsoleSummary.decimals(totals: [80.5912, 80.5891], ranks: [7, 8], atMost: 4) == 3)
        // Equal at 4 decimals share a rank: 2 decimals are enough.
        #expect(ConsoleSummary.decimals(totals: [80.59, 80.59, 79.1], ranks: [7, 7, 9], atMost: 4) == 2)
        // Never more than the ranking compares.
        #expect(ConsoleSummary.decimals(totals: [1.00001, 1.00002], ranks: [1, 2], atMost: 4) == 4)
    }

    // MARK: The summary, pinned in both languages

    @Test func theSummaryInBothLanguages() throws {
        let cohort = try SmallCohort.cohort()
        let zh = ConsoleSummary.render(cohort, out: "reports/ranking-test.xlsx", scoresCsv: nil, weightsFile: nil, language: .zh)
        let zhLines = zh.components(separatedBy: "\n")
        #expect(zhLines[1] == "输入：test.csv（7 个申报单位，UTF-8 编码）；参与排名 5 个，不具备资格 2 个")
        #expect(zhLines[2] == "分值：评价标准默认分值（合计 100 分）")
        #expect(zhLines[3] == "不具备资格（2 个，不参与排名）：")
        #expect(zhLines[4].hasPrefix("  丁县（青岛市）：一票否决："))
        #expect(zhLines[5].hasPrefix("  戊县（临沂市）：前置指标未达标：") && zhLines[5].contains("10%，低于 16%"))
        // The ranking table: ranks right-aligned, names padded by display width, totals at 2 decimals.
        let table = Array(zhLines.drop { !$0.hasPrefix("前 ") }.dropFirst().prefix(6))
        #expect(
            table == [
                "排名  县（市、区）  所属地级市  梯队      总分",
                "   1  甲县          济南市      第一梯队  7.00  拟认定",
                "   2  乙县          淄博市      第二梯队  4.70  拟认定",
                "   2  己县          德州市      第三梯队  4.70  拟认定",
                "   4  丙县          枣庄市      第三梯队  4.60  拟认定",
                "   5  =1+1          东营市      第三梯队  3.60  拟认定",
            ])
        #expect(zhLines.last == "工作簿：reports/ranking-test.xlsx")

        let en = ConsoleSummary.render(cohort, out: "reports/ranking-test.xlsx", scoresCsv: nil, weightsFile: nil, language: .en)
        let enLines = en.components(separatedBy: "\n")
        #expect(enLines[1] == "input: test.csv (7 applicants, UTF-8); ranked 5, disqualified 2")
        #expect(enLines[3] == "disqualified (2, not ranked):")
        #expect(enLines[4].hasPrefix("  丁县（青岛市）: vetoed: "))
        #expect(enLines.contains("   1  甲县    济南市  第一梯队   7.00  proposed (拟认定)"))
        #expect(enLines.last == "workbook: reports/ranking-test.xlsx")
    }

    @Test func adjustedPointsAreNamedWithTheirFile() throws {
        var points = try Fixture.rulebook().defaultPoints
        points[0] = 5
        let cohort = try SmallCohort.cohort(points: points)
        let zh = ConsoleSummary.render(cohort, out: nil, scoresCsv: nil, weightsFile: "调整.csv", language: .zh)
        #expect(zh.contains("分值：已按调整权重文件 调整.csv 计分（合计 103 分）"))
    }

    // MARK: Errors, pinned in both languages

    @Test func aBadPercentageInBothLanguages() throws {
        let text = try Fixture.csv(
            [SK.row("历下区", "济南"), SK.row("环翠区", "威海", ["i20_voluntary_cert_coverage": "9O"])],
            rulebook: try Fixture.rulebook())
        var diagnostics = Diagnostics()
        let rulebook = try Fixture.rulebook()
        do {
            _ = try InputReader.read(bytes: Array(text.utf8), file: "申报表.csv", rulebook: rulebook, diagnostics: &diagnostics)
            Issue.record("read")
        } catch {
            #expect(
                error.render(.zh) == """
                    错误：申报表.csv 第3行，“自愿性认证覆盖率”（i20_voluntary_cert_coverage）列，环翠区（威海）：值“9O”无法识别：不是数字；应填0 到 100 之间的百分数，如 95 或 95%。
                    共 1 处错误，未写出任何文件。
                    """)
            #expect(
                error.render(.en) == """
                    error: 申报表.csv:3: column i20_voluntary_cert_coverage (自愿性认证覆盖率): 环翠区（威海）: value "9O": not a number; expected a percentage (e.g. 95 or 95%) from 0 to 100
                    1 error(s); nothing was written.
                    """)
        }
    }

    @Test func aLevelSaysWhatEachLevelMeans() throws {
        let text = try Fixture.csv([SK.row("历下区", "济南", ["i02_model": "3"])], rulebook: try Fixture.rulebook())
        var diagnostics = Diagnostics()
        let rulebook = try Fixture.rulebook()
        do {
            _ = try InputReader.read(bytes: Array(text.utf8), file: "a.csv", rulebook: rulebook, diagnostics: &diagnostics)
            Issue.record("read")
        } catch {
            guard let message = error.diagnostics.errors.first?.message else {
                Issue.record("no error")
                return
            }
            #expect(message.zh == "值“3”无法识别：等级 3 超出了等级表；应填0、1 或 2（0 = 无，1 = 有模式具备一定推广性，2 = 明确可推广）。")
            #expect(message.en.contains("expected a level: 0, 1 or 2 (0 = 无; 1 = 有模式具备一定推广性; 2 = 明确可推广)"))
        }
    }

    // MARK: The built command line

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs .build/debug/qeval in `directory` with QEVAL_LANG unset (or set to `lang`).
    static func qeval(_ arguments: [String], in directory: URL = Fixture.root, lang: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLISafetyTests.binary)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["QEVAL_LANG"] = lang
        process.environment = environment
        let dir = try CLISafetyTests.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("out")
        let errURL = dir.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    @Test func chineseByDefaultEnglishOnRequest() throws {
        let folder = try CLISafetyTests.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.csv")
        try "县（市、区）,所属地级市\n历下区,北京\n".write(to: bad, atomically: true, encoding: .utf8)
        let zh = try Self.qeval(["rank", bad.path, "--out", folder.appendingPathComponent("r.xlsx").path])
        #expect(zh.status == 1)
        #expect(zh.stderr.hasPrefix("错误："), "\(zh.stderr)")
        #expect(zh.stderr.hasSuffix("未写出任何文件。\n"))
        let en = try Self.qeval(["rank", bad.path, "--lang", "en", "--out", folder.appendingPathComponent("r.xlsx").path])
        #expect(en.stderr.hasPrefix("error: "), "\(en.stderr)")
        #expect(en.stderr.hasSuffix("nothing was written.\n"))
        let env = try Self.qeval(["rank", bad.path, "--out", folder.appendingPathComponent("r.xlsx").path], lang: "en")
        #expect(env.stderr == en.stderr)
        let wrong = try Self.qeval(["rank", "--lang", "fr"])
        #expect(wrong.status != 0 && wrong.stderr.contains("应为 zh（中文）或 en（英文）"))
    }

    @Test func helpIsChinese() throws {
        let help = try Self.qeval(["help", "rank"])
        #expect(help.stdout.contains("按评价标准计分并排名，写出排名工作簿。"), "\(help.stdout)")
        #expect(help.stdout.contains("--allow-missing"))
        let top = try Self.qeval(["--help"])
        #expect(top.stdout.contains("山东省质量强县（市、区）评价排名工具"))
        let english = try Self.qeval(["rank", "--help", "--lang", "en"])
        #expect(english.stdout.contains("Score and rank a cohort; write the ranked workbook."))
    }

    /// A folder that cannot be written: our message naming the file and what to do, never the library's own
    /// "[ERROR] workbook_close()"; nothing written.
    @Test func aReadOnlyFolderIsOurMessage() throws {
        guard getuid() != 0 else { return }  // root writes anywhere: there is nothing to refuse
        let folder = try CLISafetyTests.scratch()
        defer {
            chmod(folder.path, 0o755)
            try? FileManager.default.removeItem(at: folder)
        }
        chmod(folder.path, 0o555)
        let run = try Self.qeval(["rank", "--out", folder.appendingPathComponent("r.xlsx").path])
        #expect(run.status == 1)
        #expect(!run.stderr.contains("[ERROR]"))
        #expect(run.stderr.contains("没有读写权限"), "\(run.stderr)")
    }

    /// The same refusal, checked where tests run as root: the writability probe is what refuses, with our
    /// message, before libxlsxwriter is asked to write.
    @Test func aMissingFolderIsOurMessage() throws {
        let run = try Self.qeval(["rank", "--out", "/nonexistent-qeval-folder/r.xlsx"])
        #expect(run.status == 1)
        #expect(!run.stderr.contains("[ERROR]"))
        #expect(run.stderr.contains("文件夹 /nonexistent-qeval-folder 不存在"), "\(run.stderr)")
    }

    /// Run from another folder, the report goes to reports/ there, never into the installation.
    @Test func reportsGoUnderTheCurrentFolder() throws {
        let folder = try CLISafetyTests.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.qeval(
            ["rank", Fixture.path(BundledFiles.sampleRelative), "--rules", Fixture.rulebookPath], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("reports/ranking-shandong-2023.xlsx").path))
        #expect(run.stdout.contains("工作簿：reports/ranking-shandong-2023.xlsx"))
    }
}
