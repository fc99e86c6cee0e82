import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
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
@testable import QEvalWeb

/// Issue 22: a fact is computed in one place and every door shows the same value — a rank shift in the
/// web's live re-weighting, its compare page and `qeval compare --csv`; a county's five largest losses on
/// its page, in its feedback workbook and in `qeval explain`.
@Suite(.serialized) struct SingleFactTests {
    typealias Visitor = WebTests.Visitor

    /// The same two point sets (the standard's, and indicator 20 at 10 and 3 at 1) through three doors.
    @Test func everyDoorGivesTheSameShiftForEveryCounty() async throws {
        let dir = try WorkbookFixture.temporaryDirectory("single-fact")
        defer { try? FileManager.default.removeItem(at: dir) }
        let weights = dir.appendingPathComponent("w.csv").path
        try "indicator,points\n20,10\n3,1\n".write(toFile: weights, atomically: true, encoding: .utf8)
        let csvPath = dir.appendingPathComponent("compare.csv").path
        let run = try CLI.run([
            "compare", WebTests.sample, "--weights", weights, "--out", dir.appendingPathComponent("c.xlsx").path,
            "--csv", csvPath,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        // county|city → rank_change from the command line's CSV ("" when not ranked under both).
        var fromCSV: [String: String] = [:]
        let lines = try String(contentsOfFile: csvPath, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
        func cells(_ line: String) -> [String] {
            line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.replacingOccurrences(of: "\"", with: "").replacingOccurrences(of: "\u{FEFF}", with: "")
            }
        }
        let header = cells(lines[0])
        let change = header.firstIndex(of: "rank_change")!
        for line in lines.dropFirst() {
            let row = cells(line)
            fromCSV["\(row[0])|\(row[1])"] = row[change]
        }
        let cli = fromCSV
        #expect(cli.count == 136)

        let cohort = try RankedCohort.load(input: WebTests.sample, rulebook: WebTests.rulebook)
        let data = WebTests.dataFolder()
        try await WebTests.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            _ = try await me.post(client, "/evaluations/sample", form: [:])
            let response = try await me.postJSON(client, "/e/1/weights", ByteBuffer(string: #"{"points":{"20":10,"3":1}}"#))
            struct Row: Decodable {
                var row: Int
                var shift: Int?
                var arrow: String
            }
            struct Result: Decodable { var rows: [Row] }
            let json = try JSONDecoder().decode(Result.self, from: Data(buffer: response.body))
            var web: [String: String] = [:]
            var arrows: [String: String] = [:]
            for r in json.rows {
                let key = "\(cohort.evaluation.table.county[r.row])|\(cohort.evaluation.table.city[r.row])"
                web[key] = r.shift.map(String.init) ?? ""
                arrows[key] = r.arrow
            }
            #expect(web == cli)
            // The compare page of the same two sets (the draft is B): its arrow for every county.
            let page = String(buffer: try await me.get(client, "/e/1/compare?a=standard&b=draft").body)
            let row = try Regex(
                #"<tr data-county="([^"]*)" data-city="([^"]*)"[^>]*>(?:(?!</tr>).)*?<td class="num (?:up|down|same)?">([^<]*)</td>"#
            )
            .dotMatchesNewlines()
            var pageArrows: [String: String] = [:]
            for match in page.matches(of: row) {
                pageArrows["\(match.output[1].substring!)|\(match.output[2].substring!)"] = String(match.output[3].substring!)
            }
            #expect(pageArrows.count == 136)
            for (key, shift) in cli {
                let expected = Int(shift).map { $0 > 0 ? "▲\($0)" : $0 < 0 ? "▼\(-$0)" : "—" } ?? ""
                #expect(arrows[key] == expected, "\(key)")
                #expect(pageArrows[key] == expected, "\(key)")
            }
        }
    }

    /// The five largest losses of every ranked applicant of the sample: the county page, the feedback
    /// workbook and `qeval explain` list the same indicators in the same order (the four disqualified ones
    /// have no such list in the workbook or in `explain`, which report them as not ranked).
    @Test func countyPageFeedbackAndExplainListTheSameLosses() async throws {
        let cohort = try RankedCohort.load(input: WebTests.sample, rulebook: WebTests.rulebook)
        let e = cohort.evaluation
        let dir = try WorkbookFixture.temporaryDirectory("single-fact-feedback")
        defer { try? FileManager.default.removeItem(at: dir) }
        let paths = try FeedbackSet.write(cohort, to: dir.path)
        // Row of the applicant → the indicator numbers listed under 失分最多的五项 in its workbook.
        var fromWorkbooks: [Int: [Int]] = [:]
        for (entry, path) in zip(FeedbackSet.fileNames(cohort), paths) {
            let sheet = try XLSXTestReader(url: URL(fileURLWithPath: path)).sheet(FeedbackMessage.sheetName.text)
            // A disqualified applicant's workbook has no such section.
            let heading = (0..<300).first { sheet.text($0, 0) == FeedbackMessage.largestLossesHeading.text }
            var numbers: [Int] = []
            var r = (heading ?? -10) + 2
            while r >= 0, let n = sheet.number(r, 0), sheet.text(r, 1) != "" {
                numbers.append(Int(n))
                r += 1
            }
            fromWorkbooks[entry.row] = numbers
        }
        let workbook = fromWorkbooks
        #expect(workbook.count == e.count)
        try await WebTests.app(data: WebTests.dataFolder()).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            _ = try await me.post(client, "/evaluations/sample", form: [:])
            let item = try Regex(#"<li>(\d+)\. "#)
            for row in 0..<e.count {
                let page = String(buffer: try await me.get(client, "/e/1/county/\(row)").body)
                var section = ""
                if let start = page.range(of: #"<ul class="losses">"#),
                    let end = page.range(of: "</ul>", range: start.upperBound..<page.endIndex)
                {
                    section = String(page[start.upperBound..<end.lowerBound])
                }
                let onPage = section.matches(of: item).map { Int($0.output[1].substring!)! }
                let standing = Standing(cohort, row: row)
                #expect(standing.largestLosses.map { cohort.rulebook.indicators[$0.indicator].number } == onPage)
                #expect(onPage == workbook[row], "\(e.table.name(row)): page \(onPage), workbook \(workbook[row] ?? [])")
                guard e.isRanked(row) else {
                    #expect(onPage.isEmpty)
                    continue
                }
                let explain = ExplainReport.render(cohort, row: row)
                let line =
                    explain.split(separator: "\n").first {
                        $0.hasPrefix("失分最多的五项") || $0.hasPrefix("the five largest losses")
                    }.map(String.init) ?? ""
                let inExplain = line.split(separator: line.contains("；") ? "；" : ";").compactMap { piece in
                    Int(
                        piece.split(separator: "：").last.map { String($0) }.map { $0.trimmingCharacters(in: .whitespaces) }?
                            .split(separator: ".").first ?? "")
                }
                #expect(inExplain == onPage, "\(e.table.name(row)): explain \(line)")
            }
        }
        // The tie-break, worked by hand: equal losses keep the standard's order; nothing lost is not listed.
        let sample = try SmallCohort.cohort()
        for row in 0..<sample.evaluation.count {
            let losses = Standing.largestLosses(sample, row: row, count: 43)
            for (x, y) in zip(losses, losses.dropFirst()) {
                #expect(x.lost > y.lost + 1e-12 || (abs(x.lost - y.lost) < 1e-9 && x.indicator < y.indicator))
            }
            #expect(losses.allSatisfy { $0.lost > 1e-9 })
        }
    }

    /// Points that do not add up to the standard's total are told by one check, whichever door loaded them.
    @Test func everyDoorWarnsOfPointsOffTheTotalTheSameWay() throws {
        let dir = try WorkbookFixture.temporaryDirectory("single-fact-points")
        defer { try? FileManager.default.removeItem(at: dir) }
        let weights = dir.appendingPathComponent("w.csv").path
        try "indicator,points\n20,10\n3,1\n".write(toFile: weights, atomically: true, encoding: .utf8)
        let rulebook = WebTests.rulebook
        let p20 = rulebook.indicators.first { $0.number == 20 }!.points
        let p3 = rulebook.indicators.first { $0.number == 3 }!.points
        let expected = WeightsMessage.pointsOffTotal(
            total: Points.format(100 - p20 - p3 + 11), standard: "100"
        ).text
        let fromFile = try RankedCohort.load(input: WebTests.sample, rulebook: rulebook, weights: weights)
        let points = fromFile.scoreboard.points
        let fromBytes = try RankedCohort.load(
            bytes: WebTests.sampleBytes, file: "upload.csv", rulebook: rulebook, points: points, weightsSource: "草稿")
        for cohort in [fromFile, fromBytes] {
            #expect(cohort.pointsTotal.differs)
            #expect(
                cohort.evaluation.diagnostics.warnings.filter { $0.kind == "pointsOffTotal" }.map { $0.message.text() } == [
                    expected
                ])
        }
        // The web's drafts re-weight without loading: the same value says the same thing.
        let draft = try RankedCohort.load(input: WebTests.sample, rulebook: rulebook).reweighted(points)
        #expect(draft.pointsTotal == fromFile.pointsTotal)
        #expect(draft.pointsTotal.warning?.text == expected)
        #expect(try RankedCohort.load(input: WebTests.sample, rulebook: rulebook).pointsTotal.warning == nil)
    }
}
