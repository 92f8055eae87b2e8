/// Reads the configuration file, applies command-line flags, fills in defaults from the environment, and
/// validates the result (SPEC §6, §10). Flags win over the file; any `--listen` replaces the file's and the
/// default listeners.
public enum ConfigLoader {
    /// The settings table: name, flag, value hint, default and help, in documentation order.
    public static let keys: [ConfigKey] = Setting.allCases.map(ConfigKey.init)

    /// A configuration file longer than this is refused rather than parsed.
    static let maximumFileBytes = 1 << 20

    /// Reads `configPath` (or, when nil, `$CONFIGURATION_DIRECTORY/checkpointd.conf` if that file exists),
    /// applies `commandLine` (the arguments the executable did not consume itself, e.g.
    /// `["--fever-threshold", "37.5", "--listen", "tcp:127.0.0.1:0"]`), resolves defaults from `environment`,
    /// validates, and returns the result.
    ///
    /// Relative paths in the file are relative to the file's directory; on the command line (including
    /// `configPath`) relative to `workingDirectory`, which must be absolute.
    public static func load(
        configPath: String?,
        commandLine: [String],
        environment: [String: String],
        workingDirectory: String
    ) throws(ConfigError) -> DaemonConfiguration {
        try load(
            configPath: configPath,
            commandLine: commandLine,
            environment: environment,
            workingDirectory: workingDirectory,
            parser: SettingParser()
        )
    }

    static func load(
        configPath: String?,
        commandLine: [String],
        environment: [String: String],
        workingDirectory: String,
        parser: SettingParser
    ) throws(ConfigError) -> DaemonConfiguration {
        let filePath = try chooseFile(
            configPath: configPath,
            environment: environment,
            workingDirectory: workingDirectory
        )
        let file = try filePath.map { (path) throws(ConfigError) in try fileLayer(path: path, parser: parser) }
        let flags = try CommandLineParser.layer(from: commandLine, workingDirectory: workingDirectory, parser: parser)
        let sources = SettingSources(file: file ?? ConfigLayer(), commandLine: flags)
        return try sources.configuration(configFile: filePath, environment: environment)
    }

    /// The explicit path (made absolute), else the systemd configuration directory's file if it exists.
    private static func chooseFile(
        configPath: String?,
        environment: [String: String],
        workingDirectory: String
    ) throws(ConfigError) -> String? {
        if let configPath {
            do throws(ConfigError) {
                return try PathResolver.resolve(configPath, against: workingDirectory)
            } catch {
                throw ConfigError(
                    code: error.code,
                    message: error.message,
                    source: ValueOrigin.commandLine,
                    key: "--config"
                )
            }
        }
        guard let candidate = DefaultPaths.configurationFile(environment: environment),
            FileSystem.exists(candidate)
        else {
            return nil
        }
        return candidate
    }

    private static func fileLayer(path: String, parser: SettingParser) throws(ConfigError) -> ConfigLayer {
        let bytes: [UInt8]
        switch FileSystem.read(path, limit: maximumFileBytes) {
        case .contents(let contents):
            bytes = contents
        case .failure(let reason):
            throw ConfigError(
                code: .unreadableFile,
                message: "cannot read the configuration file: \(reason); check the path and its permissions",
                source: path
            )
        }
        return try layer(fromFile: bytes, path: path, parser: parser)
    }

    /// The settings of a configuration file's bytes (syntax, keys and values checked).
    static func layer(fromFile bytes: [UInt8], path: String, parser: SettingParser) throws(ConfigError) -> ConfigLayer {
        let directory = PathResolver.directory(of: path)
        var layer = ConfigLayer()
        for entry in try ConfigFileParser.entries(in: bytes, path: path) {
            let origin = ValueOrigin(source: path, line: entry.line, label: entry.key, baseDirectory: directory)
            guard let setting = Setting(rawValue: entry.key) else {
                throw ConfigError(
                    code: .unknownKey,
                    message: "unknown key" + Suggestion.clause(for: entry.key, in: Setting.allCases.map(\.rawValue))
                        + "; checkpointd --help lists every key",
                    source: path,
                    line: entry.line,
                    key: entry.key
                )
            }
            try layer.set(setting, to: try parser.parse(entry.value, for: setting, at: origin), at: origin)
        }
        return layer
    }

    /// The configuration a file with these bytes would give, with no flags: the whole path from bytes to a
    /// validated ``DaemonConfiguration`` without touching the disk (for the config fuzz target and tests).
    public static func configuration(
        fileBytes: [UInt8], path: String, environment: [String: String]
    ) throws(ConfigError) -> DaemonConfiguration {
        let file = try layer(fromFile: fileBytes, path: path, parser: SettingParser())
        let sources = SettingSources(file: file, commandLine: ConfigLayer())
        return try sources.configuration(configFile: path, environment: environment)
    }
}
