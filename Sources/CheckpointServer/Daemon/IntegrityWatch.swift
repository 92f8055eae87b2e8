import CheckpointCore
public import CheckpointStore
import CheckpointSystemd
import Logging
import ServiceLifecycle

/// Ends the daemon when the writer or a reader met a corruption error (issue 13). Retrying cannot mend a damaged
/// file, and a daemon that stays up `degraded` with a beating watchdog hides it: this service throws, the group
/// shuts down gracefully (listeners stop, the writer answers what it read) and `checkpointd` exits non-zero with
/// the file's name, so systemd restarts it and the operator sees why. Meanwhile `SystemdNotifierService` withholds
/// its watchdog pings.
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
                throw DatabaseCorrupted(failure: failure)
            }
            try? await Task.sleep(for: IntegrityWatch.interval)
        }
    }
}

/// What `Daemon.run` throws when the database file is damaged; the executable exits 65 (EX_DATAERR).
public struct DatabaseCorrupted: Error, CustomStringConvertible {
    public var failure: StorageIntegrity.Failure
    public var description: String { failure.description }
}
