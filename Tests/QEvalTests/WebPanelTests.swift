import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import QEval
@testable import QEvalWeb

/// The expert panel in the web workspace (issue 27): a 评审 assigns three experts (blind), each scores on their
/// own page and submits, nobody sees an expert's levels before they submit, the ranking uses the panel once all
/// have submitted (and equals the command line's `--panel` on the same levels), a re-opened item's change is a
/// new version, and every step is in the audit log.
///
/// Levels: 张三 and 李四 give every item 2, 王五 gives every item 1. On 质量发展模式 (0 / 1.5 / 3) that is
/// (3 + 3 + 1.5) / 3 = 2.5 for every ranked applicant.
@Suite struct WebPanelTests {
    typealias Visitor = WebTests.Visitor
    static let experts = ["张三", "李四", "王五"]
    static let levels = ["张三": 2, "李四": 2, "王五": 1]

    static func office(data: String) throws -> (ServerSettings, Store) {
        let (settings, store) = try OfficeNetworkTests.office(data: data)
        for name in experts + ["赵六"] {
            try store.setPassword(user: name, password: OfficeNetworkTests.password, role: .expert)
        }
        return (settings, store)
    }

    /// The ranked applicants' rows of the sample, and the judged fields' keys.
    static func parts() throws -> (rows: [Int], keys: [String]) {
        let declared = try RankedCohort.load(input: WebTests.sample, rulebook: WebTests.rulebook)
        let rows = (0..<declared.evaluation.count).filter { declared.evaluation.isRanked($0) }
        return (rows, WebTests.rulebook.judgedFields.map { WebTests.rulebook.fields[$0].key })
    }

    /// One expert's levels, page by page as the form posts them (20 applicants a page).
    static func score(
        _ me: inout Visitor, _ client: some TestClientProtocol, level: Int, submitLast: Bool
    ) async throws -> [TestResponse] {
        let (rows, keys) = try parts()
        var responses: [TestResponse] = []
        let pages = stride(from: 0, to: rows.count, by: PanelController.applicantsPerPage).map {
            Array(rows[$0..<min(rows.count, $0 + PanelController.applicantsPerPage)])
        }
        for (n, page) in pages.enumerated() {
            var form = ["page": String(n + 1), "action": submitLast && n == pages.count - 1 ? "submit" : "save"]
            for row in page { for key in keys { form["l.\(row).\(key)"] = String(level) } }
            responses.append(try await me.post(client, "/e/1/score", form: form))
        }
        return responses
    }

    /// The command line on the same levels.
    static func cli(levels: [String: Int], override: [String: (county: String, key: String, level: Int)] = [:]) throws
        -> RankedCohort
    {
        let declared = try RankedCohort.load(input: WebTests.sample, rulebook: WebTests.rulebook)
        let (rows, keys) = try parts()
        var csv = "expert,county,city,field,level\n"
        let table = declared.evaluation.table
        for (expert, level) in levels {
            for row in rows {
                for key in keys {
                    var given = level
                    if let o = override[expert], o.county == table.county[row], o.key == key { given = o.level }
                    csv += "\(expert),\(table.county[row]),\(table.city[row]),\(key),\(given)\n"
                }
            }
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qeval-wp-\(UUID().uuidString).csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try RankedCohort.load(input: WebTests.sample, rulebook: WebTests.rulebook, panel: [file.path])
    }

    @Test func assignScoreBlindSubmitAndTheRankingUsesThePanel() async throws {
        let data = WebTests.dataFolder()
        let (settings, store) = try Self.office(data: data)
        try await WebServer.application(settings: settings, store: store).test(.router) { client in
            var admin = try await OfficeNetworkTests.signIn(client, as: "admin")
            #expect(try await admin.post(client, "/evaluations/sample", form: [:]).status == .seeOther)
            var chair = try await OfficeNetworkTests.signIn(client, as: "reviewer")

            // Two experts are not a panel.
            let few = try await chair.post(client, "/e/1/panel/experts", form: ["expert.张三": "1", "expert.李四": "1"])
            #expect(few.status == .unprocessableContent)
            #expect(String(buffer: few.body).contains("只勾选了 2 位专家：专家评审至少需要 3 位。"))
            var form = ["blind": "1"]
            for name in Self.experts { form["expert.\(name)"] = "1" }
            #expect(try await chair.post(client, "/e/1/panel/experts", form: form).status == .seeOther)
            let chairPage = String(buffer: try await chair.get(client, "/e/1/panel").body)
            #expect(chairPage.contains("id=\"progress\""))
            #expect(chairPage.contains("已评 0 / 1056 项"))

            // An expert not on the panel does not find it; an expert does not reach the ranking.
            var outsider = try await OfficeNetworkTests.signIn(client, as: "赵六")
            #expect(try await outsider.get(client, "/e/1/score").status == .notFound)
            var zhang = try await OfficeNetworkTests.signIn(client, as: "张三")
            #expect(try await zhang.get(client, "/e/1").status == .forbidden)
            let home = String(buffer: try await zhang.get(client, "/").body)
            #expect(home.contains("id=\"expert-panels\"") && home.contains("/e/1/score"))
            // Blind: the first page offers the levels with their wording and no declared level.
            let scorePage = String(buffer: try await zhang.get(client, "/e/1/score").body)
            #expect(scorePage.contains("2 明确可推广"))
            #expect(!scorePage.contains("class=\"declared\""))

            // 张三 saves a page, then submits everything.
            let responses = try await Self.score(&zhang, client, level: 2, submitLast: true)
            #expect(responses.allSatisfy { $0.status == .seeOther })
            // Before 李四 and 王五 submit, the chair sees 张三's levels only, and the ranking waits.
            var li = try await OfficeNetworkTests.signIn(client, as: "李四")
            _ = try await Self.score(&li, client, level: 2, submitLast: false)
            let midway = String(buffer: try await chair.get(client, "/e/1/panel").body)
            #expect(midway.contains("<th>张三</th>"))
            #expect(!midway.contains("<th>李四</th>"))
            let waiting = String(buffer: try await chair.get(client, "/e/1").body)
            #expect(waiting.contains("专家评审进行中：已提交 1 / 3 位专家"))
            #expect(WebTests.pageRanks(waiting) == (try WebTests.cliRanks()))
            // Submitting with items missing is refused, what was given is kept.
            var wang = try await OfficeNetworkTests.signIn(client, as: "王五")
            let early = try await wang.post(client, "/e/1/score", form: ["page": "1", "action": "submit"])
            #expect(early.status == .unprocessableContent)
            #expect(String(buffer: early.body).contains("还有 1056 项没有选择等级"))

            _ = try await li.post(client, "/e/1/score", form: ["page": "1", "action": "submit"])
            _ = try await Self.score(&wang, client, level: 1, submitLast: true)

            // All in: the ranking is the command line's with the same levels, and says so.
            let cli = try Self.cli(levels: Self.levels)
            let ranking = String(buffer: try await chair.get(client, "/e/1").body)
            #expect(ranking.contains("排名已采用专家评审结果：3 位专家，1056 项按专家组得分计"))
            #expect(WebTests.pageRanks(ranking) == WebTests.ranks(cli))
            #expect(WebTests.ranks(cli) != (try WebTests.cliRanks()), "the panel moves ranks, so the comparison means something")
            let k = WebTests.rulebook.indicators.firstIndex { $0.number == 2 }!
            #expect(cli.scoreboard.scores[k][0] == 2.5)

            // The chair re-opens 历下区's 质量发展模式; 王五 changes it to 2; the first version stays.
            #expect(
                try await chair.post(
                    client, "/e/1/panel/reopen", form: ["county": "历下区", "city": "济南市", "field": "i02_model"]
                ).status == .seeOther)
            let closed = try await wang.post(
                client, "/e/1/score", form: ["page": "1", "action": "save", "l.1.i02_model": "2"])
            #expect(closed.status == .unprocessableContent)
            #expect(String(buffer: closed.body).contains("不能修改"))
            #expect(
                try await wang.post(client, "/e/1/score", form: ["page": "1", "action": "save", "l.0.i02_model": "2"])
                    .status == .seeOther)
            let after = try Self.cli(levels: Self.levels, override: ["王五": ("历下区", "i02_model", 2)])
            #expect(after.scoreboard.scores[k][0] == 3)
            let reranked = String(buffer: try await chair.get(client, "/e/1").body)
            #expect(WebTests.pageRanks(reranked) == WebTests.ranks(after))
            let discussed = String(buffer: try await chair.get(client, "/e/1/panel").body)
            #expect(discussed.contains("id=\"panel-changes\""))
            let versions = try await store.panelState(of: 1).versions.filter {
                $0.expert == "王五" && $0.county == "历下区" && $0.field == "i02_model"
            }
            #expect(versions.map(\.level) == [1, 2])

            // Every step is audited.
            let actions = Set(try await store.auditLog(limit: 1000).map(\.action))
            for action in ["panel-assign", "panel-save", "panel-submit", "panel-reopen"] {
                #expect(actions.contains(action), "\(action)")
            }
        }
    }

    /// A finding that qualifies an applicant (潍城区: 四星 5.5% → 10%, the prerequisite met) puts it on the experts'
    /// pages and in the chair's count: 133 applicants × 8 items.
    @Test func anApplicantAFindingQualifiesIsScoredToo() async throws {
        let data = WebTests.dataFolder()
        let (settings, store) = try Self.office(data: data)
        try await WebServer.application(settings: settings, store: store).test(.router) { client in
            var admin = try await OfficeNetworkTests.signIn(client, as: "admin")
            #expect(try await admin.post(client, "/evaluations/sample", form: [:]).status == .seeOther)
            var chair = try await OfficeNetworkTests.signIn(client, as: "reviewer")
            var form: [String: String] = [:]
            for name in Self.experts { form["expert.\(name)"] = "1" }
            #expect(try await chair.post(client, "/e/1/panel/experts", form: form).status == .seeOther)
            var zhang = try await OfficeNetworkTests.signIn(client, as: "张三")
            let before = String(buffer: try await zhang.get(client, "/e/1/score?p=3").body)
            #expect(before.contains("已评 0 / 1056 项") && !before.contains("data-county=\"潍城区\""))
            #expect(
                try await chair.post(
                    client, "/e/1/county/52/findings",
                    form: ["field": "pre_star4_share", "value": "10", "reason": "复核后四星所占比为 10%"]
                ).status == .seeOther)
            let after = String(buffer: try await zhang.get(client, "/e/1/score?p=3").body)
            #expect(after.contains("已评 0 / 1064 项") && after.contains("data-county=\"潍城区\""))
            let chairPage = String(buffer: try await chair.get(client, "/e/1/panel").body)
            #expect(chairPage.contains("已评 0 / 1064 项"))
        }
    }
}
