import Glibc

/// Another process holding the database's write lock: the `sqlite3` shell fed through a pipe with
/// `BEGIN EXCLUSIVE;` and kept waiting. In WAL mode an exclusive transaction takes the write lock (readers go on),
/// so the daemon's writer blocks in `BEGIN IMMEDIATE` until its 5 s busy timeout or until ``release()``.
public final class SQLiteLockHolder: @unchecked Sendable {
    // Safe because: used by the test's own thread only.
    public let database: String
    private let pid: pid_t
    private var input: Int32
    private var finished = false

    public init(database: String, directory: TemporaryDirectory) throws {
        self.database = database
        let shell = try SQLiteShell.executable()
        // A socket pair rather than a pipe: it is created close-on-exec at once, so no other test's child inherits
        // our end (which would keep the shell's stdin open).
        var ends: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw TestSupportError("socketpair", errno: errno)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[0], 0)
        let outputFlags = O_WRONLY | O_CREAT | O_APPEND
        posix_spawn_file_actions_addopen(&actions, 1, directory.file("lock.stdout"), outputFlags, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, directory.file("lock.stderr"), outputFlags, 0o644)
        let words: [String] = [shell, "-batch", database]
        let argv = words.map { strdup($0) } + [nil]
        let envp = [strdup("PATH=/usr/bin:/bin"), nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child = pid_t()
        let result = posix_spawn(&child, shell, &actions, nil, argv, envp)
        close(ends[0])
        guard result == 0 else {
            close(ends[1])
            throw TestSupportError("posix_spawn sqlite3", errno: result)
        }
        self.pid = child
        self.input = ends[1]
        try write(".timeout 10000\nBEGIN EXCLUSIVE;\n")
        // Return only once the lock is held: sqlite3 may still be waiting for it (the daemon's writer may hold it
        // for a moment), and a test that goes on before then races the writer.
        var held = false
        for _ in 0..<100 where !held {
            held = try SQLiteLockHolder.isWriteLocked(database)
            if !held { usleep(100_000) }
        }
        guard held else { throw TestSupportError("sqlite3 did not get the write lock of \(database) within 10 s") }
    }

    deinit {
        if !finished {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
            close(input)
        }
    }

    /// Commits the empty transaction, ends the shell and waits for it (the lock is free afterwards).
    public func release() throws {
        guard !finished else { return }
        finished = true
        try write("COMMIT;\n.quit\n")
        close(input)
        var status: Int32 = 0
        let deadline = Deadline(seconds: 10)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if deadline.hasPassed {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw TestSupportError("sqlite3 holding the lock did not end")
            }
            Deadline.sleep(0.01)
        }
    }

    private func write(_ text: String) throws {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(input, $0.baseAddress! + offset, $0.count - offset) }
            // Safe because: `bytes` is not empty here (offset < count), so baseAddress is not nil.
            if written < 0 {
                if errno == EINTR { continue }
                throw TestSupportError("write to sqlite3", errno: errno)
            }
            offset += written
        }
    }

    /// Whether a third process is refused the write lock right now (`BEGIN IMMEDIATE` with a 100 ms timeout),
    /// i.e. whether the lock is really held: proof from outside, not an assumption.
    public static func isWriteLocked(_ database: String) throws -> Bool {
        let result = try ChildProcess.run(
            try SQLiteShell.executable(), ["-batch", "-cmd", ".timeout 100", database, "BEGIN IMMEDIATE; ROLLBACK;"])
        if result.status == .exited(0) { return false }
        guard result.standardError.contains("locked") else {
            throw TestSupportError("sqlite3 probe failed otherwise (\(result.status)): \(result.standardError)")
        }
        return true
    }
}
