import Glibc

/// A small tmpfs mounted on a directory, to make a disk fill up on purpose. Needs root (CAP_SYS_ADMIN).
public final class TmpfsMount: @unchecked Sendable {
    // Safe because: mounted and unmounted by the test's own thread only.
    public let path: String
    private var mounted = true

    public init(at path: String, size: String) throws {
        self.path = path
        let result = try ChildProcess.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size),mode=0755", "tmpfs", path])
        guard result.status == .exited(0) else {
            throw TestSupportError("mount -t tmpfs on \(path) failed (\(result.status)): \(result.standardError)")
        }
    }

    deinit {
        unmount()
    }

    /// Unmounts (lazily if something still holds a file there).
    public func unmount() {
        guard mounted else { return }
        mounted = false
        if (try? ChildProcess.run("/bin/umount", [path]))?.status != .exited(0) {
            _ = try? ChildProcess.run("/bin/umount", ["-l", path])
        }
    }

    /// Whether this process may mount a tmpfs: root, and a trial mount works (containers may forbid it).
    public static let isPossible: Bool = {
        guard geteuid() == 0 else { return false }
        guard let directory = try? TemporaryDirectory(prefix: "cptmpfs") else { return false }
        guard let trial = try? TmpfsMount(at: directory.path, size: "1m") else { return false }
        trial.unmount()
        return true
    }()
}

extension TmpfsMount {
    /// Writes zeros to `name` in the mount until the file system is full; returns the bytes written.
    public func fill(_ name: String) throws -> Int {
        let fd = open(path + "/" + name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw TestSupportError("open filler", errno: errno) }
        defer { close(fd) }
        let chunk = [UInt8](repeating: 0, count: 4096)
        var total = 0
        while true {
            let written = chunk.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written > 0 {
                total += written
                continue
            }
            if written < 0 && errno == EINTR { continue }
            if written < 0 && errno != ENOSPC { throw TestSupportError("write filler", errno: errno) }
            return total
        }
    }
}

extension TmpfsMount {
    /// Deletes `name` from the mount (the filler), giving its space back.
    public func remove(_ name: String) throws {
        guard unlink(path + "/" + name) == 0 else { throw TestSupportError("unlink \(name)", errno: errno) }
    }
}
