/// What the control listener needs (SPEC §4).
public struct ControlConfiguration: Sendable, Equatable {
    /// Absolute path of the control socket, used when systemd did not pass a socket named `control`.
    public var path: String
    /// The group that owns the socket (mode 0660); nil means the daemon's own group.
    public var group: String?
    /// Members of this group may run mutating commands; nil means anyone who can open the socket may.
    public var adminGroup: String?
    /// Control connections beyond this get `E_BUSY` and are closed (issue 13).
    public var maxConnections: Int
    /// A connection with no request in flight for this long is closed (`watch` is exempt).
    public var idleTimeout: Duration

    public init(
        path: String, group: String?, adminGroup: String?, maxConnections: Int, idleTimeout: Duration
    ) {
        self.path = path
        self.group = group
        self.adminGroup = adminGroup
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
    }
}
