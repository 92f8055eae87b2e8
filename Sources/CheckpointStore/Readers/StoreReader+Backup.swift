import CSQLite
import Glibc

/// Where a backup went and how large it is.
public struct BackupResult: Sendable, Equatable {
    public var path: String
    public var bytes: Int64
}

/// `backup` and `check` (issue 13): copies confined to one folder, checked before they count; an online
/// `PRAGMA integrity_check`.
extension StoreReader {
    /// Refuses a backup name that is not a plain file name: empty, `.`/`..`, a `/` (so no absolute path and no
    /// way out of the folder), a leading `.` (the folder's temporary files start with one), control characters,
    /// or longer than a file name may be.
    public static func checkBackupName(_ name: String) throws(StoreError) {
        let problem: String? =
            if name.isEmpty { "is empty" }
            else if name.contains("/") { "contains '/': give a file name inside backup_dir, not a path" }
            else if name.hasPrefix(".") { "starts with '.' (no '.', '..' or hidden names)" }
            else if name.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
                "contains a control character"
            } else if name.utf8.count > 200 { "is longer than 200 bytes" }
            else { nil }
        if let problem {
            throw StoreError(.badArgument, "the backup name \(problem); e.g. path=checkpointd-2024-06-01.db")
        }
    }

    /// A consistent online copy of the database (SQLite backup API; a WAL reader sees one snapshot for the whole
    /// copy, and ingest goes on) as the file `name` in `directory`, which is created 0700 when missing.
    ///
    /// Never replaces anything: a `name` that exists (a file, a link, a socket, a folder) is refused; the copy is
    /// made as a 0600 temporary file created with `O_EXCL | O_NOFOLLOW`, passes `PRAGMA quick_check`, is fsynced,
    /// then linked to `name` (which fails rather than replace a file that appeared meanwhile), and the folder is
    /// fsynced.
    public func backup(named name: String, into directory: String) throws(StoreError) -> BackupResult {
        try StoreReader.checkBackupName(name)
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw StoreReader.fileError("cannot create backup_dir \(directory)")
        }
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { throw StoreReader.fileError("cannot open backup_dir \(directory)") }
        defer { close(folder) }
        let path = (directory.hasSuffix("/") ? directory : directory + "/") + name
        let live = StoreReader.resolved(databasePath)
        let liveFiles = [live, live + "-audit"].flatMap { [$0, $0 + "-wal", $0 + "-shm", $0 + "-journal"] }
        if liveFiles.contains(StoreReader.resolved(path)) {
            throw StoreError(.badArgument, "\(name) is a live database file in backup_dir; choose another name")
        }
        try StoreReader.refuseExisting(name, in: folder)

        let temporary = "." + name + ".partial"
        unlinkat(folder, temporary, 0)
        let created = openat(folder, temporary, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard created >= 0 else { throw StoreReader.fileError("cannot create a file in backup_dir \(directory)") }
        fchmod(created, 0o600)
        close(created)
        let temporaryPath = (directory.hasSuffix("/") ? directory : directory + "/") + temporary
        do throws(StoreError) {
            let bytes = try read { source throws(StoreError) in try StoreReader.copy(source, to: temporaryPath) }
            try StoreReader.fsync(temporaryPath)
            guard linkat(folder, temporary, folder, name, 0) == 0 else {
                throw errno == EEXIST
                    ? StoreError(.badArgument, "\(name) appeared in backup_dir meanwhile; choose another name")
                    : StoreReader.fileError("cannot put the backup in place as \(path)")
            }
            unlinkat(folder, temporary, 0)
            guard Glibc.fsync(folder) == 0 else { throw StoreReader.fileError("cannot fsync backup_dir \(directory)") }
            return BackupResult(path: path, bytes: bytes)
        } catch {
            unlinkat(folder, temporary, 0)
            throw error
        }
    }

    /// `PRAGMA integrity_check` on a reader connection (ingest goes on): `["ok"]`, or the problems found (at
    /// most `limit`). A corruption error that stops the check is a problem too (and is reported to
    /// `StorageIntegrity`, like any reader's).
    public func integrityCheck(limit: Int = 100) throws(StoreError) -> [String] {
        do throws(StoreError) {
            return try read { db throws(StoreError) in
                let query = try db.prepare("PRAGMA integrity_check(\(max(1, limit)))", persistent: false)
                var lines: [String] = []
                while try query.step() { lines.append(query.string(0) ?? "") }
                return lines
            }
        } catch where error.code == .corrupt {
            return [error.description]
        }
    }

    /// Refuses `name` if anything exists there (`fstatat` without following a link).
    private static func refuseExisting(_ name: String, in folder: Int32) throws(StoreError) {
        var status = stat()
        guard fstatat(folder, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return }
            throw fileError("cannot look at \(name) in backup_dir")
        }
        if status.st_mode & S_IFMT == S_IFREG {
            throw StoreError(
                .badArgument, "\(name) exists in backup_dir and backups never replace a file; choose another name")
        }
        throw StoreError(
            .badArgument, "\(name) exists in backup_dir and is not a regular file (a link, socket or folder): refused")
    }

    private static func fsync(_ path: String) throws(StoreError) {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw fileError("cannot reopen the backup to fsync it") }
        defer { close(fd) }
        guard Glibc.fsync(fd) == 0 else { throw fileError("cannot fsync the backup") }
    }

    /// A failure of the file system around a backup: the caller's folder, not the database (`E_ARG`).
    private static func fileError(_ what: String) -> StoreError {
        StoreError(.badArgument, "\(what): \(String(cString: strerror(errno)))")
    }

    /// The canonical path: the folder resolved through symbolic links, then the file name.
    static func resolved(_ path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard let real = realpath(folder.isEmpty ? "/" : folder, nil) else { return path }
        defer { free(real) }
        let base = String(cString: real)
        return (base == "/" ? "" : base) + "/" + name
    }

    /// Copies `source` into the (empty) file at `path` and checks the copy with `PRAGMA quick_check`; the
    /// destination connection is closed when this returns. Returns the copy's size in bytes.
    private static func copy(_ source: SQLiteConnection, to path: String) throws(StoreError) -> Int64 {
        let destination: SQLiteConnection
        do throws(StoreError) {
            destination = try SQLiteConnection(path: path, mode: .readWrite)
        } catch {
            throw StoreError(.badArgument, "cannot write a backup there (\(error.message)): check backup_dir")
        }
        guard let backup = sqlite3_backup_init(destination.handle, "main", source.handle, "main") else {
            throw destination.lastError(sqlite3_errcode(destination.handle))
        }
        // > sqlite3_backup_step(B,N) will copy up to N pages ... If N is negative, all remaining source pages
        // > are copied.
        let rc = sqlite3_backup_step(backup, -1)
        sqlite3_backup_finish(backup)
        guard rc == SQLITE_DONE else { throw SQLiteConnection.error(rc, "the backup did not complete") }
        try destination.execute("PRAGMA journal_mode = DELETE")
        let verdict = try destination.text("PRAGMA quick_check") ?? ""
        guard verdict == "ok" else {
            throw StoreError(.io, "the copy failed PRAGMA quick_check (\(verdict)); nothing was kept")
        }
        let pages = try destination.integer("PRAGMA page_count") ?? 0
        let pageSize = try destination.integer("PRAGMA page_size") ?? 0
        return pages * pageSize
    }
}
