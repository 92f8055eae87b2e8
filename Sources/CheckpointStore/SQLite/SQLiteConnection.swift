import CSQLite

/// One SQLite connection. Not thread-safe: it belongs to the thread of its owner (the writer thread or the
/// reader pool's borrower), and it is never touched from a NIO event loop.
final class SQLiteConnection {
    let handle: OpaquePointer
    let path: String

    enum Mode { case readWrite, readOnly }

    init(path: String, mode: Mode) throws(StoreError) {
        var db: OpaquePointer?
        let flags =
            (mode == .readWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY)
            | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            // > Whether or not an error occurs when it is opened, resources associated with the database
            // > connection handle should be released by passing it to sqlite3_close() when it is no longer required.
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw SQLiteConnection.error(rc, "cannot open the database \(path): \(message)")
        }
        self.handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
    }

    deinit {
        // Statements are finalised by their own deinit before the connection goes (they hold a reference).
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws(StoreError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let text = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(errorMessage)
            throw SQLiteConnection.error(rc, text)
        }
    }

    func prepare(_ sql: String, persistent: Bool = true) throws(StoreError) -> SQLiteStatement {
        try SQLiteStatement(connection: self, sql: sql, persistent: persistent)
    }

    /// Reads a single integer (e.g. a pragma).
    func integer(_ sql: String) throws(StoreError) -> Int64? {
        let statement = try prepare(sql, persistent: false)
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.int64(0)
    }

    func text(_ sql: String) throws(StoreError) -> String? {
        let statement = try prepare(sql, persistent: false)
        guard try statement.step() else { return nil }
        return statement.string(0)
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    var changes: Int { Int(sqlite3_changes(handle)) }
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Whether the main database file was deleted or replaced since it was opened: SQLite compares the inode of
    /// its open file with the one its path names now (`SQLITE_FCNTL_HAS_MOVED`; no extra file descriptor, which
    /// would drop SQLite's POSIX locks when closed). In WAL mode SQLite itself keeps writing into a deleted file.
    var fileHasMoved: Bool {
        var moved: Int32 = 0
        let rc = sqlite3_file_control(handle, "main", SQLITE_FCNTL_HAS_MOVED, &moved)
        return rc == SQLITE_OK && moved != 0
    }

    func setBusyTimeout(milliseconds: Int32) { sqlite3_busy_timeout(handle, milliseconds) }

    func lastError(_ rc: Int32) -> StoreError {
        SQLiteConnection.error(rc, String(cString: sqlite3_errmsg(handle)))
    }

    static func error(_ rc: Int32, _ message: String, file: String = #fileID, line: Int = #line) -> StoreError {
        StoreError(code(for: rc), message, sqliteCode: rc, file: file, line: line)
    }

    static func code(for rc: Int32) -> StoreError.Code {
        // Extended codes first: SQLITE_IOERR_FSYNC, SQLITE_IOERR_DIR_FSYNC, SQLITE_READONLY_DBMOVED.
        if rc == SQLITE_IOERR | (4 << 8) || rc == SQLITE_IOERR | (5 << 8) { return .syncFailed }
        if rc == SQLITE_READONLY | (4 << 8) { return .moved }
        switch rc & 0xff {
        case SQLITE_BUSY, SQLITE_LOCKED: return .busy
        case SQLITE_FULL: return .full
        case SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_NOLFS: return .io
        case SQLITE_CORRUPT, SQLITE_NOTADB: return .corrupt
        case SQLITE_CONSTRAINT: return .constraint
        case SQLITE_MISUSE, SQLITE_RANGE: return .misuse
        case SQLITE_READONLY, SQLITE_PERM: return .readOnly
        default: return .other
        }
    }

    static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}

/// A prepared statement. Finalised in `deinit`.
final class SQLiteStatement {
    private let connection: SQLiteConnection
    let handle: OpaquePointer

    init(connection: SQLiteConnection, sql: String, persistent: Bool) throws(StoreError) {
        var statement: OpaquePointer?
        // > The SQLITE_PREPARE_PERSISTENT flag is a hint to the query planner that the prepared statement
        // > will be retained for a long time and probably reused many times.
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let rc = sqlite3_prepare_v3(connection.handle, sql, -1, flags, &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw connection.lastError(rc)
        }
        self.connection = connection
        self.handle = statement
    }

    deinit { sqlite3_finalize(handle) }

    /// Steps once: true when a row is available, false when done. Errors reset the statement.
    @discardableResult
    func step() throws(StoreError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = connection.lastError(rc)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Resets and clears bindings so the statement can run again.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // MARK: binding (1-based, as in SQLite)

    func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }
    func bind(_ index: Int32, _ value: Int) { sqlite3_bind_int64(handle, index, Int64(value)) }
    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }
    func bind(_ index: Int32, _ value: Int?) { bind(index, value.map(Int64.init)) }
    func bind(_ index: Int32, _ value: String?) {
        guard var text = value else { sqlite3_bind_null(handle, index); return }
        // Bound with its byte length, so a NUL inside (refused at the sockets, but not by every caller) cannot cut
        // the text short.
        text.withUTF8 { bytes in
            // An empty buffer may have no address, and a null pointer would bind NULL: "" is bound from a literal.
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                sqlite3_bind_text(handle, index, "", 0, checkpointd_sqlite_transient())
                return
            }
            base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                _ = sqlite3_bind_text(handle, index, $0, Int32(bytes.count), checkpointd_sqlite_transient())
            }
        }
    }
    func bind(_ index: Int32, _ value: [UInt8]) {
        value.withUnsafeBytes { bytes in
            _ = sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), checkpointd_sqlite_transient())
        }
    }

    /// Binds, steps to completion and resets: for INSERT/UPDATE/DELETE.
    func run(_ bindings: (SQLiteStatement) -> Void = { _ in }) throws(StoreError) {
        bindings(self)
        defer { reset() }
        try step()
    }

    // MARK: columns (0-based, as in SQLite)

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }
    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }
    func string(_ column: Int32) -> String? {
        guard let text = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }
    func bytes(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let pointer = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
