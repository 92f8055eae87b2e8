import Synchronization

/// Where the writer and the readers report a storage fault that retrying cannot mend (`StoreError.Code.isFatal`):
/// a corruption error from SQLite (`SQLITE_CORRUPT`, `SQLITE_NOTADB`, their extended codes), a failed `fsync` or
/// `fdatasync` (`SQLITE_IOERR_FSYNC`), or the database file deleted or replaced while open. The writer then writes
/// nothing more (every job is answered with the fault), the daemon stops its watchdog pings and exits non-zero
/// naming the file, so systemd restarts it and the operator reads why (issues 13 and 14), instead of staying
/// `degraded` forever while the watchdog keeps beating, or acknowledging records after a failed sync.
public final class StorageIntegrity: Sendable {
    /// The first fatal fault seen: the error and the database file it came from.
    public struct Failure: Sendable, CustomStringConvertible {
        public var error: StoreError
        public var path: String

        public init(error: StoreError, path: String) {
            self.error = error
            self.path = path
        }

        public var description: String {
            switch error.code {
            case .syncFailed:
                return "the operating system could not write the database \(path) to disk (\(error.description)): "
                    + "checkpointd stops rather than trust the file after a failed sync; check the disk (dmesg, "
                    + "smartctl); a restart recovers every acknowledged record from the write-ahead log"
            case .moved:
                return "the database file \(path) was deleted or replaced while checkpointd ran: what it commits "
                    + "now would go into a file nobody can see, so it stops; the records acknowledged before went "
                    + "with the deleted file: stop checkpointd and restore the latest backup to \(path)"
            default:
                return "the database \(path) is corrupt (\(error.description)): stop checkpointd, keep the damaged "
                    + "file for analysis, and restore the latest backup (checkpointctl check tells what is damaged)"
            }
        }
    }

    private let first = VisibleMutex<Failure?>(nil)

    public init() {}

    /// Keeps the first fatal fault; other errors (a full disk, a lock, one I/O error) are retried and ignored here.
    public func report(_ error: StoreError, path: String) {
        guard error.code.isFatal else { return }
        first.withLock { current in
            if current == nil { current = Failure(error: error, path: path) }
        }
    }

    /// The first fatal fault reported, if any.
    public var failure: Failure? { first.withLock { $0 } }
}
