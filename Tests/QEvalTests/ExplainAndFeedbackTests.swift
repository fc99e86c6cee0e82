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

/// `qeval explain` (name lookup, the standing and the recognition line) and `qeval feedback` (one workbook per
/// applicant whose figures equal the ranked workbook's).
@Suite struct ExplainAndFeedbackTests {
    // MARK: Finding a county

    @Test func ambiguousNameAsksForTheCity() throws {
        let c = try SK.cohort([
            SK.row("市中区", "济南"), SK.row("市中区", "枣庄"), SK.row("历下区", "济南"),
        ])
        let table = c.evaluation.table
        guard case .failure(let error) = CountyLookup.find("市中区", in: table) else {
            Issue.record("an ambiguous name must not pick one")
            return
        }
        #expect(error.text == "“市中区”不止一个，分属 济南、枣庄。请用 --city 指定所属地级市，例如 --city 济南。")
        #expect(try CountyLookup.find("市中区", city: "枣庄市", in: table).get() == 1)
        #expect(try CountyLookup.find("市中区", city: "济南", in: table).get() == 0)
        guard case .failure(let wrongCity) = CountyLookup.find("市中区", city: "青岛", in: table) else {
            Issue.record("a city without that name must say so")
            return
        }
        #expect(wrongCity.text == "青岛没有“市中区”；“市中区”所属的地级市：济南、枣庄。")
    }

    @Test func unknownNameSuggestsTheNearest() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南"), SK.row("历城区", "济南"), SK.row("市中区", "济南"), SK.row("市中区", "枣庄"),
            SK.row("莒县", "日照"),
        ])
        let table = c.evaluation.table
        guard case .failure(let error) = CountyLookup.find("历下县", in: table) else {
            Issue.record("an unknown name must not pick one")
            return
        }
        // 历下县 → 历下区 (1 change), 历城区 (2 changes, within half of 3 characters rounded down? no: 2 > 1).
        #expect(error.text == "输入文件中没有“历下县”。是否要找：历下区？")
        guard case .failure(let partial) = CountyLookup.find("市中", in: table) else {
            Issue.record("a partial name must not pick one")
            return
        }
        // Names containing the query come first; repeated names carry their city.
        #expect(partial.text == "输入文件中没有“市中”。是否要找：市中区（枣庄）、市中区（济南）？")
        guard case .failure(let none) = CountyLookup.find("某某某某县", in: table) else {
            Issue.record("a name far from all must not pick one")
            return
        }
        #expect(none.text == "输入文件中没有“某某某某县”，也没有相近的名称；请核对县（市、区）名称。")
        #expect(EditDistance.between(Array("历下县"), Array("历城区")) == 2)
    }

    // MARK: The standing

    @Test func standingAgainstTheRecognitionLine() throws {
        // SmallCohort with 2 recognised: ranks 甲 7 (1), 乙 4.7 (2), 己 4.7 (2), 丙 4.6 (4), =1+1 3.6 (5).
        // Ranks 1 and 2 (three counties) are recognised; the line is the last recognised total, 4.7.
        let c = try SmallCohort.cohort(recognition: 2)
        let jia = Standing(c, row: Fixture.row(c, "甲县"))
        #expect(jia.recognised && close(jia.gap!, 2.3))
        #expect(jia.lineText == "拟认定：高于认定线 2.30 分（认定线为第 2 名的总分 4.70）")
        let bing = Standing(c, row: Fixture.row(c, "丙县"))
        #expect(!bing.recognised && close(bing.gap!, -0.1))
        #expect(bing.lineText == "未进入拟认定：低于认定线 0.10 分（认定线为第 2 名的总分 4.70）")
        #expect(bing.status == "距认定线 0.10 分")
        #expect(bing.tierName == "第三梯队" && bing.tierRank == 2 && bing.tierRanked == 3)
        #expect(Standing(c, row: Fixture.row(c, "丁县")).status == "不具备资格")
    }

    @Test func explainReportListsEveryIndicatorWithItsArithmetic() throws {
        let c = try SmallCohort.cohort()
        let text = ExplainReport.render(c, row: Fixture.row(c, "丙县"))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "丙县（枣庄市，第三梯队）")
        #expect(lines[1] == "总分 4.60 / 100")
        #expect(lines[2] == "全省第 4 名（共 5 个参评），第三梯队第 2 名（共 3 个）")
        // all five ranked are within the top 10: the line is =1+1's 3.6
        #expect(lines[3] == "拟认定：高于认定线 1.00 分（认定线为第 5 名的总分 3.60）")
        let indicators = lines.filter { $0.first?.isNumber == true }
        #expect(indicators.count == c.rulebook.indicators.count)
        // 20: x = 70, min 50, max 90 → d = 80 → 1.6; 失分 0.4
        let i20 = try #require(lines.firstIndex { $0.hasPrefix("20. ") })
        #expect(lines[i20].hasSuffix("得分 1.60 / 2，失分 0.40"))
        #expect(lines[i20 + 1].contains("x = 70（全体最小 50、最大 90，共 5 个）→ d = 60 + 40 × (70 − 50) ÷ (90 − 50) = 80.00"))
        let disqualified = ExplainReport.render(c, row: Fixture.row(c, "戊县"))
        #expect(disqualified.contains("不具备资格，不计分、不排名：前置指标未达标："))
    }

    // MARK: Feedback workbooks

    @Test func fileNamesCarryRankAndCityWhereNamesRepeat() throws {
        let c = try SK.cohort([
            SK.row("市中区", "济南", ["i01_slogan": "是"]), SK.row("市中区", "枣庄"), SK.row("甲/县", "济南"),
            SK.row("乙县", "济南", ["veto_safety": "是"]),
        ])
        let names = FeedbackSet.fileNames(c).map(\.name)
        #expect(names == ["1-市中区-济南.xlsx", "2-市中区-枣庄.xlsx", "2-甲_县.xlsx", "不具备资格-乙县.xlsx"])
    }

    @Test func feedbackWorkbooksEqualTheRankedWorkbook() throws {
        let cohort = try WorkbookFixture.sample
        let dir = try WorkbookFixture.temporaryDirectory("qeval-feedback")
        defer { try? FileManager.default.removeItem(at: dir) }
        let ranked = try WorkbookFixture.write(cohort, to: dir.appendingPathComponent("ranked.xlsx"))
        let scores = try ranked.sheet("指标得分")
        let overall = try ranked.sheet("总排名")
        let folder = dir.appendingPathComponent("feedback")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var progress: [Int] = []
        let paths = try FeedbackSet.write(cohort, to: folder.path) { done, _ in progress.append(done) }
        #expect(paths.count == cohort.evaluation.count)
        #expect(progress == Array(1...cohort.evaluation.count))
        let indicators = cohort.rulebook.indicators
        for (i, path) in paths.enumerated() {
            let book = try XLSXTestReader(path: path)
            #expect(book.sheetNames == ["评价结果", "计分过程"])
            let sheet = try book.sheet("评价结果")
            #expect(sheet.pageSetup["orientation"] == "portrait" && sheet.pageSetup["paperSize"] == "9")
            let row = cohort.ranking.order[i]
            // The ranked workbook lists applicants in the same order: row i + 1 of 总排名, i + 3 of 指标得分.
            #expect(sheet.text(2, 1) == overall.text(i + 1, 1) && sheet.text(3, 1) == overall.text(i + 1, 2))
            guard cohort.evaluation.isRanked(row) else {
                #expect(sheet.text(1, 1) == "—")
                #expect(sheet.text(5, 1) == "不具备资格")
                #expect(sheet.text(6, 0) == "原因" && sheet.text(6, 1) == cohort.evaluation.disqualifications[row][0].text)
                #expect(try book.sheet("计分过程").text(2, 14).hasPrefix("不具备资格："))
                continue
            }
            #expect(cached(sheet.number(1, 1), overall.number(i + 1, 4)!))
            // The indicator table: heading at row 11, header 12, indicators from 13.
            for k in indicators.indices {
                let r = FeedbackWorkbook.firstTableRow + 2 + k
                #expect(sheet.number(r, 0) == Double(indicators[k].number))
                let expected = try #require(
                    scores.number(RankingWorkbook.matrixHeaderRows + i, RankingWorkbook.matrixFirstColumn + k))
                #expect(cached(sheet.number(r, 2), expected), "\(path) indicator \(indicators[k].number)")
                #expect(cached(sheet.number(r, 4), cohort.scoreboard.points[k] - expected))
            }
            // Its 计分过程 rows add up to its indicator scores.
            let process = try book.sheet("计分过程")
            var sums = [Double](repeating: 0, count: indicators.count)
            var r = 2
            while !process.text(r, 0).isEmpty {
                let k = indicators.firstIndex { Double($0.number) == process.number(r, 2) }!
                sums[k] += process.number(r, 13) ?? 0
                r += 1
            }
            for k in indicators.indices { #expect(abs(sums[k] - cohort.scoreboard.scores[k][row]) <= 1e-9) }
        }
    }

    @Test func tierSummaryByHand() throws {
        // SmallCohort, 第三梯队 ranked: 丙 (20: 1.6), =1+1 (1.6), 己 (1.2) → mean 4.4/3, best 1.6.
        let c = try SmallCohort.cohort()
        let summary = TierSummary(c)
        let t = try #require(c.rulebook.tiers.firstIndex { $0.name == "第三梯队" })
        let k = try #require(c.rulebook.indicators.firstIndex { $0.number == 20 })
        #expect(close(summary.mean[t][k]!, 4.4 / 3))
        #expect(close(summary.best[t][k]!, 1.6))
        // 认证 (19, 20 — 4 points): 丙 has 1.6 of 4 = 0.4.
        let s = summary.subcategoryOf[k]
        let points = c.rulebook.indicators.indices.filter { summary.subcategoryOf[$0] == s }.reduce(0.0) {
            $0 + c.scoreboard.points[$1]
        }
        #expect(close(summary.rate(c, row: Fixture.row(c, "丙县"), subcategory: s), 1.6 / points))
    }
}
