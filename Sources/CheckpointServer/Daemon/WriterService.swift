import CheckpointStore
import Logging
import ServiceLifecycle

/// Runs the writer for the service group. First in the group, so it stops last: by then the listeners have
/// stopped reading and every record they read is in the writer's queue, which it commits and answers before
/// it returns (SPEC §6 drain).
struct WriterService: Service {
    let writer: IngestWriter
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        await writer.drainAndStop()
        logger.debug("writer stopped; every queued record was answered")
    }
}
