import Glibc

/// Blocking file operations with the durability steps the spool relies on: `fsync` of files and of their directory.
enum FileIO {
    /// Writes every byte of `bytes` to `fd`, retrying on `EINTR` and short writes. Returns the `errno` of a failure.
    static func writeAll(_ fd: Int32, _ bytes: some Collection<UInt8>) -> Int32? {
        var remaining = Array(bytes)[...]
        while !remaining.isEmpty {
            let written = remaining.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if written == 0 { return EIO }
            remaining = remaining.dropFirst(written)
        }
        return nil
    }

    /// The whole content of `path`, or nil when it does not exist. Other failures throw.
    static func read(_ path: String, code: StationError.Code, hint: String) throws(StationError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw .system(code, "cannot open", path: path, errno: errno, hint: hint)
        }
        defer { close(fd) }
        return try readAll(fd, path: path, code: code, hint: hint)
    }

    /// Everything `fd` gives until end of file.
    static func readAll(
        _ fd: Int32, path: String, code: StationError.Code, hint: String
    ) throws(StationError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system(code, "cannot read", path: path, errno: errno, hint: hint)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// Replaces `path` with `bytes` so that a crash leaves either the old or the new content, never a mix: write
    /// `path.tmp`, fsync it, rename it over `path`, fsync the directory.
    static func replace(_ path: String, with bytes: [UInt8], directory: String) throws(StationError) {
        let hint = "check that the disk is not full and the directory is writable"
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .system(.spool, "cannot create", path: temporary, errno: errno, hint: hint) }
        if let failure = writeAll(fd, bytes) {
            close(fd)
            throw .system(.spool, "cannot write", path: temporary, errno: failure, hint: hint)
        }
        guard fsync(fd) == 0 else {
            let failure = errno
            close(fd)
            throw .system(.spool, "cannot fsync", path: temporary, errno: failure, hint: hint)
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            throw .system(.spool, "cannot rename over", path: path, errno: errno, hint: hint)
        }
        try syncDirectory(directory)
    }

    /// `fsync` of a directory, so a rename or a new file in it survives a power cut.
    static func syncDirectory(_ directory: String) throws(StationError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            throw .system(.spool, "cannot open", path: directory, errno: errno, hint: "check the spool directory")
        }
        defer { close(fd) }
        guard fsync(fd) == 0 else {
            throw .system(.spool, "cannot fsync", path: directory, errno: errno, hint: "check the disk")
        }
    }

    /// Creates `path` and its missing parents with `mode` (like `mkdir -p`).
    static func makeDirectories(_ path: String, mode: mode_t) throws(StationError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, mode) != 0 && errno != EEXIST {
                throw .system(
                    .spool, "cannot create the directory", path: prefix, errno: errno,
                    hint: "choose a writable spool directory with --spool DIR")
            }
        }
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw StationError(.spool, "\(path) is not a directory; choose another with --spool DIR")
        }
    }
}
