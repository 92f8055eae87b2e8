import Glibc
public import NIOSSL

/// What the terminal connects with: the district CA it pins (and trusts alone), the server's host name it expects,
/// and optionally its own station certificate and key.
///
/// The server's certificate must chain to ``trustedCAPath`` (the system's CAs are not trusted), be within its
/// validity dates and name ``serverHostname`` (a DNS name, or an IP address for an address the certificate lists).
/// NIOSSL also accepts a certificate listing the IP address actually connected to, whatever name was asked for;
/// only certificates of the pinned CA get that far.
public struct TLSClientSettings: Sendable, Hashable {
    /// The district CA, PEM: the only issuer the terminal trusts.
    public var trustedCAPath: String
    /// The name or IP address the server's certificate must carry: the HOST of `tls:HOST:PORT`.
    public var serverHostname: String
    /// The station certificate, PEM, when the daemon asks for client certificates.
    public var certificateChainPath: String?
    /// The station certificate's private key, PEM.
    public var privateKeyPath: String?

    public init(
        trustedCAPath: String, serverHostname: String, certificateChainPath: String? = nil,
        privateKeyPath: String? = nil
    ) {
        self.trustedCAPath = trustedCAPath
        self.serverHostname = serverHostname
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
    }

    /// Reads the files and makes the client context. Make it once and reuse it for every reconnection.
    public func makeContext() throws(TLSError) -> NIOSSLContext {
        let configuration = try makeConfiguration()
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw TLSError(.context, "--tls-ca \(trustedCAPath): the TLS library refused the settings: \(error)",
                cause: error)
        }
    }

    /// The NIOSSL configuration ``makeContext()`` uses, after every file was read and checked.
    public func makeConfiguration() throws(TLSError) -> TLSConfiguration {
        guard !serverHostname.isEmpty, !serverHostname.utf8.contains(0) else {
            throw TLSError(.badArgument, "the server host name is empty; give tls:HOST:PORT")
        }
        let authorities = try PEMFile.certificates(trustedCAPath, setting: "--tls-ca")
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.maximumTLSVersion = nil
        configuration.trustRoots = .certificates(authorities)
        configuration.additionalTrustRoots = []
        configuration.certificateVerification = .fullVerification
        configuration.renegotiationSupport = .none
        switch (certificateChainPath, privateKeyPath) {
        case (nil, nil):
            break
        case (let certificatePath?, let keyPath?):
            let chain = try PEMFile.certificates(certificatePath, setting: "--tls-cert")
            let key = try PEMFile.privateKey(keyPath, setting: "--tls-key")
            // Safe because `PEMFile.certificates` never returns an empty array.
            try PEMFile.checkKey(
                key.pem, matches: chain[0], keySetting: "--tls-key", keyPath: keyPath,
                certificateSetting: "--tls-cert", certificatePath: certificatePath
            )
            configuration.certificateChain = chain.map { .certificate($0) }
            configuration.privateKey = .privateKey(key.key)
        case (nil, _?):
            throw TLSError(.badArgument, "--tls-key needs --tls-cert: give the station certificate too")
        case (_?, nil):
            throw TLSError(.badArgument, "--tls-cert needs --tls-key: give the station certificate's key too")
        }
        return configuration
    }

    /// A client handler for one connection. Put it first in the pipeline. A DNS name is sent as SNI and checked
    /// against the certificate's DNS names; an IP address is checked against the certificate's IP addresses (the
    /// address actually connected to, which is this one).
    public func makeClientHandler(context: NIOSSLContext) throws(TLSError) -> NIOSSLClientHandler {
        let name = Self.isIPAddress(serverHostname) ? nil : serverHostname
        do {
            return try NIOSSLClientHandler(context: context, serverHostname: name)
        } catch {
            throw TLSError(.badArgument, "\(serverHostname) cannot be used as a TLS server name: \(error)",
                cause: error)
        }
    }

    /// Whether `text` is an IPv4 or IPv6 address literal (without brackets).
    public static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return text.withCString { inet_pton(AF_INET, $0, &v4) == 1 || inet_pton(AF_INET6, $0, &v6) == 1 }
    }
}
