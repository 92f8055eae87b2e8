import CheckpointConfig
import CheckpointCore
import CheckpointStore
import Dispatch
import Logging

/// Runs `alert_command` for each new, escalated, re-checked and acknowledged alert (issue 16 point 3), off the
/// ingest path: the writer thread's `committed` only appends to a bounded queue under a lock held for
/// microseconds (never a fork, never a wait); at most `concurrency` worker threads run the commands.
///
/// * The queue holds at most `queueCapacity` notices (waiting to run or to be retried); a notice that finds it full
///   is dropped and counted (`dropped`), and the start and end of an overflow are logged once each.
/// * A run that exits non-zero, is killed by a signal or is killed at `alert_command_timeout` (`timed_out`) is tried
///   again after `retryDelays` (5 s, then 30 s): three attempts, then it counts as `failed`. Each failed attempt
///   logs one warning (the last one an error) with the alert's id and the exit status, and the first 4 KiB of
///   the command's output; a successful run's output is discarded.
/// * At a stop, notices still queued or waiting for a retry are dropped (counted and logged); a running command
///   keeps what is left of its timeout, at most `stopGrace`, then is killed.
final class AlertCommandRunner: Sendable {
    static let queueCapacity = 1000
    static let concurrency = 4
    /// Waits before the second and the third attempt.
    static let retryDelays: [Duration] = [.seconds(5), .seconds(30)]
    static var attempts: Int { retryDelays.count + 1 }
    /// How long a stopping daemon lets a running command go on.
    static let stopGraceNanoseconds: UInt64 = 5_000_000_000

    /// What `health` shows as `alert_command`.
    struct Counts: Sendable, Equatable {
        /// Notices waiting to run or to be retried, and commands running now.
        var queued = 0
        var running = 0
        var succeeded = 0
        /// Notices given up on after every attempt failed.
        var failed = 0
        /// Failed attempts that will be (or were) tried again.
        var retried = 0
        /// Attempts killed at the timeout.
        var timedOut = 0
        /// Notices never run: the queue was full, the daemon stopped, or the command was switched off.
        var dropped = 0
    }

    private struct Job: Sendable {
        var notice: AlertNotice
        var attempt: Int
        var serial: Int
    }

    private struct State {
        var settings: AlertCommandConfiguration
        var pending: [Job] = []
        /// Jobs waiting for their retry, by serial.
        var waiting: [Int: Job] = [:]
        /// Worker threads taking jobs (each is running a command, or about to).
        var workers = 0
        var counts = Counts()
        var nextSerial = 0
        /// Dropping because the queue is full (logged when it starts and when the queue has room again).
        var overflowing = false
        var droppedInOverflow = 0
        var stopDeadline: UInt64?
        var stopWaiters: [CheckedContinuation<Void, Never>] = []

        var queued: Int { pending.count + waiting.count }
    }

    private let state: VisibleMutex<State>
    private let zone: any DisplayZone
    private let logger: Logger
    private let queue = DispatchQueue(label: "checkpointd.alert-command", attributes: .concurrent)

    init(_ settings: AlertCommandConfiguration, zone: any DisplayZone, logger: Logger) {
        self.state = VisibleMutex(State(settings: settings))
        self.zone = zone
        self.logger = logger
    }

    /// A reload's settings: runs that start from now on use them. Switched off, the queued notices are dropped
    /// when their turn comes.
    func apply(_ settings: AlertCommandConfiguration) {
        state.withLock { $0.settings = settings }
    }

    var isConfigured: Bool { state.withLock { $0.settings.path != nil } }

    var counts: Counts {
        state.withLock { state in
            var counts = state.counts
            counts.queued = state.queued
            counts.running = state.workers
            return counts
        }
    }

    // MARK: The writer thread

    /// Called on the writer thread after each commit: queues a notice per alert event and wakes workers.
    func committed(_ events: [CommittedEvent]) {
        let notices = AlertNotice.notices(in: events)
        guard !notices.isEmpty else { return }
        let (start, overflowStarted) = state.withLock { state -> (Int, Bool) in
            guard state.settings.path != nil, state.stopDeadline == nil else { return (0, false) }
            var overflowStarted = false
            for notice in notices {
                guard state.queued < AlertCommandRunner.queueCapacity else {
                    state.counts.dropped += 1
                    state.droppedInOverflow += 1
                    if !state.overflowing {
                        state.overflowing = true
                        overflowStarted = true
                    }
                    continue
                }
                state.pending.append(Job(notice: notice, attempt: 1, serial: state.nextSerial))
                state.nextSerial += 1
            }
            return (Self.claimWorkers(&state), overflowStarted)
        }
        startWorkers(start)
        if overflowStarted {
            let capacity = AlertCommandRunner.queueCapacity
            logger.warning(
                """
                alert_command queue full (\(capacity) waiting): new alerts are not passed to the command until it \
                has room; checkpointctl health counts them as dropped
                """)
        }
    }

    /// How many new workers to start for the pending jobs, counted as started.
    private static func claimWorkers(_ state: inout State) -> Int {
        let start = max(0, min(concurrency - state.workers, state.pending.count))
        state.workers += start
        return start
    }

    private func startWorkers(_ count: Int) {
        for _ in 0..<count {
            queue.async { self.work() }
        }
    }

    // MARK: Workers

    private func work() {
        while let (job, settings) = take() {
            guard let path = settings.path else {
                state.withLock { $0.counts.dropped += 1 }
                continue
            }
            let alert = job.notice.alert
            let environment = job.notice.environment(grid: alert.grid, zone: zone)
            let timeout = UInt64(max(0, settings.timeout.milliseconds)) * 1_000_000
            let deadline = Monotonic.nanoseconds() + timeout
            let outcome = AlertCommandProcess.run(path: path, environment: environment) {
                min(deadline, self.state.withLock { $0.stopDeadline } ?? .max)
            }
            finish(job, outcome, timeout: settings.timeout)
        }
    }

    /// The next job, or nil (and this worker ends) when there is none.
    private func take() -> (Job, AlertCommandConfiguration)? {
        typealias Taken = (next: (Job, AlertCommandConfiguration)?, waiters: [CheckedContinuation<Void, Never>])
        let (next, waiters) = state.withLock { state -> Taken in
            if !state.pending.isEmpty {
                return ((state.pending.removeFirst(), state.settings), [])
            }
            state.workers -= 1
            guard state.workers == 0 else { return (nil, []) }
            defer { state.stopWaiters = [] }
            return (nil, state.stopWaiters)
        }
        for waiter in waiters { waiter.resume() }
        return next
    }

    /// Counts the outcome, schedules a retry or gives up, and logs a failure once.
    private func finish(_ job: Job, _ outcome: AlertCommandProcess.Outcome, timeout: Duration) {
        let alert = job.notice.alert
        let (retryIn, stopping) = state.withLock { state -> (Duration?, Bool) in
            // Killed because the daemon is stopping: a failure (nothing tries again), not a timeout.
            let stopping = state.stopDeadline != nil
            if case .timedOut = outcome, !stopping { state.counts.timedOut += 1 }
            guard outcome != .succeeded else {
                state.counts.succeeded += 1
                return (nil, stopping)
            }
            guard job.attempt < AlertCommandRunner.attempts, !stopping else {
                state.counts.failed += 1
                return (nil, stopping)
            }
            state.counts.retried += 1
            var next = job
            next.attempt += 1
            state.waiting[next.serial] = next
            return (AlertCommandRunner.retryDelays[job.attempt - 1], stopping)
        }
        if let ended = state.withLock({ state -> Int? in
            guard state.overflowing, state.queued < AlertCommandRunner.queueCapacity else { return nil }
            state.overflowing = false
            defer { state.droppedInOverflow = 0 }
            return state.droppedInOverflow
        }) {
            logger.notice("alert_command queue has room again; \(ended) alerts were dropped while it was full")
        }
        if let retryIn {
            queue.asyncAfter(deadline: .now() + .milliseconds(Int(retryIn.milliseconds))) { self.retry(job.serial) }
        }
        var metadata: Logger.Metadata = [
            "alert_id": "\(alert.id)", "alert_type": "\(alert.type.rawValue)", "event": "\(job.notice.event.rawValue)",
            "attempt": "\(job.attempt)",
        ]
        let what: String
        switch outcome {
        case .succeeded:
            logger.debug("alert_command ran", metadata: metadata)
            return
        case .failed(let status, let output):
            what = "exited with status \(status)"
            metadata["status"] = "\(status)"
            if !output.isEmpty { metadata["output"] = "\(output)" }
        case .timedOut(let output):
            what =
                stopping
                ? "was killed: the daemon is stopping"
                : "did not finish within \(TimeSpan(milliseconds: timeout.milliseconds)) and was killed"
            metadata["status"] = "timeout"
            if !output.isEmpty { metadata["output"] = "\(output)" }
        case .notStarted(let reason):
            what = "could not be started (\(reason))"
            metadata["status"] = "not started"
        }
        if let retryIn {
            let wait = TimeSpan(milliseconds: retryIn.milliseconds)
            logger.warning(
                """
                alert_command \(what) for alert \(alert.id); trying again in \(wait) \
                (attempt \(job.attempt) of \(AlertCommandRunner.attempts))
                """,
                metadata: metadata)
        } else {
            logger.error(
                "alert_command \(what) for alert \(alert.id); gave up after \(job.attempt) attempts",
                metadata: metadata)
        }
    }

    /// A retry's time has come: back into the queue, unless the daemon has stopped meanwhile.
    private func retry(_ serial: Int) {
        let start = state.withLock { state -> Int in
            guard let job = state.waiting.removeValue(forKey: serial) else { return 0 }
            state.pending.append(job)
            return Self.claimWorkers(&state)
        }
        startWorkers(start)
    }

    // MARK: Stopping

    /// Drops what is queued or waiting for a retry (counted and logged), brings running commands' deadline to at
    /// most `stopGrace` from now, and returns once none is running.
    func stop() async {
        let dropped = state.withLock { state -> Int in
            guard state.stopDeadline == nil else { return 0 }
            state.stopDeadline = Monotonic.nanoseconds() + AlertCommandRunner.stopGraceNanoseconds
            let dropped = state.queued
            state.counts.dropped += dropped
            state.pending = []
            state.waiting = [:]
            return dropped
        }
        if dropped > 0 {
            logger.warning("stopping: \(dropped) alerts queued for alert_command were dropped without running it")
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state -> Bool in
                if state.workers == 0 { return true }
                state.stopWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }
}
