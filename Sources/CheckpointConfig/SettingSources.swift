import CheckpointCore

/// The file's and the command line's values together: looks each setting up with flags first, then the file,
/// then the built-in default, and derives the paths that default to other settings or the environment.
struct SettingSources {
    var file: ConfigLayer
    var commandLine: ConfigLayer

    static let builtInDefault = "built-in default"

    func configuration(configFile: String?, environment: [String: String]) throws(ConfigError) -> DaemonConfiguration {
        guard let stateDirectory = text(.stateDir) ?? DefaultPaths.stateDirectory(environment: environment) else {
            throw ConfigError(
                code: .badValue,
                message: "no state directory: HOME is not set; set state_dir in the configuration file, pass "
                    + "--state-dir, or run under systemd with StateDirectory=",
                source: "environment",
                key: Setting.stateDir.rawValue
            )
        }
        let runtimeDirectory =
            text(.runtimeDir)
            ?? DefaultPaths.runtimeDirectory(environment: environment)
            ?? stateDirectory + "/run"
        let listen = try listenAddresses(runtimeDirectory: runtimeDirectory)
        let controlPath = try controlSocketPath(runtimeDirectory: runtimeDirectory, listen: listen)
        let tls = try stationTLS(listen: listen)
        return DaemonConfiguration(
            configFile: configFile,
            stateDirectory: stateDirectory,
            runtimeDirectory: runtimeDirectory,
            displayTimezone: text(.displayTimezone),
            store: StoreConfiguration(
                databasePath: text(.database) ?? stateDirectory + "/checkpointd.db",
                durability: choice(.durability),
                retentionDays: integer(.retentionDays),
                alertRetentionDays: integer(.alertRetentionDays),
                maxBatchRecords: integer(.maxBatchRecords),
                readerConnections: integer(.readerConnections),
                backupDirectory: text(.backupDir) ?? stateDirectory + "/backups"
            ),
            stations: StationListenerConfiguration(
                listen: listen,
                maxLineBytes: integer(.maxLineBytes),
                maxConnections: integer(.maxConnections),
                idleTimeout: duration(.idleTimeout),
                helloTimeout: duration(.helloTimeout),
                maxInflight: integer(.maxInflight),
                maxUnauthenticatedPerAddress: integer(.maxUnauthenticatedPerAddress),
                lookupPerMinute: integer(.lookupPerMinute)
            ),
            control: ControlConfiguration(
                path: controlPath, group: text(.controlGroup), adminGroup: text(.adminGroup),
                maxConnections: integer(.controlMaxConnections), idleTimeout: duration(.controlIdleTimeout)),
            rules: RuleConfiguration(
                feverThresholdTenths: integer(.feverThreshold),
                quarantineDays: integer(.quarantineDays),
                quarantineGrace: duration(.quarantineGrace),
                recheckWindow: duration(.recheckWindow),
                clearanceDays: try clearanceDays(),
                outingQuota: text(.outingQuota).flatMap(OutingQuota.init),
                outingMax: durationOrOff(.outingMax)
            ),
            monitoring: MonitoringConfiguration(
                escalateAfter: duration(.escalateAfter),
                silentAfter: duration(.silentAfter),
                driftWindow: integer(.driftWindow),
                driftThresholdTenths: integer(.driftThreshold),
                outAfter: duration(.outAfter),
                followupTimes: followupTimes()
            ),
            logging: LoggingConfiguration(target: choice(.logTarget), level: word(.logLevel)),
            tls: tls,
            alertCommand: AlertCommandConfiguration(path: text(.alertCommand), timeout: duration(.alertCommandTimeout)),
            city: try city(),
            http: try http(tls: tls)
        )
    }

    /// `http_listen`, `http_auth` and `http_users_file` (issue 18): a listener other machines can reach needs
    /// authentication (basic, or a `tls:` listener that asks for a client certificate), basic needs the users' file,
    /// and `tls:` the station TLS settings.
    private func http(tls: StationTLSConfiguration) throws(ConfigError) -> HTTPConfiguration {
        let listenText = text(.httpListen) ?? HTTPConfiguration.off
        var listen: ListenAddress?
        if listenText != HTTPConfiguration.off { listen = try ListenAddress(parsing: listenText) }
        let authentication: HTTPConfiguration.Authentication = choice(.httpAuth)
        let http = HTTPConfiguration(listen: listen, authentication: authentication, usersFile: text(.httpUsersFile))
        if authentication == .basic && http.usersFile == nil {
            throw refuse(.httpAuth, "http_auth = basic needs http_users_file: a file of NAME:HASH lines "
                + "(checkpointctl http passwd NAME --file PATH adds one)")
        }
        guard let listen else { return http }
        if listen.isTLS && !tls.isConfigured {
            throw refuse(.httpListen, "\(listen) needs a certificate: set tls_cert and tls_key (the stations' TLS "
                + "settings serve the dashboard too), or listen with tcp:")
        }
        let certificates = listen.isTLS && tls.clientCAPath != nil
        if authentication == .none && !certificates && !HTTPConfiguration.isLocal(listen) {
            throw refuse(.httpListen, "\(listen) can be reached from other machines, and http_auth is none: set "
                + "http_auth = basic with http_users_file, or tls_client_ca with a tls: listener, or listen on "
                + "127.0.0.1 or a unix: socket")
        }
        return http
    }

    /// `district`, `city_url` and `city_password_file`: a city needs the district's name.
    private func city() throws(ConfigError) -> CityConfiguration {
        var url: CityURL?
        if let text = text(.cityURL) { url = try CityURL(parsing: text) }
        let city = CityConfiguration(district: text(.district), url: url, passwordFile: text(.cityPasswordFile))
        if city.url != nil && city.district == nil {
            let place = origin(.cityURL)
            throw ConfigError(
                code: .badValue,
                message: "city_url needs district: set district to this district's name in the city (e.g. A)",
                source: place?.source ?? SettingSources.builtInDefault, line: place?.line,
                key: place?.label ?? Setting.cityURL.rawValue)
        }
        return city
    }

    /// `tls_cert`, `tls_key`, `tls_client_ca` and `plaintext_tcp`; a `tls:` listener needs the first two, and each
    /// of the three files needs the others it goes with.
    private func stationTLS(listen: [ListenAddress]) throws(ConfigError) -> StationTLSConfiguration {
        let tls = StationTLSConfiguration(
            certificatePath: text(.tlsCert), keyPath: text(.tlsKey), clientCAPath: text(.tlsClientCA),
            plaintextTCP: choice(.plaintextTCP))
        if tls.certificatePath != nil && tls.keyPath == nil {
            throw refuse(.tlsCert, "tls_cert needs tls_key: set tls_key to the certificate's private key (PEM)")
        }
        if tls.keyPath != nil && tls.certificatePath == nil {
            throw refuse(.tlsKey, "tls_key needs tls_cert: set tls_cert to the server certificate (PEM)")
        }
        if tls.clientCAPath != nil && !tls.isConfigured {
            throw refuse(.tlsClientCA, "tls_client_ca needs tls_cert and tls_key: set both for the server side")
        }
        if let address = listen.first(where: \.isTLS), !tls.isConfigured {
            throw refuse(.listen, "\(address) needs a certificate: set tls_cert and tls_key (PEM files; "
                + "checkpointctl tls init-ca and tls server make them), or remove the tls: listener")
        }
        return tls
    }

    /// `clearance_days`: at most `retention_days` and `alert_retention_days`, since the gates passed and the fevers of
    /// an older day are purged. Given, a longer one is refused; left at its default, it is cut to the shorter
    /// retention (so `retention_days = 7` alone still starts).
    private func clearanceDays() throws(ConfigError) -> Int {
        let days = integer(.clearanceDays)
        let limits = [
            (Setting.retentionDays, integer(.retentionDays)), (.alertRetentionDays, integer(.alertRetentionDays)),
        ]
        guard let (limit, kept) = limits.min(by: { $0.1 < $1.1 }), days > kept else { return days }
        guard let place = origin(.clearanceDays) else { return kept }
        throw ConfigError(
            code: .badValue,
            message: """
                clearance_days \(days) is longer than \(limit.rawValue) \(kept): the fevers and gates of older \
                days are purged, so a clearance check cannot see them; set clearance_days to at most \(kept), or \
                raise \(limit.rawValue)
                """,
            source: place.source, line: place.line, key: place.label)
    }

    /// The command line's listeners, else the file's, else TCP on loopback and a Unix socket in the runtime
    /// directory.
    private func listenAddresses(runtimeDirectory: String) throws(ConfigError) -> [ListenAddress] {
        if let configured = commandLine.listen ?? file.listen {
            return configured
        }
        let socket = runtimeDirectory + "/station.sock"
        try checkDerivedSocketPath(socket, setting: .listen)
        return [.tcp(host: "127.0.0.1", port: Defaults.stationPort), .unix(path: socket)]
    }

    /// The configured control socket, else `<runtime_dir>/control.sock`; never one of the station listeners.
    private func controlSocketPath(runtimeDirectory: String, listen: [ListenAddress]) throws(ConfigError) -> String {
        let path = text(.control) ?? runtimeDirectory + "/control.sock"
        let origin = origin(.control)
        if origin == nil {
            try checkDerivedSocketPath(path, setting: .control)
        }
        if listen.contains(.unix(path: path)) {
            let error = ConfigError.badValue("\(path) is also a station listener; give the control socket its own path")
            throw origin.map { error.located(at: $0) }
                ?? ConfigError(
                    code: .badValue,
                    message: error.message + " (set control)",
                    source: SettingSources.builtInDefault,
                    key: Setting.control.rawValue
                )
        }
        return path
    }

    private func checkDerivedSocketPath(_ path: String, setting: Setting) throws(ConfigError) {
        do throws(ConfigError) {
            try ListenAddress.checkUnixPath(path)
        } catch {
            throw ConfigError(
                code: .badValue,
                message: error.message + " (set runtime_dir, or \(setting.rawValue) itself)",
                source: SettingSources.builtInDefault,
                key: setting.rawValue
            )
        }
    }

    // MARK: Lookup: flags, then file, then the built-in default.

    private func value(_ setting: Setting) -> SettingValue? {
        commandLine.values[setting] ?? file.values[setting] ?? setting.defaultValue
    }

    private func origin(_ setting: Setting) -> ValueOrigin? {
        commandLine.origins[setting] ?? file.origins[setting]
    }

    /// The text of a path, zone, group or choice setting; nil when it is unset or empty.
    /// A value refused for how it fits the others, placed where it was set.
    private func refuse(_ setting: Setting, _ message: String) -> ConfigError {
        let place = origin(setting)
        return ConfigError(
            code: .badValue, message: message, source: place?.source ?? SettingSources.builtInDefault,
            line: place?.line, key: place?.label ?? setting.rawValue)
    }

    private func text(_ setting: Setting) -> String? {
        guard case .text(let text) = value(setting), !text.isEmpty else {
            return nil
        }
        return text
    }

    private func integer(_ setting: Setting) -> Int {
        switch value(setting) {
        case .integer(let number), .tenths(let number):
            return number
        default:
            preconditionFailure("\(setting.rawValue) is a number setting with a built-in default")
        }
    }

    private func followupTimes() -> FollowupTimes {
        guard let text = text(.followupTimes), let times = FollowupTimes(text) else {
            preconditionFailure("followup_times was checked when parsed and has a built-in default")
        }
        return times
    }

    /// A `durationOrOff` setting: nil for `off`.
    private func durationOrOff(_ setting: Setting) -> Duration? {
        guard case .duration(let duration) = value(setting) else { return nil }
        return duration
    }

    private func duration(_ setting: Setting) -> Duration {
        guard case .duration(let duration) = value(setting) else {
            preconditionFailure("\(setting.rawValue) is a duration setting with a built-in default")
        }
        return duration
    }

    /// The word of a choice setting, which always has one: a parsed value or the built-in default.
    private func word(_ setting: Setting) -> String {
        guard let word = text(setting) else {
            preconditionFailure("\(setting.rawValue) is a choice setting with a built-in default")
        }
        return word
    }

    private func choice<Choice: RawRepresentable<String>>(_ setting: Setting) -> Choice {
        guard let choice = Choice(rawValue: word(setting)) else {
            preconditionFailure("\(setting.rawValue) was checked against the choices of its enum when parsed")
        }
        return choice
    }
}
