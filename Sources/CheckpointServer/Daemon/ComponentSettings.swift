import CheckpointConfig
import CheckpointCore
import CheckpointStore

/// The one translation of the configuration into the components' settings: the store's options, the rules and
/// watchers, the station limits, TLS and the control settings. Start-up builds the components from it; a reload
/// hands the parts a reload may change to the running components.
struct ComponentSettings: Sendable {
    let store: StoreConfiguration
    let rules: RulePolicy
    let monitoring: MonitoringPolicy
    let stationLimits: StationLimits
    let control: ControlSettings
    /// TLS certificate files and the plain TCP rule of the station listeners.
    let stationTLS: StationTLSConfiguration
    /// The program run for alerts; applied on reload.
    let alertCommand: AlertCommandConfiguration

    init(_ configuration: DaemonConfiguration) {
        store = configuration.store
        rules = RulePolicy(configuration.rules)
        monitoring = MonitoringPolicy(configuration.monitoring)
        stationLimits = StationLimits(configuration.stations)
        control = ControlSettings(configuration)
        stationTLS = configuration.tls
        alertCommand = configuration.alertCommand
    }

    /// The writer's options (fixed at start: a reload reports a change to them as needing a restart).
    func storeOptions(zone: any DisplayZone) -> StoreOptions {
        StoreOptions(
            databasePath: store.databasePath, fullDurability: store.durability == .full,
            retentionDays: store.retentionDays, alertRetentionDays: store.alertRetentionDays,
            maxBatchRecords: store.maxBatchRecords, readerConnections: store.readerConnections, rules: rules,
            monitoring: monitoring, zone: zone)
    }
}

extension ControlSettings {
    init(_ configuration: DaemonConfiguration) {
        self.init(
            adminGroup: configuration.control.adminGroup, quarantineDays: configuration.rules.quarantineDays,
            clearanceDays: configuration.rules.clearanceDays,
            outAfterMilliseconds: configuration.monitoring.outAfter.milliseconds,
            maxConnections: configuration.control.maxConnections, idleTimeout: configuration.control.idleTimeout,
            backupDirectory: configuration.store.backupDirectory,
            followupTimes: configuration.monitoring.followupTimes)
        feverThreshold = Temperature(tenths: configuration.rules.feverThresholdTenths)
    }
}

extension RulePolicy {
    init(_ rules: RuleConfiguration) {
        self.init(
            feverThreshold: Temperature(tenths: rules.feverThresholdTenths), quarantineDays: rules.quarantineDays,
            quarantineGraceMilliseconds: rules.quarantineGrace.milliseconds,
            recheckWindowMilliseconds: rules.recheckWindow.milliseconds, clearanceDays: rules.clearanceDays,
            outingQuota: rules.outingQuota, outingMaxMilliseconds: rules.outingMax?.milliseconds)
    }
}

extension MonitoringPolicy {
    init(_ monitoring: MonitoringConfiguration) {
        self.init(
            escalateAfterMilliseconds: monitoring.escalateAfter.milliseconds,
            silentAfterMilliseconds: monitoring.silentAfter.milliseconds, driftWindow: monitoring.driftWindow,
            driftThresholdTenths: monitoring.driftThresholdTenths, followupTimes: monitoring.followupTimes)
    }
}

extension StationLimits {
    init(_ stations: StationListenerConfiguration) {
        self.init(
            maxLineBytes: stations.maxLineBytes, maxConnections: stations.maxConnections,
            idleTimeout: stations.idleTimeout, helloTimeout: stations.helloTimeout, maxInflight: stations.maxInflight,
            maxUnauthenticatedPerAddress: stations.maxUnauthenticatedPerAddress,
            lookupPerMinute: stations.lookupPerMinute)
    }
}

extension Duration {
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
