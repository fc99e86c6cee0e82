import Foundation
import QEval

/// The settings file of `qeval serve --config` (the package's `/etc/qeval/qeval.conf`): one `key = value`
/// per line, `#` starts a comment line, keys named as the command-line options. Every problem names the
/// file and line; an option given on the command line wins over the file.
public struct ServeConfig: Sendable, Equatable {
    public var host: String?
    public var port: Int?
    public var data: String?
    public var rules: String?
    public var tlsCert: String?
    public var tlsKey: String?
    public var behindProxy: Bool?
    public var idleMinutes: Int?

    public init() {}

    public static let keys = ["host", "port", "data", "rules", "tls-cert", "tls-key", "behind-proxy", "idle-minutes"]

    public static func load(_ path: String) throws(Failure) -> ServeConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(AccessMessage.configMissing(path))
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    public static func parse(_ text: String, file: String) throws(Failure) -> ServeConfig {
        var config = ServeConfig()
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: ["\u{FEFF}"])
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw Failure(AccessMessage.configBadLine(file: file, line: line, text: trimmed))
            }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            func bad(_ expected: String) -> Failure {
                Failure(AccessMessage.configBadValue(file: file, line: line, key: key, value: value, expected: expected))
            }
            switch key {
            case "host": config.host = value
            case "port":
                guard let port = Int(value), (1...65535).contains(port) else { throw bad("1–65535") }
                config.port = port
            case "data": config.data = value
            case "rules": config.rules = value
            case "tls-cert": config.tlsCert = value
            case "tls-key": config.tlsKey = value
            case "behind-proxy":
                switch value.lowercased() {
                case "true", "yes", "1", "是": config.behindProxy = true
                case "false", "no", "0", "否": config.behindProxy = false
                default: throw bad("true / false")
                }
            case "idle-minutes":
                guard let minutes = Int(value), (1...24 * 60).contains(minutes) else { throw bad("1–1440") }
                config.idleMinutes = minutes
            default:
                throw Failure(
                    AccessMessage.configUnknownKey(
                        file: file, line: line, key: key, known: keys.joined(separator: ", ")))
            }
        }
        return config
    }
}
