import Glibc

/// What went wrong in the harness itself (not in the daemon under test): a failed system call, a timeout,
/// a daemon that did not start.
public struct TestSupportError: Error, CustomStringConvertible, Sendable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    /// A failed system call, with the text of `errno`.
    public init(_ message: String, errno code: Int32) {
        self.message = "\(message): \(String(cString: strerror(code))) (errno \(code))"
    }

    public var description: String { message }
}
