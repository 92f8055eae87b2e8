import CheckpointCore
import CheckpointSockets
import Glibc

/// Where the daemon listens (SPEC §10 `--server HOST:PORT|tcp:HOST:PORT|tls:HOST:PORT|unix:PATH`).
enum ServerAddress: Equatable, CustomStringConvertible {
    case tcp(host: String, port: UInt16)
    case unix(path: String)
    /// TCP with TLS: the server's certificate must come from `--tls-ca` and name HOST.
    case tls(host: String, port: UInt16)

    static let defaultPort = UInt16(Defaults.stationPort)
    /// `sun_path` holds 108 bytes including the terminating zero.
    static let maximumUnixPathBytes = 107

    init(parsing text: String) throws(StationError) {
        let usage = "--server takes HOST:PORT, tcp:HOST:PORT, tls:HOST:PORT or unix:PATH, like 10.0.0.5:7117"
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty else { throw StationError(.usage, "--server unix: needs a path; \(usage)") }
            guard path.utf8.count <= ServerAddress.maximumUnixPathBytes else {
                throw StationError(.usage, "--server unix:\(path) is longer than 107 bytes; use a shorter path")
            }
            self = .unix(path: path)
            return
        }
        let isTLS = text.hasPrefix("tls:")
        var rest = Substring(text.hasPrefix("tcp:") || isTLS ? String(text.dropFirst(4)) : text)
        var host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                throw StationError(.usage, "--server \(text): an IPv6 address needs its closing ']'; \(usage)")
            }
            host = rest[rest.index(after: rest.startIndex)..<close]
            rest = rest[rest.index(after: close)...]
            if rest.hasPrefix(":") { portText = rest.dropFirst() } else if !rest.isEmpty {
                throw StationError(.usage, "--server \(text): expected :PORT after ']'; \(usage)")
            }
        } else if let colon = rest.lastIndex(of: ":") {
            guard rest.firstIndex(of: ":") == colon else {
                throw StationError(.usage, "--server \(text): write an IPv6 address in brackets, like [::1]:7117")
            }
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
        }
        guard !host.isEmpty else { throw StationError(.usage, "--server \(text) has no host; \(usage)") }
        var port = ServerAddress.defaultPort
        if let portText {
            guard let value = UInt16(portText), value > 0 else {
                throw StationError(.usage, "--server \(text): the port must be a number from 1 to 65535")
            }
            port = value
        }
        self = isTLS ? .tls(host: String(host), port: port) : .tcp(host: String(host), port: port)
    }

    /// The TCP port; 0 for a Unix socket.
    var port: UInt16 {
        switch self {
        case .tcp(_, let port), .tls(_, let port): port
        case .unix: 0
        }
    }

    var isTLS: Bool {
        if case .tls = self { return true }
        return false
    }

    var isUnix: Bool {
        if case .unix = self { return true }
        return false
    }

    var description: String {
        switch self {
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix(let path): "unix:\(path)"
        case .tls(let host, let port): host.contains(":") ? "tls:[\(host)]:\(port)" : "tls:\(host):\(port)"
        }
    }
}

/// One address to `connect(2)` to.
struct SocketEndpoint {
    var family: Int32
    var storage: sockaddr_storage
    var length: socklen_t

    /// The IP address as text (TLS checks a certificate made for an address against it); nil for a Unix path.
    var ipText: String? {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        var copy = storage
        let written: UnsafePointer<CChar>? = withUnsafePointer(to: &copy) { pointer in
            switch family {
            case AF_INET:
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    var raw = address.pointee.sin_addr
                    return inet_ntop(AF_INET, &raw, &text, socklen_t(text.count))
                }
            case AF_INET6:
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    var raw = address.pointee.sin6_addr
                    return inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))
                }
            default:
                nil
            }
        }
        guard written != nil else { return nil }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The endpoints of `address`: one for a Unix path; for TCP, what `getaddrinfo` gives (numeric hosts are
    /// instant; a name may block while DNS answers, which is why an IP address is the better `--server`).
    static func resolve(_ address: ServerAddress) -> (endpoints: [SocketEndpoint], failure: String?) {
        switch address {
        case .unix(let path):
            guard let unixAddress = UnixSocketAddress(path: path) else {
                return ([], "the socket path is longer than \(UnixSocketAddress.maximumPathLength) bytes")
            }
            let (storage, length) = unixAddress.storage
            return ([SocketEndpoint(family: AF_UNIX, storage: storage, length: length)], nil)
        case .tcp(let host, let port), .tls(let host, let port):
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG
            var list: UnsafeMutablePointer<addrinfo>?
            let result = getaddrinfo(host, String(port), &hints, &list)
            guard result == 0, let first = list else {
                return ([], String(cString: gai_strerror(result)))
            }
            defer { freeaddrinfo(first) }
            var endpoints: [SocketEndpoint] = []
            var cursor: UnsafeMutablePointer<addrinfo>? = first
            while let entry = cursor {
                if let address = entry.pointee.ai_addr {
                    var storage = sockaddr_storage()
                    let length = Int(entry.pointee.ai_addrlen)
                    withUnsafeMutableBytes(of: &storage) { target in
                        target.copyMemory(from: UnsafeRawBufferPointer(start: address, count: length))
                    }
                    endpoints.append(SocketEndpoint(
                        family: entry.pointee.ai_family, storage: storage, length: entry.pointee.ai_addrlen))
                }
                cursor = entry.pointee.ai_next
            }
            return (endpoints, endpoints.isEmpty ? "no address" : nil)
        }
    }
}
