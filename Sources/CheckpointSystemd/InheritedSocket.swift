/// A listening socket passed in by the service manager (socket activation, `sd_listen_fds(3)`).
///
/// The daemon adopts it instead of binding, and never unlinks its path: the `.socket` unit owns it.
public struct InheritedSocket: Sendable, Hashable {
    /// What the socket is, as far as the daemon cares.
    public enum Kind: Sendable, Hashable {
        /// A listening `SOCK_STREAM` socket of `AF_INET` or `AF_INET6`.
        case tcp
        /// A listening `SOCK_STREAM` socket of `AF_UNIX`.
        case unix
        /// Anything else: a datagram socket, one not listening, a FIFO, a file.
        case other
    }

    /// The descriptor, from `SD_LISTEN_FDS_START` (3) on; `FD_CLOEXEC` is set.
    public let fd: CInt
    /// The unit's `FileDescriptorName=` (`station`, `control`), or `unknown` when it gave none.
    public let name: String
    public let kind: Kind

    public init(fd: CInt, name: String, kind: Kind) {
        self.fd = fd
        self.name = name
        self.kind = kind
    }
}
