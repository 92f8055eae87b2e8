public import CheckpointCore
import Dispatch
import Synchronization

/// The single writer: owns the one read-write SQLite connection on a thread of its own and commits the work
/// it is given in groups. Whatever arrives while a transaction commits goes into the next one, so under load a
/// commit carries many records and one `fsync` acknowledges them all (SPEC §5 group commit).
///
/// Callers on event loops only enqueue (`submit`), which takes a lock for a few nanoseconds; every SQLite call
/// happens on the writer thread. After the commit (or the failure) each job's completion runs on its executor
/// (one piece of work per executor and commit), or on the writer thread when it has none.
public final class IngestWriter: Sendable {
    public let directory: StationDirectory
    public let options: StoreOptions
    /// Where accountable lookups are made durable before their data goes out (`recordAudit`).
    let auditJournal: AuditJournal
    /// Turn on while someone watches records: each stored record then becomes a `.recordStored` event.
    public let recordEvents = EventSwitch()
    /// Told of a corruption error met by the writer; give it to the readers too (`StoreReader(integrity:)`).
    public let integrity = StorageIntegrity()

    private struct Queue {
        var jobs: [any WriterJob] = []
        /// Operators' changes (registry, acks, moving the audit journal for `audit` and `backup`): committed in a
        /// small transaction of their own before the next batch of records, never behind tens of thousands.
        var priority: [any WriterJob] = []
        var writerSleeping = false
        var stopping = false
        var stopped = false
        var finishWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let queue = VisibleMutex(Queue())
    private let wakeUp = WakeSignal()
    private let health: VisibleMutex<WriterHealth>
    private let engine: EngineHandOver
    private let observer: WriterObserver

    /// Opens (creating if needed) the database, migrates it, proves a transaction can commit, and loads the
    /// writer's memory. Blocking: call it at start-up, before listeners bind, never on an event loop.
    public init(
        options: StoreOptions, clock: any WallClock = SystemWallClock(), observer: WriterObserver = WriterObserver()
    ) throws(StoreError) {
        self.options = options
        self.observer = observer
        self.directory = StationDirectory()
        try WriterEngine.refuseOrphanedLog(databasePath: options.databasePath)
        auditJournal = try AuditJournal(databasePath: options.databasePath, fullDurability: options.fullDurability)
        let engine = try WriterEngine(
            options: options, clock: clock, directory: directory, recordEvents: recordEvents,
            auditJournal: auditJournal)
        self.engine = EngineHandOver(engine)
        let now = Monotonic.nanoseconds()
        self.health = VisibleMutex(
            WriterHealth(
                writable: true, lastCommitUptimeNanoseconds: now, lastBeatUptimeNanoseconds: now, queueDepth: 0,
                committedRecords: 0, commits: 0, lastError: nil))
    }

    /// Starts the writer thread. Called once.
    public func start() {
        let engine = self.engine
        DispatchQueue(label: "checkpointd.writer", qos: .userInitiated).async {
            self.runLoop(engine)
        }
    }

    /// Stops taking new work, commits and completes everything already queued, then returns.
    public func drainAndStop() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let alreadyStopped: Bool = queue.withLock { queue in
                queue.stopping = true
                if queue.stopped { return true }
                queue.finishWaiters.append(continuation)
                return false
            }
            if alreadyStopped { continuation.resume() }
            wakeUp.signal()
        }
    }

    public var currentHealth: WriterHealth {
        var snapshot = health.withLock { $0 }
        snapshot.queueDepth = queue.withLock { $0.jobs.count + $0.priority.count }
        return snapshot
    }

    // MARK: submitting work

    /// Queues a record; `completion` runs once the outcome is durable (or failed): on `executor`, or on the
    /// writer thread when there is none.
    public func submit(
        _ record: IncomingRecord, executor: (any CompletionExecutor)? = nil,
        completion: @escaping @Sendable (RecordOutcome) -> Void
    ) {
        enqueue(RecordJob(record: record, executor: executor, completion: completion))
    }

    /// Answers a station's `LOOKUP` (of `document`'s person when given: `id=`) in order with the records before it.
    public func lookup(
        _ person: PersonID, document: PersonID? = nil, executor: (any CompletionExecutor)? = nil,
        completion: @escaping @Sendable (Result<PersonStatus, StoreError>) -> Void
    ) {
        enqueue(
            OperationJob(
                counted: false, executor: executor,
                body: { engine throws(StoreError) in try engine.lookup(person, document: document) },
                completion: completion))
    }

    /// Runs `body` on the writer thread in a small transaction ahead of queued records; returns after it has
    /// committed.
    func perform<T: Sendable>(
        _ body: @escaping @Sendable (WriterEngine) throws(StoreError) -> T
    ) async throws(StoreError) -> T {
        let result: Result<T, StoreError> = await withCheckedContinuation { continuation in
            enqueue(
                OperationJob(counted: false, body: body, completion: { continuation.resume(returning: $0) }),
                priority: true)
        }
        return try result.get()
    }

    func enqueue(_ job: any WriterJob, priority: Bool = false) {
        let (accepted, wake) = queue.withLock { queue -> (Bool, Bool) in
            guard !queue.stopping else { return (false, false) }
            if priority { queue.priority.append(job) } else { queue.jobs.append(job) }
            let wake = queue.writerSleeping
            queue.writerSleeping = false
            return (true, wake)
        }
        if !accepted {
            job.finish(StoreError(.shutdown, "checkpointd is shutting down and takes no new records; retry later"))
        } else if wake {
            wakeUp.signal()
        }
    }

    // MARK: the writer thread

    private static let idleWakeNanoseconds = 500_000_000

    private func runLoop(_ handOver: EngineHandOver) {
        runBatches(handOver.take())
        // The engine (and with it the connection) is gone by now: drainAndStop() returns after the close.
        let waiters = queue.withLock { queue in
            queue.stopped = true
            defer { queue.finishWaiters = [] }
            return queue.finishWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    private func runBatches(_ engine: WriterEngine) {
        while true {
            let (batch, stop): ([any WriterJob], Bool) = queue.withLock { queue in
                if !queue.priority.isEmpty {
                    defer { queue.priority = [] }
                    return (queue.priority, false)
                }
                if queue.jobs.isEmpty {
                    if queue.stopping { return ([], true) }
                    queue.writerSleeping = true
                    return ([], false)
                }
                let limit = options.maxBatchRecords
                if queue.jobs.count <= limit {
                    defer { queue.jobs = []; queue.jobs.reserveCapacity(limit) }
                    return (queue.jobs, false)
                }
                let batch = Array(queue.jobs[..<limit])
                queue.jobs.removeFirst(limit)
                return (batch, false)
            }
            if stop { break }
            if batch.isEmpty {
                if !wakeUp.wait(nanoseconds: IngestWriter.idleWakeNanoseconds) {
                    queue.withLock { $0.writerSleeping = false }
                }
                housekeep(engine, idle: true)
                continue
            }
            commit(batch, engine: engine)
            housekeep(engine, idle: false)
        }
        // After a failed sync nothing more is written, not even the closing checkpoint: the next start's recovery
        // reads the write-ahead log as it is on disk.
        engine.close(checkpoint: integrity.failure?.error.code != .syncFailed)
    }

    /// Commits `batch`. A batch of records yields to operators' work that arrives meanwhile: it commits what it
    /// has done, runs that work in a small transaction of its own, and goes on (so a `trace` waits for at most
    /// ~1,000 records, not for a whole burst).
    private func commit(_ batch: [any WriterJob], engine: WriterEngine, yielding: Bool = true) {
        var jobs = batch
        // After a fatal fault the writer writes nothing more: the daemon is stopping (IntegrityWatch), and a commit
        // after a failed sync or into a deleted file could acknowledge what is not on disk.
        if let failure = integrity.failure {
            IngestWriter.finish(jobs, with: failure.error)
            return
        }
        while !jobs.isEmpty {
            let shouldYield: () -> Bool = yielding ? { self.queue.withLock { !$0.priority.isEmpty } } : { false }
            let started = Monotonic.nanoseconds()
            switch engine.runBatch(jobs, shouldYield: shouldYield) {
            case .committed(let records, let events, let processed):
                observer.batchCommitted(
                    CommitFigures(
                        records: records, nanoseconds: Monotonic.nanoseconds() - started,
                        counts: engine.lastCommittedCounts))
                if let moved = engine.databaseMoved() {
                    // Committed into a file that is no longer the database: nothing of it is acknowledged.
                    noteStorageFailure(moved)
                    IngestWriter.finish(jobs, with: moved)
                    return
                }
                let now = Monotonic.nanoseconds()
                let recovered = health.withLock { health -> Bool in
                    let wasDegraded = !health.writable
                    health.writable = true
                    health.lastError = nil
                    health.lastCommitUptimeNanoseconds = now
                    health.lastBeatUptimeNanoseconds = now
                    health.commits += 1
                    health.committedRecords += UInt64(records)
                    return wasDegraded
                }
                if recovered { observer.storageRecovered() }
                // Events first, then the answers: whoever got an answer and then starts watching must not
                // receive this commit's events afterwards.
                if !events.isEmpty { observer.committed(events) }
                IngestWriter.finish(jobs[..<processed], with: nil)
                jobs.removeFirst(processed)
                if !jobs.isEmpty {
                    let waiting = queue.withLock { queue in
                        defer { queue.priority = [] }
                        return queue.priority
                    }
                    if !waiting.isEmpty { commit(waiting, engine: engine, yielding: false) }
                }
            case .jobFailed(let index, let error):
                // One job's own mistake (not the storage's): answer it alone and run the others again.
                IngestWriter.finish([jobs[index]], with: error)
                jobs.remove(at: index)
            case .storageFailed(let error):
                noteStorageFailure(error)
                IngestWriter.finish(jobs, with: error)
                return
            }
        }
    }

    /// Completes jobs: each executor gets all of its jobs' completions in one call, in queue order. There are few
    /// executors (one per event loop), so finding a job's group is a short linear search, not a hash per record.
    private static func finish(_ jobs: some Collection<any WriterJob>, with error: StoreError?) {
        var groups: [(executor: any CompletionExecutor, jobs: [any WriterJob])] = []
        for job in jobs {
            guard let executor = job.executor else {
                job.finish(error)
                continue
            }
            if let index = groups.firstIndex(where: { $0.executor === executor }) {
                groups[index].jobs.append(job)
            } else {
                groups.append((executor, [job]))
            }
        }
        for group in groups {
            let jobs = group.jobs
            group.executor.run {
                for job in jobs { job.finish(error) }
            }
        }
    }

    private func noteStorageFailure(_ error: StoreError) {
        let now = Monotonic.nanoseconds()
        let first = health.withLock { health -> Bool in
            let first = health.writable
            health.writable = false
            health.lastError = error.description
            // A lock held by someone else is the writer being stuck, not responsive: no beat (the watchdog
            // must see it). A full disk or an I/O error is answered at once: the writer is alive. A damaged
            // file, a failed sync or a deleted file never heals: no beat either (the daemon exits, see
            // `StorageIntegrity`).
            if error.code != .busy && !error.code.isFatal { health.lastBeatUptimeNanoseconds = now }
            return first
        }
        integrity.report(error, path: options.databasePath)
        if first { observer.storageFailed(error) }
    }

    private func housekeep(_ engine: WriterEngine, idle: Bool) {
        guard integrity.failure == nil else { return }
        // A deleted database is noticed within one idle wake (0.5 s) even when no record arrives.
        if let moved = engine.databaseMoved() {
            noteStorageFailure(moved)
            return
        }
        if idle {
            let now = Monotonic.nanoseconds()
            health.withLock { health in
                if health.writable { health.lastBeatUptimeNanoseconds = now }
            }
        }
        switch engine.housekeep(degraded: isDegraded) {
        case .nothing, .done: break
        case .recovered:
            let now = Monotonic.nanoseconds()
            health.withLock { health in
                health.writable = true
                health.lastError = nil
                health.lastBeatUptimeNanoseconds = now
            }
            observer.storageRecovered()
        case .failed(let error):
            noteStorageFailure(error)
        }
        let events = engine.takeHousekeepingEvents()
        if !events.isEmpty { observer.committed(events) }
    }

    /// While degraded the engine probes with a test transaction instead of purging.
    private var isDegraded: Bool { !health.withLock { $0.writable } }
}

/// Callbacks from the writer thread, for logs and `watch`. Keep them short: they run on the writer thread.
public struct WriterObserver: Sendable {
    public var committed: @Sendable ([CommittedEvent]) -> Void
    public var storageFailed: @Sendable (StoreError) -> Void
    public var storageRecovered: @Sendable () -> Void
    /// After each committed transaction of records, for `/metrics` (issue 18).
    public var batchCommitted: @Sendable (CommitFigures) -> Void

    public init(
        committed: @escaping @Sendable ([CommittedEvent]) -> Void = { _ in },
        storageFailed: @escaping @Sendable (StoreError) -> Void = { _ in },
        storageRecovered: @escaping @Sendable () -> Void = {},
        batchCommitted: @escaping @Sendable (CommitFigures) -> Void = { _ in }
    ) {
        self.committed = committed
        self.storageFailed = storageFailed
        self.storageRecovered = storageRecovered
        self.batchCommitted = batchCommitted
    }
}

/// One committed transaction, as `/metrics` counts it.
public struct CommitFigures: Sendable {
    /// Records stored by it (0 for one of operators' work only).
    public var records: Int
    /// From BEGIN to COMMIT's return, fsync included.
    public var nanoseconds: UInt64
    /// Its records by checkpoint key (``StationDirectory/Entry/checkpointKey``).
    public var counts: [Int64: RecordCounts]
}

/// Moves the engine, built on the opening thread, to the writer thread exactly once.
private final class EngineHandOver: @unchecked Sendable {
    // Safe because `take()` is called once, by `start()`, and after that only the writer thread uses the engine.
    private var engine: WriterEngine?

    init(_ engine: WriterEngine) { self.engine = engine }

    func take() -> WriterEngine {
        guard let engine else { fatalError("IngestWriter.start() called twice") }
        self.engine = nil
        return engine
    }
}

/// A flag read on the writer thread for every record, set from anywhere.
public final class EventSwitch: Sendable {
    private let flag = Atomic<Bool>(false)

    init() {}

    public var isOn: Bool { flag.load(ordering: .relaxed) }

    public func set(_ on: Bool) { flag.store(on, ordering: .relaxed) }
}
