import CSystemd
import Glibc

/// The sockets systemd passed in (`LISTEN_PID`, `LISTEN_FDS`, `LISTEN_FDNAMES`).
public enum InheritedSockets {
    /// The name systemd gives a descriptor whose unit sets no `FileDescriptorName=`.
    public static let unnamed = "unknown"

    /// Takes the inherited sockets, once, at start-up.
    ///
    /// Calls `sd_listen_fds_with_names` with `unset_environment` set, so the `LISTEN_*` variables are
    /// gone afterwards (children must not think the fds are theirs). It checks that `LISTEN_PID` is
    /// this process and sets `FD_CLOEXEC` on each fd. Returns an empty array when the process was
    /// not socket-activated (no `LISTEN_PID`, or one naming another process).
    ///
    /// - Throws: ``SystemdError`` only when the environment is malformed (a negative return:
    ///   `LISTEN_FDS=abc`, `LISTEN_FDS=0`, a `LISTEN_FDNAMES` whose count does not match).
    public static func take() throws(SystemdError) -> [InheritedSocket] {
        var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
        let count = sd_listen_fds_with_names(1, &names)
        defer { Self.free(names) }
        guard count >= 0 else {
            throw SystemdError(message: "sd_listen_fds_with_names failed", returnValue: count)
        }
        return (0..<count).map { index in
            let fd = SD_LISTEN_FDS_START + index
            var name = Self.unnamed
            if let names, let cName = names[Int(index)], cName.pointee != 0 {
                name = String(cString: cName)
            }
            return InheritedSocket(fd: fd, name: name, kind: Self.kind(of: fd))
        }
    }

    /// Classifies `fd` with `sd_is_socket_inet` / `sd_is_socket_unix` (stream, listening).
    static func kind(of fd: CInt) -> InheritedSocket.Kind {
        let stream = CInt(SOCK_STREAM.rawValue)
        if sd_is_socket_inet(fd, CInt(AF_UNSPEC), stream, 1, 0) > 0 {
            return .tcp
        }
        if sd_is_socket_unix(fd, stream, 1, nil, 0) > 0 {
            return .unix
        }
        return .other
    }

    /// Frees the NULL-terminated array `sd_listen_fds_with_names` allocated (`strv_free`).
    private static func free(_ names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) {
        guard let names else {
            return
        }
        var index = 0
        while let entry = names[index] {
            Glibc.free(entry)
            index += 1
        }
        Glibc.free(names)
    }
}
