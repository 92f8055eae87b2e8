import CheckpointStore
import NIOPosix

/// The one-line summary for systemd's `STATUS=`: stations connected, records per minute, open alerts, and
/// whether storage is degraded.
final class StatusLine: Sendable {
    private let writer: IngestWriter
    private let reader: StoreReader
    private let sessions: SessionRegistry
    private let threadPool: NIOThreadPool
    private let rate: RateMeter

    init(
        writer: IngestWriter, reader: StoreReader, sessions: SessionRegistry, threadPool: NIOThreadPool, rate: RateMeter
    ) {
        self.writer = writer
        self.reader = reader
        self.sessions = sessions
        self.threadPool = threadPool
        self.rate = rate
    }

    func text() async -> String {
        let health = writer.currentHealth
        let perMinute = Int((rate.perSecond() * 60).rounded())
        let reader = self.reader
        let openAlerts = (try? await threadPool.runIfActive { try? reader.openAlertCount() }) ?? nil
        let alerts = openAlerts.map(String.init) ?? "?"
        let state = health.writable ? "ok" : "DEGRADED (storage cannot commit)"
        return "\(sessions.connectedStations.count) stations connected, \(perMinute) records/min, "
            + "\(alerts) open alerts, \(state)"
    }
}
