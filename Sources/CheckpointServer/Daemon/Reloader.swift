import CheckpointConfig
import CheckpointCore
import CheckpointStore
import CheckpointSystemd
import Logging
import Synchronization

/// Re-reads the configuration (SIGHUP and the `reload` command). A bad file is refused and the old
/// configuration stays in force; settings that need new sockets or files are reported as needing a restart.
final class Reloader: Sendable {
    private let current: VisibleMutex<DaemonConfiguration>
    private let load: @Sendable () throws(ConfigError) -> DaemonConfiguration
    private let writer: IngestWriter
    private let shared: StationServerContext
    private let security: StationSecurity
    private let logger: Logger
    private let listeners = VisibleMutex<[@Sendable (ComponentSettings) -> Void]>([])

    init(
        current: DaemonConfiguration, load: @escaping @Sendable () throws(ConfigError) -> DaemonConfiguration,
        writer: IngestWriter, shared: StationServerContext, security: StationSecurity, logger: Logger
    ) {
        self.security = security
        self.current = VisibleMutex(current)
        self.load = load
        self.writer = writer
        self.shared = shared
        self.logger = logger
    }

    /// Also hands the settings of each accepted configuration to `apply`.
    func onApply(_ apply: @escaping @Sendable (ComponentSettings) -> Void) {
        listeners.withLock { $0.append(apply) }
    }

    func reload() async -> Result<String, ReloadError> {
        let next: DaemonConfiguration
        do throws(ConfigError) {
            next = try load()
        } catch {
            logger.error(
                "reload refused; the old configuration stays in force",
                metadata: [
                    "message_id": "\(MessageID.reloadRefused)", "error": "\(error)",
                ])
            return .failure(ReloadError(message: "\(error)"))
        }
        let previous = current.withLock { $0 }
        let settings = ComponentSettings(next)
        do throws(StoreError) {
            try await writer.apply(rules: settings.rules, monitoring: settings.monitoring)
        } catch {
            return .failure(ReloadError(message: "the writer could not take the new rules: \(error)"))
        }
        shared.apply(limits: settings.stationLimits, feverThreshold: settings.rules.feverThreshold)
        let tlsOutcome = security.apply(settings.stationTLS)
        current.withLock { $0 = next }
        for apply in listeners.withLock({ $0 }) { apply(settings) }

        var needsRestart: [String] = []
        if next.stations.listen != previous.stations.listen { needsRestart.append("listen") }
        // admin_group is applied live (ControlCommands.apply); the socket's path and group are not.
        if next.control.path != previous.control.path || next.control.group != previous.control.group {
            needsRestart.append("control")
        }
        if next.store.databasePath != previous.store.databasePath { needsRestart.append("database") }
        if next.store.durability != previous.store.durability { needsRestart.append("durability") }
        if next.store.retentionDays != previous.store.retentionDays
            || next.store.alertRetentionDays != previous.store.alertRetentionDays
        {
            needsRestart.append("retention_days/alert_retention_days")
        }
        if next.store.maxBatchRecords != previous.store.maxBatchRecords { needsRestart.append("max_batch_records") }
        if next.store.readerConnections != previous.store.readerConnections {
            needsRestart.append("reader_connections")
        }
        if next.logging != previous.logging { needsRestart.append("log_target/log_level") }
        if next.displayTimezone != previous.displayTimezone { needsRestart.append("display_timezone") }
        if next.city != previous.city { needsRestart.append("district/city_url/city_password_file") }
        if next.http != previous.http { needsRestart.append("http_listen/http_auth/http_users_file") }
        var summary = "rules and limits applied"
        if next.alertCommand != previous.alertCommand {
            summary += next.alertCommand.path == nil ? "; alert_command off" : "; alert_command applied"
        }
        switch tlsOutcome {
        case .notConfigured:
            break
        case .reloaded:
            summary += "; TLS certificates re-read"
        case .keptOld(let message):
            summary += "; TLS: the old certificate stays in force: \(message)"
            logger.error(
                "TLS certificates not reloaded; the old ones stay in force",
                metadata: ["message_id": "\(MessageID.reloadRefused)", "error": "\(message)"])
        case .needsRestart:
            needsRestart.append("tls_cert/tls_key")
        }
        if !needsRestart.isEmpty {
            summary += "; \(needsRestart.joined(separator: ", ")) take effect after a restart"
        }
        logger.notice(
            "configuration reloaded",
            metadata: [
                "message_id": "\(MessageID.reloaded)", "summary": "\(summary)",
            ])
        return .success(summary)
    }
}
