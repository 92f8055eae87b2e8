import CheckpointCore
import CheckpointStore
import CheckpointWire
import Glibc
import Logging
import NIOPosix
import Synchronization

/// The control commands (SPEC §4): each a name, the arguments it takes, whether it changes anything, and the
/// function that answers it. Reads run on a thread pool over the reader connections; changes go through the
/// writer. Unknown commands get `E_UNKNOWN_CMD` with the list of commands.
final class ControlCommands: Sendable {
    /// A command's entry in ``ControlCommandTable`` and the function that answers it.
    struct Command: Sendable {
        let spec: ControlCommandSpec
        /// Returns the result, or nil when the command has already written its own lines (export, watch).
        let run: @Sendable (ControlCommands, ControlRequest, ControlCall) async throws(WireError) -> JSONObject?
    }

    let writer: IngestWriter
    let reader: StoreReader
    let threadPool: NIOThreadPool
    let sessions: SessionRegistry
    /// The stations' `LOOKUP` budget, for its counts in `health`.
    let lookups: LookupLimiter
    /// `alert_command`'s runner, for its counts in `health`.
    let alertCommands: AlertCommandRunner
    /// The city's uplink and registry (issue 17), when `city_url` is set.
    let city: CityStatus?
    let hub: EventHub
    let json: ControlJSON
    let rate: RateMeter
    let clock: any WallClock
    let logger: Logger
    private let settingsInForce: VisibleMutex<ControlSettings>
    var settings: ControlSettings { settingsInForce.withLock { $0 } }
    let startedAt: Timestamp
    let startedUptime: UInt64
    /// Re-reads the configuration (the `reload` command and SIGHUP share it).
    let reload: @Sendable () async -> Result<String, ReloadError>

    var zone: any DisplayZone { json.zone }

    init(
        writer: IngestWriter, reader: StoreReader, threadPool: NIOThreadPool, sessions: SessionRegistry,
        lookups: LookupLimiter, alertCommands: AlertCommandRunner, city: CityStatus? = nil, hub: EventHub,
        json: ControlJSON, rate: RateMeter,
        clock: any WallClock, logger: Logger,
        settings: ControlSettings, reload: @escaping @Sendable () async -> Result<String, ReloadError>
    ) {
        self.writer = writer
        self.reader = reader
        self.threadPool = threadPool
        self.sessions = sessions
        self.lookups = lookups
        self.alertCommands = alertCommands
        self.city = city
        self.hub = hub
        self.json = json
        self.rate = rate
        self.clock = clock
        self.logger = logger
        self.settingsInForce = VisibleMutex(settings)
        self.startedAt = clock.now()
        self.startedUptime = Monotonic.nanoseconds()
        self.reload = reload
    }

    private static func simple(
        _ spec: ControlCommandSpec,
        _ body: @escaping @Sendable (ControlCommands, ControlRequest, ControlCall) async throws(WireError) -> JSONObject
    ) -> Command {
        Command(spec: spec) { commands, request, call throws(WireError) in try await body(commands, request, call) }
    }

    /// A reload's new settings.
    func apply(_ settings: ControlSettings) {
        settingsInForce.withLock { $0 = settings }
    }

    /// The handlers, one for each command of ``ControlCommandTable`` (a test checks they match).
    static let handlers: [Command] = [
        simple(.version) { commands, _, _ throws(WireError) in commands.version() },
        simple(.health) { commands, _, _ throws(WireError) in commands.health() },
        simple(.reload) { commands, _, _ throws(WireError) in try await commands.reloadNow() },
        simple(.checkpoints) { commands, _, _ throws(WireError) in try await commands.listCheckpoints() },
        simple(.checkpointAdd) { commands, request, _ throws(WireError) in try await commands.addCheckpoint(request) },
        simple(.checkpointSet) { commands, request, _ throws(WireError) in try await commands.setCheckpoint(request) },
        simple(.checkpointRemove) { commands, request, _ throws(WireError) in
            try await commands.removeCheckpoint(request)
        },
        simple(.stations) { commands, _, _ throws(WireError) in try await commands.listStations() },
        simple(.stationAdd) { commands, request, _ throws(WireError) in try await commands.addStation(request) },
        simple(.stationRevoke) { commands, request, _ throws(WireError) in try await commands.revokeStation(request) },
        simple(.stationRotate) { commands, request, _ throws(WireError) in try await commands.rotateStation(request) },
        simple(.stats) { commands, request, _ throws(WireError) in try await commands.stats(request) },
        simple(.alerts) { commands, request, call throws(WireError) in
            try await commands.alerts(request, call: call)
        },
        simple(.ack) { commands, request, call throws(WireError) in
            try await commands.acknowledge(request, call: call)
        },
        simple(.trace) { commands, request, call throws(WireError) in try await commands.trace(request, call: call) },
        simple(.clearance) { commands, request, call throws(WireError) in
            try await commands.clearance(request, call: call)
        },
        simple(.records) { commands, request, call throws(WireError) in
            try await commands.records(request, call: call)
        },
        simple(.quarantineList) { commands, request, call throws(WireError) in
            try await commands.listQuarantines(request, call: call)
        },
        simple(.quarantineAdd) { commands, request, _ throws(WireError) in try await commands.addQuarantine(request) },
        simple(.quarantineRelease) { commands, request, call throws(WireError) in
            try await commands.releaseQuarantine(request, call: call)
        },
        simple(.presence) { commands, request, call throws(WireError) in
            try await commands.presence(request, call: call)
        },
        simple(.audit) { commands, request, _ throws(WireError) in try await commands.listAudit(request) },
        simple(.backup) { commands, request, call throws(WireError) in try await commands.backup(request, call: call) },
        simple(.check) { commands, _, _ throws(WireError) in try await commands.check() },
        Command(spec: .export) { commands, request, call throws(WireError) in
            try await commands.export(request, call: call)
        },
        Command(spec: .watch) { commands, request, call throws(WireError) in
            try await commands.watch(request, call: call)
        },
        simple(.personErase) { commands, request, call throws(WireError) in
            try await commands.erasePerson(request, call: call)
        },
        simple(.auditVerify) { commands, _, _ throws(WireError) in try await commands.verifyAudit() },
        simple(.personLink) { commands, request, call throws(WireError) in
            try await commands.linkPerson(request, call: call)
        },
        simple(.personUnlink) { commands, request, call throws(WireError) in
            try await commands.unlinkPerson(request, call: call)
        },
        simple(.personShow) { commands, request, call throws(WireError) in
            try await commands.showPerson(request, call: call)
        },
        simple(.reportDaily) { commands, request, _ throws(WireError) in try await commands.dailyReport(request) },
        simple(.personImport) { commands, request, call throws(WireError) in
            try await commands.importRoster(request, call: call)
        },
        simple(.personList) { commands, request, call throws(WireError) in
            try await commands.listResidents(request, call: call)
        },
        simple(.sites) { commands, request, _ throws(WireError) in try await commands.listSites(request) },
        simple(.siteAdd) { commands, request, call throws(WireError) in try await commands.addSite(request, call: call) },
        simple(.siteTag) { commands, request, call throws(WireError) in try await commands.tagSite(request, call: call) },
        simple(.siteRecheck) { commands, request, call throws(WireError) in
            try await commands.recheckSite(request, call: call)
        },
        simple(.siteShow) { commands, request, _ throws(WireError) in try await commands.showSite(request) },
        simple(.siteWorkersImport) { commands, request, call throws(WireError) in
            try await commands.importWorkers(request, call: call)
        },
        simple(.siteHealthForm) { commands, request, call throws(WireError) in
            try await commands.healthForm(request, call: call)
        },
    ]

    static let table: [String: Command] = Dictionary(uniqueKeysWithValues: handlers.map { ($0.spec.name, $0) })

    /// Answers one request line.
    func handle(
        _ line: String, peer: PeerCredentials, responder: ControlResponder, session: ControlSession = ControlSession()
    ) async throws {
        let reply: String
        do throws(WireError) {
            let request = try ControlRequest.parse(line)
            guard let command = ControlCommands.table[request.command] else {
                throw WireError(
                    .unknownCommand,
                    """
                    unknown command \"\(InertText.escaped(String(request.command.prefix(40))))\"; commands: \
                    \(ControlCommandTable.names.joined(separator: ", "))
                    """)
            }
            try request.allowOnly(command.spec.argumentNames)
            try request.requireInertText()
            if command.spec.role == .admin, let adminGroup = settings.adminGroup, !peer.isMember(of: adminGroup) {
                throw WireError(
                    .denied, "\(request.command) is for admins; only members of \(adminGroup) may run it")
            }
            guard let result = try await command.run(self, request, ControlCall(responder: responder, peer: peer, session: session))
            else {
                return
            }
            assert(
                result.keys.allSatisfy(command.spec.resultKeys.contains),
                "\(request.command) answered keys the command table does not list: \(result.keys)")
            if command.spec.changesState {
                logger.info(
                    "control command",
                    metadata: [
                        "command": "\(request.command)", "uid": "\(peer.uid)",
                    ])
            }
            reply = ControlReply.success(result)
        } catch {
            reply = ControlReply.failure(error)
        }
        try await responder.send(reply)
    }

    // MARK: helpers

    /// Runs a blocking read (or another blocking store call, such as the audit journal's commit) on the thread
    /// pool, off the event loops and the cooperative pool.
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

    /// `read`, with its failure as a value (to run beside other work).
    func readResult<T: Sendable>(
        _ body: @escaping @Sendable () throws(StoreError) -> T
    ) async -> Result<T, WireError> {
        do throws(WireError) {
            return .success(try await read(body))
        } catch {
            return .failure(error)
        }
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
        case .badArgument: return WireError(.argument, error.message)
        case let code where code.isStorageFailure:
            return WireError(.unavailable, "the database cannot be used right now: \(error.message)")
        default: return WireError(.internalError, error.message)
        }
    }

    func time(_ timestamp: Timestamp?) -> JSONValue { json.time(timestamp) }
}

/// Who asked and where to answer, for one request.
struct ControlCall: Sendable {
    let responder: ControlResponder
    /// Always known: a connection whose credentials cannot be read is dropped before its first request.
    let peer: PeerCredentials
    /// The connection's state between requests (an import's staged lines).
    var session = ControlSession()

    /// A name for `by`-fields when the operator gave none: the peer's user name, or its uid.
    var callerName: String {
        guard let user = getpwuid(peer.uid), let name = user.pointee.pw_name else { return "uid \(peer.uid)" }
        return String(cString: name)
    }
}

/// The control settings a reload may change.
struct ControlSettings: Sendable {
    var adminGroup: String?
    var quarantineDays: Int
    /// Days a fever keeps a person off work (`clearance_days`, issue 15 point 3).
    var clearanceDays: Int
    var outAfterMilliseconds: Int64
    /// Issue 16: the follow-up deadlines `quarantine list` shows.
    var followupTimes: FollowupTimes
    /// Where `backup` writes (issue 13: backups are confined to it).
    var backupDirectory: String
    /// Control connections at once (`control_max_connections`); a new one over it is refused.
    var maxConnections: Int
    /// A connection with no request in flight for this long is closed (`control_idle_timeout`).
    var idleTimeout: Duration
    /// The staff health form marks a temperature at or above it (issue 19).
    var feverThreshold: Temperature = Defaults.feverThreshold

    init(
        adminGroup: String?, quarantineDays: Int, clearanceDays: Int, outAfterMilliseconds: Int64,
        maxConnections: Int, idleTimeout: Duration, backupDirectory: String, followupTimes: FollowupTimes = .standard
    ) {
        self.followupTimes = followupTimes
        self.adminGroup = adminGroup
        self.quarantineDays = quarantineDays
        self.clearanceDays = clearanceDays
        self.outAfterMilliseconds = outAfterMilliseconds
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.backupDirectory = backupDirectory
    }
}

/// Why a reload was refused (the old configuration stays in force).
struct ReloadError: Error, Sendable {
    var message: String
}
