import Glibc

/// Finds TCP ports nobody listens on. The kernel picks one for a socket bound to port 0; the socket is closed
/// again, so the port is free for the daemon to bind right after (a race with other programs is possible but
/// the kernel hands out ephemeral ports round-robin, so it is rare).
public enum FreePort {
    public static func tcp() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket", errno: errno) }
        defer { close(fd) }
        var address = SocketAddress.ipv4(host: "127.0.0.1", port: 0)
        guard address.withSockaddr({ bind(fd, $0, $1) }) == 0 else {
            throw TestSupportError("bind 127.0.0.1:0", errno: errno)
        }
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { throw TestSupportError("getsockname", errno: errno) }
        return Int(UInt16(bigEndian: bound.sin_port))
    }
}
