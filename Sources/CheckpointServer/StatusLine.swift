import CheckpointStore
import NIOPosix
import Synchronization

/// The one-line summary for systemd's `STATUS=`: stations connected, records per minute, open alerts, and
/// whether storage is degraded.
final class StatusLine: Sendable {
    private let writer: IngestWriter
    private let reader: StoreReader
    private let sessions: SessionRegistry
    private let threadPool: NIOThreadPool
    /// (monotonic ns, committed records) samples of the last minute.
    private let samples = Mutex<[(UInt64, UInt64)]>([])

    init(writer: IngestWriter, reader: StoreReader, sessions: SessionRegistry, threadPool: NIOThreadPool) {
        self.writer = writer
        self.reader = reader
        self.sessions = sessions
        self.threadPool = threadPool
    }

    func text() async -> String {
        let health = writer.currentHealth
        let now = Monotonic.nanoseconds()
        let perMinute = samples.withLock { samples -> UInt64 in
            samples.append((now, health.committedRecords))
            samples.removeAll { now - $0.0 > 60_000_000_000 }
            guard let first = samples.first, now > first.0 else { return 0 }
            return (health.committedRecords - first.1) * 60_000_000_000 / max(1, now - first.0)
        }
        let reader = self.reader
        let openAlerts = (try? await threadPool.runIfActive { try? reader.openAlertCount() }) ?? nil
        let alerts = openAlerts.map(String.init) ?? "?"
        let state = health.writable ? "ok" : "DEGRADED (storage cannot commit)"
        return "\(sessions.connectedStations.count) stations connected, \(perMinute) records/min, "
            + "\(alerts) open alerts, \(state)"
    }
}
