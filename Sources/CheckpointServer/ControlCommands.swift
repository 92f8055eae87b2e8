import CheckpointCore
import CheckpointStore
import CheckpointWire
import Logging
import NIOPosix

/// The control commands (SPEC §4): each a name, the arguments it takes, whether it changes anything, and the
/// function that answers it. Reads run on a thread pool over the reader connections; changes go through the
/// writer. Unknown commands get `E_UNKNOWN_CMD` with the list of commands.
final class ControlCommands: Sendable {
    struct Command: Sendable {
        let arguments: Set<String>
        /// Changes state: limited to `admin_group` when one is configured (issue 3 §7).
        let mutating: Bool
        let run: @Sendable (ControlCommands, ControlRequest, ControlResponder) async throws(WireError) -> JSONObject
    }

    let writer: IngestWriter
    let reader: StoreReader
    let threadPool: NIOThreadPool
    let sessions: SessionRegistry
    let zone: any DisplayZone
    let logger: Logger
    let adminGroup: String?
    let startedAt: Timestamp
    let startedUptime: UInt64
    /// Re-reads the configuration (the `reload` command and SIGHUP share it).
    let reload: @Sendable () async -> Result<String, ReloadError>

    init(
        writer: IngestWriter, reader: StoreReader, threadPool: NIOThreadPool, sessions: SessionRegistry,
        zone: any DisplayZone, logger: Logger, adminGroup: String?, startedAt: Timestamp,
        reload: @escaping @Sendable () async -> Result<String, ReloadError>
    ) {
        self.writer = writer
        self.reader = reader
        self.threadPool = threadPool
        self.sessions = sessions
        self.zone = zone
        self.logger = logger
        self.adminGroup = adminGroup
        self.startedAt = startedAt
        self.startedUptime = Monotonic.nanoseconds()
        self.reload = reload
    }

    static let table: [String: Command] = [
        "version": Command(arguments: [], mutating: false) { commands, _, _ throws(WireError) in commands.version() },
        "health": Command(arguments: [], mutating: false) { commands, _, _ throws(WireError) in commands.health() },
        "reload": Command(arguments: [], mutating: true) { commands, _, _ throws(WireError) in
            try await commands.reloadNow()
        },
        "checkpoints": Command(arguments: [], mutating: false) { commands, _, _ throws(WireError) in
            try await commands.listCheckpoints()
        },
        "checkpoint.add": Command(arguments: ["id", "name", "grid", "staffed"], mutating: true) {
            commands, request, _ throws(WireError) in try await commands.addCheckpoint(request)
        },
        "checkpoint.remove": Command(arguments: ["id", "force"], mutating: true) {
            commands, request, _ throws(WireError) in try await commands.removeCheckpoint(request)
        },
        "stations": Command(arguments: [], mutating: false) { commands, _, _ throws(WireError) in
            try await commands.listStations()
        },
        "station.add": Command(arguments: ["id", "checkpoint"], mutating: true) {
            commands, request, _ throws(WireError) in try await commands.addStation(request)
        },
        "station.revoke": Command(arguments: ["id"], mutating: true) { commands, request, _ throws(WireError) in
            try await commands.revokeStation(request)
        },
        "station.rotate": Command(arguments: ["id"], mutating: true) { commands, request, _ throws(WireError) in
            try await commands.rotateStation(request)
        },
    ]

    /// Answers one request line.
    func handle(_ line: String, peer: PeerCredentials?, responder: ControlResponder) async throws {
        let reply: String
        do throws(WireError) {
            let request = try ControlRequest.parse(line)
            guard let command = ControlCommands.table[request.command] else {
                throw WireError(.unknownCommand, """
                    unknown command \"\(request.command.prefix(40))\"; commands: \
                    \(ControlCommands.table.keys.sorted().joined(separator: ", "))
                    """)
            }
            try request.allowOnly(command.arguments)
            if command.mutating, let adminGroup, !(peer?.isMember(of: adminGroup) ?? false) {
                throw WireError(.denied, "\(request.command) changes state; only members of \(adminGroup) may run it")
            }
            let result = try await command.run(self, request, responder)
            if command.mutating {
                logger.info("control command", metadata: [
                    "command": "\(request.command)", "uid": "\(peer.map { String($0.uid) } ?? "?")",
                ])
            }
            reply = ControlReply.success(result)
        } catch {
            reply = ControlReply.failure(error)
        }
        try await responder.send(reply)
    }

    // MARK: helpers

    /// Runs a blocking read on the thread pool.
    func read<T: Sendable>(_ body: @escaping @Sendable () throws(StoreError) -> T) async throws(WireError) -> T {
        let result: Result<T, StoreError>
        do {
            result = try await threadPool.runIfActive { () -> Result<T, StoreError> in
                do throws(StoreError) { return .success(try body()) } catch { return .failure(error) }
            }
        } catch {
            throw WireError(.unavailable, "checkpointd is shutting down")
        }
        return try result.mapError(ControlCommands.wireError).get()
    }

    /// Runs a change through the writer.
    func change<T: Sendable>(_ body: () async throws(StoreError) -> T) async throws(WireError) -> T {
        do throws(StoreError) {
            return try await body()
        } catch {
            throw ControlCommands.wireError(error)
        }
    }

    static func wireError(_ error: StoreError) -> WireError {
        switch error.code {
        case .notFound: return WireError(.notFound, error.message)
        case .conflict, .constraint: return WireError(.conflict, error.message)
        case let code where code.isStorageFailure:
            return WireError(.unavailable, "the database cannot be used right now: \(error.message)")
        default: return WireError(.internalError, error.message)
        }
    }

    func time(_ timestamp: Timestamp?) -> JSONValue {
        timestamp.map { .string($0.formatted(in: zone)) } ?? .null
    }
}

/// Why a reload was refused (the old configuration stays in force).
struct ReloadError: Error, Sendable {
    var message: String
}
