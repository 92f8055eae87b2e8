import Synchronization

/// Where the writer and the readers report a corruption error from SQLite (`SQLITE_CORRUPT`, `SQLITE_NOTADB`,
/// their extended codes). A damaged file does not heal by retrying: the daemon stops its watchdog pings and exits
/// non-zero naming the file, so systemd restarts it and the operator reads why (issue 13), instead of staying
/// `degraded` forever while the watchdog keeps beating.
public final class StorageIntegrity: Sendable {
    /// The first corruption seen: the error and the database file it came from.
    public struct Failure: Sendable, CustomStringConvertible {
        public var error: StoreError
        public var path: String

        public var description: String {
            "the database \(path) is corrupt (\(error.description)): stop checkpointd, keep the damaged file for "
                + "analysis, and restore the latest backup (checkpointctl check tells what is damaged)"
        }
    }

    private let first = VisibleMutex<Failure?>(nil)

    public init() {}

    /// Keeps the first corruption error; other errors are not the file's damage and are ignored.
    public func report(_ error: StoreError, path: String) {
        guard error.code == .corrupt else { return }
        first.withLock { current in
            if current == nil { current = Failure(error: error, path: path) }
        }
    }

    /// The first corruption reported, if any.
    public var failure: Failure? { first.withLock { $0 } }
}
