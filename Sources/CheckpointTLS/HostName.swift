import Glibc
import SwiftASN1
import X509

/// A host given to `checkpointctl tls server --host`: an IPv4 or IPv6 address, or a DNS name.
enum HostName {
    /// The subject alternative name for `host`: `IP:` for an address, `DNS:` for a name.
    static func generalName(_ host: String) throws(TLSError) -> GeneralName {
        var v4 = in_addr()
        if host.withCString({ inet_pton(AF_INET, $0, &v4) }) == 1 {
            let bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return .ipAddress(ASN1OctetString(contentBytes: ArraySlice(bytes)))
        }
        var v6 = in6_addr()
        if host.withCString({ inet_pton(AF_INET6, $0, &v6) }) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            return .ipAddress(ASN1OctetString(contentBytes: ArraySlice(bytes)))
        }
        guard isDNSName(host) else {
            throw TLSError(.badArgument, "--host \(host): not an IP address or a DNS name (letters, digits, '-' "
                + "and '.', e.g. checkpointd.district.example or 10.20.0.5)")
        }
        return .dnsName(host.lowercased())
    }

    /// Letters, digits and `-` in labels of 1–63 separated by dots, 253 at most; no label starts or ends with `-`.
    static func isDNSName(_ text: String) -> Bool {
        guard (1...253).contains(text.utf8.count) else { return false }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            let bytes = Array(label.utf8)
            guard (1...63).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-")
            else { return false }
            return bytes.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
            }
        }
    }
}
