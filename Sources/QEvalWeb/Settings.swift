import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import NIOSSL
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

    /// HTTPS: the certificate (chain) and key PEM files; nil serves plain HTTP (loopback or behind a proxy).
    public var tls: TLSFiles? = nil
    /// A TLS reverse proxy terminates the connections (`--behind-proxy`): its `X-Forwarded-For` names the
    /// visitor, cookies are `Secure`, and every page needs signing in even on loopback.
    public var behindProxy = false
    /// A signed-in session ends after this long without a request.
    public var idleMinutes = 30

    public init(host: String, port: Int, dataFolder: String, rulebook: Rulebook, samplePath: String) {
        self.host = host
        self.port = port
        self.dataFolder = dataFolder
        self.rulebook = rulebook
        self.samplePath = samplePath
    }

    /// Only a loopback address may serve without accounts: anyone who can reach another address could
    /// otherwise read every county's figures.
    /// Behind a proxy every visitor comes from loopback, so loopback no longer means "this machine's user".
    public var requiresLogin: Bool { !Self.isLoopback(host) || behindProxy }

    /// Whether browsers reach the server over HTTPS (its own, or the proxy's): cookies are then `Secure`.
    public var httpsOnly: Bool { tls != nil || behindProxy }

    /// Refuses what would put passwords on the network in clear: a non-loopback address without TLS and
    /// without a proxy in front.
    public func checkNetwork() throws(Failure) {
        if !Self.isLoopback(host) && tls == nil && !behindProxy { throw Failure(AccessMessage.tlsNeeded(host: host)) }
    }

    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased()
        return h == "localhost" || h == "::1" || h == "[::1]" || h.hasPrefix("127.")
    }
}

/// The PEM files of `--tls-cert` and `--tls-key`.
public struct TLSFiles: Sendable {
    public var certificate: String
    public var key: String

    public init(certificate: String, key: String) {
        self.certificate = certificate
        self.key = key
    }

    /// The server's TLS configuration, every problem a message naming the file.
    func configuration() throws(Failure) -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificate)
        } catch {
            throw Failure(AccessMessage.tlsFileUnreadable(path: certificate, key: false, problem: Self.problem(certificate)))
        }
        guard !chain.isEmpty else {
            throw Failure(AccessMessage.tlsFileUnreadable(path: certificate, key: false, problem: nil))
        }
        let privateKey: NIOSSLPrivateKey
        do {
            privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
        } catch {
            throw Failure(AccessMessage.tlsFileUnreadable(path: key, key: true, problem: Self.problem(key)))
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
        configuration.minimumTLSVersion = .tlsv12
        do {
            // Made once here so that a key that is not the certificate's is refused at start, in words.
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw Failure(AccessMessage.tlsRejected(detail: String(describing: error)))
        }
        return configuration
    }

    /// Why a file could not be read, when it is the file system's doing; nil: it is there but not PEM.
    private static func problem(_ path: String) -> FileProblem? {
        if !FileManager.default.fileExists(atPath: path) { return .notFound }
        if !FileManager.default.isReadableFile(atPath: path) { return .noPermission }
        return nil
    }
}
