import Foundation
import QEvalReports
import Testing

@testable import QEval
@testable import QEvalEvaluation
@testable import QEvalExplanation
@testable import QEvalSupport

/// What issue 24's tester read as false or unreadable in the arithmetic `explain` prints.
@Suite struct PlainWordsTests {
    /// A negative operand in brackets with a true minus sign: "62.963 − (−95.3271)", not "62.963 − -95.3271".
    @Test func negativeOperandsAreBracketed() {
        let line = ExplanationMessage.higherFormula(x: "62.963", min: "-95.3271", max: "120").localized
        #expect(line.zh == "60 + 40 × (62.963 − (−95.3271)) ÷ (120 − (−95.3271))")
        #expect(line.en == line.zh)
        let growth = ExplanationMessage.growth(label: "增长率", current: "-5", previous: "10", result: "-150").localized
        #expect(growth.zh == "增长率 = ((−5) − 10) ÷ 10 × 100% = -150%")
    }

    /// A count not above its threshold scores 0 and says so in words; no line of the sample's explanations
    /// shows a subtraction that comes out negative as "= 0", or a doubled minus.
    @Test func noExplanationLineShowsFalseArithmetic() throws {
        let cohort = try RankedCohort.load(input: Fixture.path(BundledFiles.sampleRelative), rulebook: try Fixture.rulebook())
        let explainer = Explainer(evaluation: cohort.evaluation, scoreboard: cohort.scoreboard)
        let clamp = try Regex(#"× \(([0-9.]+) − ([0-9.]+)\) = 0(?![.0-9])"#)
        var below = 0
        for row in 0..<cohort.evaluation.count where cohort.evaluation.isRanked(row) {
            for indicator in explainer.explain(row: row).indicators {
                for part in indicator.rows {
                    #expect(!part.line.contains("− -"), "\(part.line)")
                    for match in part.line.matches(of: clamp) {
                        let a = Double(match.output[1].substring!)!
                        let b = Double(match.output[2].substring!)!
                        #expect(a >= b, "\(part.line)")
                    }
                    if part.line.contains("，计 0") && part.line.contains("未超过") { below += 1 }
                }
            }
        }
        #expect(below > 0, "the sample has counts under their threshold")
        #expect(
            ExplanationMessage.countsTermBelow(label: "计量人员", value: "1", above: "3").localized.zh
                == "计量人员 1：未超过 3，计 0")
    }

    /// `--chinese-headers` speaks Chinese in the values too: 参评/不具备资格 and 是/否, not ranked/yes.
    @Test func chineseHeadersHaveChineseValues() throws {
        let cohort = try RankedCohort.load(input: Fixture.path(BundledFiles.sampleRelative), rulebook: try Fixture.rulebook())
        for chinese in [true, false] {
            let text = ScoresCSV.make(cohort.evaluation, cohort.scoreboard, cohort.ranking, chineseHeaders: chinese).text
            let csv = try CSVReader.parse(Array(text.utf8), file: "s.csv")
            let header = csv.record(0)
            let status = try #require(header.firstIndex(of: chinese ? "状态" : "status"))
            let recognised = try #require(header.firstIndex(of: chinese ? "拟认定" : "recognised"))
            let statuses = Set((1..<csv.recordCount).map { csv.string(record: $0, field: status) })
            let marks = Set((1..<csv.recordCount).map { csv.string(record: $0, field: recognised) })
            #expect(statuses == (chinese ? ["参评", "不具备资格"] : ["ranked", "disqualified"]))
            #expect(marks == (chinese ? ["是", "否"] : ["yes", "no"]))
        }
    }
}

extension PlainWordsTests {
    /// A ratio's and a growth rate's zero denominator share one heading, listed once with both counted.
    @Test func oneHeadingPerWarningName() {
        var diagnostics = Diagnostics()
        diagnostics.warning(file: "a.csv", line: 2, EvaluationMessage.undefinedRatio(denominator: "分母"))
        diagnostics.warning(file: "a.csv", line: 3, EvaluationMessage.undefinedGrowth(previous: "上年"))
        let lines = ConsoleSummary.warnings(diagnostics, language: .zh)
        #expect(lines.filter { $0.contains("无法计算（分母为 0，计 0 分）") }.count == 1, "\(lines)")
        #expect(lines.contains("  无法计算（分母为 0，计 0 分）：2 条"))
        #expect(ConsoleSummary.kindCounts(diagnostics, language: .zh) == ["  无法计算（分母为 0，计 0 分）：2 条"])
    }
}

extension PlainWordsTests {
    static var english: Regex<AnyRegexOutput> {
        try! Regex(
            #"OVERVIEW|USAGE|OPTIONS|ARGUMENTS|SUBCOMMANDS|Show the version|Show help information|\(default:|See '|Error: |Usage: "#
        )
    }

    /// Every command's help reads Chinese throughout by default, headings included; English with --lang en.
    @Test func everyHelpPageIsChineseByDefault() throws {
        let commands = [
            [], ["rank"], ["compare"], ["robustness"], ["explain"], ["feedback"], ["rules"], ["template"], ["form"],
            ["collect"], ["generate"], ["serve"], ["user"], ["user", "add"],
        ]
        for command in commands {
            let zh = try ConsoleLanguageTests.qeval(command + ["--help"])
            #expect(zh.status == 0, "\(command)")
            #expect(zh.stdout.contains("用法：") && zh.stdout.contains("选项："), "\(command): \(zh.stdout)")
            #expect(zh.stdout.firstMatch(of: Self.english) == nil, "\(command): \(zh.stdout)")
            let en = try ConsoleLanguageTests.qeval(command + ["--help"], lang: "en")
            #expect(en.stdout.contains("USAGE:") && en.stdout.contains("Show help information."), "\(command)")
        }
        let robustness = try ConsoleLanguageTests.qeval(["robustness", "--help"])
        #expect(robustness.stdout.contains("（默认："))
    }

    /// The parser's own errors: an unknown option with its suggestion, a missing argument, a bad value.
    @Test func parserErrorsAreChinese() throws {
        let cases: [([String], String)] = [
            (["rank", "--bogus"], "错误：没有选项“--bogus”，是否指“--out”？"),
            (["explain"], "错误：缺少参数 <县名>。"),
            (["rank", "--max-errors", "abc"], "错误：--max-errors <max-errors> 的值“abc”无效。"),
            (["rank", "a.csv", "b.csv"], "错误：多余的参数“b.csv”"),
        ]
        for (arguments, expected) in cases {
            let run = try ConsoleLanguageTests.qeval(arguments)
            #expect(run.status == 64, "\(arguments)")
            #expect(run.stderr.contains(expected), "\(arguments): \(run.stderr)")
            #expect(run.stderr.firstMatch(of: Self.english) == nil, "\(arguments): \(run.stderr)")
            let en = try ConsoleLanguageTests.qeval(arguments, lang: "en")
            #expect(en.stderr.hasPrefix("Error: "), "\(arguments)")
        }
    }
}

extension PlainWordsTests {
    /// A UTF-16 file is named for what Excel calls it, without "little-endian" in the Chinese.
    @Test func unicodeTextIsSaidInChinese() {
        let message = InputMessage.unicodeText(form: "UTF-16 (little-endian)").localized
        #expect(message.zh.hasPrefix("文件是“Unicode 文本”格式（UTF-16 编码"))
        #expect(!message.zh.contains("endian"))
        #expect(message.en.contains("UTF-16 (little-endian)"))
    }
}

extension PlainWordsTests {
    /// One vocabulary for rule kinds: every 计分过程 row and explain line of the sample names its rule as
    /// `qeval rules` and the 权重 sheet do.
    @Test func ruleKindsHaveOneVocabulary() throws {
        let cohort = try RankedCohort.load(input: Fixture.path(BundledFiles.sampleRelative), rulebook: try Fixture.rulebook())
        let explainer = Explainer(evaluation: cohort.evaluation, scoreboard: cohort.scoreboard)
        let names = Set(RuleKindName.examples.map { $0.localized.zh })
        for word in ["有无", "逐项扣分", "阶梯", "评价分"] { #expect(!names.contains(word)) }
        var kinds: Set<String> = []
        for row in 0..<cohort.evaluation.count where cohort.evaluation.isRanked(row) {
            for indicator in explainer.explain(row: row).indicators {
                for part in indicator.rows where part.kind != ExplanationMessage.kindCap.localized.zh {
                    kinds.insert(part.kind)
                    #expect(names.contains(part.kind), "\(part.kind)")
                    #expect(part.line.hasPrefix(part.kind) || part.kind == "功效系数", "\(part.line)")
                }
            }
        }
        #expect(kinds.isSuperset(of: ["是否项", "等级", "清单扣分", "计数", "阈值分档", "功效系数"]), "\(kinds)")
        #expect(Set(cohort.rulebook.indicators.flatMap { $0.kindLabels.components(separatedBy: "、") }).isSubset(of: names))
    }
}

extension PlainWordsTests {
    /// `template --chinese` headers carry units, and a file with that header reads as the keyed sample does.
    @Test func chineseTemplateHeadersCarryUnitsAndReadBack() throws {
        let rulebook = try Fixture.rulebook()
        let header = InputTemplate.make(rulebook, chineseHeaders: true).text
        let population = try #require(rulebook.fields.first { $0.key == "population" })
        #expect(!population.unit.isEmpty)
        #expect(header.contains("\(population.label)（\(population.unit)）"))
        // The sample under that header scores as the sample.
        let sample = try String(contentsOfFile: Fixture.path(BundledFiles.sampleRelative), encoding: .utf8)
        let body = sample.drop { $0 != "\n" }
        let keys = try CSVReader.parse(Array(sample.utf8), file: "s.csv").record(0)
        #expect(keys == rulebook.fields.map(\.key), "the sample lists the fields in the rulebook's order")
        var a = Diagnostics()
        var b = Diagnostics()
        let plain = try InputReader.read(bytes: Array(sample.utf8), file: "s.csv", rulebook: rulebook, diagnostics: &a)
        let labelled = try InputReader.read(
            bytes: Array((header.trimmingCharacters(in: .newlines) + body).utf8), file: "t.csv", rulebook: rulebook,
            diagnostics: &b)
        #expect(plain.values == labelled.values && plain.present == labelled.present)
    }

    /// `--weights` says which indicators it changed, standard → adjusted, by number and name.
    @Test func adjustedIndicatorsAreListed() throws {
        let rulebook = try Fixture.rulebook()
        var points = rulebook.defaultPoints
        let k = try #require(rulebook.indicators.firstIndex { $0.number == 20 })
        points[k] = 10
        let changes = PointsChanges(points: points, rulebook: rulebook).changes
        #expect(changes.count == 1)
        let indicator = rulebook.indicators[k]
        #expect(changes[0].named == "20 \(indicator.shortName)（\(Points.format(indicator.points))→10）")
        #expect(changes[0].short == "20（\(Points.format(indicator.points))→10）")
        #expect(PointsChanges(points: rulebook.defaultPoints, rulebook: rulebook).changes.isEmpty)
    }
}

extension PlainWordsTests {
    /// The 2022 table's provisional points are said on the console and in 说明, in Chinese; 2023 has none.
    @Test func provisionalPointsAreSaidWhereTheScoresAre() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qeval-prov-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let out = dir.appendingPathComponent("r.xlsx")
        let run = try ConsoleLanguageTests.qeval([
            "rank", "data/sample/shandong-2022.csv", "--rules", "data/rules/shandong-2022.yaml", "--out", out.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let notice = try #require((run.stdout + run.stderr).split(separator: "\n").first { $0.hasPrefix("注意：本评价标准") })
        #expect(notice.hasPrefix("注意：本评价标准全部 43 项指标") && notice.contains("暂定") && notice.contains("只供参考"))
        let some = StandardMessage.provisionalNotice(count: 2, numbers: "4、14").localized.zh
        #expect(some.hasPrefix("注意：本评价标准有 2 项指标（4、14）"))
        let about = try XLSXTestReader(url: out).sheet("说明")
        let facts = Dictionary(
            (1..<about.rowCount).map { (about.text($0, 0), about.text($0, 1)) }, uniquingKeysWith: { a, _ in a })
        #expect(facts["暂定口径"] == String(notice))
        let standard = try ConsoleLanguageTests.qeval(["rank", "--out", dir.appendingPathComponent("s.xlsx").path])
        #expect(!(standard.stdout + standard.stderr).contains("暂定"))
    }
}

extension PlainWordsTests {
    /// Robustness on the console in plain words: no 中位排名 or 中心拟认定县, and the columns explained.
    @Test func robustnessSpeaksPlainly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qeval-rob-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let run = try ConsoleLanguageTests.qeval([
            "robustness", "--samples", "200", "--out", dir.appendingPathComponent("r.xlsx").path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("名次中间值") && run.stdout.contains("九成抽样的名次"))
        #expect(run.stdout.contains("名次中间值：一半抽样中名次比它靠前"))
        #expect(run.stdout.contains("按原分值拟认定的 10 个县，平均每次抽样有"))
        #expect(!run.stdout.contains("中位排名") && !run.stdout.contains("中心拟认定"))
    }
}

extension PlainWordsTests {
    /// The 2022 table under the 2023 standard (and the reverse) ends by naming the standard that fits and the
    /// option that selects it; a header with only a couple of wrong columns gets no such hint (issue 24).
    @Test func aHeaderOfAnotherBundledStandardSaysWhichAndHow() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qeval-std-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("r.xlsx").path
        let old = try ConsoleLanguageTests.qeval(["rank", Fixture.path("data/sample/shandong-2022.csv"), "--out", out])
        #expect(old.status == 1)
        let last = old.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("提示：") && last.contains("评价指标（2022）"), "\(last)")
        #expect(last.contains("--rules data/rules/shandong-2022.yaml"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let english = try ConsoleLanguageTests.qeval([
            "rank", Fixture.path("data/sample/shandong-2022.csv"), "--out", out, "--lang", "en",
        ])
        #expect(english.stderr.hasSuffix("Add --rules data/rules/shandong-2022.yaml to the command and run it again.\n"))

        let reverse = try ConsoleLanguageTests.qeval([
            "rank", Fixture.path(BundledFiles.sampleRelative), "--rules", Fixture.path("data/rules/shandong-2022.yaml"),
            "--out", out,
        ])
        #expect(reverse.status == 1)
        #expect(reverse.stderr.contains("--rules data/rules/shandong-2023.yaml"))

        // Two misspelt columns: the errors say which; no other standard is suggested.
        var text = try String(contentsOfFile: Fixture.path(BundledFiles.sampleRelative), encoding: .utf8)
        text = text.replacingOccurrences(of: "i02_model", with: "i02_modle")
            .replacingOccurrences(of: "i07_plan", with: "i07_plna")
        let typo = dir.appendingPathComponent("typo.csv")
        try text.write(to: typo, atomically: true, encoding: .utf8)
        let near = try ConsoleLanguageTests.qeval(["rank", typo.path, "--out", out])
        #expect(near.status == 1)
        #expect(!near.stderr.contains("提示："), "\(near.stderr)")
    }
}

extension PlainWordsTests {
    /// 备注 and the like are remarks: kept, shown in 原始数据 (and read back from it), never scored, said on
    /// the console; a long header ending in 说明 is still an unknown column (issue 24).
    @Test func remarksColumnsAreKeptShownAndNeverScored() throws {
        #expect(NoteColumn.isNote("备注") && NoteColumn.isNote(" 审核备注 ") && NoteColumn.isNote("情况说明"))
        #expect(NoteColumn.isNote("Remarks") && NoteColumn.isNote("附注") && NoteColumn.isNote("备注1"))
        #expect(!NoteColumn.isNote("县里对这一项数据来源的补充说明") && !NoteColumn.isNote("说明书数量") && !NoteColumn.isNote("gdp"))

        let rulebook = try Fixture.rulebook()
        let sample = try String(contentsOfFile: Fixture.path(BundledFiles.sampleRelative), encoding: .utf8)
        var lines = sample.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        lines[0] += ",备注,审核说明"
        for i in 1..<lines.count { lines[i] += i == 2 ? ",\"经费含上级转移支付，见附件3\"," : ",," }
        lines[3] = lines[3].dropLast(2) + ",,已电话核实"
        var diagnostics = Diagnostics()
        let table = try InputReader.read(
            bytes: Array(lines.joined(separator: "\n").utf8), file: "备注.csv", rulebook: rulebook, diagnostics: &diagnostics)
        #expect(table.notes.map(\.header) == ["备注", "审核说明"])
        // Data row 1 (line 3) has the 备注, row 2 (line 4) the 审核说明.
        #expect(table.notes[0].values[1] == "经费含上级转移支付，见附件3" && table.notes[0].values[0] == "")
        #expect(table.notes[1].values[2] == "已电话核实" && table.notes[0].values[2] == "")
        let note = try #require(diagnostics.warnings.first { $0.kind == "noteColumnsKept" })
        #expect(note.render(.zh).contains("“备注”、“审核说明”列是备注") && note.render(.zh).contains("不参与计分"))
        #expect(WarningKind.name("noteColumnsKept").zh == "备注列（保留显示，不计分）")

        // The same scores as without the remarks.
        let with = RankedCohort(evaluation: Evaluator.evaluate(table, rulebook: rulebook, diagnostics: diagnostics))
        let without = try RankedCohort.load(input: Fixture.path(BundledFiles.sampleRelative), rulebook: rulebook)
        #expect(with.scoreboard.totals == without.scoreboard.totals)

        // Shown in 原始数据 under their own header, and read back from it as remarks again.
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("r.xlsx")
        let book = try WorkbookFixture.write(with, to: url)
        let raw = try book.sheet("原始数据")
        let header = raw.row(0)
        let column = try #require(header.firstIndex(of: "备注"))
        #expect(header.last == "审核说明")
        let row = 2 + with.ranking.order.firstIndex(of: 1)!
        #expect(raw.text(row, column) == "经费含上级转移支付，见附件3")
        var again = Diagnostics()
        let back = try InputReader.read(
            bytes: [UInt8](try Data(contentsOf: url)), file: "r.xlsx", rulebook: rulebook, diagnostics: &again)
        #expect(back.notes.map(\.header) == ["备注", "审核说明"])
        let same = try #require(back.county.indices.first { back.name($0) == table.name(1) })
        #expect(back.notes[0].values[same] == "经费含上级转移支付，见附件3")

        // A long header ending in 说明 is not taken for remarks: it is an unknown column, as before.
        var long = lines
        long[0] = long[0].replacingOccurrences(of: ",审核说明", with: ",县里对这一项数据来源的补充说明")
        var ignored = Diagnostics()
        #expect(throws: InputError.self) {
            _ = try InputReader.read(
                bytes: Array(long.joined(separator: "\n").utf8), file: "x.csv", rulebook: rulebook, diagnostics: &ignored)
        }
    }
}

extension PlainWordsTests {
    /// compare of two data sets lists the changed inputs on the console, with the indicator score each moved
    /// (issue 24), and the 数据变化 sheet holds them all.
    @Test func compareOfTwoDataSetsNamesTheChangedInputs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qeval-cmp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let rulebook = try Fixture.rulebook()
        let sample = Fixture.path(BundledFiles.sampleRelative)
        let a = try RankedCohort.load(input: sample, rulebook: rulebook)
        // B: the first county's 自愿性认证覆盖率 lowered by hand, the second's 动员部署大会 emptied.
        var records = CompareTests.records(try String(contentsOfFile: sample, encoding: .utf8))
        let header = records[0].map { $0.replacingOccurrences(of: "\u{FEFF}", with: "") }
        let coverage = try #require(header.firstIndex(of: "i20_voluntary_cert_coverage"))
        let mobilization = try #require(header.firstIndex(of: "i07_mobilization"))
        let before = records[1][coverage]
        records[1][coverage] = "12"
        let emptied = records[2][mobilization]
        records[2][mobilization] = ""
        var out = CSVOutput()
        out.header(header)
        for r in records.dropFirst() { out.append(r.map { $0.isEmpty ? .empty : .formatted(CSVReader.quote($0)) }) }
        let b = dir.appendingPathComponent("b.csv")
        try out.write(to: b.path)
        let run = try ConsoleLanguageTests.qeval([
            "compare", sample, b.path, "--out", dir.appendingPathComponent("c.xlsx").path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("两份数据有 2 个填报值不同，涉及 2 个县（市、区），全部列在工作簿“数据变化”表中："))
        let first = a.evaluation.table.name(0)
        #expect(run.stdout.contains("  \(first)：自愿性认证覆盖率（%） \(Points.format(Double(before)!)) → 12"), "\(run.stdout)")
        #expect(run.stdout.contains("（未填）"))
        #expect(!emptied.isEmpty)

        let comparison = Comparison(
            a: a, b: try RankedCohort.load(input: b.path, rulebook: rulebook), nameA: "a", nameB: "b")
        let changed = try #require(comparison.inputChanges.first { $0.key == "i20_voluntary_cert_coverage" })
        let k = try #require(rulebook.indicators.firstIndex { $0.number == 20 })
        #expect(changed.indicator == 20)
        #expect(changed.scoreA == comparison.a.scoreboard.scores[k][0])
        #expect(changed.scoreB == comparison.b.scoreboard.scores[k][0])
        #expect(changed.scoreA != changed.scoreB)
    }
}

extension PlainWordsTests {
    /// Help placeholders read Chinese (<申报数据>, <县名>, <选项>), the descriptions still in their column;
    /// English keeps the parser's names (the guide walk, issue 24).
    @Test func helpPlaceholdersAreChineseAndAligned() throws {
        let zh = try ConsoleLanguageTests.qeval(["explain", "--help"]).stdout
        // With --panel the options are many: the parser folds them into <选项>.
        #expect(zh.contains("用法：qeval explain [<选项>] <县名> [<申报数据>]"))
        #expect(zh.contains("--panel <文件或文件夹>"))
        #expect(!zh.contains("<county>") && !zh.contains("<input>"))
        let lines = zh.split(separator: "\n").map(String.init)
        func column(_ prefix: String) -> Int? {
            guard let line = lines.first(where: { $0.hasPrefix(prefix) }) else { return nil }
            // The display column where the description starts (after the label and a run of two or more
            // spaces; a CJK character is two wide).
            let body = line.dropFirst(2)
            guard let gap = body.range(of: "  ") else { return nil }
            let start = body[gap.lowerBound...].firstIndex { $0 != " " } ?? body.endIndex
            return 2
                + line[line.index(line.startIndex, offsetBy: 2)..<start].unicodeScalars.reduce(0) {
                    $0 + ($1.value > 0x2E80 ? 2 : 1)
                }
        }
        #expect(column("  <县名>") == column("  --city <city>"), "\(zh)")
        let en = try ConsoleLanguageTests.qeval(["explain", "--help"], lang: "en").stdout
        #expect(en.contains("USAGE: qeval explain [<options>] <county> [<input>]"))
    }
}
