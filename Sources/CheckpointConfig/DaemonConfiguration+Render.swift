import CheckpointCore

extension DaemonConfiguration {
    /// The effective configuration as a config file: every key, one `key = value` per line, in the order of the
    /// docs, with every derived path spelled out. Loading the output as a file gives back an equal configuration.
    public func render() -> String {
        var lines = [
            "# checkpointd effective configuration",
            configFile.map { "# read from \($0), flags and environment applied" }
                ?? "# no configuration file; built-in defaults, flags and environment applied",
        ]
        for setting in Setting.allCases {
            for value in values(of: setting) {
                lines.append("\(setting.rawValue) = \(value.fileText)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The effective values of one setting, as the table's value type (several only for `listen`).
    private func values(of setting: Setting) -> [SettingValue] {
        switch setting {
        case .listen: stations.listen.map(SettingValue.address)
        case .control: [.text(control.path)]
        case .tlsCert: [.text(tls.certificatePath ?? "")]
        case .tlsKey: [.text(tls.keyPath ?? "")]
        case .tlsClientCA: [.text(tls.clientCAPath ?? "")]
        case .plaintextTCP: [.text(tls.plaintextTCP.rawValue)]
        case .stateDir: [.text(stateDirectory)]
        case .runtimeDir: [.text(runtimeDirectory)]
        case .database: [.text(store.databasePath)]
        case .backupDir: [.text(store.backupDirectory)]
        case .displayTimezone: [.text(displayTimezone ?? "")]
        case .feverThreshold: [.tenths(rules.feverThresholdTenths)]
        case .quarantineDays: [.integer(rules.quarantineDays)]
        case .quarantineGrace: [.duration(rules.quarantineGrace)]
        case .clearanceDays: [.integer(rules.clearanceDays)]
        case .outingQuota: [.text(rules.outingQuota?.description ?? "off")]
        case .outingMax: [rules.outingMax.map(SettingValue.duration) ?? .text("off")]
        case .durability: [.text(store.durability.rawValue)]
        case .retentionDays: [.integer(store.retentionDays)]
        case .alertRetentionDays: [.integer(store.alertRetentionDays)]
        case .maxLineBytes: [.integer(stations.maxLineBytes)]
        case .maxConnections: [.integer(stations.maxConnections)]
        case .idleTimeout: [.duration(stations.idleTimeout)]
        case .helloTimeout: [.duration(stations.helloTimeout)]
        case .maxInflight: [.integer(stations.maxInflight)]
        case .maxUnauthenticatedPerAddress: [.integer(stations.maxUnauthenticatedPerAddress)]
        case .lookupPerMinute: [.integer(stations.lookupPerMinute)]
        case .maxBatchRecords: [.integer(store.maxBatchRecords)]
        case .readerConnections: [.integer(store.readerConnections)]
        case .recheckWindow: [.duration(rules.recheckWindow)]
        case .escalateAfter: [.duration(monitoring.escalateAfter)]
        case .silentAfter: [.duration(monitoring.silentAfter)]
        case .driftWindow: [.integer(monitoring.driftWindow)]
        case .driftThreshold: [.tenths(monitoring.driftThresholdTenths)]
        case .outAfter: [.duration(monitoring.outAfter)]
        case .followupTimes: [.text(monitoring.followupTimes.description)]
        case .controlGroup: [.text(control.group ?? "")]
        case .adminGroup: [.text(control.adminGroup ?? "")]
        case .controlMaxConnections: [.integer(control.maxConnections)]
        case .controlIdleTimeout: [.duration(control.idleTimeout)]
        case .logTarget: [.text(logging.target.rawValue)]
        case .logLevel: [.text(logging.level)]
        case .alertCommand: [.text(alertCommand.path ?? "")]
        case .alertCommandTimeout: [.duration(alertCommand.timeout)]
        case .district: [.text(city.district ?? "")]
        case .cityURL: [.text(city.url?.text ?? "")]
        case .cityPasswordFile: [.text(city.passwordFile ?? "")]
        case .httpListen: [.text(http.listen?.description ?? HTTPConfiguration.off)]
        case .httpAuth: [.text(http.authentication.rawValue)]
        case .httpUsersFile: [.text(http.usersFile ?? "")]
        }
    }
}
