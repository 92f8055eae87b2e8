import CheckpointStore

/// The grid of an alert, for `alert_command`'s `GRID`: the one place that decides it. Today an alert has a
/// checkpoint and no grid of its own, so this is its checkpoint's grid as the registry has it now, read on a runner
/// thread (never the writer's) through the readers, which exist only once the writer has opened the database.
final class AlertGrid: Sendable {
    private let reader = VisibleMutex<StoreReader?>(nil)

    func set(_ reader: StoreReader) { self.reader.withLock { $0 = reader } }

    func of(_ alert: AlertRow) -> String? {
        guard let code = alert.checkpointCode, let reader = reader.withLock({ $0 }) else { return nil }
        return (try? reader.checkpoints())?.first { $0.code == code }?.grid
    }
}
