import Foundation
import Glibc

/// A fresh directory under /tmp, removed with everything in it when the last reference goes away, unless the
/// environment variable `KEEP_TEST_DIRS` is set (then its path is printed so a failed run can be inspected).
/// The one temporary directory of every test target: hold it in a fixture (it goes with the fixture), or use
/// ``withTemporaryDirectory(prefix:_:)`` to tie it to a scope. There is no `remove()` to call.
///
/// Paths stay short on purpose: a Unix socket path must fit in 108 bytes.
public final class TemporaryDirectory: Sendable {
    public let path: String

    public init(prefix: String = "cpd") throws {
        var template = Array("/tmp/\(prefix).XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw TestSupportError("mkdtemp failed", errno: errno)
        }
        self.path = String(cString: made)
    }

    deinit {
        if ProcessInfo.processInfo.environment["KEEP_TEST_DIRS"] != nil {
            print("KEEP_TEST_DIRS: kept \(path)")
            return
        }
        // A removal can race a file's last owner: a store's writer thread closes its connection (which removes the
        // -wal and -shm files) just after the test lets go of it, so a removal that fails half-way is retried.
        for _ in 0..<100 {
            try? FileManager.default.removeItem(atPath: path)
            if !FileManager.default.fileExists(atPath: path) { return }
            Deadline.sleep(0.02)
        }
    }

    /// The path of `name` inside this directory.
    public func file(_ name: String) -> String {
        path + "/" + name
    }

    /// Creates the subdirectory `name` (and returns its path).
    @discardableResult
    public func makeDirectory(_ name: String) throws -> String {
        let subdirectory = file(name)
        try FileManager.default.createDirectory(atPath: subdirectory, withIntermediateDirectories: true)
        return subdirectory
    }

    /// Writes `text` to `name` and returns the file's path.
    @discardableResult
    public func write(_ text: String, to name: String) throws -> String {
        try write(bytes: Array(text.utf8), to: name)
    }

    /// Writes `bytes` to `name` (created or truncated, mode 0644) and returns the file's path.
    @discardableResult
    public func write(bytes: [UInt8], to name: String) throws -> String {
        let target = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }
}

/// Runs `body` with a fresh ``TemporaryDirectory`` that is removed (with everything in it) when `body` returns or
/// throws: the directory lives exactly as long as the scope.
public func withTemporaryDirectory<Result>(
    prefix: String = "cpd",
    _ body: (TemporaryDirectory) throws -> Result
) throws -> Result {
    let directory = try TemporaryDirectory(prefix: prefix)
    return try withExtendedLifetime(directory) { try body(directory) }
}
