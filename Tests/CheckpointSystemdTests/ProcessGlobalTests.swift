import Foundation
import Testing

/// Every test that changes process-wide state lives in a suite nested in this one: environment
/// variables (`NOTIFY_SOCKET`, `WATCHDOG_*`, `LISTEN_*`) and file descriptors (fd 2 swapped for a
/// pipe). So do the tests that start processes, since spawning reads the environment that
/// `setenv` may be reallocating. `.serialized` is inherited by nested suites, so none of them run
/// at the same time as another; each restores what it changed before it returns.
@Suite(.serialized)
struct ProcessGlobalTests {}

/// Sets environment variables (nil unsets) for the duration of `body`, then puts back what was there.
func withEnvironment<Result>(
    _ changes: [String: String?],
    _ body: () throws -> Result
) rethrows -> Result {
    var saved: [String: String?] = [:]
    for (name, value) in changes {
        saved[name] = getenv(name).map { String(cString: $0) }
        if let value {
            setenv(name, value, 1)
        } else {
            unsetenv(name)
        }
    }
    defer {
        for (name, value) in saved {
            if let value {
                setenv(name, value, 1)
            } else {
                unsetenv(name)
            }
        }
    }
    return try body()
}

/// The value of an environment variable now, or nil.
func environmentValue(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}

/// Runs `body` with fd 2 pointing into a pipe, then restores fd 2 and returns the lines written.
///
/// Other threads of the test process writing to stderr meanwhile end up in the capture too, so
/// callers look for their line among the lines rather than expecting the capture to be only theirs.
func capturingStandardError(_ body: () throws -> Void) throws -> [String] {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else {
        throw POSIXError(.EIO)
    }
    let saved = dup(STDERR_FILENO)
    guard saved >= 0 else {
        throw POSIXError(.EBADF)
    }
    fflush(nil)
    dup2(ends[1], STDERR_FILENO)
    close(ends[1])
    defer { close(ends[0]) }
    do {
        defer {
            fflush(nil)
            dup2(saved, STDERR_FILENO)
            close(saved)
        }
        try body()
    }
    // Everything `body` wrote is in the pipe already. Read without blocking: a child process
    // spawned meanwhile by a test running in parallel may still hold the write end open.
    _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = read(ends[0], &buffer, buffer.count)
        if count <= 0 {
            break
        }
        data.append(contentsOf: buffer[0..<count])
    }
    let text = String(decoding: data, as: UTF8.self)
    return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}
