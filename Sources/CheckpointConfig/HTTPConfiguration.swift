public import CheckpointCore

/// The dashboard and `/metrics` (issue 18): where the daemon serves HTTP, and who may read it.
public struct HTTPConfiguration: Sendable, Equatable {
    /// Who may read the pages.
    public enum Authentication: String, Sendable, CaseIterable {
        /// Anyone who reaches the listener: only on loopback, a Unix socket, or `tls:` with client certificates.
        case none
        /// HTTP Basic over the users of `http_users_file`, their passwords stored as scrypt hashes.
        case basic
    }

    /// `http_listen = off`.
    public static let off = "off"

    /// nil: no HTTP listener.
    public var listen: ListenAddress?
    public var authentication: Authentication
    /// `http_users_file`: `NAME:HASH` lines.
    public var usersFile: String?

    public init(
        listen: ListenAddress? = .tcp(host: "127.0.0.1", port: Defaults.httpPort), authentication: Authentication = .none,
        usersFile: String? = nil
    ) {
        self.listen = listen
        self.authentication = authentication
        self.usersFile = usersFile
    }

    /// Whether only this machine can reach `address`: a Unix socket, or TCP on a loopback address. A host name other
    /// than `localhost` is not taken for loopback (it may resolve to anything).
    public static func isLocal(_ address: ListenAddress) -> Bool {
        switch address {
        case .unix: return true
        case .tcp(let host, _), .tls(let host, _):
            return host == "localhost" || host == "::1" || host.hasPrefix("127.")
        }
    }
}
