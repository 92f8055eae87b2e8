/// A snapshot of the writer for `health`, `STATUS=` and the watchdog.
public struct WriterHealth: Sendable {
    /// False while commits fail (disk full, I/O error); the daemon reports `degraded`.
    public var writable: Bool
    /// Monotonic nanoseconds of the last successful commit (or of start-up).
    public var lastCommitUptimeNanoseconds: UInt64
    /// Monotonic nanoseconds of the last moment the writer was seen responsive: it finished a database call
    /// (successfully, or with a storage error other than a lock) or was idle with nothing queued.
    public var lastBeatUptimeNanoseconds: UInt64
    /// Jobs waiting for the writer.
    public var queueDepth: Int
    /// Records committed since start.
    public var committedRecords: UInt64
    /// Transactions committed since start.
    public var commits: UInt64
    /// The last storage failure, if the writer is not writable.
    public var lastError: String?
}
