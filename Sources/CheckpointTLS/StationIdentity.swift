import CheckpointCore
public import NIOSSL
import SwiftASN1
public import X509

/// Which station a verified client certificate speaks for.
///
/// The station id is the certificate's subject **common name** (`CN=gate-07`), exactly as the daemon's station
/// registry spells it, and nothing else: subject alternative names are not read, so one certificate names one
/// station. A certificate with no common name, with several, or with one that is not a station name (1–32 of
/// `A-Z a-z 0-9 _ . -`, starting with a letter or digit) names none and is refused.
///
/// Only a certificate that the TLS handshake verified against `tls_client_ca` means anything: take it from the
/// connection's `NIOSSLHandler` after the handshake (``stationID(of:)-(NIOSSLHandler)``).
public enum StationIdentity {
    /// The station id of the peer of a server connection, or nil when the peer presented no certificate (the
    /// listener has no `tls_client_ca`). Call it on the channel's event loop once the handshake completed
    /// (`TLSUserEvent.handshakeCompleted`), e.g. when the HELLO arrives.
    public static func stationID(of handler: NIOSSLHandler) throws(TLSError) -> String? {
        guard let certificate = handler.peerCertificate else { return nil }
        return try stationID(of: certificate)
    }

    /// The station id a peer certificate names.
    public static func stationID(of certificate: NIOSSLCertificate) throws(TLSError) -> String {
        let parsed: Certificate
        do {
            parsed = try Certificate(derEncoded: certificate.toDERBytes())
        } catch {
            throw TLSError(.noStationIdentity, "the client certificate does not parse: \(error)", cause: error)
        }
        return try stationID(of: parsed)
    }

    /// The station id a certificate names.
    public static func stationID(of certificate: Certificate) throws(TLSError) -> String {
        var names: [String] = []
        for relativeName in certificate.subject {
            for attribute in relativeName where attribute.type == .RDNAttributeType.commonName {
                names.append(String(attribute.value) ?? "")
            }
        }
        guard names.count == 1, let name = names.first else {
            throw TLSError(.noStationIdentity, names.isEmpty
                ? "the client certificate has no common name (CN); a station certificate's CN is its station id"
                : "the client certificate has \(names.count) common names; a station certificate has exactly one")
        }
        guard Identifier.isValid(name) else {
            throw TLSError(.noStationIdentity, "the client certificate's common name is not a station id (1–32 of "
                + "A-Z a-z 0-9 _ . -, starting with a letter or digit)")
        }
        return name
    }
}
