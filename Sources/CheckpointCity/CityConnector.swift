public import CheckpointConfig
import Foundation
public import Logging
import NIOCore
import NIOPosix
import NIOSSL
public import PostgresNIO

/// Opens connections to the city's PostgreSQL as `city_url` and `city_password_file` say (issue 17 point 1): TCP or
/// a Unix socket, TLS checked as `sslmode` asks, the password read from its file at each connection (so a rotated
/// password needs no restart).
public struct CityConnector: Sendable {
    public let url: CityURL
    public let passwordFile: String?
    let logger: Logger

    public init(url: CityURL, passwordFile: String?, logger: Logger) {
        self.url = url
        self.passwordFile = passwordFile
        self.logger = logger
    }

    /// A new connection; the caller closes it.
    public func connect(id: Int = 1) async throws(CityError) -> PostgresConnection {
        let configuration = try configuration()
        do {
            return try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
        } catch {
            throw CityError.describing(error, doing: "connect to \(url.redacted)")
        }
    }

    func configuration() throws(CityError) -> PostgresConnection.Configuration {
        let password = try readPassword()
        var configuration: PostgresConnection.Configuration
        if let socket = url.socketPath {
            configuration = .init(unixSocketPath: socket, username: url.role, password: password, database: url.database)
        } else {
            configuration = .init(
                host: url.host ?? "localhost", port: url.port, username: url.role, password: password,
                database: url.database, tls: try tls())
        }
        configuration.options.connectTimeout = .seconds(10)
        // The name checked under verify-full is the URL's host (PostgresNIO uses it for SNI too, except an IP
        // address, which is checked against the certificate's IP addresses instead).
        return configuration
    }

    private func tls() throws(CityError) -> PostgresConnection.Configuration.TLS {
        guard url.tls != .disable else { return .disable }
        var tls = TLSConfiguration.makeClientConfiguration()
        switch url.tls {
        case .disable, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        do {
            if let root = url.rootCertificate {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(root))
            }
            if let certificate = url.clientCertificate, let key = url.clientKey {
                tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            }
            return .require(try NIOSSLContext(configuration: tls))
        } catch {
            throw CityError(
                "cannot use the TLS files of city_url (sslrootcert, sslcert, sslkey): \(error); check that they are "
                    + "PEM files checkpointd can read")
        }
    }

    private func readPassword() throws(CityError) -> String? {
        guard let passwordFile else { return nil }
        guard let data = FileManager.default.contents(atPath: passwordFile) else {
            throw CityError(
                "cannot read city_password_file \(passwordFile): make it a file checkpointd can read (mode 0600) "
                    + "holding the city role's password on its first line")
        }
        let text = String(decoding: data, as: UTF8.self)
        return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
            .trimmingCharacters(in: .whitespaces)
    }
}
