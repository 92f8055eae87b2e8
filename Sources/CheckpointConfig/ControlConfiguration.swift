/// What the control listener needs (SPEC §4).
public struct ControlConfiguration: Sendable, Equatable {
    /// Absolute path of the control socket, used when systemd did not pass a socket named `control`.
    public var path: String
    /// The group that owns the socket (mode 0660); nil means the daemon's own group.
    public var group: String?
    /// Members of this group may run mutating commands; nil means anyone who can open the socket may.
    public var adminGroup: String?

    public init(path: String, group: String?, adminGroup: String?) {
        self.path = path
        self.group = group
        self.adminGroup = adminGroup
    }
}
