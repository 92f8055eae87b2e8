import NIOSSL

/// Why a TLS connection failed, in the few kinds a person can act on; for the terminal's message (in the clerk's
/// language) and the daemon's log line.
///
/// Under TLS 1.3 a client learns that the server refused its certificate only on its first read after the
/// handshake, so a client classifies the errors of that read too.
public enum TLSFailure: Sendable, Hashable {
    /// The client refused the server's certificate: not issued by the pinned CA, expired or not yet valid.
    case untrustedServer
    /// The server's certificate is good but made for another host name or address.
    case wrongHostName
    /// The server refused the client's certificate (none given, another CA's, expired).
    case clientCertificateRefused
    /// The client refused the server's certificate (seen by the server).
    case serverCertificateRefused
    /// The two sides share no TLS version (a client older than TLS 1.2).
    case protocolVersion
    /// The peer is not speaking TLS at all (plain text on a TLS port).
    case notTLS
    /// Anything else: the connection broke, a bug.
    case other

    /// Classifies an error from a TLS channel; `asClient` says which side saw it (a certificate alert from the
    /// peer means it refused our certificate).
    public init(classifying error: any Error, asClient: Bool) {
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            self = .wrongHostName
            return
        }
        let text = String(describing: error)
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            // Whoever verified saw the other side's certificate fail: the server's, or a station's.
            self = asClient ? .untrustedServer : .clientCertificateRefused
        } else if text.contains("PEER_DID_NOT_RETURN_A_CERTIFICATE") || text.contains("CERTIFICATE_REQUIRED") {
            self = .clientCertificateRefused
        } else if Self.alertMarkers.contains(where: { text.contains($0) }) {
            self = asClient ? .clientCertificateRefused : .serverCertificateRefused
        } else if text.contains("UNSUPPORTED_PROTOCOL") || text.contains("PROTOCOL_VERSION") {
            self = .protocolVersion
        } else if text.contains("WRONG_VERSION_NUMBER") || text.contains("HTTP_REQUEST")
        {
            self = .notTLS
        } else {
            self = .other
        }
    }

    /// Alerts a peer sends when it refuses a certificate.
    private static let alertMarkers = [
        "ALERT_UNKNOWN_CA", "ALERT_BAD_CERTIFICATE", "ALERT_CERTIFICATE_EXPIRED", "ALERT_CERTIFICATE_UNKNOWN",
        "ALERT_UNSUPPORTED_CERTIFICATE", "ALERT_CERTIFICATE_REVOKED", "ALERT_ACCESS_DENIED", "ALERT_DECRYPT_ERROR",
    ]

    /// The English sentence for a log line or an English-speaking clerk; the terminal keeps its own translations.
    public var englishDescription: String {
        switch self {
        case .untrustedServer:
            "the server's certificate was not issued by the pinned CA (--tls-ca), or it has expired: refused"
        case .wrongHostName:
            "the server's certificate is not made for the host name or address connected to: refused"
        case .clientCertificateRefused:
            "the server refused this station's certificate (none given, another CA's, or expired)"
        case .serverCertificateRefused:
            "the client refused the server's certificate"
        case .protocolVersion:
            "no common TLS version: TLS 1.2 or newer is required"
        case .notTLS:
            "the peer does not speak TLS"
        case .other:
            "the TLS connection failed"
        }
    }
}
