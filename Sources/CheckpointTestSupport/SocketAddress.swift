public import CheckpointSockets
public import Glibc

/// A socket address for `bind`/`connect`: IPv4 or a Unix socket path (a ``UnixSocketAddress``).
public enum SocketAddress {
    case ipv4(sockaddr_in)
    case unix(UnixSocketAddress)

    public static func ipv4(host: String, port: Int) -> SocketAddress {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        return .ipv4(address)
    }

    /// A Unix socket address; throws when `path` does not fit `sun_path` (107 bytes and the NUL).
    public static func unix(path: String) throws -> SocketAddress {
        guard let address = UnixSocketAddress(path: path) else {
            throw TestSupportError("Unix socket path too long: \(path)")
        }
        return .unix(address)
    }

    public var family: Int32 {
        switch self {
        case .ipv4: AF_INET
        case .unix: AF_UNIX
        }
    }

    /// Calls `body` with the address as a `sockaddr` pointer and its length.
    public mutating func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        switch self {
        case .ipv4(var address):
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        case .unix(let address):
            return address.withSockaddr(body)
        }
    }
}

extension SocketAddress {
    /// Whether a socket of `type` (`SOCK_STREAM`, `SOCK_DGRAM`) can connect to the Unix socket at `path` right now
    /// (closed again at once; one attempt, no retry). A stale socket file refuses.
    public static func canConnect(toUnixPath path: String, type: Int32) -> Bool {
        guard var address = try? SocketAddress.unix(path: path) else { return false }
        let fd = socket(AF_UNIX, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return address.withSockaddr { connect(fd, $0, $1) } == 0
    }

    /// Binds a new socket of `type` to the Unix path `path` (close-on-exec); returns the descriptor. Throws with
    /// errno when a call fails (the descriptor is closed then).
    public static func boundUnixSocket(path: String, type: Int32) throws -> Int32 {
        var address = try SocketAddress.unix(path: path)
        let fd = socket(AF_UNIX, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket", errno: errno) }
        guard address.withSockaddr({ bind(fd, $0, $1) }) == 0 else {
            let code = errno
            close(fd)
            throw TestSupportError("bind \(path)", errno: code)
        }
        return fd
    }
}
