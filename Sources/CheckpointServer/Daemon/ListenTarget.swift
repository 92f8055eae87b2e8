import CheckpointConfig
import CheckpointSockets
import CheckpointSystemd
import Glibc
import NIOCore
import NIOPosix

/// Where a listener listens: an address to bind, or a socket systemd passed in (STYLE §7.3).
enum ListenTarget: CustomStringConvertible, Sendable {
    case tcp(host: String, port: Int)
    case unix(path: String)
    /// TCP with TLS on top: bound as `tcp`, served through the TLS context.
    case tls(host: String, port: Int)
    case inherited(InheritedSocket)

    /// The name systemd gives an inherited socket that is served with TLS (`FileDescriptorName=tls`).
    static let tlsSocketName = "tls"

    init(_ address: ListenAddress) {
        switch address {
        case .tcp(let host, let port): self = .tcp(host: host, port: port)
        case .unix(let path): self = .unix(path: path)
        case .tls(let host, let port): self = .tls(host: host, port: port)
        }
    }

    /// Whether connections accepted here speak TLS: a `tls:` address, or an inherited socket named `tls`.
    var isTLS: Bool {
        switch self {
        case .tls: return true
        case .inherited(let socket): return socket.name == ListenTarget.tlsSocketName
        case .tcp, .unix: return false
        }
    }

    var description: String {
        switch self {
        case .tcp(let host, let port): return "tcp:\(host):\(port)"
        case .unix(let path): return "unix:\(path)"
        case .tls(let host, let port): return "tls:\(host):\(port)"
        case .inherited(let socket): return "fd:\(socket.fd) (\(socket.name), from systemd)"
        }
    }

    /// A Unix socket path this process created and so removes at exit (inherited sockets are never unlinked).
    var ownedPath: String? {
        if case .unix(let path) = self { return path }
        return nil
    }
}

/// How one listener's bootstrap binds each kind of target; ``ListenTarget/bind(_:socketGroup:)`` does the rest.
struct ListenBinder<Server> {
    /// nil: a Unix-only listener (the control socket), which refuses TCP and an inherited socket of another kind.
    var tcp: ((_ host: String, _ port: Int) async throws -> Server)?
    var unix: (_ path: String) async throws -> Server
    var inherited: (InheritedSocket) async throws -> Server
}

extension ListenTarget {
    /// The one bind routine of both listeners (station and control): a Unix path is checked and cleared before
    /// (another live daemon's socket is refused, a stale one removed) and gets mode 0660 and `socketGroup` after;
    /// an inherited socket is adopted as systemd passed it. A Unix-only listener (no `tcp` binder) refuses a TCP
    /// address, and an inherited socket that is not `AF_UNIX`: peer credentials, and so `admin_group`, exist only
    /// on a Unix socket.
    func bind<Server>(_ binder: ListenBinder<Server>, socketGroup: String?) async throws -> Server {
        switch self {
        case .tcp(let host, let port), .tls(let host, let port):
            guard let tcp = binder.tcp else {
                throw ListenError(description: "the control socket must be a Unix socket (unix:PATH)")
            }
            return try await tcp(host, port)
        case .unix(let path):
            try UnixSocketPath.prepare(path)
            let server = try await binder.unix(path)
            try UnixSocketPath.restrict(path, group: socketGroup)
            return server
        case .inherited(let socket):
            if binder.tcp == nil { try ListenTarget.requireUnixDomain(socket) }
            return try await binder.inherited(socket)
        }
    }

    /// Throws unless the inherited socket is an `AF_UNIX` socket (SO_DOMAIN).
    static func requireUnixDomain(_ socket: InheritedSocket) throws {
        var domain: CInt = 0
        var length = socklen_t(MemoryLayout<CInt>.size)
        guard getsockopt(socket.fd, SOL_SOCKET, SO_DOMAIN, &domain, &length) == 0 else {
            throw ListenError(
                description: "the inherited socket named \(socket.name) (fd \(socket.fd)) cannot be inspected: "
                    + "errno \(errno)")
        }
        guard domain == AF_UNIX else {
            throw ListenError(
                description: "the inherited socket named \(socket.name) is not a Unix socket (address family "
                    + "\(domain)): the control socket must be a Unix socket, so that peer credentials and "
                    + "admin_group apply; give checkpointd-control.socket a ListenStream= path")
        }
    }
}

/// Binding errors, with what to do about them.
struct ListenError: Error, CustomStringConvertible {
    var description: String
}

enum UnixSocketPath {
    /// Refuses to take over a socket another live daemon answers on; removes a stale one (STYLE §7.12).
    static func prepare(_ path: String) throws {
        if isAnswering(path) {
            throw ListenError(
                description: """
                    checkpointd already running on \(path): stop it first, or give this one another path
                    """)
        }
        var info = stat()
        if lstat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFSOCK else {
                throw ListenError(description: "\(path) exists and is not a socket: remove it or choose another path")
            }
            unlink(path)
        }
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if !directory.isEmpty { try Directories.create(directory, mode: 0o755) }
    }

    /// Sets the socket's mode (SPEC §3, §4: 0660) and, when asked, its group.
    static func restrict(_ path: String, group: String?) throws {
        if let group {
            guard let entry = getgrnam(group) else {
                throw ListenError(description: "control_group \(group) does not exist: create it or change the setting")
            }
            guard chown(path, uid_t.max, entry.pointee.gr_gid) == 0 else {
                throw ListenError(
                    description: "cannot give \(path) to group \(group): \(String(cString: strerror(errno)))")
            }
        }
        guard chmod(path, 0o660) == 0 else {
            throw ListenError(description: "cannot set the mode of \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func isAnswering(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard let address = UnixSocketAddress(path: path) else { return false }
        return address.connect(fd) == 0
    }
}

enum Directories {
    /// `mkdir -p` with `mode` for the folders it creates.
    static func create(_ path: String, mode: mode_t) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, mode) != 0 && errno != EEXIST {
                throw ListenError(description: "cannot create \(current): \(String(cString: strerror(errno)))")
            }
        }
    }
}
