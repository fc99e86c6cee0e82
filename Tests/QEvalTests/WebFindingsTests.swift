import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import QEval
@testable import QEvalWeb

/// Reviewers' findings in the web workspace (issue 25): recorded from the county page and scored at once,
/// versions kept, imported all or nothing, exported as the command line's CSV, the ranking page's 申报/核定
/// switch, downloads of the verified data.
@Suite struct WebFindingsTests {
    typealias Visitor = WebTests.Visitor

    /// The verified cohort as the command line scores it for the same findings file.
    static func cli(findings csv: String) throws -> RankedCohort {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qeval-wf-\(UUID().uuidString).csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try RankedCohort.load(input: WebTests.sample, rulebook: WebTests.rulebook, findings: file.path)
    }

    static func total(_ html: String) -> String? {
        guard let range = html.range(of: #"id="county-total">"#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "<" })
    }

    @Test func aFindingRecordedOnTheCountyPageRescoresAndKeepsItsHistory() async throws {
        let data = WebTests.dataFolder()
        let header = "county,city,field,value,reason\n"
        try await WebTests.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            _ = try await me.upload(client, name: "shandong-2023.csv", bytes: WebTests.sampleBytes)
            let before = String(buffer: try await me.get(client, "/e/1/county/0").body)
            #expect(before.contains("id=\"finding-form\""))
            let saved = try await me.post(
                client, "/e/1/county/0/findings",
                form: ["field": "i20_voluntary_cert_coverage", "value": "12", "reason": "佐证材料显示为 12%", "evidence": "附件5"])
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location] == "/e/1/county/0#verification")
            // The county page at once: the total the command line gives for the same finding.
            let cli = try Self.cli(findings: header + "历下区,济南市,i20_voluntary_cert_coverage,12,佐证材料显示为 12%\n")
            let after = String(buffer: try await me.get(client, "/e/1/county/0").body)
            #expect(Self.total(after) == String(format: "%.2f", cli.scoreboard.totals[0]))
            #expect(Self.total(after) != Self.total(before))
            #expect(after.contains(WebMessage.rankOf(rank: cli.ranking.rank[0]!, of: 132).text))
            #expect(after.contains("<td class=\"num\">51.55</td><td class=\"num verified-value\">12</td>"))
            // The ranking page: the verified ranks, said so, with the way to the declared ones.
            let ranking = String(buffer: try await me.get(client, "/e/1").body)
            #expect(WebTests.pageRanks(ranking) == WebTests.ranks(cli))
            #expect(ranking.contains("当前显示：核定数据（已计入 1 条核查记录）"))
            let declared = String(buffer: try await me.get(client, "/e/1?v=declared").body)
            #expect(WebTests.pageRanks(declared) == (try WebTests.cliRanks()))
            #expect(declared.contains("当前显示：申报数据（未计入 1 条核查记录）"))

            // A change is a new version; the first stays in the history.
            _ = try await me.post(
                client, "/e/1/county/0/findings",
                form: ["field": "i20_voluntary_cert_coverage", "value": "30%", "reason": "复核后为 30%"])
            let store = try Store(folder: data)
            let versions = try await store.findingVersions(of: 1)
            #expect(versions.map(\.version) == [1, 2] && versions.map(\.value) == ["12", "30"])
            let list = String(buffer: try await me.get(client, "/e/1/findings").body)
            #expect(list.contains("1 条核查记录（共 2 个版本）"))
            #expect(list.contains("data-version=\"1\"") && list.contains("data-version=\"2\""))
            // Exported as the command line's findings CSV: the current version only.
            let export = try await me.get(client, "/e/1/findings.csv")
            let text = String(buffer: export.body)
            #expect(
                text.hasPrefix("\u{FEFF}\"county\",\"city\",\"field\",\"value\",\"reason\",\"evidence\",\"reviewer\",\"date\"\n"))
            #expect(text.contains("\"历下区\",\"济南市\",\"i20_voluntary_cert_coverage\",\"30\",\"复核后为 30%\""))
            #expect(!text.contains("佐证材料显示为 12%"))
            // Every step in the audit log.
            let actions = try await store.auditLog().map(\.action)
            #expect(actions.filter { $0 == "record-finding" }.count == 2 && actions.contains("export-findings"))
        }
    }

    @Test func aBadFindingIsRefusedOnThePageAndNothingIsStored() async throws {
        let data = WebTests.dataFolder()
        try await WebTests.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            _ = try await me.upload(client, name: "shandong-2023.csv", bytes: WebTests.sampleBytes)
            _ = try await me.get(client, "/e/1/county/0")
            let refused = try await me.post(
                client, "/e/1/county/0/findings", form: ["field": "i20_voluntary_cert_coverage", "value": "九十", "reason": ""])
            #expect(refused.status == .unprocessableContent)
            let page = String(buffer: refused.body)
            #expect(page.contains("核查结果未保存（2 处错误）"))
            #expect(page.contains("核查理由为空") && page.contains("核定值“九十”无法识别"))
            // What was typed stays in the form.
            #expect(page.contains("value=\"九十\"") && page.contains("value=\"i20_voluntary_cert_coverage\" selected"))
            #expect(try await Store(folder: data).findingVersions(of: 1).isEmpty)
            // An identity field is no figure to verify.
            let identity = try await me.post(
                client, "/e/1/county/0/findings", form: ["field": "county", "value": "x", "reason": "r"])
            #expect(identity.status == .unprocessableContent)
            #expect(try await Store(folder: data).findingVersions(of: 1).isEmpty)
        }
    }

    /// An import is checked as the command line checks it and stored all or nothing; the export of one
    /// evaluation, imported into another of the same data, gives the same ranks.
    @Test func importIsAllOrNothingAndAnExportReimportsToTheSameRanks() async throws {
        let data = WebTests.dataFolder()
        let good =
            "县（市、区）,所属地级市,填报项,核定值,核查理由,佐证材料,核查人,核查日期\n"
            + "历下区,济南市,自愿性认证覆盖率,12,佐证显示 12%,附件5,张三,2026-11-20\n"
            + "市中区,济南市,i07_mobilization,,未见会议纪要,,李四,2026-11-21\n"
        let bad = good + "无名县,济南市,i07_mobilization,是,理由,,,\n"
        try await WebTests.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            _ = try await me.upload(client, name: "shandong-2023.csv", bytes: WebTests.sampleBytes)
            _ = try await me.get(client, "/e/1/findings")
            let refused = try await me.upload(client, files: [("核查记录.csv", Array(bad.utf8))], uri: "/e/1/findings/import")
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains("核查记录有 1 处错误，一条也没有保存"))
            #expect(try await Store(folder: data).findingVersions(of: 1).isEmpty)

            let imported = try await me.upload(client, files: [("核查记录.csv", Array(good.utf8))], uri: "/e/1/findings/import")
            #expect(imported.status == .seeOther)
            let store = try Store(folder: data)
            let stored = try await store.currentFindings(of: 1)
            #expect(stored.map(\.reviewer) == ["张三", "李四"] && stored.map(\.value) == ["12", nil])
            let ranks = WebTests.pageRanks(String(buffer: try await me.get(client, "/e/1").body))
            #expect(ranks == WebTests.ranks(try Self.cli(findings: good)))
            // Importing the same file again adds no version.
            _ = try await me.upload(client, files: [("核查记录.csv", Array(good.utf8))], uri: "/e/1/findings/import")
            #expect(try await store.findingVersions(of: 1).count == 2)

            // Export from 1, import into 2 (the same data): the same ranks.
            let export = [UInt8](String(buffer: try await me.get(client, "/e/1/findings.csv").body).utf8)
            _ = try await me.get(client, "/")
            _ = try await me.upload(client, name: "shandong-2023.csv", bytes: WebTests.sampleBytes)
            _ = try await me.get(client, "/e/2/findings")
            let again = try await me.upload(client, files: [("findings-1.csv", export)], uri: "/e/2/findings/import")
            #expect(again.status == .seeOther)
            #expect(WebTests.pageRanks(String(buffer: try await me.get(client, "/e/2").body)) == ranks)
            #expect(try await store.currentFindings(of: 2).map(\.reviewer) == ["张三", "李四"])

            // The download is the verified data's workbook, with its 核查记录 sheet.
            let download = try await me.get(client, "/e/1/download/ranking.xlsx")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("qeval-wf-\(UUID().uuidString).xlsx")
            try Data(buffer: download.body).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let book = try XLSXTestReader(url: file)
            #expect(try book.sheet("核查记录").text(1, 0) == "历下区")
        }
    }
}
