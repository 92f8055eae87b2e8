import Foundation

/// Reads the daemon's database from outside with the `sqlite3` command-line shell, read-only, the way an
/// operator would check it. Rows come back as columns split on `|`.
public enum SQLiteShell {
    public static func executable() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/sqlite3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw TestSupportError("the sqlite3 shell is not installed (apt-get install sqlite3)")
    }

    public static var isAvailable: Bool { (try? executable()) != nil }

    /// Runs `sql` against `database` opened read-only and returns its rows.
    public static func query(_ database: String, _ sql: String) throws -> [[String]] {
        let result = try ChildProcess.run(
            try executable(),
            ["-readonly", "-batch", "-noheader", "-separator", "|", "-cmd", ".timeout 10000", database, sql]
        )
        guard result.status == .exited(0) else {
            throw TestSupportError("sqlite3 \(sql.debugDescription) failed (\(result.status)): \(result.standardError)")
        }
        return result.standardOutput.split(separator: "\n", omittingEmptySubsequences: true).map {
            $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// The single value of a one-row, one-column query.
    public static func scalar(_ database: String, _ sql: String) throws -> String? {
        try query(database, sql).first?.first
    }
}
