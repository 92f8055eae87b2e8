/// TLS for station connections and the rule for plain TCP (issue 13): `tls_cert`, `tls_key`, `tls_client_ca`,
/// `plaintext_tcp`.
public struct StationTLSConfiguration: Sendable, Equatable {
    /// Who may say HELLO over plain (unencrypted) TCP.
    public enum PlaintextTCP: String, CaseIterable, Sendable {
        /// Only peers on a loopback address (127.0.0.0/8, ::1); others get `E_AUTH` telling them to use TLS.
        case loopbackOnly = "loopback-only"
        /// Every address, as before TLS existed (a network the operator trusts).
        case allow
    }

    /// The server certificate (PEM, leaf first); nil: no TLS.
    public var certificatePath: String?
    /// Its private key (PEM, unencrypted).
    public var keyPath: String?
    /// The CA that issues station certificates; set, every TLS client must present one naming its station.
    public var clientCAPath: String?
    public var plaintextTCP: PlaintextTCP

    public init(
        certificatePath: String? = nil, keyPath: String? = nil, clientCAPath: String? = nil,
        plaintextTCP: PlaintextTCP = .loopbackOnly
    ) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.clientCAPath = clientCAPath
        self.plaintextTCP = plaintextTCP
    }

    /// Whether the certificate and key are both set (a `tls:` listener can be served).
    public var isConfigured: Bool { certificatePath != nil && keyPath != nil }
}
