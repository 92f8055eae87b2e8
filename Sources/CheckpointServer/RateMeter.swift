import CheckpointStore
import Synchronization

/// Records per second over the last minute (`stats` `rate_1m`, the STATUS= line), from samples of the
/// writer's committed-record counter.
final class RateMeter: Sendable {
    private let writer: IngestWriter
    private let samples = Mutex<[(at: UInt64, committed: UInt64)]>([])

    init(writer: IngestWriter) { self.writer = writer }

    /// Takes a sample and returns records per second over the sampled span (at most a minute).
    func perSecond() -> Double {
        let now = Monotonic.nanoseconds()
        let committed = writer.currentHealth.committedRecords
        return samples.withLock { samples in
            samples.append((now, committed))
            samples.removeAll { now - $0.at > 60_000_000_000 }
            guard let first = samples.first, now > first.at else { return 0 }
            return Double(committed - first.committed) / (Double(now - first.at) / 1e9)
        }
    }
}
