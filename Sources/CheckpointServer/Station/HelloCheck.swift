import CheckpointConfig
import CheckpointTLS
import Glibc
import NIOCore
import NIOSSL

/// What a station connection's HELLO must satisfy besides the registry and the token (issue 13), decided by how
/// it arrived: over plain TCP from another host it is refused under `plaintext_tcp = loopback-only`; over TLS with
/// client certificates, the station id in the certificate must be the one the HELLO names. Unix connections are
/// as before. Used on the channel's event loop only.
struct HelloCheck {
    enum Arrival {
        case unix
        case plainTCP(isLoopback: Bool, StationSecurity)
        case tls(NIOSSLServerHandler, requiresIdentity: Bool)
    }

    let arrival: Arrival

    init(_ arrival: Arrival) {
        self.arrival = arrival
    }

    /// Why a HELLO for `station` is refused (the `E_AUTH` message), or nil when the way it arrived allows it.
    func refusal(station: String) -> String? {
        switch arrival {
        case .unix:
            return nil
        case .plainTCP(let isLoopback, let security):
            guard !isLoopback, security.plaintextTCP == .loopbackOnly else { return nil }
            return "plain TCP is accepted from this host only (plaintext_tcp = loopback-only): connect with TLS "
                + "(--server tls:HOST:PORT --tls-ca FILE)"
        case .tls(let handler, let requiresIdentity):
            guard requiresIdentity else { return nil }
            let named: String?
            do throws(TLSError) {
                named = try StationIdentity.stationID(of: handler)
            } catch {
                return "the client certificate names no station: \(error.message)"
            }
            guard let named else {
                return "a client certificate is required (tls_client_ca): give --tls-cert and --tls-key"
            }
            guard named == station else {
                return "the client certificate is for station \(named), not \(station): use station \(station)'s "
                    + "own certificate"
            }
            return nil
        }
    }

    /// 127.0.0.0/8, ::1 and an IPv4-mapped 127.x address (read back from the address's text, so that only Glibc's
    /// own `in_addr` and `in6_addr` are looked into).
    static func isLoopback(_ address: SocketAddress) -> Bool {
        guard let text = address.ipAddress else { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        let isIPv6Loopback = bytes[0..<15].allSatisfy { $0 == 0 } && bytes[15] == 1
        let isMapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xff && bytes[11] == 0xff
        return isIPv6Loopback || (isMapped && bytes[12] == 127)
    }
}
