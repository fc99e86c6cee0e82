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

@Suite struct CompareTests {
    static func row(_ comparison: Comparison, _ county: String) throws -> Comparison.Row {
        try #require(comparison.rows.first { $0.county == county })
    }

    /// CSV text → records: a minimal RFC 4180 reader (quoted fields, doubled quotes), independent of libcsv.
    static func records(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var field = ""
        var record: [String] = []
        var quoted = false
        var chars = Array(text.replacingOccurrences(of: "\u{FEFF}", with: ""))[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        field.append("\"")
                        chars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field)
                field = ""
            } else if c == "\n" || c == "\r\n" {
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { records.append(record + [field]) }
        return records
    }

    @Test func comparingAScenarioWithItselfChangesNothing() throws {
        let a = try SmallCohort.cohort()
        let comparison = Comparison(a: a, b: a, nameA: "标准分值", nameB: "标准分值")
        #expect(comparison.rows.count == 7)
        for r in comparison.rows {
            #expect(r.rankA == r.rankB)
            if r.rankA != nil {
                #expect(r.rankChange == 0 && r.totalChange == 0 && r.arrow == "—")
                #expect(zip(r.scoresA!, r.scoresB!).allSatisfy { $0 == $1 })
            } else {
                #expect(r.rankChange == nil && r.arrow == "—" && r.statusA.hasPrefix("不具备资格"))
            }
        }
        #expect(comparison.entering.isEmpty && comparison.leaving.isEmpty)
        #expect(comparison.summary.moved == 0 && comparison.summary.largestMove == 0)

        let csv = Self.records(comparison.csv().text)
        let changes = csv.dropFirst().filter { !$0[3].isEmpty }
        #expect(changes.count == 5)
        #expect(changes.allSatisfy { $0[5] == "0" && $0[8] == "0" })

        let dir = try WorkbookFixture.temporaryDirectory()

        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("c.xlsx")
        try ComparisonWorkbook(comparison: comparison, toolVersion: qevalVersion).write(to: url.path)
        let book = try XLSXTestReader(url: url)
        let main = try book.sheet("对比")
        #expect((1...5).allSatisfy { main.text($0, 5) == "—" && main.number($0, 8) == 0 })
        let indicators = try book.sheet("指标差异")
        for r in 2..<7 { #expect((2..<45).allSatisfy { indicators.number(r, $0) == 0 }, "row \(r)") }
        #expect(try book.sheet("前10名变化").text(1, 0) == "前10名（拟认定）名单没有变化")
    }

    /// Indicator 1 → 5 points and 20 → 0 (see WeightsTests.aReweightingWorkedOutByHand):
    ///
    /// | county | total A | total B | change | rank A | rank B | rank change |
    /// | 甲县    | 7       | 8       | +1     | 1      | 1      | 0           |
    /// | 乙县    | 4.7     | 6.5     | +1.8   | 2      | 2      | 0           |
    /// | 己县    | 4.7     | 6.5     | +1.8   | 2      | 2      | 0           |
    /// | =1+1   | 3.6     | 5       | +1.4   | 5      | 4      | +1 (▲1)     |
    /// | 丙县    | 4.6     | 3       | −1.6   | 4      | 5      | −1 (▼1)     |
    @Test func aReweightingComparedByHand() throws {
        let a = try SmallCohort.cohort()
        var points = a.scoreboard.points
        points[0] = 5
        points[19] = 0
        let b = RankedCohort(evaluation: a.evaluation, points: points, weightsSource: "调整权重文件：b.csv")
        let comparison = Comparison(a: a, b: b, nameA: "标准分值", nameB: "b.csv")
        let expected: [(String, Double, Double, Int, Int, String)] = [
            ("甲县", 7, 8, 1, 1, "—"), ("乙县", 4.7, 6.5, 2, 2, "—"), ("己县", 4.7, 6.5, 2, 2, "—"),
            ("=1+1", 3.6, 5, 5, 4, "▲1"), ("丙县", 4.6, 3, 4, 5, "▼1"),
        ]
        // Rows follow B's order.
        #expect(comparison.rows.map(\.county) == ["甲县", "乙县", "己县", "=1+1", "丙县", "丁县", "戊县"])
        for (county, totalA, totalB, rankA, rankB, arrow) in expected {
            let r = try Self.row(comparison, county)
            #expect(close(r.totalA!, totalA) && close(r.totalB!, totalB), "\(county)")
            #expect(close(r.totalChange!, totalB - totalA))
            #expect(r.rankA == rankA && r.rankB == rankB && r.rankChange == rankA - rankB)
            #expect(r.arrow == arrow)
            // Per-indicator differences: only 1 and 20 move, by (5 − 2)·share₁ and (0 − 2)·share₂₀.
            let d = zip(r.scoresA!, r.scoresB!).map { $1 - $0 }
            #expect(d.indices.filter { abs(d[$0]) > 1e-12 }.allSatisfy { $0 == 0 || $0 == 19 })
        }
        #expect(close(try Self.row(comparison, "丙县").scoresB![19] - Self.row(comparison, "丙县").scoresA![19], -1.6))
        #expect(comparison.summary.moved == 2 && comparison.summary.largestMove == 1)

        let dir = try WorkbookFixture.temporaryDirectory()

        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("c.xlsx")
        try ComparisonWorkbook(comparison: comparison, toolVersion: qevalVersion).write(to: url.path)
        let book = try XLSXTestReader(url: url)
        // One data set under two sets of points: one list of its problems.
        #expect(book.sheetNames == ["对比", "前10名变化", "指标差异", "排名变化图", "数据问题", "说明"])
        let main = try book.sheet("对比")
        #expect(
            Array(main.row(0).prefix(9)) == ["县（市、区）", "所属地级市", "梯队", "排名 A", "排名 B", "排名变化", "总分 A", "总分 B", "总分变化"])
        #expect(main.text(4, 0) == "=1+1" && main.cell(4, 0)?.type == "inlineStr" && main.cell(4, 0)?.formula == nil)
        #expect(main.text(4, 5) == "▲1" && main.text(5, 5) == "▼1")
        #expect(close(main.number(5, 8) ?? .nan, -1.6))
        // ▲ green and ▼ red: the cells' own font colours, and text rules that keep them after sorting.
        #expect(main.conditionalFormats.filter { $0.type == "containsText" }.compactMap(\.text).sorted() == ["▲", "▼"])
        let indicators = try book.sheet("指标差异")
        #expect(indicators.text(0, 2) == "2→5" && indicators.text(0, 21) == "2→0" && indicators.text(0, 3) == "3")
        #expect(close(indicators.number(6, 21) ?? .nan, -1.6))  // 丙县 (row 7), indicator 20
        let chart = try book.sheet("排名变化图")
        #expect(chart.charts.count == 1)
        #expect(chart.charts.first?.first("barDir")?["val"] == "bar")
        #expect(chart.charts.first?.first("catAx")?.first("orientation")?["val"] == "maxMin")  // B's first at the top
        #expect(chart.charts.first?.first("catAx")?.first("tickLblPos")?["val"] == "low")  // clear of negative bars
        for name in book.sheetNames {
            let sheet = try book.sheet(name)
            #expect(sheet.pageSetup["orientation"] == "landscape" && sheet.fitToPage, "\(name)")
            #expect(sheet.footer.contains("&P"), "\(name)")
        }
        #expect(chart.number(4, 1) == 1 && chart.number(5, 1) == -1)
        let about = try book.sheet("说明")
        let facts = Dictionary(uniqueKeysWithValues: (1..<about.rowCount).map { (about.text($0, 0), about.text($0, 1)) })
        #expect(facts["方案 A"] == "标准分值" && facts["方案 B"] == "b.csv")
        #expect(facts["方案 B 权重"] == "调整权重文件：b.csv，满分 101（与标准满分 100 不同）；已调整：1（2→5）、20（2→0）")
        #expect(facts["方案 A 权重"] == "评价标准默认分值，满分 100")
    }

    /// Top 2 (recognition count 2). A: 甲 1, 乙 and 己 tied 2 → 甲, 乙, 己 proposed.
    /// B: indicator 2 → 10 points: 甲 2 + 10 + 2 = 14, 丙 0 + 10 + 1.6 = 11.6, 乙 = 己 = 2 + 5 + 1.2 = 8.2,
    /// =1+1 3.6 → 甲 1, 丙 2 proposed. 丙 enters; 乙 and 己 leave.
    @Test func enteringAndLeavingTheTopN() throws {
        let a = try SmallCohort.cohort(recognition: 2)
        var points = a.scoreboard.points
        points[1] = 10
        let b = RankedCohort(evaluation: a.evaluation, points: points)
        #expect(close(b.scoreboard.totals[Fixture.row(b, "丙县")], 11.6))
        let comparison = Comparison(a: a, b: b, nameA: "A", nameB: "B")
        #expect(comparison.topN == 2)
        #expect(comparison.entering.map(\.county) == ["丙县"])
        #expect(comparison.leaving.map(\.county).sorted() == ["乙县", "己县"].sorted())

        let dir = try WorkbookFixture.temporaryDirectory()

        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("c.xlsx")
        try ComparisonWorkbook(comparison: comparison, toolVersion: qevalVersion).write(to: url.path)
        let top = try XLSXTestReader(url: url).sheet("前2名变化")
        #expect(top.row(1).prefix(5) == ["进入前2名", "丙县", "枣庄市", "4", "2"])
        #expect(Set([top.text(2, 1), top.text(3, 1)]) == ["乙县", "己县"])
        #expect(top.text(2, 0) == "退出前2名" && top.text(3, 0) == "退出前2名")
    }

    @Test func csvHasTheIssuesColumnsAndNeutralisesFormulaText() throws {
        let a = try SmallCohort.cohort()
        var points = a.scoreboard.points
        points[0] = 5
        points[19] = 0
        let b = RankedCohort(evaluation: a.evaluation, points: points)
        let csv = Self.records(Comparison(a: a, b: b, nameA: "A", nameB: "B").csv().text)
        #expect(
            Array(csv[0].prefix(9)) == [
                "county", "city", "tier", "rank_a", "rank_b", "rank_change", "total_a", "total_b", "total_change",
            ])
        let byCounty = Dictionary(uniqueKeysWithValues: csv.dropFirst().map { ($0[0], $0) })
        let bing = try #require(byCounty["丙县"])
        #expect(bing[1] == "枣庄市" && bing[2] == "第三梯队" && bing[3] == "4" && bing[4] == "5" && bing[5] == "-1")
        #expect(close(Double(bing[6])!, 4.6) && close(Double(bing[7])!, 3) && close(Double(bing[8])!, -1.6))
        let formula = try #require(byCounty["'=1+1"])
        #expect(formula[5] == "1")
        let vetoed = try #require(byCounty["丁县"])
        #expect(vetoed[3].isEmpty && vetoed[4].isEmpty && vetoed[5].isEmpty && vetoed[8].isEmpty)
    }

    /// Two data sets: 丙 only in A, 己 only in B, 戊 fails a prerequisite in A and passes in B. Each side's
    /// ranks are its own cohort's, computed separately.
    @Test func twoDataSetsWithCountiesInOnlyOneOfThem() throws {
        let rowsA = SmallCohort.rows.filter { $0["county"] != "己县" }
        let rowsB = SmallCohort.rows.filter { $0["county"] != "丙县" }.map { row -> [String: String] in
            var row = row
            if row["county"] == "戊县" { row["pre_star3_share"] = "20" }
            return row
        }
        let a = try Fixture.cohort(rowsA)
        let b = try Fixture.cohort(rowsB)
        let comparison = Comparison(a: a, b: b, nameA: "2023.csv", nameB: "2024.csv")
        #expect(comparison.rows.count == 7)  // 甲 乙 丙 =1+1 丁 戊 己
        let ji = try Self.row(comparison, "己县")
        #expect(!ji.inA && ji.inB && ji.rankA == nil && ji.rankB == b.ranking.rank[Fixture.row(b, "己县")])
        #expect(ji.arrow == "新参评" && ji.statusA == "不在此数据中" && ji.totalChange == nil)
        let bing = try Self.row(comparison, "丙县")
        #expect(bing.inA && !bing.inB && bing.rankB == nil && bing.arrow == "未参评" && bing.statusB == "不在此数据中")
        #expect(comparison.rows.last?.county == "丙县")  // after B's counties
        let wu = try Self.row(comparison, "戊县")
        #expect(wu.rankA == nil && wu.rankB != nil && wu.arrow == "取得资格")
        #expect(wu.statusA.hasPrefix("不具备资格：前置指标未达标"))
        let ding = try Self.row(comparison, "丁县")
        #expect(ding.rankA == nil && ding.rankB == nil && ding.arrow == "—")
        for county in ["甲县", "乙县", "=1+1"] {
            let r = try Self.row(comparison, county)
            #expect(r.rankA == a.ranking.rank[Fixture.row(a, county)])
            #expect(r.rankB == b.ranking.rank[Fixture.row(b, county)])
            #expect(r.totalA == a.scoreboard.totals[Fixture.row(a, county)])
            #expect(r.totalB == b.scoreboard.totals[Fixture.row(b, county)])
        }
        // The reverse comparison mirrors every arrow.
        let reverse = Comparison(a: b, b: a, nameA: "2024.csv", nameB: "2023.csv")
        #expect(try Self.row(reverse, "己县").arrow == "未参评")
        #expect(try Self.row(reverse, "丙县").arrow == "新参评")
        #expect(try Self.row(reverse, "戊县").arrow == "失去资格")
        // The one input that differs for a county in both data sets, named with its values (issue 24); 丙 and
        // 己 are in one data set only, so they have no changed inputs.
        #expect(comparison.inputChanges.count == 1)
        let change = try #require(comparison.inputChanges.first)
        #expect(change.name == "戊县（临沂市）" || change.county == "戊县")
        #expect(change.key == "pre_star3_share" && change.valueA == "10" && change.valueB == "20" && change.unit == "%")
        #expect(change.indicator == nil && change.scoreA == nil && change.scoreB == nil)

        let dir = try WorkbookFixture.temporaryDirectory()

        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("c.xlsx")
        try ComparisonWorkbook(comparison: comparison, toolVersion: qevalVersion).write(to: url.path)
        let changes = try XLSXTestReader(url: url).sheet("数据变化")
        #expect(Array(changes.row(0).prefix(7)) == ["县（市、区）", "所属地级市", "填报项", "字段代码", "单位", "A 的值", "B 的值"])
        #expect(changes.text(1, 0) == "戊县" && changes.text(1, 3) == "pre_star3_share")
        #expect(changes.text(1, 5) == "10" && changes.text(1, 6) == "20" && changes.text(1, 7) == "—")
        #expect(changes.text(2, 0) == "")
        let main = try XLSXTestReader(url: url).sheet("对比")
        let arrows = Dictionary(uniqueKeysWithValues: (1...7).map { (main.text($0, 0), main.text($0, 5)) })
        #expect(arrows["己县"] == "新参评" && arrows["丙县"] == "未参评" && arrows["戊县"] == "取得资格")
        // Where a scenario has no rank or total, the cell says "—" instead of a number (columns 3–4 ranks,
        // 6–7 totals, 8 total change).
        let rowOf = Dictionary(uniqueKeysWithValues: (1...7).map { (main.text($0, 0), $0) })
        let bingRow = try #require(rowOf["丙县"])
        #expect(main.number(bingRow, 3) == Double(try #require(bing.rankA)))
        #expect([4, 7, 8].allSatisfy { main.text(bingRow, $0) == "—" })
        let jiRow = try #require(rowOf["己县"])
        #expect([3, 6, 8].allSatisfy { main.text(jiRow, $0) == "—" })
        #expect(main.number(jiRow, 4) == Double(try #require(ji.rankB)))
        let dingRow = try #require(rowOf["丁县"])
        #expect([3, 4, 6, 7, 8].allSatisfy { main.text(dingRow, $0) == "—" })
    }

    /// Arguments that do not make one of the two forms are refused before anything is read or written.
    @Test func argumentsOutsideTheTwoFormsAreRefused() throws {
        let f = try WeightsTests.files(weights: "indicator,points\n1,5\n")
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let out = f.dir.appendingPathComponent("c.xlsx").path
        let before = try FileManager.default.contentsOfDirectory(atPath: f.dir.path).sorted()
        for arguments in [
            ["compare", f.input, "--out", out],  // one input without --weights
            ["compare", f.input, f.input, "--base-weights", f.weights, "--out", out],  // --base-weights with two
            ["compare", f.input, f.input, f.input, "--out", out],
        ] {
            let result = try CLI.run(arguments)
            #expect(result.status != 0 && result.stderr.hasPrefix("error:"), "\(arguments): \(result.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: f.dir.path).sorted() == before)
        }
    }

    /// Long paths as scenario names: the page header carries the file names the command line gives as
    /// titles, the paths go to 说明. (A name is never cut at a "/" by the workbook itself: a scenario named
    /// "2024/调整" is no path — HostileRequestTests.)
    @Test func longScenarioPathsStillWriteTheWorkbook() throws {
        let a = try SmallCohort.cohort()
        let folder = "/" + String(repeating: "很长的文件夹名称", count: 20) + "/"
        let comparison = Comparison(
            a: a, b: a, nameA: folder + "2023.csv", nameB: folder + "2024.csv", titleA: "2023.csv", titleB: "2024.csv")
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("c.xlsx")
        try ComparisonWorkbook(comparison: comparison, toolVersion: qevalVersion).write(to: url.path)
        let book = try XLSXTestReader(url: url)
        #expect(try book.sheet("对比").header.hasSuffix("（A：2023.csv；B：2024.csv）"))
        #expect(try book.sheet("说明").text(3, 1) == folder + "2023.csv")
    }

    @Test func theCommandLineWritesTheWorkbookAndTheCSVForBothForms() throws {
        let f = try WeightsTests.files(weights: "指标,分值\n1,5\n20,0\n")
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let out = f.dir.appendingPathComponent("c.xlsx").path
        let csv = f.dir.appendingPathComponent("c.csv").path
        let reweighted = try CLI.run(["compare", f.input, "--weights", f.weights, "--out", out, "--csv", csv])
        #expect(reweighted.status == 0, "\(reweighted.stderr)")
        #expect(reweighted.stderr.contains("scenario B's points add up to 101"))
        #expect(reweighted.stdout.contains("2 changed rank, largest move 1"))
        let rows = Self.records(try String(contentsOfFile: csv, encoding: .utf8))
        #expect(rows.count == 8)
        #expect(rows.first { $0[0] == "丙县" }?[5] == "-1")
        // The runner speaks English: the workbook is the English one.
        #expect(try XLSXTestReader(path: out).sheetNames.first == "Comparison")

        // Two data sets: the same file twice changes nothing.
        let same = f.dir.appendingPathComponent("same.csv").path
        try FileManager.default.copyItem(atPath: f.input, toPath: same)
        let out2 = f.dir.appendingPathComponent("c2.xlsx").path
        let csv2 = f.dir.appendingPathComponent("c2.csv").path
        let twoFiles = try CLI.run(["compare", f.input, same, "--out", out2, "--csv", csv2])
        #expect(twoFiles.status == 0, "\(twoFiles.stderr)")
        #expect(twoFiles.stdout.contains("0 changed rank"))
        #expect(twoFiles.stdout.contains("every county's input values are the same in both data sets."))
        // Each data set's problems are counted on the console and listed in the workbook.
        for file in [f.input, same] { #expect(twoFiles.stdout.contains("\(file): "), "\(twoFiles.stdout)") }
        #expect(
            try XLSXTestReader(path: out2).sheetNames.filter { $0.hasPrefix("Data problems of scenario") }.count == 2)
        let rows2 = Self.records(try String(contentsOfFile: csv2, encoding: .utf8)).dropFirst()
        #expect(rows2.count == 7 && rows2.filter { !$0[5].isEmpty }.allSatisfy { $0[5] == "0" && $0[8] == "0" })
        let about = try XLSXTestReader(path: out2).sheet("About")
        let facts = Dictionary(uniqueKeysWithValues: (1..<about.rowCount).map { (about.text($0, 0), about.text($0, 1)) })
        #expect(facts["Scenario A"] == f.input && facts["Scenario B"] == same)
    }
}
