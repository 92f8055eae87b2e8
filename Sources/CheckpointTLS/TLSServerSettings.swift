public import NIOSSL

/// What the daemon's TLS listener is configured with: `tls_cert`, `tls_key` and, optionally, `tls_client_ca`.
///
/// The context it makes speaks TLS 1.2 and 1.3 (1.3 is chosen whenever the client offers it; nothing older is
/// accepted). With a client CA, every client must present a certificate issued by that CA: it is checked for its
/// signature, validity dates and chain, not for a host name (stations have none); ``StationIdentity`` then reads
/// which station it names.
public struct TLSServerSettings: Sendable, Hashable {
    /// The server certificate, PEM, leaf first; intermediates may follow.
    public var certificateChainPath: String
    /// The server's private key, PEM, unencrypted.
    public var privateKeyPath: String
    /// The CA that issues station certificates, PEM. Nil: clients need no certificate.
    public var clientCAPath: String?

    public init(certificateChainPath: String, privateKeyPath: String, clientCAPath: String? = nil) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
        self.clientCAPath = clientCAPath
    }

    /// Reads the files and makes the context for the listener. Each call reads the files again.
    public func makeContext() throws(TLSError) -> NIOSSLContext {
        let configuration = try makeConfiguration()
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw TLSError(.context, "tls_cert \(certificateChainPath), tls_key \(privateKeyPath): the TLS library "
                + "refused them: \(error)", cause: error)
        }
    }

    /// The NIOSSL configuration ``makeContext()`` uses, after every file was read and checked.
    public func makeConfiguration() throws(TLSError) -> TLSConfiguration {
        let chain = try PEMFile.certificates(certificateChainPath, setting: "tls_cert")
        let key = try PEMFile.privateKey(privateKeyPath, setting: "tls_key")
        // Safe because `PEMFile.certificates` never returns an empty array.
        try PEMFile.checkKey(
            key.pem, matches: chain[0], keySetting: "tls_key", keyPath: privateKeyPath,
            certificateSetting: "tls_cert", certificatePath: certificateChainPath
        )
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) },
            privateKey: .privateKey(key.key)
        )
        configuration.minimumTLSVersion = .tlsv12
        configuration.maximumTLSVersion = nil
        configuration.renegotiationSupport = .none
        if let clientCAPath {
            let authorities = try PEMFile.certificates(clientCAPath, setting: "tls_client_ca")
            configuration.trustRoots = .certificates(authorities)
            configuration.additionalTrustRoots = []
            configuration.certificateVerification = .noHostnameVerification
            configuration.sendCANameList = true
        } else {
            configuration.certificateVerification = .none
        }
        return configuration
    }
}
