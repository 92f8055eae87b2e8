import Glibc

/// A failure reported by libsystemd: a negative return value, turned back into an errno.
///
/// Only ``InheritedSockets/take()`` throws it, for an environment systemd would never produce
/// (`LISTEN_FDS=abc`, a name count that does not match). Everything else in this module reports
/// failure by returning `false` or `nil`, because a daemon must keep running without systemd.
public struct SystemdError: Error, Sendable, CustomStringConvertible {
    /// What was being done, for people: "sd_listen_fds_with_names failed".
    public var message: String
    /// The positive errno value (libsystemd returns `-errno`).
    public var errno: Int32

    public init(message: String, errno: Int32) {
        self.message = message
        self.errno = errno
    }

    /// Builds the error from a libsystemd return value, which is `-errno` on failure.
    init(message: String, returnValue: CInt) {
        self.init(message: message, errno: returnValue < 0 ? -returnValue : returnValue)
    }

    public var description: String {
        guard let text = strerror(self.errno) else {
            return "\(self.message): errno \(self.errno)"
        }
        return "\(self.message): \(String(cString: text)) (errno \(self.errno))"
    }
}
