import Glibc

/// A failed system call while setting up a test.
struct TestSetupError: Error, CustomStringConvertible {
    var description: String
}

/// A fresh directory under /tmp for one test; everything written through it is removed when it goes away.
final class TemporaryDirectory {
    let path: String
    private var created: [(path: String, isDirectory: Bool)] = []

    init() throws {
        var template = Array("/tmp/checkpointconfig-XXXXXX".utf8CString)
        // The path is read inside the closure: the pointer mkdtemp returns is the array's storage.
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
        guard let made else {
            throw TestSetupError(description: "mkdtemp failed: errno \(errno)")
        }
        path = made
    }

    deinit {
        for entry in created.reversed() {
            _ = entry.isDirectory ? rmdir(entry.path) : unlink(entry.path)
        }
        rmdir(path)
    }

    /// Writes `contents` to `name` (relative to the directory) and returns the file's absolute path.
    @discardableResult
    func write(_ name: String, _ contents: String) throws -> String {
        try write(name, bytes: Array(contents.utf8))
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let file = path + "/" + name
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw TestSetupError(description: "open \(file) failed: errno \(errno)")
        }
        defer { close(descriptor) }
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw TestSetupError(description: "write \(file) failed: errno \(errno)")
        }
        created.append((file, false))
        return file
    }

    /// Creates `name` as a directory and returns its absolute path.
    @discardableResult
    func makeDirectory(_ name: String) throws -> String {
        let directory = path + "/" + name
        guard mkdir(directory, 0o755) == 0 else {
            throw TestSetupError(description: "mkdir \(directory) failed: errno \(errno)")
        }
        created.append((directory, true))
        return directory
    }
}
