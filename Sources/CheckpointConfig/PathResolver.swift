/// Lexical path handling for settings: relative paths become absolute against a base directory.
///
/// Only `.` segments and repeated slashes are removed. `..` is kept, because removing it lexically is wrong when
/// the segment before it is a symbolic link.
enum PathResolver {
    /// `path` if absolute, else `base/path`, tidied. `base` must be absolute.
    static func resolve(_ path: String, against base: String) throws(ConfigError) -> String {
        if path.isEmpty {
            throw .badValue("a path cannot be empty")
        }
        if path.utf8.contains(0) {
            throw .badValue("a path cannot contain a NUL byte")
        }
        if path.hasPrefix("~") {
            throw .badValue("'~' is not expanded here; write the full path, e.g. /home/NAME/...")
        }
        return tidy(path.hasPrefix("/") ? path : base + "/" + path)
    }

    /// The directory part: `/etc/checkpointd/checkpointd.conf` → `/etc/checkpointd`, `/x.conf` → `/`.
    static func directory(of path: String) -> String {
        let tidied = tidy(path)
        guard let slash = tidied.lastIndex(of: "/") else {
            return "."
        }
        return slash == tidied.startIndex ? "/" : String(tidied[..<slash])
    }

    /// Removes empty and `.` segments: `/a//b/./c/` → `/a/b/c`.
    static func tidy(_ path: String) -> String {
        let segments = path.split(separator: "/").filter { $0 != "." }
        let joined = segments.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
