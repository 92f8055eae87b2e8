import Glibc

/// A `sockaddr_un` for a filesystem path (at most 107 bytes), handed to `bind`/`connect`.
struct UnixSocketAddress {
    private var address = sockaddr_un()

    init(path: String) {
        self.address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &self.address.sun_path) { bytes in
            for (index, byte) in path.utf8.enumerated() where index < bytes.count - 1 {
                bytes[index] = byte
            }
        }
    }

    /// Calls `body` with the address as a `sockaddr` pointer and its length.
    func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        withUnsafePointer(to: self.address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                body($0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
    }

    /// Whether a socket of `type` can connect to `path` (closed again at once).
    static func canConnect(to path: String, type: Int32) -> Bool {
        let fd = socket(AF_UNIX, type, 0)
        guard fd >= 0 else {
            return false
        }
        defer { close(fd) }
        return UnixSocketAddress(path: path).withSockaddr { connect(fd, $0, $1) } == 0
    }
}
