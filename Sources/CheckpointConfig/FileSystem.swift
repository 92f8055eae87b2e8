import Glibc

/// The few file operations configuration needs, over Glibc: read a small file, test for existence.
enum FileSystem {
    enum ReadResult {
        case contents([UInt8])
        /// Why the file could not be read, as a sentence fragment (`No such file or directory`).
        case failure(String)
    }

    /// Reads the whole file, refusing anything longer than `limit` bytes.
    static func read(_ path: String, limit: Int) -> ReadResult {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            return .failure(errnoText(errno))
        }
        defer { close(descriptor) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR {
                    continue
                }
                return .failure(errnoText(errno))
            }
            if count == 0 {
                return .contents(contents)
            }
            contents.append(contentsOf: chunk[0..<count])
            if contents.count > limit {
                return .failure("the file is larger than \(limit) bytes; a configuration file is a few kilobytes")
            }
        }
    }

    /// Whether anything (file, socket, directory) exists at `path`.
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    /// Whether `path` is a readable file whose first bytes are `magic`.
    static func startsWith(_ path: String, magic: [UInt8]) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            return false
        }
        defer { close(descriptor) }
        var head = [UInt8](repeating: 0, count: magic.count)
        // A regular file returns the bytes asked for unless it is shorter; a directory fails with EISDIR.
        let count = head.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        return count == magic.count && head == magic
    }

    /// Why `path` cannot be run as a program, as advice (nil: it is a regular file this process may execute).
    static func executableProblem(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            return "\(errnoText(errno)); install the program there or correct the path"
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            return "not a regular file; name the program itself"
        }
        guard access(path, X_OK) == 0 else {
            return "not executable by the daemon's user (\(errnoText(errno))); chmod 0755 it"
        }
        return nil
    }

    /// `strerror` text for an errno value, e.g. "Permission denied".
    static func errnoText(_ code: Int32) -> String {
        guard let text = strerror(code) else {
            return "error \(code)"
        }
        return String(cString: text)
    }
}
