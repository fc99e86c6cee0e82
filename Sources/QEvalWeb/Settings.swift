import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import QEval

/// What `qeval serve` was asked for.
public struct ServerSettings: Sendable {
    public var host: String
    public var port: Int
    /// The folder holding the database (`--data`, default `./qeval-data`).
    public var dataFolder: String
    public var rulebook: Rulebook
    /// The bundled sample's path, offered on the start page.
    public var samplePath: String
    /// Every size, count and time the server enforces (`WebLimits`).
    public var limits = WebLimits()
    /// The upload limit, as the pages and the tests name it.
    public var uploadLimit: Int {
        get { limits.uploadBytes }
        set { limits.uploadBytes = newValue }
    }

    public init(host: String, port: Int, dataFolder: String, rulebook: Rulebook, samplePath: String) {
        self.host = host
        self.port = port
        self.dataFolder = dataFolder
        self.rulebook = rulebook
        self.samplePath = samplePath
    }

    /// Only a loopback address may serve without accounts: anyone who can reach another address could
    /// otherwise read every county's figures.
    public var requiresLogin: Bool { !Self.isLoopback(host) }

    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased()
        return h == "localhost" || h == "::1" || h == "[::1]" || h.hasPrefix("127.")
    }
}
