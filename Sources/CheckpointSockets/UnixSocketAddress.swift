public import Glibc

/// A Unix socket path as a `sockaddr_un`: the one place the project fills one, for `bind(2)` and `connect(2)` in
/// the daemon, `checkpointctl`, `checkpoint-station`, the bench and the tests.
public struct UnixSocketAddress: Sendable {
    /// The longest path that fits `sun_path` with its terminating NUL (107 bytes on Linux).
    public static let maximumPathLength = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    public let path: String
    private let address: sockaddr_un

    /// Nil when `path` is longer than ``maximumPathLength`` bytes or holds a NUL.
    public init?(path: String) {
        let bytes = Array(path.utf8)
        guard bytes.count <= Self.maximumPathLength, !bytes.contains(0) else { return nil }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        self.path = path
        self.address = address
    }

    /// The length to pass with the address: the whole structure.
    public static let length = socklen_t(MemoryLayout<sockaddr_un>.size)

    /// Calls `body` with the address as a `sockaddr` pointer and its length.
    public func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws -> T) rethrows -> T {
        try withUnsafePointer(to: address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, Self.length) }
        }
    }

    /// `connect(2)` of `descriptor` to this path; the call's result (0, or -1 with `errno` set).
    public func connect(_ descriptor: Int32) -> Int32 {
        withSockaddr { Glibc.connect(descriptor, $0, $1) }
    }

    /// `bind(2)` of `descriptor` to this path; the call's result (0, or -1 with `errno` set).
    public func bind(_ descriptor: Int32) -> Int32 {
        withSockaddr { Glibc.bind(descriptor, $0, $1) }
    }

    /// The address as `sockaddr_storage` with its length, for code that keeps endpoints of several families.
    public var storage: (storage: sockaddr_storage, length: socklen_t) {
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { target in
            withUnsafeBytes(of: address) { source in target.copyMemory(from: source) }
        }
        return (storage, Self.length)
    }
}
