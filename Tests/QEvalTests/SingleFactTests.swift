import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import QEval
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
            var h = me.headers
            h[.contentType] = "application/json"
            h[HTTPField.Name("X-CSRF-Token")!] = me.csrf
            let response = try await client.execute(
                uri: "/e/1/weights", method: .post, headers: h, body: ByteBuffer(string: #"{"points":{"20":10,"3":1}}"#))
            me.keep(response)
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
            let row = try Regex(#"<tr data-county="([^"]*)" data-city="([^"]*)"[^>]*>(?:(?!</tr>).)*?<td class="num (?:up|down|same)?">([^<]*)</td>"#)
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
}
