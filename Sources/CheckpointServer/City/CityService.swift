import CheckpointCity
import CheckpointConfig
import CheckpointCore
import CheckpointStore
import CheckpointSystemd
import Logging
import NIOPosix
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The city tier of a district's daemon (issue 17): the uplink, which ships what the writer committed to the
/// city's PostgreSQL, and the registry follower, which takes in the quarantine orders other districts opened.
/// Each keeps its own connection and tries again while the city is away; nothing here is on a gate's path (the
/// writer never waits for the city), and the district keeps working on what it last knew.
struct CityService: Service {
    /// Records per uplink batch: one PostgreSQL transaction, bounded memory.
    static let recordBatch = 10_000
    static let changeBatch = 1000
    static let orderBatch = 1000
    /// How long the uplink rests when there is nothing to ship.
    static let idlePause = Duration.milliseconds(200)
    /// The registry is read at least this often, notification or not.
    static let registryPoll = Duration.seconds(2)
    /// The wait before connecting again: a failed connection costs the city almost nothing, and a district
    /// back from an outage should not wait long to start its catch-up.
    static let retryPause = Duration.milliseconds(500)

    let connector: CityConnector
    let shipper: CityUplinkShipper
    let registry: CityRegistryReader
    let migrator: CitySchemaMigrator
    let writer: IngestWriter
    let reader: StoreReader
    let threadPool: NIOThreadPool
    let status: CityStatus
    let clock: any WallClock
    let logger: Logger

    init(
        configuration: CityConfiguration, url: CityURL, district: String, writer: IngestWriter, reader: StoreReader,
        threadPool: NIOThreadPool, status: CityStatus, clock: any WallClock, logger: Logger
    ) {
        var cityLogger = logger
        // PostgresNIO logs each connection's life at debug and trace; ours says what matters once.
        cityLogger.logLevel = max(logger.logLevel, .notice)
        self.connector = CityConnector(url: url, passwordFile: configuration.passwordFile, logger: cityLogger)
        self.shipper = CityUplinkShipper(district: district, logger: cityLogger)
        self.registry = CityRegistryReader(logger: cityLogger)
        self.migrator = CitySchemaMigrator(logger: cityLogger)
        self.writer = writer
        self.reader = reader
        self.threadPool = threadPool
        self.status = status
        self.clock = clock
        self.logger = logger
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.uplink() }
                group.addTask { await self.followRegistry() }
            }
        }
    }

    // MARK: Uplink

    private func uplink() async {
        let failures = FailureLog(logger: logger, what: "uplink")
        await keepConnected(id: 1, failures: failures, doing: "ship", cutOff: { $0.uplinkConnected = false }) {
            connection in
            try await migrator.requireCurrent(connection)
            try await ship(on: connection, failures: failures)
        }
    }

    /// Connects, runs `body` while the connection is open, and after a failure (said once, kept for health, the
    /// link marked cut off) connects again, until the daemon stops.
    private func keepConnected(
        id: Int, failures: FailureLog, doing: String, cutOff: @escaping @Sendable (inout CityStatus.Snapshot) -> Void,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Void
    ) async {
        while !Task.isCancelled {
            do {
                let connection = try await connector.connect(id: id)
                do {
                    try await connection.whileOpen { try await body(connection) }
                } catch {
                    try? await connection.close()
                    throw error
                }
            } catch is CancellationError {
                return
            } catch {
                let message = (error as? CityError)?.description ?? CityError.describing(error, doing: doing).description
                failures.failed(message)
                status.update {
                    cutOff(&$0)
                    $0.lastError = message
                }
            }
            // The backlog keeps growing while the city is away: health shows it.
            await refreshLag()
            try? await Task.sleep(for: Self.retryPause)
        }
    }

    /// Ships until the connection fails or the daemon stops.
    private func ship(on connection: PostgresConnection, failures: FailureLog) async throws {
        let local = try await read { () throws(StoreError) in try reader.cityPositions() }
        let city = try await shipper.positions(connection, databaseID: local.databaseID ?? "")
        var records = local.shippedRecords
        var changes = local.shippedChanges
        if city.records != records || city.changes != changes {
            logger.notice(
                "the city holds another position for this district; continuing from the city's",
                metadata: [
                    "city_records": "\(city.records)", "local_records": "\(records)",
                    "city_changes": "\(city.changes)", "local_changes": "\(changes)",
                ])
            records = city.records
            if city.changes > changes {
                changes = city.changes
            } else if city.changes < changes {
                // The changes the city lost (a restored backup) have left our queue: say so, and go on from ours.
                logger.warning(
                    "the city lost changes this district shipped (alerts, orders, gaps); they are not shipped again",
                    metadata: ["city_changes": "\(city.changes)", "local_changes": "\(changes)"])
                try await shipper.resetChanges(to: changes, on: connection)
            }
            try await writer.recordUplinkPosition(records: records, changes: changes)
        }
        status.update {
            $0.uplinkConnected = true
            $0.shippedRecords = records
        }
        failures.recovered()
        // While the city commits one batch, the next is read from SQLite and the position of the last one is
        // recorded by the writer: a backlog ships at the pace of PostgreSQL's inserts alone.
        var prefetched: [UplinkRecord]?
        var lastLagRefresh = ContinuousClock.now - .seconds(1)
        while !Task.isCancelled {
            var worked = false
            let batch: [UplinkRecord]
            if let prefetched {
                batch = prefetched
            } else {
                batch = try await read { [records] () throws(StoreError) in
                    try reader.uplinkRecords(after: records, limit: Self.recordBatch)
                }
            }
            prefetched = nil
            if let last = batch.last {
                async let next = read { () throws(StoreError) in
                    try reader.uplinkRecords(after: last.id, limit: Self.recordBatch)
                }
                let outcome = try await shipper.ship(records: batch, after: records, on: connection)
                switch outcome {
                case .shipped(let through): records = through
                case .cityIsAt(let at): records = at
                }
                let (shippedRecords, shippedChanges) = (records, changes)
                async let recorded: Void = writer.recordUplinkPosition(records: shippedRecords, changes: shippedChanges)
                let following = try await next
                if outcome == .shipped(through: last.id) { prefetched = following }
                try await recorded
                worked = true
            }
            let queued = try await read { [changes] () throws(StoreError) in
                try reader.uplinkChanges(after: changes, limit: Self.changeBatch)
            }
            if queued.through > changes {
                switch try await shipper.ship(changes: queued, after: changes, on: connection) {
                case .shipped(let through): changes = through
                case .cityIsAt(let at) where at > changes: changes = at
                case .cityIsAt:
                    try await shipper.resetChanges(to: changes, on: connection)
                    continue
                }
                try await writer.recordUplinkPosition(records: records, changes: changes)
                worked = true
            }
            status.update { [records] in
                $0.shippedRecords = records
                $0.lastError = nil
            }
            if !worked || ContinuousClock.now - lastLagRefresh > .milliseconds(500) {
                await refreshLag()
                lastLagRefresh = .now
            }
            if !worked { try await Task.sleep(for: Self.idlePause) }
        }
    }

    private func refreshLag() async {
        guard
            let backlog = try? await read({ () throws(StoreError) in
                let positions = try reader.cityPositions()
                return try reader.uplinkBacklog(records: positions.shippedRecords, changes: positions.shippedChanges)
            })
        else { return }
        status.update {
            $0.lagRecords = backlog.records
            $0.lagChanges = backlog.changes
            $0.oldestUnshippedAt = backlog.oldestRecordAt
        }
    }

    // MARK: Registry

    private func followRegistry() async {
        let failures = FailureLog(logger: logger, what: "registry")
        await keepConnected(
            id: 2, failures: failures, doing: "follow the registry", cutOff: { $0.registryConnected = false }
        ) { connection in
            try await listen(on: connection, failures: failures)
        }
    }

    /// LISTENs for the registry's notifications while following it.
    private func listen(on connection: PostgresConnection, failures: FailureLog) async throws {
        try await migrator.requireCurrent(connection)
        let pending = NotificationFlag()
        try await connection.listen(on: CityRegistryReader.channel) { notifications in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await _ in notifications { pending.raise() }
                    throw CityError("the city's notifications stopped")
                }
                group.addTask {
                    try await self.follow(on: connection, pending: pending, failures: failures)
                }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    /// Reads the registry whenever a notification came, and every `registryPoll` anyway.
    private func follow(
        on connection: PostgresConnection, pending: NotificationFlag, failures: FailureLog
    ) async throws {
        var seq = try await read { () throws(StoreError) in try reader.cityPositions().registrySeq }
        var lastRead = ContinuousClock.now
        status.update { $0.registryConnected = true }
        failures.recovered()
        while !Task.isCancelled {
            pending.lower()
            let (orders, through) = try await registry.orders(after: seq, limit: Self.orderBatch, on: connection)
            if through > seq {
                let applied = try await writer.applyCityOrders(orders, through: through)
                seq = through
                if applied > 0 {
                    logger.info(
                        "orders from other districts taken in", metadata: ["orders": "\(applied)", "through": "\(seq)"])
                }
                status.update { $0.ordersFromCity += applied }
            }
            let now = clock.now()
            status.update { $0.registrySyncedAt = now }
            lastRead = .now
            if orders.count >= Self.orderBatch { continue }
            while !Task.isCancelled && !pending.isRaised && ContinuousClock.now - lastRead < Self.registryPoll {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    // MARK: Helpers

    private func read<T: Sendable>(_ body: @escaping @Sendable () throws(StoreError) -> T) async throws -> T {
        let result = try await threadPool.runIfActive { () -> Result<T, StoreError> in
            do throws(StoreError) { return .success(try body()) } catch { return .failure(error) }
        }
        return try result.get()
    }
}

/// Set when the city notified a change of the registry; the follower lowers it before each read.
final class NotificationFlag: Sendable {
    private let raised = Atomic<Bool>(true)

    func raise() { raised.store(true, ordering: .releasing) }
    func lower() { raised.store(false, ordering: .releasing) }
    var isRaised: Bool { raised.load(ordering: .acquiring) }
}

/// Logs a connection's failure once when it starts failing (and again when the reason changes), and once when it
/// works again, instead of every retry.
final class FailureLog: Sendable {
    private let last = VisibleMutex<String?>(nil)
    let logger: Logger
    let what: String

    init(logger: Logger, what: String) {
        self.logger = logger
        self.what = what
    }

    func failed(_ message: String) {
        let isNew = last.withLock { last -> Bool in
            defer { last = message }
            return last != message
        }
        if isNew {
            logger.warning(
                "city \(what): \(message); the district keeps working and tries again",
                metadata: ["message_id": "\(MessageID.cityUnavailable)"])
        }
    }

    func recovered() {
        let wasFailing = last.withLock { last -> Bool in
            defer { last = nil }
            return last != nil
        }
        if wasFailing {
            logger.notice("city \(what): connected again", metadata: ["message_id": "\(MessageID.cityConnected)"])
        }
    }
}
