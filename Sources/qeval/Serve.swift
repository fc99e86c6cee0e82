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

    @Option(name: .long, help: ArgumentHelp(WebHelp.host.text))
    var host = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp(WebHelp.port.text))
    var port = 8080

    @Option(name: .long, help: ArgumentHelp(WebHelp.data.text))
    var data = "qeval-data"

    @OptionGroup var rules: RulesOption
    @OptionGroup var language: LanguageOption

    func run() throws {
        try reportingFailures {
            let rulebook = try rules.load()
            let store = try Store(folder: data)
            var settings = ServerSettings(
                host: host, port: port, dataFolder: data, rulebook: rulebook,
                samplePath: BundledFiles.locate(BundledFiles.sampleRelative))
            settings.uploadLimit = 20 * 1024 * 1024
            if settings.requiresLogin {
                guard (try? store.userCount()) ?? 0 > 0 else { throw Failure(WebMessage.noAccounts(host: host)) }
                note(WebMessage.accountsNeeded(host: host).text)
            }
            let shown = host.contains(":") ? "[\(host)]" : host
            let message = WebMessage.serving(
                address: "http://\(shown):\(port)", data: data, rulebook: rulebook.name
            ).text
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
        CommandConfiguration(abstract: WebHelp.user.text, subcommands: [Add.self])
    }

    struct Add: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(abstract: WebHelp.userAdd.text) }

        @Argument(help: ArgumentHelp(WebHelp.userName.text))
        var name: String

        @Option(name: .long, help: ArgumentHelp(WebHelp.data.text))
        var data = "qeval-data"

        @OptionGroup var language: LanguageOption

        func run() throws {
            try reportingFailures {
                let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._-"))
                guard (1...40).contains(name.count), name.unicodeScalars.allSatisfy({ allowed.contains($0) }) else {
                    throw Failure(WebMessage.badUserName(name))
                }
                let password = Self.read(WebMessage.passwordPrompt.text)
                let again = Self.read(WebMessage.passwordAgain.text)
                guard password == again else { throw Failure(WebMessage.passwordsDiffer) }
                guard password.count >= 8 else { throw Failure(WebMessage.passwordTooShort(8)) }
                let store = try Store(folder: data)
                do {
                    try store.setPassword(user: name, password: password)
                } catch {
                    throw Failure(WebMessage.cannotOpenDatabase(store.path, String(describing: error)))
                }
                print(WebMessage.userSaved(name: name, database: store.path).text)
            }
        }

        /// A password: from the terminal without echo, or a line of standard input when it is not a terminal
        /// (scripts, tests).
        static func read(_ prompt: String) -> String {
            if isatty(0) == 1, let typed = getpass(prompt) { return String(cString: typed) }
            return readLine(strippingNewline: true) ?? ""
        }
    }
}
