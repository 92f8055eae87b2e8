import CheckpointCore
import CheckpointStore
import ServiceLifecycle
import Synchronization

/// Records per second over the last minute (`stats` `rate_1m`, the STATUS= line): samples the writer's
/// committed-record counter every second, whether or not anyone asks.
final class RateMeter: Service, Sendable {
    private let writer: IngestWriter
    private let samples = VisibleMutex<[(at: UInt64, committed: UInt64)]>([])

    static let window: UInt64 = 60_000_000_000

    init(writer: IngestWriter) {
        self.writer = writer
        sample()
    }

    func run() async throws {
        // The sleep ends at a graceful shutdown too: a stop must not wait for the next tick.
        while (try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }) != nil {
            sample()
        }
    }

    private func sample() {
        let now = Monotonic.nanoseconds()
        let committed = writer.currentHealth.committedRecords
        samples.withLock { samples in
            samples.append((now, committed))
            samples.removeAll { now - $0.at > RateMeter.window + 1_000_000_000 }
        }
    }

    /// Records per second between the oldest sample of the last minute and now.
    func perSecond() -> Double {
        let now = Monotonic.nanoseconds()
        let committed = writer.currentHealth.committedRecords
        return samples.withLock { samples in
            guard let first = samples.first(where: { now - $0.at <= RateMeter.window }) ?? samples.first,
                now > first.at
            else { return 0 }
            return Double(committed - first.committed) / (Double(now - first.at) / 1e9)
        }
    }
}
