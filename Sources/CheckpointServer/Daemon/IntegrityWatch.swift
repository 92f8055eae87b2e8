import CheckpointCore
public import CheckpointStore
import CheckpointSystemd
import Logging
import ServiceLifecycle

/// Ends the daemon when the writer or a reader met a fatal storage fault: a corruption error (issue 13), a failed
/// `fsync` or a deleted database file (issue 14). Retrying cannot mend a damaged file or a failed sync, and a
/// daemon that stays up `degraded` with a beating watchdog hides it: this service throws, the group shuts down
/// gracefully (listeners stop, the writer answers what it read, with the fault) and `checkpointd` exits non-zero
/// with the file's name, so systemd restarts it and the operator sees why. Meanwhile `SystemdNotifierService`
/// withholds its watchdog pings.
struct IntegrityWatch: Service {
    let integrity: StorageIntegrity
    let logger: Logger
    static let interval: Duration = .milliseconds(100)

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if let failure = integrity.failure {
                logger.critical(
                    "stopping: \(failure)",
                    metadata: ["message_id": "\(MessageID.storageFailure)", "database": "\(failure.path)"])
                throw StorageStopped(failure: failure)
            }
            try? await Task.sleep(for: IntegrityWatch.interval)
        }
    }
}

/// What `Daemon.run` throws after a fatal storage fault; the executable exits 65 (EX_DATAERR) for a damaged file,
/// 74 (EX_IOERR) for a failed sync or a deleted database file.
public struct StorageStopped: Error, CustomStringConvertible {
    public var failure: StorageIntegrity.Failure
    public var description: String { failure.description }
    public var isCorruption: Bool { failure.error.code == .corrupt }
}
