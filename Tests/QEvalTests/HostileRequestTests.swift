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

/// Issue 21: each request that once crashed, stalled or filled the workspace, sent again through
/// Hummingbird's in-process client. Every test checks the answer, that the process still answers the next
/// request, and that nothing was stored that should not be. scripts/hostile repeats the ones that need a
/// real socket (Host headers, sizes on the wire, timings) against a running server.
@Suite(.serialized) struct HostileRequestTests {
    typealias Visitor = WebTests.Visitor

    static func app(
        data: String, host: String = "127.0.0.1", limits: WebLimits = WebLimits(),
        extraRoutes: @escaping (Router<WebContext>) -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        var settings = ServerSettings(
            host: host, port: 0, dataFolder: data, rulebook: WebTests.rulebook, samplePath: WebTests.sample)
        settings.limits = limits
        settings.behindProxy = !ServerSettings.isLoopback(host)
        return try WebServer.build(settings: settings, store: try Store(folder: data), extraRoutes: extraRoutes)
    }

    static func databaseSize(_ data: String) -> Int {
        let folder = URL(fileURLWithPath: data)
        return ["qeval.sqlite", "qeval.sqlite-wal"].reduce(0) { total, name in
            let path = folder.appendingPathComponent(name).path
            return total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        }
    }

    /// The start page answers: the process lives.
    static func alive(_ client: some TestClientProtocol) async throws {
        let page = try await client.execute(uri: "/assets/app.css", method: .get)
        #expect(page.status == .ok)
    }

    static func raw(
        _ client: some TestClientProtocol, _ uri: String, _ me: Visitor, type: String, body: ByteBuffer,
        extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var h = me.headers
        h[.contentType] = type
        h.append(contentsOf: extra)
        return try await client.execute(uri: uri, method: .post, headers: h, body: body)
    }

    // 1. multipart with an empty boundary once trapped in the parser, before any sign-in.
    @Test func malformedMultipartBoundariesAreBadRequests() async throws {
        let data = WebTests.dataFolder()
        try await Self.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            for (uri, type) in [
                ("/login", "multipart/form-data; boundary="), ("/evaluations", "multipart/form-data; boundary="),
                ("/evaluations", "multipart/form-data"),
                ("/evaluations", "multipart/form-data; boundary=" + String(repeating: "a", count: 71)),
                ("/evaluations", "multipart/form-data; boundary=\"a{b\""),
            ] {
                let response = try await Self.raw(client, uri, me, type: type, body: ByteBuffer(string: "--x--\r\n"))
                #expect(response.status == .badRequest, "\(type)")
                #expect(String(buffer: response.body).contains("上传的表单格式有误"), "\(type)")
                try await Self.alive(client)
            }
            #expect(FormFields.isValidBoundary(String(repeating: "a", count: 70)))
            #expect(!FormFields.isValidBoundary("ends with space "))
            #expect(try await Store(folder: data).evaluations().isEmpty)
        }
    }

    // 2. samples = Int.max overflowed; 10^12 never ended.
    @Test func robustnessSamplesOutsideTheRangeAreRefused() async throws {
        let data = WebTests.dataFolder()
        try await Self.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            _ = try await me.post(client, "/evaluations/sample", form: [:])
            for samples in ["9223372036854775807", "1000000000000", "99", "-1", "1e6"] {
                let response = try await me.post(client, "/e/1/robustness", form: ["samples": samples])
                #expect(response.status == .unprocessableContent, "\(samples)")
                #expect(String(buffer: response.body).contains("100 到 1000000 之间的整数"), "\(samples)")
            }
            try await Self.alive(client)
        }
    }

    // 3. points of 5e-324 each were accepted, and the robustness run then trapped converting to Int64.
    @Test func pointsThatCannotRankAreRefusedAndTheAnalysisGuardsItself() async throws {
        let data = WebTests.dataFolder()
        try await Self.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            _ = try await me.post(client, "/evaluations/sample", form: [:])
            var points: [String: Double] = [:]
            for indicator in WebTests.rulebook.indicators { points[String(indicator.number)] = 5e-324 }
            let body = try JSONEncoder().encode(["points": points])
            let response = try await me.postJSON(client, "/e/1/weights", ByteBuffer(bytes: body))
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("不在 1 到 1000 之间"))
            try await Self.alive(client)
        }
        // The library refuses such points itself, whoever calls it.
        let cohort = try RankedCohort.load(input: WebTests.sample, rulebook: WebTests.rulebook)
        let tiny = cohort.reweighted([Double](repeating: 5e-324, count: WebTests.rulebook.indicators.count))
        do {
            _ = try RobustnessAnalysis(cohort: tiny, settings: RobustnessSettings(samples: 100)).run()
            Issue.record("points of 5e-324 were analysed")
        } catch {
            #expect(error.problems == [.pointsUnusable])
        }
    }

    // 4. a 19 MB user name was stored whole in the audit log.
    @Test func hugeSignInsStoreNothingAndTheAuditStaysBounded() async throws {
        let data = WebTests.dataFolder()
        try await Self.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/login")
            let before = Self.databaseSize(data)
            let huge = try await me.post(
                client, "/login", form: ["user": String(repeating: "张", count: 6_000_000), "password": "x"])
            #expect(huge.status == .contentTooLarge)
            #expect(String(buffer: huge.body).contains("超过 4 KB 的上限"))
            // Within the body limit but longer than any account: refused, its length recorded, not its text.
            let long = try await me.post(client, "/login", form: ["user": String(repeating: "a", count: 200), "password": "x"])
            #expect(long.status == .badRequest)
            let rows = try await Store(folder: data).auditLog()
            #expect(rows.allSatisfy { $0.user.count <= 64 && $0.detail.count <= 1_100 })
            #expect(rows.contains { $0.detail.contains("用户名过长（200 个字）") })
            #expect(Self.databaseSize(data) - before < 64 * 1024)
            try await Self.alive(client)
        }
    }

    // 5. DNS rebinding: another Host on the account-less server, a POST from another site's page.
    @Test func theAccountlessServerTrustsOnlyThisMachine() async throws {
        let data = WebTests.dataFolder()
        try await Self.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            for host in ["attacker.example:8080", "attacker.example", "127.0.0.1.attacker.example", "10.0.0.5:8080"] {
                var h = me.headers
                h[HTTPField.Name("Host")!] = host
                let page = try await client.execute(uri: "/", method: .get, headers: h)
                #expect(page.status == .misdirectedRequest, "\(host)")
                #expect(String(buffer: page.body).contains("只接受本机地址"), "\(host)")
                #expect(!String(buffer: page.body).contains(me.csrf), "\(host)")
            }
            for host in ["127.0.0.1:8080", "localhost:8080", "[::1]:8080", "LOCALHOST", "127.0.0.1"] {
                var h = me.headers
                h[HTTPField.Name("Host")!] = host
                #expect(try await client.execute(uri: "/", method: .get, headers: h).status == .ok, "\(host)")
            }
            // A POST from another site's page, with the right token and cookie: refused, nothing stored.
            for origin in ["http://attacker.example:8080", "null", "http://127.0.0.1.attacker.example"] {
                var h = me.headers
                h[.origin] = origin
                h[.contentType] = "application/x-www-form-urlencoded"
                let response = try await client.execute(
                    uri: "/evaluations/sample", method: .post, headers: h, body: ByteBuffer(string: "csrf=\(me.csrf)"))
                #expect(response.status == .forbidden, "\(origin)")
                #expect(String(buffer: response.body).contains("来自其他网站"), "\(origin)")
            }
            var referer = me.headers
            referer[.referer] = "http://attacker.example/page"
            referer[.contentType] = "application/x-www-form-urlencoded"
            let viaReferer = try await client.execute(
                uri: "/evaluations/sample", method: .post, headers: referer, body: ByteBuffer(string: "csrf=\(me.csrf)"))
            #expect(viaReferer.status == .forbidden)
            #expect(try await Store(folder: data).evaluations().isEmpty)
            // The workspace's own page (Origin = the Host it was reached by) goes through.
            var own = me.headers
            own[HTTPField.Name("Host")!] = "127.0.0.1:8080"
            own[.origin] = "http://127.0.0.1:8080"
            own[.contentType] = "application/x-www-form-urlencoded"
            let ok = try await client.execute(
                uri: "/evaluations/sample", method: .post, headers: own, body: ByteBuffer(string: "csrf=\(me.csrf)"))
            #expect(ok.status == .seeOther)
        }
        #expect(TrustedOrigin.sameSite("http://localhost:8080", host: "localhost:8080", loopbackOnly: true))
        #expect(!TrustedOrigin.sameSite("http://localhost:9090", host: "localhost:8080", loopbackOnly: true))
        #expect(!TrustedOrigin.sameSite("javascript:alert(1)", host: "localhost:8080", loopbackOnly: true))
    }

    // 6 and 7. 10,000 unknown columns took 13 s; a 15 MB value came back as a 30 MB page.
    @Test func wideAndHugeUploadsAreRefusedSmall() async throws {
        let data = WebTests.dataFolder()
        try await Self.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            let header = (0..<10_000).map { "未知列\($0)" }.joined(separator: ",")
            let wide = try await me.upload(client, name: "wide.csv", bytes: Array((header + "\n1\n").utf8))
            #expect(wide.status == .unprocessableContent)
            let text = String(buffer: wide.body)
            #expect(text.contains("表头有 10000 列，超过上限"))
            // The sample with one cell made 15 MB long.
            var lines = String(decoding: WebTests.sampleBytes, as: UTF8.self).split(
                separator: "\n", omittingEmptySubsequences: false
            )
            .map(String.init)
            var cells = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let column = lines[0].split(separator: ",").firstIndex { $0.contains("i20_voluntary_cert_coverage") }!
            cells[column] = String(repeating: "9", count: 15_000_000) + "x"
            lines[1] = cells.joined(separator: ",")
            let huge = try await me.upload(client, name: "huge.csv", bytes: Array(lines.joined(separator: "\n").utf8))
            #expect(huge.status == .unprocessableContent)
            #expect(huge.body.readableBytes < 200_000)
            #expect(String(buffer: huge.body).contains("（共 15000001 字）"))
            #expect(try await Store(folder: data).evaluations().isEmpty)
            try await Self.alive(client)
        }
    }

    /// The input stage's own limits, whoever calls it: the header, the rows, the name, the suggestions.
    @Test func inputLimitsAreCheckedBeforeTheWork() throws {
        let rulebook = WebTests.rulebook
        let limit = rulebook.fields.count + InputLimits.columnMargin
        var diagnostics = Diagnostics()
        let header = (0...limit).map { "列\($0)" }.joined(separator: ",")
        #expect(throws: InputError.self) {
            _ = try InputReader.read(
                bytes: Array((header + "\n").utf8), file: "wide.csv", rulebook: rulebook, diagnostics: &diagnostics)
        }
        do {
            _ = try InputReader.read(
                bytes: Array((header + "\n").utf8), file: "wide.csv", rulebook: rulebook, diagnostics: &diagnostics)
        } catch {
            #expect(error.diagnostics.errors.first?.message.zh.contains("表头有 \(limit + 1) 列，超过上限 \(limit) 列") == true)
            #expect(error.diagnostics.errors.first?.message.en.contains("more than the limit of \(limit)") == true)
        }
        // 30 unknown columns: the first 20 get a suggestion, the rest are listed without one.
        let sample = String(decoding: WebTests.sampleBytes, as: UTF8.self)
        var lines = sample.split(separator: "\n").map(String.init)
        lines[0] += "," + (0..<30).map { _ in "常驻人口" }.joined(separator: ",")
        for i in 1..<lines.count { lines[i] += String(repeating: ",", count: 30) }
        do {
            _ = try InputReader.read(
                bytes: Array(lines.joined(separator: "\n").utf8), file: "x.csv", rulebook: rulebook, diagnostics: &diagnostics)
            Issue.record("accepted 30 unknown columns")
        } catch {
            let unknown = error.diagnostics.errors.filter { $0.kind == "unknownColumn" }
            #expect(unknown.count == 30)
            #expect(unknown.filter { $0.message.zh.contains("是否指") }.count == InputLimits.suggestedColumns)
        }
        // Rows over the reader's limit.
        var options = ReadOptions()
        options.maxRows = 5
        do {
            _ = try InputReader.read(
                bytes: WebTests.sampleBytes, file: "s.csv", rulebook: rulebook, options: options, diagnostics: &diagnostics)
            Issue.record("accepted 136 rows with a limit of 5")
        } catch {
            #expect(error.diagnostics.errors.first?.message.zh == "文件有 136 行申报数据，超过上限 5 行（全国县级单位约 2850 个）；请检查是否选错了文件，或分批上传。")
        }
        // Cut values say how long they were, in both languages.
        #expect(
            Excerpt.cut(String(repeating: "a", count: 201), language: .zh) == String(repeating: "a", count: 200) + "……（共 201 字）")
        #expect(
            Excerpt.cut(String(repeating: "a", count: 201), language: .en) == String(repeating: "a", count: 200)
                + "… (201 characters)")
        #expect(Excerpt.cut("历城区") == "历城区")
        // A message quoting a long value says its length in each of its languages.
        let city = InputMessage.unknownCity(value: String(repeating: "市", count: 300), cities: "济南、青岛").localized
        #expect(city.zh.contains("……（共 300 字）") && !city.zh.contains("characters"))
        #expect(city.en.contains("… (300 characters)") && !city.en.contains("（共"))
    }

    // 8. next=/%09/evil.example after sign-in redirected off the site.
    @Test func signInRedirectsOnlyToOurOwnPaths() async throws {
        #expect(AccountsController.safeNext("/\t/evil.example") == "/")
        #expect(AccountsController.safeNext("/\\evil.example") == "/")
        #expect(AccountsController.safeNext("//evil.example") == "/")
        #expect(AccountsController.safeNext("/\n/evil.example") == "/")
        #expect(AccountsController.safeNext("https://evil.example") == "/")
        #expect(AccountsController.safeNext("/%2F%2Fevil.example") == "/")
        #expect(AccountsController.safeNext("/e/1/county/3?s=standard") == "/e/1/county/3?s=standard")
        let data = WebTests.dataFolder()
        try Store(folder: data).setPassword(user: "zhang", password: "correct horse")
        try await Self.app(data: data, host: "0.0.0.0").test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/login")
            let response = try await me.post(
                client, "/login", form: ["user": "zhang", "password": "correct horse", "next": "/\t/evil.example"])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/")
        }
    }

    // 9. the rest: body limits, names, sessions, job caps, throttling, and a handler that fails.
    @Test func jsonOverTheLimitIs413Not500() async throws {
        let data = WebTests.dataFolder()
        try await Self.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            _ = try await me.post(client, "/evaluations/sample", form: [:])
            let body = ByteBuffer(string: "{\"points\":{\"1\":1" + String(repeating: " ", count: 1_100_000) + "}}")
            let response = try await me.postJSON(client, "/e/1/weights", body)
            #expect(response.status == .contentTooLarge)
            #expect(String(buffer: response.body).contains("64 KB"))
            try await Self.alive(client)
        }
    }

    @Test func scenarioNamesAreRefusedNotCut() async throws {
        let data = WebTests.dataFolder()
        try await Self.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            _ = try await me.post(client, "/evaluations/sample", form: [:])
            for bad in ["a\u{0}b", "a\nb", "tab\there", String(repeating: "方", count: 61)] {
                let response = try await me.post(client, "/e/1/scenarios", form: ["name": bad, "points-20": "10"])
                #expect(response.status == .badRequest, "\(bad.prefix(5))")
                #expect(String(buffer: response.body).contains("方案名称应为 1 到 60 个可打印的字"))
            }
            #expect(try await Store(folder: data).scenarios(of: 1).isEmpty)
            let slash = try await me.post(client, "/e/1/scenarios", form: ["name": "2024/调整", "points-20": "10"])
            #expect(slash.status == .seeOther)
            #expect(try await Store(folder: data).scenarios(of: 1).map(\.name) == ["2024/调整"])
        }
        // A "/" in a name is no folder: the comparison workbook's title keeps it whole.
        let cohort = try RankedCohort.load(input: WebTests.sample, rulebook: WebTests.rulebook)
        let comparison = Comparison(a: cohort, b: cohort, nameA: "方案：2024/调整", nameB: "评价标准默认分值")
        #expect(comparison.titleA == "方案：2024/调整")
    }

    @Test func uploadNamedDotDotGetsNoFolderName() async throws {
        #expect(FormFields.displayName("..") == "")
        #expect(FormFields.displayName("../..") == "")
        #expect(FormFields.displayName("a/..") == "")
        let summary = EvaluationSummary(
            id: 4, fileName: "..", sha256: "", rulebookName: "", rulebookFile: "", rulebookSHA256: "", applicants: 1,
            createdBy: "", createdAt: Date())
        #expect(Downloads.stem(summary) == "4-")
        let data = WebTests.dataFolder()
        try await Self.app(data: data).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            let created = try await me.upload(client, name: "..", bytes: WebTests.sampleBytes)
            #expect(created.status == .seeOther)
            let list = try await Store(folder: data).evaluations()
            #expect(list.first?.fileName == WebText.unnamedUpload.text)
        }
    }

    @Test func readingCreatesNoSessionsAndPostsShareTheCookieToken() async throws {
        let data = WebTests.dataFolder()
        try await Self.app(data: data).test(.router) { client in
            // Cookie-less GETs: a CSRF cookie each, never a session.
            for _ in 0..<50 {
                let response = try await client.execute(uri: "/", method: .get)
                let cookies = response.headers[values: .setCookie]
                #expect(cookies.count == 1 && cookies[0].hasPrefix("qeval_csrf="))
                #expect(cookies[0].contains("HttpOnly") && cookies[0].contains("SameSite=Strict"))
            }
            // A visitor with the cookie posts with its token; the first POST that keeps something makes the
            // session, with the same token.
            var me = Visitor()
            _ = try await me.get(client, "/")
            let token = me.csrf
            #expect(isToken(token))
            _ = try await me.post(client, "/evaluations/sample", form: [:])
            let draft = try await me.postJSON(client, "/e/1/weights", ByteBuffer(string: #"{"points":{"20":10}}"#), token: token)
            #expect(draft.status == .ok)
            #expect(me.cookies["qeval_session"] != nil)
            let page = try await me.get(client, "/e/1")
            #expect(me.csrf == token)
            #expect(String(buffer: page.body).contains(WebText.draftPoints.text))
            // A token the server never gave is refused even with a matching cookie forged by the client.
            var forged = Visitor()
            forged.cookies["qeval_csrf"] = "not-a-token"
            forged.csrf = "not-a-token"
            #expect(try await forged.post(client, "/evaluations/sample", form: [:]).status == .forbidden)
        }
    }

    @Test func robustnessRunsAreCappedAndCancellable() async throws {
        let data = WebTests.dataFolder()
        var limits = WebLimits()
        limits.robustnessQueued = 2
        try await Self.app(data: data, limits: limits).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            _ = try await me.post(client, "/evaluations/sample", form: [:])
            var h = me.headers
            h[.accept] = "application/json"
            h[.contentType] = "application/x-www-form-urlencoded"
            func start(_ v: Visitor) async throws -> TestResponse {
                var h = v.headers
                h[.accept] = "application/json"
                h[.contentType] = "application/x-www-form-urlencoded"
                return try await client.execute(
                    uri: "/e/1/robustness", method: .post, headers: h,
                    body: ByteBuffer(string: "csrf=\(v.csrf)&samples=1000000&spread=0.2&seed=1"))
            }
            let first = try await start(me)
            #expect(first.status == .accepted)
            let job = try JSONDecoder().decode([String: String].self, from: Data(first.body.readableBytesView))["job"]!
            // The page opened again without ?job= shows the visitor's run and its cancel button (the guide walk:
            // a reload used to lose it); another visitor's page does not show it.
            let reopened = String(buffer: try await me.get(client, "/e/1/robustness").body)
            #expect(reopened.contains("data-job=\"\(job)\""))
            var stranger = Visitor()
            _ = try await stranger.get(client, "/")
            #expect(!String(buffer: try await stranger.get(client, "/e/1/robustness").body).contains(job))
            // The same visitor again: one at a time.
            let second = try await start(me)
            #expect(second.status == .tooManyRequests)
            #expect(String(buffer: second.body).contains("您已有 1 项稳健性分析"))
            // Another visitor queues behind it, a third finds the queue full.
            var other = Visitor()
            _ = try await other.get(client, "/")
            let queued = try await start(other)
            #expect(queued.status == .accepted)
            let queuedJob = try JSONDecoder().decode([String: String].self, from: Data(queued.body.readableBytesView))["job"]!
            let status = String(buffer: try await client.execute(uri: "/jobs/\(queuedJob)", method: .get).body)
            #expect(status.contains(#""state":"queued""#) && status.contains("排队中"))
            var third = Visitor()
            _ = try await third.get(client, "/")
            let full = try await start(third)
            #expect(full.status == .serviceUnavailable)
            // Only its owner cancels a run; cancelled, the queued one starts.
            #expect(try await third.post(client, "/jobs/\(job)/cancel", form: [:]).status == .notFound)
            #expect(try await me.post(client, "/jobs/\(job)/cancel", form: [:]).status == .seeOther)
            var state = ""
            for _ in 0..<200 {
                let s = String(buffer: try await client.execute(uri: "/jobs/\(job)", method: .get).body)
                if s.contains(#""state":"cancelled""#) {
                    state = "cancelled"
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(state == "cancelled")
            #expect(try await other.post(client, "/jobs/\(queuedJob)/cancel", form: [:]).status == .seeOther)
            _ = h
        }
    }

    @Test func failedSignInsAreThrottledAndLoggedOncePerBurst() async throws {
        let data = WebTests.dataFolder()
        try Store(folder: data).setPassword(user: "zhang", password: "correct horse")
        var slow = WebLimits()
        slow.firstSignInDelay = 30
        let limits = slow
        try await Self.app(data: data, host: "0.0.0.0", limits: limits).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/login")
            for _ in 0..<limits.freeSignInFailures + 1 {
                let wrong = try await me.post(client, "/login", form: ["user": "zhang", "password": "wrong"])
                #expect(wrong.status == .unauthorized)
            }
            // Now a wait is imposed, even for the right password.
            let waiting = try await me.post(client, "/login", form: ["user": "zhang", "password": "correct horse"])
            #expect(waiting.status == .tooManyRequests)
            #expect(String(buffer: waiting.body).contains("秒后再试"))
            let failures = try await Store(folder: data).auditLog().filter { $0.action == "login-failed" }
            #expect(failures.count == 1)
        }
        // The lock, by the clock.
        var strict = WebLimits()
        strict.lockAfterFailures = 3
        let throttle = SignInThrottle(limits: strict)
        let t0 = Date()
        #expect(throttle.failed(user: "a", address: "1", now: t0) == .burstStarted)
        #expect(throttle.failed(user: "a", address: "1", now: t0) == .counted)
        #expect(throttle.failed(user: "a", address: "1", now: t0) == .locked(failures: 3))
        #expect(throttle.check(user: "a", address: "2", now: t0.addingTimeInterval(60)) == .locked(minutes: 14))
        #expect(throttle.check(user: "b", address: "1", now: t0.addingTimeInterval(60)) == .locked(minutes: 14))
        #expect(throttle.check(user: "b", address: "2", now: t0.addingTimeInterval(60)) == .allowed)
        #expect(throttle.check(user: "a", address: "2", now: t0.addingTimeInterval(16 * 60)) == .allowed)
    }

    @Test func aHandlerThatFailsIsAnsweredAndTheNextRequestSucceeds() async throws {
        struct Unexpected: Error {}
        let data = WebTests.dataFolder()
        try await Self.app(
            data: data,
            extraRoutes: { router in
                router.get("/test/fails") { _, _ -> Response in throw Unexpected() }
            }
        ).test(.router) { client in
            let failed = try await client.execute(uri: "/test/fails", method: .get)
            #expect(failed.status == .internalServerError)
            let text = String(buffer: failed.body)
            #expect(text.contains("<html") && !text.contains("Unexpected"))
            #expect(try await client.execute(uri: "/", method: .get).status == .ok)
        }
    }

    @Test func theCohortCacheStaysWithinItsBytes() throws {
        let cohort = try RankedCohort.load(input: WebTests.sample, rulebook: WebTests.rulebook)
        let one = CohortCache.estimate(cohort, uploadBytes: WebTests.sampleBytes.count)
        let cache = CohortCache(capacity: one * 2 + one / 2)
        for id in 1...5 { cache.insert(Int64(id), cohort, bytes: WebTests.sampleBytes.count) }
        #expect(cache.usage.entries == 2)
        #expect(cache.usage.bytes <= one * 2 + one / 2)
        #expect(cache.get(5) != nil && cache.get(4) != nil && cache.get(1) == nil)
        // Using 4 makes 5 the least recently used.
        _ = cache.get(4)
        cache.insert(6, cohort, bytes: WebTests.sampleBytes.count)
        #expect(cache.get(4) != nil && cache.get(5) == nil)
    }

    @Test func thePoolAdmitsAShareToEachVisitorAndRefusesWhenFull() async throws {
        let a = Admission(overall: 3, perVisitor: 2)
        #expect(a.enter("x") && a.enter("x"))
        #expect(!a.enter("x"))
        #expect(a.enter("y"))
        #expect(!a.enter("z"))
        a.leave("x")
        #expect(a.enter("z"))
        #expect(a.value == 3)
        var limits = WebLimits()
        limits.heavyConcurrency = 1
        limits.heavyQueue = 0
        let pool = WorkPool(limits: limits)
        let busy = Task {
            try await pool.run {
                Thread.sleep(forTimeInterval: 0.5)
                return 1
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        do {
            _ = try await WorkPool.$visitor.withValue("other") { try await pool.run { 2 } }
            Issue.record("a full pool admitted more work")
        } catch let error as WebError {
            #expect(error.status == .serviceUnavailable)
            #expect(error.message.zh.contains("服务器正忙"))
        }
        #expect(try await busy.value == 1)
        #expect(try await pool.run { 3 } == 3)
    }

    @Test func uploadsOverTheRowLimitAreRefusedAndStoreNothing() async throws {
        let data = WebTests.dataFolder()
        var limits = WebLimits()
        limits.rowsPerUpload = 100
        try await Self.app(data: data, limits: limits).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            let response = try await me.upload(client, name: "s.csv", bytes: WebTests.sampleBytes)
            #expect(response.status == .unprocessableContent)
            #expect(String(buffer: response.body).contains("文件有 136 行申报数据，超过上限 100 行"))
            #expect(try await Store(folder: data).evaluations().isEmpty)
        }
    }

    @Test func finishedRunsAreDroppedBeyondTheirCountAndLifetime() async throws {
        var limits = WebLimits()
        limits.finishedJobsKept = 1
        limits.robustnessPerSession = 5
        let jobs = RobustnessJobs(limits: limits)
        let cohort = try RankedCohort.load(input: WebTests.sample, rulebook: WebTests.rulebook)
        let settings = RobustnessSettings(samples: 100, spread: 0.1, sensitivitySamples: 2)
        func finish(_ id: String) async throws {
            for _ in 0..<400 where jobs.job(id)?.isActive ?? false { try await Task.sleep(for: .milliseconds(25)) }
        }
        let first = try jobs.start(evaluation: 1, owner: "a", cohort: cohort, settings: settings)
        try await finish(first)
        #expect(jobs.job(first)?.state == .done)
        let second = try jobs.start(evaluation: 1, owner: "a", cohort: cohort, settings: settings)
        try await finish(second)
        // Only the newest finished run is kept.
        #expect(jobs.job(second)?.state == .done)
        #expect(jobs.job(first) == nil)
        // And none once its lifetime has passed.
        var brief = limits
        brief.finishedJobLifetime = 0
        let shortLived = RobustnessJobs(limits: brief)
        let third = try shortLived.start(evaluation: 1, owner: "a", cohort: cohort, settings: settings)
        for _ in 0..<400 where shortLived.counts.running > 0 { try await Task.sleep(for: .milliseconds(25)) }
        try await Task.sleep(for: .milliseconds(10))
        #expect(shortLived.job(third) == nil)
    }
}
