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

/// The web workspace through Hummingbird's in-process test client (no network): what each request does
/// and refuses. The browser-level flow is in Tests/e2e.
@Suite(.serialized) struct WebTests {
    static let rulebook = try! RulebookLoader.load(path: Fixture.path(BundledFiles.rulebookRelative))
    static let sample = Fixture.path(BundledFiles.sampleRelative)

    /// A fresh data folder per test.
    static func dataFolder() -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qeval-web-\(UUID().uuidString)")
        return folder.path
    }

    /// The application; off loopback it runs as behind a TLS proxy (the in-process client speaks no TLS;
    /// `Visitor` says `X-Forwarded-Proto: https` as the proxy would).
    static func app(data: String, host: String = "127.0.0.1", rulebook: Rulebook = rulebook) throws
        -> some ApplicationProtocol
    {
        var settings = ServerSettings(host: host, port: 0, dataFolder: data, rulebook: rulebook, samplePath: sample)
        settings.behindProxy = !ServerSettings.isLoopback(host)
        return try WebServer.application(settings: settings, store: try Store(folder: data))
    }

    /// A browser's cookie jar and token, enough for the test client.
    struct Visitor {
        /// Cookies by name, as a browser keeps them (the session's and the CSRF cookie).
        var cookies: [String: String] = [:]
        var csrf = ""

        var cookie: String { cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

        var headers: HTTPFields {
            var h = HTTPFields()
            if !cookies.isEmpty { h[.cookie] = cookie }
            h[HTTPField.Name("X-Forwarded-Proto")!] = "https"
            return h
        }

        mutating func keep(_ response: TestResponse) {
            for set in response.headers[values: .setCookie] {
                let pair = set.split(separator: ";").first.map(String.init) ?? ""
                guard let equals = pair.firstIndex(of: "=") else { continue }
                let name = String(pair[..<equals])
                let value = String(pair[pair.index(after: equals)...])
                // An expired cookie (Max-Age=0 or an empty value) is dropped, as a browser does.
                if value.isEmpty || set.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
            }
            let body = String(buffer: response.body)
            if let range = body.range(of: #"name="csrf-token" content=""#) {
                csrf = String(body[range.upperBound...].prefix { $0 != "\"" })
            }
        }

        mutating func get(_ client: some TestClientProtocol, _ uri: String) async throws -> TestResponse {
            let response = try await client.execute(uri: uri, method: .get, headers: headers, body: nil)
            keep(response)
            return response
        }

        mutating func post(
            _ client: some TestClientProtocol, _ uri: String, form: [String: String], token: Bool = true
        ) async throws -> TestResponse {
            var h = headers
            h[.contentType] = "application/x-www-form-urlencoded"
            var fields = form
            if token { fields["csrf"] = csrf }
            let body = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
                .joined(separator: "&")
            let response = try await client.execute(uri: uri, method: .post, headers: h, body: ByteBuffer(string: body))
            keep(response)
            return response
        }

        /// A JSON POST as the weights page's script sends it (the token in `X-CSRF-Token`).
        mutating func postJSON(
            _ client: some TestClientProtocol, _ uri: String, _ body: ByteBuffer, token: String? = nil
        ) async throws -> TestResponse {
            var h = headers
            h[.contentType] = "application/json"
            h[HTTPField.Name("X-CSRF-Token")!] = token ?? csrf
            let response = try await client.execute(uri: uri, method: .post, headers: h, body: body)
            keep(response)
            return response
        }

        mutating func upload(_ client: some TestClientProtocol, name: String, bytes: [UInt8]) async throws -> TestResponse {
            try await upload(client, files: [(name, bytes)])
        }

        /// Several files in one request, as a file input with `multiple` sends them.
        mutating func upload(
            _ client: some TestClientProtocol, files: [(name: String, bytes: [UInt8])], uri: String = "/evaluations"
        ) async throws -> TestResponse {
            let boundary = "qevaltestboundary"
            var body = ByteBuffer()
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n")
            for (name, bytes) in files {
                body.writeString(
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                body.writeBytes(bytes)
                body.writeString("\r\n")
            }
            body.writeString("--\(boundary)--\r\n")
            var h = headers
            h[.contentType] = "multipart/form-data; boundary=\(boundary)"
            let response = try await client.execute(uri: uri, method: .post, headers: h, body: body)
            keep(response)
            return response
        }
    }

    static var sampleBytes: [UInt8] { [UInt8](FileManager.default.contents(atPath: sample)!) }

    /// The (county, city) → rank pairs of a page's rows.
    static func pageRanks(_ html: String) -> [String: String] {
        let row = try! Regex(#"data-county="([^"]*)" data-city="([^"]*)"(?: data-rank="([^"]*)")?"#)
        var ranks: [String: String] = [:]
        for match in html.matches(of: row) {
            let county = String(match.output[1].substring!)
            let city = String(match.output[2].substring!)
            ranks["\(county)|\(city)"] = match.output[3].substring.map(String.init) ?? ""
        }
        return ranks
    }

    static func cliRanks(weights: String? = nil) throws -> [String: String] {
        let cohort = try RankedCohort.load(input: sample, rulebook: rulebook, weights: weights)
        var ranks: [String: String] = [:]
        for row in 0..<cohort.evaluation.count {
            let county = cohort.evaluation.table.county[row]
            ranks["\(county)|\(cohort.evaluation.table.city[row])"] = cohort.ranking.rank[row].map(String.init) ?? ""
        }
        return ranks
    }

    @Test func sampleUploadRanksAsTheCommandLineDoes() async throws {
        let data = Self.dataFolder()
        try await Self.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            let created = try await me.upload(client, name: "shandong-2023.csv", bytes: Self.sampleBytes)
            #expect(created.status == .seeOther)
            #expect(created.headers[.location] == "/e/1")
            let page = try await me.get(client, "/e/1")
            #expect(page.status == .ok)
            let ranks = Self.pageRanks(String(buffer: page.body))
            #expect(ranks.count == 136)
            #expect(ranks == (try Self.cliRanks()))
            // Ranks 7 and 8 (80.591 / 80.589 on the console) are told apart; over all 132 ranked counties some
            // neighbours differ only in the fourth decimal, so the page shows four, as the ranking uses.
            let html = String(buffer: page.body)
            #expect(html.contains(">80.5912</td>") && html.contains(">80.5886</td>"))
        }
    }

    /// The ranks of a cohort loaded by the library as the CLI loads it, keyed as `pageRanks`.
    static func ranks(_ cohort: RankedCohort) -> [String: String] {
        var ranks: [String: String] = [:]
        for row in 0..<cohort.evaluation.count {
            let table = cohort.evaluation.table
            ranks["\(table.county[row])|\(table.city[row])"] = cohort.ranking.rank[row].map(String.init) ?? ""
        }
        return ranks
    }

    @Test func anXLSXCohortSeveralFormsAndAZipOfFormsRankAsTheCommandLineDoes() async throws {
        let data = Self.dataFolder()
        let rulebook = try Fixture.rulebook()
        // The cohort as a workbook: the ranked workbook qeval writes, read back from its 原始数据 sheet.
        let dir = try FormsTests.folder()
        let workbook = dir.appendingPathComponent("申报汇总.xlsx")
        try WorkbookFixture.write(try RankedCohort.load(input: Self.sample, rulebook: rulebook), to: workbook)
        // Three county forms.
        let formsDir = dir.appendingPathComponent("forms")
        try FileManager.default.createDirectory(at: formsDir, withIntermediateDirectories: true)
        let (rows, _) = try FormsTests.cohortRows(count: 3, seed: 23)
        var forms: [(name: String, bytes: [UInt8])] = []
        let blank = try FormsTests.blankForm(in: dir)
        for (i, row) in rows.enumerated() {
            let form = formsDir.appendingPathComponent("form\(i + 1).xlsx")
            try FormsTests.fill(blank, to: form, values: row)
            forms.append((form.lastPathComponent, [UInt8](try Data(contentsOf: form))))
        }
        let formRanks = Self.ranks(try RankedCohort.load(input: formsDir.path, rulebook: rulebook))
        #expect(formRanks.count == 3)
        let zip = try FormArchive.pack(forms.map { FormCollector.FormFile(name: $0.name, bytes: $0.bytes) })
        let sent = forms
        try await Self.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            let xlsx = try await me.upload(client, name: "申报汇总.xlsx", bytes: [UInt8](try Data(contentsOf: workbook)))
            #expect(xlsx.status == .seeOther)
            #expect(Self.pageRanks(String(buffer: try await me.get(client, "/e/1").body)) == (try Self.cliRanks()))
            let several = try await me.upload(client, files: sent)
            #expect(several.status == .seeOther)
            #expect(Self.pageRanks(String(buffer: try await me.get(client, "/e/2").body)) == formRanks)
            let zipped = try await me.upload(client, name: "三县填报表.zip", bytes: zip)
            #expect(zipped.status == .seeOther)
            let page = String(buffer: try await me.get(client, "/e/3").body)
            #expect(Self.pageRanks(page) == formRanks)
            #expect(try await Store(folder: data).evaluations().map(\.fileName).contains("form1.xlsx 等 3 个文件.zip"))
        }
    }

    @Test func aRefusedWorkbookUploadNamesTheSheetAndCell() async throws {
        let data = Self.dataFolder()
        let rulebook = try Fixture.rulebook()
        let count = try #require(rulebook.fields.first { $0.type == .count && $0.role == .indicator })
        let header = try CSVReader.parse(Self.sampleBytes, file: "s.csv").record(0)
        let column = try #require(header.firstIndex(of: count.key))
        let dir = try FormsTests.folder()
        let out = dir.appendingPathComponent("申报汇总.xlsx")
        try XLSXInputTests.openpyxl(Self.sample, out, ["--formula", "\(count.key):4"])
        try await Self.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            let refused = try await me.upload(client, name: "申报汇总.xlsx", bytes: [UInt8](try Data(contentsOf: out)))
            #expect(refused.status == .unprocessableContent)
            let page = String(buffer: refused.body)
            #expect(page.contains("<td class=\"num place\">申报汇总!\(CellName.of(row: 4, column: column))</td>"), "\(page)")
            #expect(page.contains("没有保存它的计算结果"))
            #expect(try await Store(folder: data).evaluations().isEmpty)
        }
    }

    @Test func reweighingEqualsTheCommandLineWithThosePoints() async throws {
        let data = Self.dataFolder()
        let weights = FileManager.default.temporaryDirectory.appendingPathComponent("w-\(UUID().uuidString).csv").path
        try "indicator,points\n20,10\n3,1\n".write(toFile: weights, atomically: true, encoding: .utf8)
        let expected = try Self.cliRanks(weights: weights)
        try await Self.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            _ = try await me.post(client, "/evaluations/sample", form: [:])
            let response = try await me.postJSON(client, "/e/1/weights", ByteBuffer(string: #"{"points":{"20":10,"3":1}}"#))
            #expect(response.status == .ok)
            struct Row: Decodable {
                var row: Int
                var rank: Int?
                var shift: Int?
            }
            struct Result: Decodable {
                var maximum: Double
                var rows: [Row]
            }
            let result = try JSONDecoder().decode(Result.self, from: Data(buffer: response.body))
            // 100 less indicator 20's and 3's standard points, plus 10 and 1.
            let standard = Self.rulebook.indicators
            let p20 = standard.first { $0.number == 20 }!.points
            let p3 = standard.first { $0.number == 3 }!.points
            #expect(abs(result.maximum - (100 - p20 - p3 + 11)) < 1e-9)
            let cohort = try RankedCohort.load(input: Self.sample, rulebook: Self.rulebook)
            var got: [String: String] = [:]
            for r in result.rows {
                got["\(cohort.evaluation.table.county[r.row])|\(cohort.evaluation.table.city[r.row])"] =
                    r.rank.map(String.init) ?? ""
                // The shift is against the standard's ranking.
                if let rank = r.rank, let before = cohort.ranking.rank[r.row] { #expect(r.shift == before - rank) }
            }
            #expect(got == expected)
            // The draft is this session's: its ranking page uses it, another visitor's does not.
            let mine = try await me.get(client, "/e/1")
            #expect(Self.pageRanks(String(buffer: mine.body)) == expected)
            // Points adding up to 106, not 100, are said on the page as the console says them.
            let off = WeightsMessage.pointsOffTotal(
                total: Points.format(100 - p20 - p3 + 11), standard: "100"
            ).text
            #expect(String(buffer: mine.body).contains(off))
            var other = Visitor()
            let theirs = try await other.get(client, "/e/1")
            #expect(Self.pageRanks(String(buffer: theirs.body)) == (try Self.cliRanks()))
        }
    }

    @Test func aBadUploadListsLocatedErrorsAndStoresNothing() async throws {
        let data = Self.dataFolder()
        var text = String(decoding: Self.sampleBytes, as: UTF8.self)
        var lines = text.components(separatedBy: "\n")
        let header = lines[0].components(separatedBy: ",")
        let column = header.firstIndex(of: "\"i20_voluntary_cert_coverage\"")!
        var cells = lines[2].components(separatedBy: ",")
        cells[column] = "9O"
        lines[2] = cells.joined(separator: ",")
        text = lines.joined(separator: "\n")
        let bad = Array(text.utf8)
        try await Self.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            let refused = try await me.upload(client, name: "bad.csv", bytes: bad)
            #expect(refused.status == .unprocessableContent)
            let page = String(buffer: refused.body)
            #expect(
                page.contains(
                    "<td class=\"num place\">3</td><td>自愿性认证覆盖率（i20_voluntary_cert_coverage）</td><td class=\"mono\">9O</td>"))
            #expect(page.contains("未保存"))
            let store = try Store(folder: data)
            #expect(try await store.evaluations().isEmpty)
        }
    }

    @Test func markupInACountyNameIsEscaped() async throws {
        let data = Self.dataFolder()
        let markup = "<img src=x onerror=alert(1)>"
        var lines = String(decoding: Self.sampleBytes, as: UTF8.self).components(separatedBy: "\n")
        lines[1] = "\"\(markup)\"" + lines[1].drop { $0 != "," }
        let upload = Array(lines.joined(separator: "\n").utf8)
        try await Self.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            _ = try await me.upload(client, name: "<b>x</b>.csv", bytes: upload)
            for uri in ["/", "/e/1", "/e/1/weights", "/e/1/compare", "/e/1/county/0"] {
                let page = String(buffer: try await me.get(client, uri).body)
                #expect(!page.contains("<img"), "\(uri)")
                #expect(!page.contains("<b>x</b>"), "\(uri)")
            }
            let ranking = String(buffer: try await me.get(client, "/e/1").body)
            #expect(ranking.contains("&lt;img src=x onerror=alert(1)&gt;"))
        }
    }

    /// A remarks column is shown on its county's page as written (escaped), and the ranking page's data
    /// notes say it was kept unscored (issue 24).
    @Test func remarksAreShownOnTheCountyPage() async throws {
        let data = Self.dataFolder()
        var lines = String(decoding: Self.sampleBytes, as: UTF8.self).components(separatedBy: "\n")
        lines[0] += ",备注"
        for i in 1..<lines.count where !lines[i].isEmpty { lines[i] += i == 1 ? ",\"经费含上级转移支付 <见附件3>\"" : "," }
        let upload = Array(lines.joined(separator: "\n").utf8)
        try await Self.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            _ = try await me.upload(client, name: "备注.csv", bytes: upload)
            let ranking = String(buffer: try await me.get(client, "/e/1").body)
            #expect(ranking.contains("备注列（保留显示，不计分）"))
            let page = String(buffer: try await me.get(client, "/e/1/county/0").body)
            #expect(page.contains("id=\"county-notes\""))
            #expect(page.contains("<dt>备注</dt><dd>经费含上级转移支付 &lt;见附件3&gt;</dd>"))
            let other = String(buffer: try await me.get(client, "/e/1/county/1").body)
            #expect(!other.contains("id=\"county-notes\""))
        }
    }

    @Test func stateChangingRequestsNeedTheSessionToken() async throws {
        let data = Self.dataFolder()
        try await Self.app(data: data).test(.router) { client in
            var me = Visitor()
            let first = try await me.get(client, "/")
            // The session cookie is HttpOnly and SameSite=Strict.
            let cookie = first.headers[.setCookie] ?? ""
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            let without = try await me.post(client, "/evaluations/sample", form: [:], token: false)
            #expect(without.status == .forbidden)
            let wrong = try await me.post(client, "/evaluations/sample", form: ["csrf": "0123"], token: false)
            #expect(wrong.status == .forbidden)
            #expect(String(buffer: wrong.body).contains("校验码不符"))
            #expect(try await Store(folder: data).evaluations().isEmpty)
            let with = try await me.post(client, "/evaluations/sample", form: [:])
            #expect(with.status == .seeOther)
        }
    }

    @Test func uploadsOverTwentyMegabytesAreRefused() async throws {
        let data = Self.dataFolder()
        try await Self.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            let big = [UInt8](repeating: 0x41, count: 20 * 1024 * 1024 + 1)
            let response = try await me.upload(client, name: "big.csv", bytes: big)
            #expect(response.status == .contentTooLarge)
            #expect(String(buffer: response.body).contains("超过 20 MB"))
            #expect(try await Store(folder: data).evaluations().isEmpty)
        }
    }

    @Test func aRestartKeepsEvaluationsAndScenarios() async throws {
        let data = Self.dataFolder()
        try await Self.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            _ = try await me.post(client, "/evaluations/sample", form: [:])
            let saved = try await me.post(client, "/e/1/scenarios", form: ["name": "方案一", "points-20": "10", "points-3": "1"])
            #expect(saved.headers[.location] == "/e/1/weights?s=1")
        }
        // A new application over the same folder: what a restarted server sees.
        let weights = FileManager.default.temporaryDirectory.appendingPathComponent("w-\(UUID().uuidString).csv").path
        try "indicator,points\n20,10\n3,1\n".write(toFile: weights, atomically: true, encoding: .utf8)
        try await Self.app(data: data).test(.router) { client in
            var me = Visitor()
            let home = String(buffer: try await me.get(client, "/").body)
            #expect(home.contains("shandong-2023.csv"))
            let page = try await me.get(client, "/e/1?s=1")
            #expect(Self.pageRanks(String(buffer: page.body)) == (try Self.cliRanks(weights: weights)))
            // Compared with the standard's points: each row's move is rank A − rank B, up when positive.
            let compare = String(buffer: try await me.get(client, "/e/1/compare?a=standard&b=s1").body)
            let row = try Regex(
                #"data-v="(\d+)">\d+</td><td class="num" data-v="(\d+)">\d+</td>\s*<td class="num (up|down|same)">([^<]*)</td>"#)
            var checked = 0
            for match in compare.matches(of: row) {
                let a = Int(match.output[1].substring!)!
                let b = Int(match.output[2].substring!)!
                let text = String(match.output[4].substring!)
                #expect(text == (a > b ? "▲\(a - b)" : a < b ? "▼\(b - a)" : "—"), "\(a) → \(b): \(text)")
                checked += 1
            }
            #expect(checked == 132)
            let audit = String(buffer: try await me.get(client, "/audit").body)
            #expect(audit.contains("上传数据") && audit.contains("保存分值方案"))
        }
        let store = try Store(folder: data)
        let record = try await store.evaluation(1)
        #expect(record?.sha256 == (try RankedCohort.load(input: Self.sample, rulebook: Self.rulebook)).evaluation.table.sha256)
    }

    /// An evaluation made under one rulebook file is not re-scored under another after a restart.
    @Test func aChangedRulebookIsRefusedNotSilentlyApplied() async throws {
        let data = Self.dataFolder()
        try await Self.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            _ = try await me.post(client, "/evaluations/sample", form: [:])
        }
        var changed = Self.rulebook
        changed.source = Fixture.path("data/rules/shandong-2022.yaml")  // other bytes, so another SHA-256
        try await Self.app(data: data, rulebook: changed).test(.router) { client in
            var me = Visitor()
            let page = try await me.get(client, "/e/1")
            #expect(page.status == .conflict)
            #expect(String(buffer: page.body).contains("shandong-2023.yaml"))
            #expect(String(buffer: page.body).contains("--rules"))
        }
    }

    @Test func offLoopbackEveryPageNeedsASignedInReviewer() async throws {
        let data = Self.dataFolder()
        try Store(folder: data).setPassword(user: "reviewer", password: "correct horse")
        try await Self.app(data: data, host: "0.0.0.0").test(.router) { client in
            var me = Visitor()
            let home = try await me.get(client, "/")
            #expect(home.status == .seeOther)
            #expect(home.headers[.location]?.hasPrefix("/login") == true)
            let download = try await me.get(client, "/e/1/download/ranking.xlsx")
            #expect(download.status == .seeOther)
            _ = try await me.get(client, "/login")
            let wrong = try await me.post(client, "/login", form: ["user": "reviewer", "password": "wrong one"])
            #expect(wrong.status == .unauthorized)
            let nobody = try await me.post(client, "/login", form: ["user": "nobody", "password": "correct horse"])
            #expect(nobody.status == .unauthorized)
            let right = try await me.post(
                client, "/login", form: ["user": "reviewer", "password": "correct horse", "next": "//evil.example/"])
            #expect(right.status == .seeOther)
            #expect(right.headers[.location] == "/")
            let after = try await me.get(client, "/")
            #expect(after.status == .ok)
            #expect(String(buffer: after.body).contains("reviewer"))
        }
        #expect(ServerSettings.isLoopback("127.0.0.1") && ServerSettings.isLoopback("::1"))
        #expect(!ServerSettings.isLoopback("0.0.0.0") && !ServerSettings.isLoopback("192.168.1.20"))
    }

    @Test func downloadsAreWhatTheCommandLineWrites() async throws {
        let data = Self.dataFolder()
        try await Self.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            _ = try await me.post(client, "/evaluations/sample", form: [:])
            let csv = try await me.get(client, "/e/1/download/scores.csv")
            #expect(csv.status == .ok)
            let cohort = try RankedCohort.load(input: Self.sample, rulebook: Self.rulebook)
            let expected =
                Array("\u{FEFF}".utf8) + Array(ScoresCSV.make(cohort.evaluation, cohort.scoreboard, cohort.ranking).text.utf8)
            #expect(Array(csv.body.readableBytesView) == expected)
            let book = try await me.get(client, "/e/1/download/ranking.xlsx")
            #expect(book.status == .ok)
            #expect(Array(book.body.readableBytesView.prefix(2)) == [0x50, 0x4B])  // a ZIP, as every .xlsx
            #expect(book.headers[.contentDisposition]?.contains("filename*=UTF-8''ranking-1-shandong-2023.xlsx") == true)
            let zip = try await me.get(client, "/e/1/download/feedback.zip")
            #expect(zip.status == .ok)
            #expect(Array(zip.body.readableBytesView.prefix(2)) == [0x50, 0x4B])
            let missing = try await me.get(client, "/e/1/download/../../etc/passwd")
            #expect(missing.status == .notFound)
        }
    }

    @Test func uploadedNamesNeverBecomePaths() {
        #expect(FormFields.displayName("../../etc/passwd") == "passwd")
        #expect(FormFields.displayName(#"C:\Users\张三\申报表.csv"#) == "申报表.csv")
        #expect(FormFields.displayName("a\u{0}b\n.csv") == "ab.csv")
        #expect(FormFields.displayName(String(repeating: "长", count: 300)).count == 120)
    }

    /// Every `{{t.name}}` in a template is a catalogue case, so no page text exists outside the catalogue.
    @Test func templatesUseOnlyCatalogueTexts() throws {
        let names = Set(WebText.allCases.map(\.rawValue) + PanelText.allCases.map(\.rawValue))
        // The two catalogues share one namespace in the templates: no name may be in both.
        #expect(Set(WebText.allCases.map(\.rawValue)).isDisjoint(with: PanelText.allCases.map(\.rawValue)))
        let reference = try Regex(#"\{\{t\.(\w+)\}\}"#)
        var used = 0
        for (name, template) in try Templates.all() {
            for match in template.matches(of: reference) {
                used += 1
                #expect(names.contains(String(match.output[1].substring!)), "\(name)")
            }
        }
        #expect(used > 100)
        _ = try Views()
    }

    /// The language is chosen per request (issue 22): `?lang=` (then a cookie), else `Accept-Language`, else
    /// the server's; two visitors of one server read two languages at once, downloads included.
    @Test func eachVisitorReadsTheirOwnLanguage() async throws {
        #expect(RequestLanguage.preferred("en-US,en;q=0.9,zh-CN;q=0.8") == .en)
        #expect(RequestLanguage.preferred("zh-CN,zh;q=0.9,en;q=0.8") == .zh)
        #expect(RequestLanguage.preferred("en;q=0.5,zh;q=0.5") == .zh)
        #expect(RequestLanguage.preferred("fr-FR,fr") == nil)
        let data = Self.dataFolder()
        try await Self.app(data: data).test(.router) { client in
            var english = Visitor()
            var chinese = Visitor()
            let switched = try await english.get(client, "/?lang=en")
            #expect(String(buffer: switched.body).contains(WebText.homeTitle.localized.en))
            #expect(english.cookies["qeval_lang"] == "en")
            let home = String(buffer: try await chinese.get(client, "/").body)
            #expect(home.contains(WebText.homeTitle.localized.zh) && home.contains(#"<html lang="zh-CN">"#))
            // The cookie keeps English; the other visitor stays Chinese.
            _ = try await english.post(client, "/evaluations/sample", form: [:])
            let ranking = String(buffer: try await english.get(client, "/e/1").body)
            #expect(ranking.contains(#"<html lang="en">"#) && ranking.contains(WebText.rankingTitle.localized.en))
            let other = String(buffer: try await chinese.get(client, "/e/1").body)
            #expect(other.contains(WebText.rankingTitle.localized.zh))
            // Errors and work done on the pool follow the visitor's language too.
            let missing = String(buffer: try await english.get(client, "/e/99").body)
            #expect(missing.contains(#"<html lang="en">"#))
            for (visitor, sheet) in [(english, "Ranking"), (chinese, "总排名")] {
                var v = visitor
                let download = try await v.get(client, "/e/1/download/ranking.xlsx")
                let url = FileManager.default.temporaryDirectory.appendingPathComponent("lang-\(UUID().uuidString).xlsx")
                try Data(buffer: download.body).write(to: url)
                defer { try? FileManager.default.removeItem(at: url) }
                #expect(try XLSXTestReader(url: url).sheetNames.contains(sheet), "\(sheet)")
            }
            // A browser that prefers English, without the cookie.
            var h = HTTPFields()
            h[.acceptLanguage] = "en-US,en;q=0.9"
            let negotiated = try await client.execute(uri: "/", method: .get, headers: h)
            #expect(String(buffer: negotiated.body).contains(WebText.homeTitle.localized.en))
        }
    }
}
