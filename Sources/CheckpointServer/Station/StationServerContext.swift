import CheckpointCore
import CheckpointStore
import Logging
import Synchronization

/// Limits a new station connection is created with (SPEC §3 "Limits"); a reload changes them for new ones.
struct StationLimits: Sendable, Equatable {
    var maxLineBytes: Int
    var maxConnections: Int
    var idleTimeout: Duration
    var helloTimeout: Duration
    var maxInflight: Int
    /// Connections from one address without a successful HELLO yet (issue 13).
    var maxUnauthenticatedPerAddress: Int
    /// `LOOKUP`s one station may send per minute (issue 13).
    var lookupPerMinute: Int

    /// All unauthenticated connections together: a quarter of `max_connections` (at least one), so that
    /// clients without a token can never hold the slots of the stations that have one.
    var maxUnauthenticated: Int { max(1, maxConnections / 4) }
}

/// What every station session shares.
final class StationServerContext: Sendable {
    let writer: IngestWriter
    let clock: any WallClock
    let zone: any DisplayZone
    let throttle = AuthThrottle()
    let sessions = SessionRegistry()
    let completions = CompletionExecutors()
    let lookups: LookupLimiter
    let logger: Logger
    /// `/metrics`' ack latency (issue 18); nil in tests that build a context alone.
    let metrics: DaemonMetrics?
    private let settings: VisibleMutex<(limits: StationLimits, feverThreshold: Temperature)>

    init(
        writer: IngestWriter, clock: any WallClock, zone: any DisplayZone, logger: Logger, limits: StationLimits,
        feverThreshold: Temperature, metrics: DaemonMetrics? = nil
    ) {
        self.metrics = metrics
        self.writer = writer
        self.clock = clock
        self.zone = zone
        self.logger = logger
        self.settings = VisibleMutex((limits, feverThreshold))
        self.lookups = LookupLimiter(perMinute: limits.lookupPerMinute)
    }

    var limits: StationLimits { settings.withLock { $0.limits } }
    var feverThreshold: Temperature { settings.withLock { $0.feverThreshold } }
    /// Fixed at start, as the writer's purge is: a reload reports a change as needing a restart.
    var retentionDays: Int { writer.options.retentionDays }

    func apply(limits: StationLimits, feverThreshold: Temperature) {
        settings.withLock {
            $0.limits = limits
            $0.feverThreshold = feverThreshold
        }
        lookups.apply(perMinute: limits.lookupPerMinute)
    }
}
