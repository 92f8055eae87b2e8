public import CheckpointConfig
import CheckpointCore
import CheckpointStore
import CheckpointSystemd
import Glibc
public import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import UnixSignals

/// Puts checkpointd together in the order that makes `READY=1` true (SPEC §6): open and migrate the database
/// and prove a commit, start the writer, bind (or adopt) every listener, then run the service group whose
/// last member sends `READY=1`. Shutdown runs the group in reverse: stop reading, answer, commit, close.
public enum Daemon {
    /// Why the daemon could not start; the executable prints it and exits non-zero.
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func run(
        configuration: DaemonConfiguration,
        reloadConfiguration: @escaping @Sendable () throws(ConfigError) -> DaemonConfiguration,
        logger: Logger
    ) async throws {
        raiseOpenFileLimit(logger: logger)
        // The directories it creates are 0750 at most (the control socket's group may pass through the runtime
        // directory); then umask 077, as the unit's UMask=0077: the database, its WAL and every backup hold phone
        // and ID numbers, so the files the daemon creates are 0600 (issue 13).
        let callerMask = umask(0o027)
        umask(callerMask | 0o027)
        do {
            try Directories.create(configuration.stateDirectory, mode: 0o750)
            try Directories.create(configuration.runtimeDirectory, mode: 0o750)
        } catch {
            throw StartError(description: "\(error)")
        }
        umask(callerMask | 0o077)
        let zone = LocalDisplayZone(configured: configuration.displayTimezone)
        let settings = ComponentSettings(configuration)
        let alertCommands = AlertCommandRunner(configuration.alertCommand, zone: zone, logger: logger)
        let events = AlertLog(logger: logger, zone: zone, hub: HubSlot(), commands: alertCommands)
        // Issue 18: `/metrics` and the dashboard's live feed watch the writer beside the alert log.
        let metrics = DaemonMetrics(
            city: configuration.city.isConfigured, version: ProductVersion.current, startedAt: SystemWallClock().now())
        let feed = DashboardFeed()
        let alertObserver = events.observer
        let observer = WriterObserver(
            committed: { committed in
                alertObserver.committed(committed)
                metrics.noteEvents(committed)
                feed.note(committed)
            },
            storageFailed: alertObserver.storageFailed,
            storageRecovered: alertObserver.storageRecovered,
            batchCommitted: { figures in
                metrics.noteCommit(figures)
                feed.noteChange()
            })
        let writer: IngestWriter
        let reader: StoreReader
        do throws(StoreError) {
            writer = try IngestWriter(options: settings.storeOptions(zone: zone), observer: observer)
            reader = try StoreReader(
                path: configuration.store.databasePath, connections: configuration.store.readerConnections,
                retentionDays: configuration.store.retentionDays, integrity: writer.integrity)
        } catch {
            // A damaged file met while opening (its header, the schema, the start-up reads) ends the start as it
            // would end a running daemon: exit 65 naming the file, which is left as it is.
            if error.code.isFatal {
                let failure = StorageIntegrity.Failure(error: error, path: configuration.store.databasePath)
                logger.critical(
                    "cannot start: \(failure)",
                    metadata: ["message_id": "\(MessageID.storageFailure)", "database": "\(failure.path)"])
                throw StorageStopped(failure: failure)
            }
            throw StartError(description: "cannot open \(configuration.store.databasePath): \(error)")
        }
        metrics.attach(writer.directory)
        writer.start()
        let city: CityStatus?
        do {
            city = try await joinCity(configuration.city, writer: writer, logger: logger)
        } catch {
            await writer.drainAndStop()
            throw error
        }

        let inherited: [InheritedSocket]
        do throws(SystemdError) {
            inherited = try InheritedSockets.take()
        } catch {
            throw StartError(description: "socket activation: \(error)")
        }
        let stationNames: Set<String> = ["station", ListenTarget.tlsSocketName]
        let httpTarget =
            inherited.first { $0.name == HTTPListener.socketName }.map(ListenTarget.inherited)
            ?? configuration.http.listen.map(ListenTarget.init)
        let inheritedStations = inherited.filter { stationNames.contains($0.name) }.map(ListenTarget.inherited)
        let stationTargets =
            inheritedStations.isEmpty
            ? configuration.stations.listen.map(ListenTarget.init) : inheritedStations
        let controlTarget =
            inherited.first { $0.name == "control" }.map(ListenTarget.inherited)
            ?? .unix(path: configuration.control.path)
        for socket in inherited
        where !stationNames.contains(socket.name) && socket.name != "control" && socket.name != HTTPListener.socketName {
            logger.warning(
                "ignoring an inherited socket with an unknown name",
                metadata: [
                    "fd": "\(socket.fd)", "name": "\(socket.name)",
                ])
        }
        let security: StationSecurity
        do {
            security = try StationSecurity(settings.stationTLS)
            if let target = stationTargets.first(where: \.isTLS), security.contexts == nil {
                throw StartError(
                    description: "\(target) is a TLS listener but no certificate is configured: set tls_cert and "
                        + "tls_key in the configuration file (checkpointctl tls init-ca and tls server make them)")
            }
        } catch {
            await writer.drainAndStop()
            throw (error as? StartError) ?? StartError(description: "TLS: \(error)")
        }

        let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: max(1, System.coreCount))
        // The control socket has an event loop of its own: after a group commit a station loop spends tens of
        // milliseconds answering tens of thousands of records, and an operator's `trace` must not queue behind.
        let controlLoop = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let threadPool = NIOThreadPool(numberOfThreads: max(1, configuration.store.readerConnections))
        threadPool.start()

        let shared = StationServerContext(
            writer: writer, clock: SystemWallClock(), zone: zone, logger: logger,
            limits: settings.stationLimits, feverThreshold: settings.rules.feverThreshold, metrics: metrics)
        let reloader = Reloader(
            current: configuration, load: reloadConfiguration, writer: writer, shared: shared, security: security,
            logger: logger)
        let json = ControlJSON(zone: zone, directory: writer.directory)
        let hub = EventHub(recordSwitch: writer.recordEvents, encoder: EventEncoder(json: json))
        events.hub.set(hub)
        let rate = RateMeter(writer: writer)
        let commands = ControlCommands(
            writer: writer, reader: reader, threadPool: threadPool, sessions: shared.sessions,
            lookups: shared.lookups, alertCommands: alertCommands, city: city, hub: hub, json: json,
            rate: rate, clock: SystemWallClock(), logger: logger,
            settings: settings.control, reload: { await reloader.reload() })
        reloader.onApply { next in
            commands.apply(next.control)
            alertCommands.apply(next.alertCommand)
        }

        let stations: StationListener
        let control: ControlListener
        let http: HTTPListener?
        // An async channel must be closed through itself: a listener bound before a later one failed is closed
        // here, not dropped.
        var boundControl: ControlListener?
        do {
            let previousMask = umask(0o117)
            defer { umask(previousMask) }
            stations = try await StationListener.bind(
                stationTargets, group: eventLoops, shared: shared, security: security, logger: logger)
            control = try await ControlListener.bind(
                controlTarget, group: configuration.control.group, eventLoopGroup: controlLoop, commands: commands,
                logger: logger)
            boundControl = control
            if let httpTarget {
                let router = HTTPRouter(
                    commands: commands, metrics: metrics, feed: feed, snapshots: DashboardSnapshots(commands: commands),
                    authenticator: try HTTPAuthenticator.make(configuration.http, threadPool: threadPool, logger: logger),
                    logger: logger)
                http = try await HTTPListener.bind(
                    httpTarget, configuration: configuration.http,
                    clientCertificates: configuration.tls.clientCAPath != nil, eventLoopGroup: controlLoop,
                    security: security, router: router, feed: feed, logger: logger)
            } else {
                http = nil
            }
        } catch {
            await boundControl?.abandon()
            await writer.drainAndStop()
            try? await threadPool.shutdownGracefully()
            try? await eventLoops.shutdownGracefully()
            try? await controlLoop.shutdownGracefully()
            throw StartError(description: "cannot listen: \(error)")
        }

        let status = StatusLine(
            writer: writer, reader: reader, sessions: shared.sessions, threadPool: threadPool, rate: rate)
        let notifier = SystemdNotifierService(
            writer: writer, status: { await status.text() }, reload: { await reloader.reload() }, logger: logger)
        logger.info(
            "checkpointd \(ProductVersion.current) ready",
            metadata: [
                "message_id": "\(MessageID.started)",
                "state_dir": "\(configuration.stateDirectory)",
                "database": "\(configuration.store.databasePath)",
                "listen": "\(stations.boundAddresses.joined(separator: " "))",
                "control": "\(control.boundAddress)",
                "http": "\(http?.boundAddress ?? "off")",
                "config": "\(configuration.configFile ?? "built-in defaults")",
            ])
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    // First, so it stops last: after the writer's final commits, whose alerts it may still run.
                    .init(service: AlertCommandService(runner: alertCommands)),
                    .init(service: WriterService(writer: writer, logger: logger)),
                    .init(service: rate),
                    .init(service: MemoryTrimmer(logger: logger)),
                    .init(service: stations),
                    .init(service: control),
                ] + (http.map { [.init(service: $0)] } ?? []) + [
                    .init(service: notifier),
                ] + cityServices(
                    configuration.city, status: city, writer: writer, reader: reader, threadPool: threadPool,
                    logger: logger) + [
                    .init(
                        service: IntegrityWatch(integrity: writer.integrity, logger: logger),
                        failureTerminationBehavior: .gracefullyShutdownGroup),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        // The threads stop on a failure of the group too (a corrupt database ends it with an error): otherwise
        // the thread pool is left running at exit (LeakSanitizer, `scripts/sanitize address`).
        let ended: Result<Void, any Error>
        do {
            try await group.run()
            ended = .success(())
        } catch {
            ended = .failure(error)
        }
        try? await threadPool.shutdownGracefully()
        try? await eventLoops.shutdownGracefully()
        try? await controlLoop.shutdownGracefully()
        try ended.get()
        logger.info("checkpointd stopped; every record read was answered")
    }

    /// Issue 17: with `city_url`, the database ships as `district` from now on (a database that shipped as another
    /// district is refused at start). The city itself is not needed to start: a gate never waits for it.
    static func joinCity(
        _ configuration: CityConfiguration, writer: IngestWriter, logger: Logger
    ) async throws -> CityStatus? {
        guard configuration.isConfigured, let district = configuration.district else { return nil }
        do throws(StoreError) {
            _ = try await writer.joinCity(district: district)
        } catch {
            throw StartError(description: "city: \(error.message)")
        }
        return CityStatus(district: district)
    }

    static func cityServices(
        _ configuration: CityConfiguration, status: CityStatus?, writer: IngestWriter, reader: StoreReader,
        threadPool: NIOThreadPool, logger: Logger
    ) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        guard let status, let url = configuration.url, let district = configuration.district else { return [] }
        return [
            .init(
                service: CityService(
                    configuration: configuration, url: url, district: district, writer: writer, reader: reader,
                    threadPool: threadPool, status: status, clock: SystemWallClock(), logger: logger))
        ]
    }

    /// SPEC §10: the daemon raises its open-file soft limit to the hard limit at start.
    static func raiseOpenFileLimit(logger: Logger) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) != 0 {
            logger.warning("could not raise the open-file limit", metadata: ["errno": "\(errno)"])
        }
    }
}
