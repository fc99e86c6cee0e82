import ArgumentParser
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import QEval
import QEvalReports
import QEvalWeb

struct Serve: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(abstract: WebHelp.serve.text, discussion: WebHelp.serveDiscussion.text)
    }

    @Option(name: .long, help: ArgumentHelp(WebHelp.host.text, valueName: "127.0.0.1"))
    var host: String?

    @Option(name: .long, help: ArgumentHelp(WebHelp.port.text, valueName: "8080"))
    var port: Int?

    @Option(name: .long, help: ArgumentHelp(WebHelp.data.text, valueName: "qeval-data"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp(WebHelp.tlsCert.text, valueName: "cert.pem"))
    var tlsCert: String?

    @Option(name: .long, help: ArgumentHelp(WebHelp.tlsKey.text, valueName: "key.pem"))
    var tlsKey: String?

    @Flag(name: .long, help: ArgumentHelp(WebHelp.behindProxy.text))
    var behindProxy = false

    @Option(name: .long, help: ArgumentHelp(WebHelp.idleMinutes.text, valueName: "30"))
    var idleMinutes: Int?

    @Option(name: .long, help: ArgumentHelp(WebHelp.config.text, valueName: "qeval.conf"))
    var config: String?

    @OptionGroup var rules: RulesOption
    @OptionGroup var language: LanguageOption

    func run() throws {
        try reportingFailures {
            // The command line wins over the settings file, which wins over the defaults.
            let file = try config.map { path throws(Failure) in try ServeConfig.load(path) } ?? ServeConfig()
            let host = self.host ?? file.host ?? "127.0.0.1"
            let port = self.port ?? file.port ?? 8080
            let data = self.data ?? file.data ?? "qeval-data"
            let rulebook = try RulesOption.load(rules.rules ?? file.rules)
            let certificate = tlsCert ?? file.tlsCert
            let key = tlsKey ?? file.tlsKey
            guard (certificate == nil) == (key == nil) else { throw Failure(AccessMessage.tlsPairIncomplete) }
            var settings = ServerSettings(
                host: host, port: port, dataFolder: data, rulebook: rulebook,
                samplePath: BundledFiles.locate(BundledFiles.sampleRelative))
            settings.uploadLimit = 20 * 1024 * 1024
            settings.tls = certificate.map { TLSFiles(certificate: $0, key: key ?? "") }
            settings.behindProxy = behindProxy || (file.behindProxy ?? false)
            settings.idleMinutes = idleMinutes ?? file.idleMinutes ?? 30
            guard (1...24 * 60).contains(settings.idleMinutes) else {
                throw Failure(
                    AccessMessage.configBadValue(
                        file: "--idle-minutes", line: 0, key: "idle-minutes", value: String(settings.idleMinutes),
                        expected: "1–1440"))
            }
            try settings.checkNetwork()
            let store = try Store(folder: data)
            if settings.requiresLogin {
                guard (try? store.userCount()) ?? 0 > 0 else { throw Failure(WebMessage.noAccounts(host: host)) }
                note(WebMessage.accountsNeeded(host: host).text)
                if settings.behindProxy { note(AccessMessage.behindProxyNote(host: host).text) }
                if (try? store.accountList().contains { $0.role == .admin && !$0.disabled }) != true {
                    note(AccessMessage.noAdminAccount.text)
                }
            }
            let shown = host.contains(":") ? "[\(host)]" : host
            let address = (settings.tls != nil ? "https" : "http") + "://\(shown):\(port)"
            let message = WebMessage.serving(address: address, data: data, rulebook: rulebook.name).text
            // The server's own log speaks English; only warnings and errors reach the console.
            var logger = Logger(label: "qeval")
            logger.logLevel = .warning
            let app = try WebServer.application(settings: settings, store: store, logger: logger) {
                // Written straight to the descriptor: print() is buffered when the output is a pipe or a log.
                FileHandle.standardOutput.write(Data((message + "\n").utf8))
            }
            let done = DispatchSemaphore(value: 0)
            let failure = NIOLockedValueBox<(any Error)?>(nil)
            Task {
                do { try await app.runService() } catch { failure.withLockedValue { $0 = error } }
                done.signal()
            }
            done.wait()
            if let error = failure.withLockedValue({ $0 }) {
                // The two reasons a start fails on an office machine, in words (NIO says "bind(descriptor:…)").
                if let io = error as? IOError, io.errnoCode == EADDRINUSE {
                    throw Failure(WebMessage.portInUse(host: host, port: port))
                }
                if let io = error as? IOError, io.errnoCode == EACCES {
                    throw Failure(WebMessage.portNotAllowed(port: port))
                }
                throw Failure(WebMessage.serverStopped(String(describing: error)))
            }
        }
    }
}

struct User: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            abstract: WebHelp.user.text,
            subcommands: [Add.self, List.self, Role_.self, Disable.self, Enable.self])
    }

    struct DataOption: ParsableArguments {
        @Option(name: .long, help: ArgumentHelp(WebHelp.data.text))
        var data = "qeval-data"
    }

    struct Add: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(abstract: WebHelp.userAdd.text) }

        @Argument(help: ArgumentHelp(WebHelp.userName.text))
        var name: String

        @Option(name: .long, help: ArgumentHelp(WebHelp.role.text, valueName: "评审"))
        var role: String?

        @OptionGroup var data: DataOption
        @OptionGroup var language: LanguageOption

        func run() throws {
            try reportingFailures {
                if let problem = AccountRules.nameProblem(name) { throw Failure(problem) }
                let chosen = try role.map { text throws(Failure) in
                    guard let role = QEvalWeb.Role(named: text) else { throw Failure(AccessMessage.badRole(text)) }
                    return role
                }
                let password = Self.read(WebMessage.passwordPrompt.text)
                let again = Self.read(WebMessage.passwordAgain.text)
                if let problem = AccountRules.passwordProblem(password, again: again) { throw Failure(problem) }
                let store = try Store(folder: data.data)
                // An existing account's new role goes through the same check as `user role` (the last enabled
                // 管理员 is not demoted), before its password changes.
                let exists = (try? store.accountList().contains { $0.name == name }) ?? false
                if exists, let chosen { try store.update(account: name, role: chosen) }
                let isNew: Bool
                do {
                    isNew = try store.setPassword(user: name, password: password, role: exists ? nil : chosen)
                } catch {
                    throw Failure(WebMessage.cannotOpenDatabase(store.path, String(describing: error)))
                }
                if isNew || chosen != nil {
                    print(AccessMessage.userSaved(name: name, role: chosen ?? .reviewer, database: store.path).text)
                } else {
                    print(AccessMessage.passwordReset(name: name, database: store.path).text)
                }
            }
        }

        /// A password: from the terminal without echo, or a line of standard input when it is not a terminal
        /// (scripts, tests).
        static func read(_ prompt: String) -> String {
            if isatty(0) == 1, let typed = getpass(prompt) { return String(cString: typed) }
            return readLine(strippingNewline: true) ?? ""
        }
    }

    struct List: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(abstract: WebHelp.userList.text) }
        @OptionGroup var data: DataOption
        @OptionGroup var language: LanguageOption

        func run() throws {
            try reportingFailures {
                let store = try Store.existing(folder: data.data)
                let accounts: [UserAccount]
                do { accounts = try store.accountList() } catch {
                    throw Failure(WebMessage.cannotOpenDatabase(store.path, String(describing: error)))
                }
                if accounts.isEmpty { print(AccessMessage.noAccountsYet(database: store.path).text) }
                for a in accounts {
                    print(
                        AccessMessage.accountLine(
                            name: a.name, role: a.role, disabled: a.disabled,
                            lastSignIn: a.lastSignIn ?? AccessText.neverSignedIn.text
                        ).text)
                }
            }
        }
    }

    struct Role_: ParsableCommand {
        static var configuration: CommandConfiguration {
            CommandConfiguration(commandName: "role", abstract: WebHelp.userRole.text)
        }
        @Argument(help: ArgumentHelp(WebHelp.userName.text))
        var name: String
        @Argument(help: ArgumentHelp(WebHelp.role.text))
        var role: String
        @OptionGroup var data: DataOption
        @OptionGroup var language: LanguageOption

        func run() throws {
            try reportingFailures {
                guard let chosen = QEvalWeb.Role(named: role) else { throw Failure(AccessMessage.badRole(role)) }
                let store = try Store.existing(folder: data.data)
                try store.update(account: name, role: chosen)
                try? store.auditNow(action: .roleChanged, detail: AccessMessage.roleSet(name: name, role: chosen).text)
                print(AccessMessage.roleSet(name: name, role: chosen).text)
            }
        }
    }

    struct Disable: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(abstract: WebHelp.userDisable.text) }
        @Argument(help: ArgumentHelp(WebHelp.userName.text))
        var name: String
        @OptionGroup var data: DataOption
        @OptionGroup var language: LanguageOption

        func run() throws { try User.setDisabled(true, name: name, data: data.data) }
    }

    struct Enable: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(abstract: WebHelp.userEnable.text) }
        @Argument(help: ArgumentHelp(WebHelp.userName.text))
        var name: String
        @OptionGroup var data: DataOption
        @OptionGroup var language: LanguageOption

        func run() throws { try User.setDisabled(false, name: name, data: data.data) }
    }

    /// `user disable` and `user enable`: the change (the last 管理员 kept), its audit row, the console line.
    static func setDisabled(_ disabled: Bool, name: String, data: String) throws {
        try reportingFailures {
            let store = try Store.existing(folder: data)
            let sessions = (try? store.sessionCount(of: name)) ?? 0
            try store.update(account: name, disabled: disabled)
            let (action, detail): (AuditAction, AccessMessage) =
                disabled ? (.accountDisabled, .auditDisabled(name)) : (.accountEnabled, .auditEnabled(name))
            try? store.auditNow(action: action, detail: detail.text)
            print((disabled ? AccessMessage.accountDisabled(name: name, sessions: sessions) : .accountEnabled(name)).text)
        }
    }
}

struct Backup: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(abstract: WebHelp.backup.text) }

    @Option(name: .long, help: ArgumentHelp(WebHelp.data.text))
    var data = "qeval-data"

    @Option(name: .long, help: ArgumentHelp(WebHelp.backupOut.text, valueName: "qeval-backup.sqlite"))
    var out: String

    @OptionGroup var language: LanguageOption

    func run() throws {
        try reportingFailures {
            let started = Date()
            // A folder without a database is not a workspace: said, rather than an empty new one backed up.
            let store = try Store.existing(folder: data)
            let report = try store.backup(to: out)
            try? store.auditNow(action: .backup, detail: out)
            print(
                AccessMessage.backupDone(
                    file: out, bytes: report.bytes, evaluations: report.evaluations, findings: report.findings,
                    accounts: report.accounts, seconds: Date().timeIntervalSince(started)
                ).text)
        }
    }
}

struct Restore: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(abstract: WebHelp.restore.text) }

    @Option(name: .long, help: ArgumentHelp(WebHelp.restoreFrom.text, valueName: "qeval-backup.sqlite"))
    var from: String

    @Option(name: .long, help: ArgumentHelp(WebHelp.restoreData.text))
    var data: String

    @OptionGroup var language: LanguageOption

    func run() throws {
        try reportingFailures {
            let report = try Store.restore(from: from, into: data)
            print(
                AccessMessage.restoreDone(
                    folder: data, evaluations: report.evaluations, findings: report.findings, accounts: report.accounts
                ).text)
        }
    }
}
