import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import QEval
@testable import QEvalSupport
@testable import QEvalWeb

/// Issue 26: the workspace on an office network — roles on every route, accounts over time, nothing lost
/// on restart, backups, the settings file, and the refusal of plain HTTP off loopback. HTTPS itself, a
/// killed upload and the browser's restart are in Tests/e2e/test_office.py.
@Suite(.serialized) struct OfficeNetworkTests {
    typealias Visitor = WebTests.Visitor

    static let password = "correct horse"

    /// An office server (behind a TLS proxy, so the in-process client can reach it) with one account per
    /// role and the sample uploaded by the 管理员.
    static func office(data: String) throws -> (ServerSettings, Store) {
        var settings = ServerSettings(
            host: "0.0.0.0", port: 0, dataFolder: data, rulebook: WebTests.rulebook, samplePath: WebTests.sample)
        settings.behindProxy = true
        let store = try Store(folder: data)
        for role in Role.allCases { try store.setPassword(user: role.rawValue, password: password, role: role) }
        try store.setPassword(user: "target", password: password, role: .reviewer)
        return (settings, store)
    }

    static func signIn(_ client: some TestClientProtocol, as name: String) async throws -> Visitor {
        var me = Visitor()
        _ = try await me.get(client, "/login")
        let response = try await me.post(client, "/login", form: ["user": name, "password": password])
        #expect(response.status == .seeOther, "\(name) signs in")
        _ = try await me.get(client, "/")
        return me
    }

    /// What a request could change: every table's rows but the audit log and the sessions.
    static func fingerprint(_ store: Store) throws -> String {
        try store.queue.read { db in
            try [
                "SELECT group_concat(id || fileName, ',') FROM evaluation",
                "SELECT group_concat(id || name || points, ',') FROM scenario",
                "SELECT group_concat(id || field || ifnull(value, '-'), ',') FROM finding",
                "SELECT group_concat(name || role || disabled || passwordHash, ',') FROM user",
                "SELECT group_concat(id, ',') FROM job",
                "SELECT group_concat(evaluationId || expert || ifnull(submittedAt, '-'), ',') FROM panelMember",
                "SELECT group_concat(id || level, ',') FROM panelLevel",
                "SELECT group_concat(id || ifnull(closedAt, '-'), ',') FROM panelReopen",
            ].map { try String.fetchOne(db, sql: $0) ?? "" }.joined(separator: "|")
        }
    }

    /// A request for a route, its parameters filled in and a body it accepts.
    static func send(
        _ method: HTTPRequest.Method, _ path: String, as me: inout Visitor, named name: String,
        _ client: some TestClientProtocol
    ) async throws -> TestResponse {
        let uri = path.replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(of: "{row}", with: "0")
            .replacingOccurrences(of: "{kind}", with: "scores.csv").replacingOccurrences(
                of: "{job}", with: String(repeating: "a", count: 64)
            )
            .replacingOccurrences(of: "{name}", with: "target")
        if method == .get { return try await me.get(client, uri) }
        switch path {
        case "/evaluations":
            return try await me.upload(client, name: "shandong-2023.csv", bytes: WebTests.sampleBytes)
        case "/e/{id}/findings/import":
            let csv = "县（市、区）,所属地级市,填报项,核定值,核查理由\n历下区,济南市,i20_voluntary_cert_coverage,12,佐证为12%\n"
            return try await me.upload(client, files: [("核查记录.csv", Array(csv.utf8))], uri: uri)
        case "/e/{id}/weights":
            return try await me.postJSON(client, uri, ByteBuffer(string: #"{"points":{"31":3}}"#))
        case "/login":
            return try await me.post(client, uri, form: ["user": name, "password": password])
        default:
            let form: [String: String] = [
                "name": path == "/admin/users" ? "new\(UUID().uuidString.prefix(6))" : "方案", "role": "只读",
                "password": "another horse", "again": "another horse", "current": password,
                "field": "i20_voluntary_cert_coverage", "value": "12", "reason": "佐证为12%", "samples": "100",
            ]
            return try await me.post(client, uri, form: form)
        }
    }

    /// Every route the router has is in the policy table, and every route × role answers as the table says:
    /// allowed ones do not refuse, the others are 403 with a Chinese page naming the role, and change
    /// nothing. A visitor who is not signed in reaches only the open routes.
    @Test func everyRouteForEveryRole() async throws {
        let data = WebTests.dataFolder()
        let (settings, store) = try Self.office(data: data)
        let (router, _) = try WebServer.routerAndSessions(settings: settings, store: store)
        let routes = router.routes.map { (method: $0.method, path: $0.path.description) }
        #expect(routes.count == RoutePolicy.table.count)
        for route in routes {
            #expect(RoutePolicy.permission(route.method, route.path) != nil, "\(route.method) \(route.path) is in the table")
        }
        // Signing out and deleting the evaluation come last: the rest need the session and the evaluation.
        let ordered =
            routes.filter { $0.path != "/logout" && $0.path != "/e/{id}/delete" }
            + routes.filter { $0.path == "/e/{id}/delete" } + routes.filter { $0.path == "/logout" }
        try await WebServer.application(settings: settings, store: store).test(.router) { client in
            var admin = try await Self.signIn(client, as: "admin")
            #expect(try await admin.post(client, "/evaluations/sample", form: [:]).status == .seeOther)
            // The audit log has the visitor's address (the proxy's X-Forwarded-For; none here: the connection's).
            #expect(try await store.auditLog().first { $0.action == "upload" }?.address.isEmpty == false)
            var visitors: [Role: Visitor] = [:]
            for role in Role.allCases { visitors[role] = try await Self.signIn(client, as: role.rawValue) }
            var checked = 0
            for role in [Role.viewer, .expert, .reviewer, .admin] {
                for route in ordered {
                    let needed = RoutePolicy.permission(route.method, route.path)!
                    let before = try Self.fingerprint(store)
                    var me = visitors[role]!
                    let response = try await Self.send(route.method, route.path, as: &me, named: role.rawValue, client)
                    visitors[role] = me
                    let label = "\(role) \(route.method) \(route.path) → \(response.status.code)"
                    if role.allows(needed) {
                        #expect(response.status != .forbidden && response.status != .unauthorized, "\(label)")
                    } else {
                        #expect(response.status == .forbidden, "\(label)")
                        let page = String(buffer: response.body)
                        #expect(page.contains("您的账号角色是“\(role.name.localized.zh)”"), "\(label)")
                        #expect(
                            page.contains("<h1>没有权限</h1>") || page.hasPrefix("{\"error\""),
                            "\(label): a page, or JSON for the script")
                        #expect(page.contains(needed.action.localized.zh), "\(label)")
                        #expect(try Self.fingerprint(store) == before, "\(label) changed nothing")
                    }
                    checked += 1
                }
            }
            #expect(checked == 4 * routes.count)
            // Not signed in: the open routes answer, pages send to the sign-in page, posts are refused.
            var stranger = Visitor()
            _ = try await stranger.get(client, "/login")
            for route in routes where RoutePolicy.permission(route.method, route.path) != .open {
                let before = try Self.fingerprint(store)
                let response = try await Self.send(route.method, route.path, as: &stranger, named: "", client)
                if route.method == .get {
                    #expect(response.status == .seeOther, "\(route.path)")
                    #expect(response.headers[.location]?.hasPrefix("/login") == true)
                } else {
                    #expect(response.status == .unauthorized, "\(route.path)")
                }
                #expect(try Self.fingerprint(store) == before)
            }
        }
    }

    @Test func rolesAreNamedInChineseAndEnglishAndDoWhatTheIssueSays() {
        #expect(Role(named: "管理员") == .admin && Role(named: "Admin") == .admin)
        #expect(Role(named: "评审") == .reviewer && Role(named: "reviewer") == .reviewer)
        #expect(Role(named: "专家") == .expert && Role(named: "只读") == .viewer && Role(named: "read-only") == .viewer)
        #expect(Role(named: "老板") == nil)
        // 管理员 manages accounts and deletes; 评审 uploads, records, analyses; 只读 views and downloads;
        // 专家 none of the evaluation pages (the panel's pages come with issue 27).
        #expect(Role.admin.allows(.manageAccounts) && Role.admin.allows(.deleteEvaluation))
        #expect(Role.reviewer.allows(.upload) && Role.reviewer.allows(.record) && Role.reviewer.allows(.analyse))
        #expect(!Role.reviewer.allows(.manageAccounts) && !Role.reviewer.allows(.deleteEvaluation))
        #expect(Role.viewer.allows(.view) && Role.viewer.allows(.download) && !Role.viewer.allows(.analyse))
        #expect(!Role.viewer.allows(.upload) && !Role.viewer.allows(.record))
        #expect(!Role.expert.allows(.view) && !Role.expert.allows(.download) && Role.expert.allows(.ownAccount))
        let refusal = AccessMessage.forbidden(role: .viewer, action: .upload).localized
        #expect(refusal.zh.contains("“只读”") && refusal.zh.contains("上传申报数据") && refusal.zh.contains("管理员、评审"))
        #expect(refusal.en.contains("read-only") && refusal.en.contains("administrator, reviewer"))
    }

    @Test func aDisabledAccountsSessionEndsAtOnce() async throws {
        let data = WebTests.dataFolder()
        let (settings, store) = try Self.office(data: data)
        try await WebServer.application(settings: settings, store: store).test(.router) { client in
            var target = try await Self.signIn(client, as: "target")
            #expect(try await target.get(client, "/").status == .ok)
            #expect(try store.sessionCount(of: "target") == 1)
            var admin = try await Self.signIn(client, as: "admin")
            let page = try await admin.post(client, "/admin/users/target/disable", form: [:])
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("账号 target 已停用，不能再登录；已结束其 1 个登录会话"))
            #expect(try store.sessionCount(of: "target") == 0)
            let next = try await target.get(client, "/")
            #expect(next.status == .seeOther && next.headers[.location]?.hasPrefix("/login") == true)
            // Nor can it sign in again.
            var again = Visitor()
            _ = try await again.get(client, "/login")
            let refused = try await again.post(client, "/login", form: ["user": "target", "password": Self.password])
            #expect(refused.status == .unauthorized)
            // A Chinese name, as the browser sends it in the path (percent-encoded).
            try store.setPassword(user: "王五", password: Self.password, role: .viewer)
            let encoded = "王五".addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!
            let chinese = try await admin.post(client, "/admin/users/\(encoded)/role", form: ["role": "评审"])
            #expect(chinese.status == .ok)
            #expect(try store.account("王五")?.roleValue == .reviewer)
            // The last enabled 管理员 cannot disable or demote itself.
            let last = try await admin.post(client, "/admin/users/admin/role", form: ["role": "评审"])
            #expect(last.status == .conflict)
            #expect(String(buffer: last.body).contains("唯一可用的管理员账号"))
            #expect(try store.account("admin")?.roleValue == .admin)
            // Every change is in the audit log, with the address the proxy forwarded ("" here: none).
            let audit = try await store.auditLog()
            #expect(audit.contains { $0.action == "account-disabled" && $0.user == "admin" && $0.detail == "停用 target" })
        }
    }

    @Test func aRoleChangeTakesEffectOnTheNextRequest() async throws {
        let data = WebTests.dataFolder()
        let (settings, store) = try Self.office(data: data)
        try await WebServer.application(settings: settings, store: store).test(.router) { client in
            var target = try await Self.signIn(client, as: "target")
            #expect(try await target.post(client, "/evaluations/sample", form: [:]).status == .seeOther)
            try store.update(account: "target", role: .viewer)
            let refused = try await target.post(client, "/evaluations/sample", form: [:])
            #expect(refused.status == .forbidden)
            #expect(try await store.evaluations().count == 1)
            #expect(try await target.get(client, "/e/1").status == .ok)
        }
    }

    @Test func aSignedInSessionEndsAfterIdleTimeButNotBefore() async throws {
        let store = try Store(folder: WebTests.dataFolder())
        let sessions = SessionStore(store: store, idle: .seconds(1))
        var signedIn = WebSession.new()
        signedIn.user = "zhang"
        try await sessions.create(key: "qeval.a", value: signedIn, expires: .seconds(3600))
        try await sessions.create(key: "qeval.b", value: WebSession.new(), expires: .seconds(3600))
        #expect(try await sessions.get(key: "qeval.a", as: WebSession.self)?.user == "zhang")
        try await Task.sleep(for: .milliseconds(1_300))
        // Idle for longer than allowed: the sign-in is gone; a session nobody signed in to (a draft on the
        // account-less loopback server) keeps its own lifetime.
        #expect(try await sessions.get(key: "qeval.a", as: WebSession.self) == nil)
        #expect(try await sessions.get(key: "qeval.b", as: WebSession.self) != nil)
        #expect(try store.sessionCount(of: "zhang") == 0)
    }

    @Test func aUserChangesTheirOwnPasswordAndTheirOtherSessionsEnd() async throws {
        let data = WebTests.dataFolder()
        let (settings, store) = try Self.office(data: data)
        try await WebServer.application(settings: settings, store: store).test(.router) { client in
            var here = try await Self.signIn(client, as: "viewer")
            var elsewhere = try await Self.signIn(client, as: "viewer")
            let wrong = try await here.post(
                client, "/account/password", form: ["current": "nope", "password": "new horse 1", "again": "new horse 1"])
            #expect(wrong.status == .unprocessableContent)
            #expect(String(buffer: wrong.body).contains("当前密码不对"))
            let changed = try await here.post(
                client, "/account/password",
                form: ["current": Self.password, "password": "new horse 1", "again": "new horse 1"])
            #expect(changed.status == .ok)
            #expect(String(buffer: changed.body).contains("密码已修改"))
            #expect(try await here.get(client, "/").status == .ok)
            #expect(try await elsewhere.get(client, "/").status == .seeOther)
            #expect(try store.verifyNow(user: "viewer", password: "new horse 1") != nil)
            #expect(try store.verifyNow(user: "viewer", password: Self.password) == nil)
        }
    }

    /// A restart keeps the sign-in and the unsaved draft of points: the sessions are in the database.
    @Test func aRestartKeepsTheSignInAndTheDraft() async throws {
        let data = WebTests.dataFolder()
        let (settings, store) = try Self.office(data: data)
        let signedIn = try await WebServer.application(settings: settings, store: store).test(.router) { client in
            var me = try await Self.signIn(client, as: "reviewer")
            #expect(try await me.post(client, "/evaluations/sample", form: [:]).status == .seeOther)
            let draft = try await me.postJSON(client, "/e/1/weights", ByteBuffer(string: #"{"points":{"31":3}}"#))
            #expect(draft.status == .ok)
            return me
        }
        // A new application over the same folder, and a new Store: what a restarted process sees.
        try await WebServer.application(settings: settings, store: try Store(folder: data)).test(.router) { client in
            var me = signedIn
            let page = try await me.get(client, "/e/1/weights?s=draft")
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("reviewer（评审）"))
            #expect(html.contains(#"name="points-31" id="points-31" value="3""#))
        }
    }

    /// A finished robustness result is read back after a restart; a run cut off by one says so.
    @Test func robustnessResultsOutliveARestart() async throws {
        let data = WebTests.dataFolder()
        let settings = ServerSettings(
            host: "127.0.0.1", port: 0, dataFolder: data, rulebook: WebTests.rulebook, samplePath: WebTests.sample)
        let (job, visitor) = try await WebServer.application(settings: settings, store: try Store(folder: data)).test(
            .router
        ) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            _ = try await me.post(client, "/evaluations/sample", form: [:])
            let started = try await me.post(client, "/e/1/robustness", form: ["samples": "100", "seed": "7"])
            #expect(started.status == .seeOther)
            let job = String(started.headers[.location]!.split(separator: "=").last!)
            for _ in 0..<600 {
                let status = String(buffer: try await me.get(client, "/jobs/\(job)").body)
                if status.contains(#""state":"done""#) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            return (job, me)
        }
        JobLedger.flush()
        let store = try Store(folder: data)
        try await store.queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO job (id, evaluationId, owner, state, info, started) SELECT 'cut', evaluationId, owner,
                    'running', info, started FROM job WHERE id = ?
                    """, arguments: [job])
        }
        try await WebServer.application(settings: settings, store: store).test(.router) { client in
            var me = visitor
            let page = String(buffer: try await me.get(client, "/e/1/robustness?job=\(job)").body)
            #expect(page.contains("抽样 100 次"))
            let book = try await me.get(client, "/e/1/download/robustness.xlsx?job=\(job)")
            #expect(book.status == .ok)
            let cut = String(buffer: try await me.get(client, "/jobs/cut").body)
            #expect(cut.contains(#""state":"failed""#) && cut.contains("服务器重新启动"))
        }
    }

    /// A data folder made by the previous release (stop 30's migrations v1 and v2-findings, made with its
    /// binary: an evaluation of the sample, a scenario, a finding, two accounts) opens, migrates and keeps all.
    @Test func aDataFolderOfThePreviousReleaseOpensWithEverythingInIt() async throws {
        let fixture = URL(fileURLWithPath: Fixture.path("Tests/QEvalTests/Fixtures/data-release-30/qeval.sqlite"))
        let data = WebTests.dataFolder()
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: fixture.path, toPath: data + "/qeval.sqlite")
        let store = try Store(folder: data)
        #expect(try await store.evaluations().map(\.fileName) == ["shandong-2023.csv"])
        #expect(try await store.scenarios(of: 1).map(\.name) == ["旧版方案"])
        #expect(try await store.currentFindings(of: 1).map(\.value) == ["12"])
        let accounts = try store.accounts()
        #expect(accounts.map(\.name).sorted() == ["reviewer1", "评审甲"])
        // Accounts made before roles were 评审: they keep what they could do.
        #expect(accounts.allSatisfy { $0.roleValue == .reviewer && !$0.disabled })
        #expect(try store.verifyNow(user: "评审甲", password: "oldpassword1") != nil)
        #expect(try store.integrity() == ["ok"])
    }

    @Test func aBackupWhileServingRestoresIntoANewFolderWithTheSameEvaluations() async throws {
        let data = WebTests.dataFolder()
        let settings = ServerSettings(
            host: "127.0.0.1", port: 0, dataFolder: data, rulebook: WebTests.rulebook, samplePath: WebTests.sample)
        let store = try Store(folder: data)
        let backup = WebTests.dataFolder() + ".sqlite"
        try await WebServer.application(settings: settings, store: store).test(.router) { client in
            var me = Visitor()
            _ = try await me.get(client, "/")
            _ = try await me.post(client, "/evaluations/sample", form: [:])
            let report = try store.backup(to: backup)
            #expect(report.evaluations == 1)
            _ = try await me.post(client, "/evaluations/sample", form: [:])
            let admin = String(buffer: try await me.get(client, "/admin").body)
            #expect(admin.contains(backup))
        }
        let restored = WebTests.dataFolder()
        let report = try Store.restore(from: backup, into: restored)
        #expect(report.evaluations == 1)
        let copy = try Store(folder: restored)
        let original = try await store.evaluation(1)!
        #expect(try await copy.evaluation(1)?.bytes == original.bytes)
        #expect(try await copy.evaluation(1)?.sha256 == original.sha256)
        // Never over a workspace; a file that is not a backup is named.
        #expect(throws: Failure.self) { try Store.restore(from: backup, into: restored) }
        do {
            _ = try Store.restore(from: WebTests.sample, into: WebTests.dataFolder())
            Issue.record("a CSV restored")
        } catch {
            #expect(error.message.zh.contains("不是 qeval 的备份文件"))
        }
    }

    @Test func theSettingsFileIsReadLineByLineWithLocatedErrors() throws {
        let text = """
            # 山东省质量强县评审工作台
            host = 0.0.0.0
            port = 8443
            tls-cert = /etc/qeval/cert.pem
            tls-key = "/etc/qeval/key.pem"
            behind-proxy = false
            idle-minutes = 20
            """
        let config = try ServeConfig.parse(text, file: "qeval.conf")
        #expect(config.host == "0.0.0.0" && config.port == 8443 && config.tlsKey == "/etc/qeval/key.pem")
        #expect(config.behindProxy == false && config.idleMinutes == 20 && config.data == nil)
        func message(_ text: String) -> Localized? {
            do {
                _ = try ServeConfig.parse(text, file: "qeval.conf")
                return nil
            } catch { return error.message }
        }
        #expect(
            message("host = a\nhots = b")?.zh
                == "设置文件 qeval.conf 第2行：不认识的设置项“hots”。可用的设置项：host, port, data, rules, tls-cert, tls-key, behind-proxy, idle-minutes。"
        )
        #expect(message("port 8080")?.zh == "设置文件 qeval.conf 第1行：“port 8080”不是“设置项 = 值”的写法。以 # 开头的行是注释。")
        #expect(message("\n\nport = 80800")?.en == "qeval.conf:3: \"80800\" is not a valid port; expected 1–65535.")
    }

    @Test func plainHTTPOffLoopbackIsRefusedAndBadCertificatesAreNamed() throws {
        var settings = ServerSettings(
            host: "0.0.0.0", port: 0, dataFolder: WebTests.dataFolder(), rulebook: WebTests.rulebook,
            samplePath: WebTests.sample)
        #expect(throws: Failure.self) { try settings.checkNetwork() }
        do { try settings.checkNetwork() } catch { #expect(error.message.zh.contains("--tls-cert 证书.pem --tls-key 私钥.pem")) }
        settings.behindProxy = true
        try settings.checkNetwork()
        #expect(settings.requiresLogin && settings.httpsOnly)
        var loopback = settings
        loopback.host = "127.0.0.1"
        #expect(loopback.requiresLogin, "behind a proxy every visitor comes from loopback")
        let missing = TLSFiles(certificate: "/nonexistent/cert.pem", key: "/nonexistent/key.pem")
        do {
            _ = try missing.configuration()
            Issue.record("a missing certificate accepted")
        } catch {
            #expect(error.message.zh.hasPrefix("无法读取证书文件 /nonexistent/cert.pem：文件不存在"))
        }
        let notPEM = TLSFiles(certificate: WebTests.sample, key: WebTests.sample)
        do {
            _ = try notPEM.configuration()
            Issue.record("a CSV accepted as a certificate")
        } catch {
            #expect(error.message.zh.contains("不是可用的 PEM 文件"))
        }
    }
}
