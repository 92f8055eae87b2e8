/// The one error type of CheckpointStore.
///
/// `code` is the contract (callers map `.full`/`.io`/`.busy` to `E_UNAVAILABLE`); `message` is for people and
/// never contains a bound argument or a person identifier, so it is safe for logs (STYLE §4.3).
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case busy, full, io, syncFailed, moved, corrupt, constraint, misuse, notFound, conflict, readOnly, shutdown, badArgument, other
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// Another connection or process holds a lock; retrying later may work.
        public static let busy = Code(.busy)
        /// The disk (or `max_page_count`) is full.
        public static let full = Code(.full)
        /// An I/O error from the operating system.
        public static let io = Code(.io)
        /// The operating system could not make a write durable (`fsync`/`fdatasync` failed). Never retried: after
        /// a failed sync the kernel may have dropped the pages it could not write (PostgreSQL's 2018 lesson).
        public static let syncFailed = Code(.syncFailed)
        /// The database file was deleted or replaced while open: commits would go into a file nobody can see.
        public static let moved = Code(.moved)
        /// The database file is damaged.
        public static let corrupt = Code(.corrupt)
        /// A uniqueness or foreign key rule would be broken.
        public static let constraint = Code(.constraint)
        /// The store was used wrongly (a bug).
        public static let misuse = Code(.misuse)
        /// The thing asked for does not exist.
        public static let notFound = Code(.notFound)
        /// The change conflicts with what is stored (e.g. removing a checkpoint that still has stations).
        public static let conflict = Code(.conflict)
        /// The database cannot be written (permissions, read-only file system).
        public static let readOnly = Code(.readOnly)
        /// A value the caller gave cannot be used (e.g. a backup path that cannot be written).
        public static let badArgument = Code(.badArgument)
        /// The writer has stopped and takes no more work.
        public static let shutdown = Code(.shutdown)
        /// Anything else SQLite reported.
        public static let other = Code(.other)

        public var description: String { base.rawValue }

        /// Whether the failure is about the storage itself (answer `E_UNAVAILABLE`, report `degraded`).
        public var isStorageFailure: Bool {
            switch base {
            case .busy, .full, .io, .syncFailed, .moved, .corrupt, .readOnly, .shutdown: return true
            default: return false
            }
        }

        /// Whether the failure ends the daemon instead of being retried (`StorageIntegrity`): a damaged file, a
        /// failed sync and a deleted database do not heal, and retrying them could acknowledge what is not stored.
        public var isFatal: Bool {
            switch base {
            case .corrupt, .syncFailed, .moved: return true
            default: return false
            }
        }
    }

    public var code: Code
    public var message: String
    /// The SQLite extended result code, when the error came from SQLite.
    public var sqliteCode: Int32?
    public var file: String
    public var line: Int

    public init(_ code: Code, _ message: String, sqliteCode: Int32? = nil, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.sqliteCode = sqliteCode
        self.file = file
        self.line = line
    }

    public var description: String {
        if let sqliteCode { return "\(message) (sqlite \(sqliteCode))" }
        return message
    }
}
