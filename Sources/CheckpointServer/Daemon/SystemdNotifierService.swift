import CheckpointCore
import CheckpointStore
import CheckpointSystemd
import Logging
import ServiceLifecycle
import UnixSignals

/// Talks to systemd (SPEC §6): `READY=1` once everything is in place, `STATUS=` refreshed, `STOPPING=1` at
/// shutdown, `RELOADING=1` + `MONOTONIC_USEC` then `READY=1` around a SIGHUP reload, and watchdog pings only
/// while the writer is making progress — a stuck database stops the pings and systemd restarts the daemon.
/// Last in the service group, so it is the first to hear of a shutdown.
struct SystemdNotifierService: Service {
    let notify = NotifySocket()
    let writer: IngestWriter
    let status: @Sendable () async -> String
    let reload: @Sendable () async -> Result<String, ReloadError>
    let logger: Logger

    static let statusInterval: Duration = .seconds(5)

    func run() async throws {
        // The SIGHUP handler is in place before READY=1 (SPEC §6).
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        notify.ready(status: await status())
        let watchdog = NotifySocket.watchdogInterval()
        if let watchdog { logger.info("watchdog enabled", metadata: ["interval": "\(watchdog)"]) }

        await withDiscardingTaskGroup { group in
            group.addTask {
                for await _ in hangups.cancelOnGracefulShutdown() {
                    await reloadOnSignal()
                }
            }
            group.addTask {
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    try? await Task.sleep(for: SystemdNotifierService.statusInterval)
                    notify.status(await status())
                }
            }
            if let watchdog {
                group.addTask { await feedWatchdog(every: watchdog / 2, limit: watchdog) }
            }
            try? await gracefulShutdown()
            logger.notice(
                "stopping: answering what was read, then closing",
                metadata: [
                    "message_id": "\(MessageID.stopping)"
                ])
            notify.stopping(status: "stopping: answering what was read, then closing")
            group.cancelAll()
        }
    }

    private func reloadOnSignal() async {
        notify.reloading()
        switch await reload() {
        case .success(let summary):
            notify.ready(status: "reloaded: \(summary)")
        case .failure(let error):
            notify.ready(status: "reload refused, old configuration kept: \(error.message)")
        }
    }

    /// Pings at `every` while the writer was last seen responsive within `limit / 2`.
    private func feedWatchdog(every interval: Duration, limit: Duration) async {
        let limitNanoseconds =
            UInt64(limit.components.seconds) * 1_000_000_000
            + UInt64(limit.components.attoseconds / 1_000_000_000)
        var warned = false
        while !Task.isCancelled {
            let beatAge = Monotonic.nanoseconds() - writer.currentHealth.lastBeatUptimeNanoseconds
            // A corrupt database never heals: no more pings (IntegrityWatch stops the daemon meanwhile).
            if beatAge < limitNanoseconds / 2 && writer.integrity.failure == nil {
                notify.watchdogPing()
                warned = false
            } else if !warned {
                warned = true
                logger.error(
                    "the writer has made no progress; withholding watchdog pings",
                    metadata: [
                        "message_id": "\(MessageID.storageFailure)", "stalled_ms": "\(beatAge / 1_000_000)",
                    ])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
