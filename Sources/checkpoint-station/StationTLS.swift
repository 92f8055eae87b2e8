import CheckpointTLS
import NIOSSL

/// TLS to a `tls:` server: the pinned district CA (`--tls-ca`), the host name the server's certificate must carry
/// (the HOST of `--server`), and optionally this station's certificate. The context is made once, at start, so a
/// wrong file stops the program with a message before anything is sent.
struct StationTLS {
    let settings: TLSClientSettings
    let context: NIOSSLContext

    /// Nil for a plain server; throws for TLS options that do not fit the address or files that cannot be used.
    static func resolve(_ options: StationOptions, address: ServerAddress) throws(StationError) -> StationTLS? {
        guard case .tls(let host, _) = address else {
            if options.tlsCA != nil || options.tlsCert != nil || options.tlsKey != nil {
                throw StationError(.usage, L(.errorTLSOptionsWithoutTLS))
            }
            return nil
        }
        guard let ca = options.tlsCA, !ca.isEmpty else {
            throw StationError(.usage, L(.errorTLSNoCA, address.description))
        }
        let settings = TLSClientSettings(
            trustedCAPath: ca, serverHostname: host, certificateChainPath: options.tlsCert,
            privateKeyPath: options.tlsKey)
        do throws(TLSError) {
            return StationTLS(settings: settings, context: try settings.makeContext())
        } catch {
            throw StationError(.noInput, L(.errorTLSFiles, error.message))
        }
    }

    /// A TLS stream for one connection to `endpoint`.
    func stream(to endpoint: SocketEndpoint, port: UInt16) throws(TLSError) -> TLSClientStream {
        try TLSClientStream(settings: settings, context: context, peerIP: endpoint.ipText, peerPort: Int(port))
    }

    /// The clerk's sentence for a failed TLS connection to `server`.
    static func message(_ failure: TLSFailure, server: String) -> String {
        switch failure {
        case .untrustedServer: L(.tlsUntrustedServer, server)
        case .wrongHostName: L(.tlsWrongHostName, server)
        case .clientCertificateRefused: L(.tlsClientCertificateRefused, server)
        case .protocolVersion, .notTLS, .serverCertificateRefused, .other: L(.tlsFailed, server, failure.englishDescription)
        }
    }
}
