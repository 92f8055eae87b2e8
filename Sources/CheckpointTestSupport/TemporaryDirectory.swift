import Foundation
import Glibc

/// A fresh directory under /tmp, removed with everything in it when the last reference goes away, unless the
/// environment variable `KEEP_TEST_DIRS` is set (then its path is printed so a failed run can be inspected).
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
        } else {
            try? FileManager.default.removeItem(atPath: path)
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
        let target = file(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: target))
        return target
    }
}
