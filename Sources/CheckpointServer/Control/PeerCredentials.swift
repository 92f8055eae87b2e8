import Glibc
import NIOCore

/// Who is on the other end of a Unix socket (SO_PEERCRED): for the audit table and the admin group check.
struct PeerCredentials: Sendable, Hashable {
    var pid: Int32
    var uid: UInt32
    var gid: UInt32

    static func of(_ channel: any Channel) async -> PeerCredentials? {
        guard let provider = channel as? any SocketOptionProvider else { return nil }
        let future: EventLoopFuture<UCred> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        guard let credentials = try? await future.get() else { return nil }
        return PeerCredentials(pid: credentials.pid, uid: credentials.uid, gid: credentials.gid)
    }

    /// Whether this peer belongs to `group` (primary group, or a supplementary one, or root).
    func isMember(of group: String) -> Bool {
        if uid == 0 { return true }
        guard let entry = getgrnam(group) else { return false }
        let groupID = entry.pointee.gr_gid
        if gid == groupID { return true }
        guard let user = getpwuid(uid), let name = user.pointee.pw_name else { return false }
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(name, user.pointee.pw_gid, &groups, &count) < 0 { return false }
        return groups.prefix(Int(count)).contains(groupID)
    }
}

/// `struct ucred` of <sys/socket.h>, which Glibc only declares under _GNU_SOURCE: the same three fields.
private struct UCred: Sendable {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
}
