import CheckpointTestSupport

@testable import CheckpointConfig

/// A temporary directory to write config files into, an environment whose HOME points inside it, and `load`
/// with the module's real parser (optionally looking zones up in a directory of the test's own).
final class LoadFixture {
    let directory: TemporaryDirectory
    var environment: [String: String]

    init() throws {
        directory = try TemporaryDirectory()
        environment = ["HOME": directory.path + "/home"]
    }

    var home: String { directory.path + "/home" }
    /// Where the defaults put state with this environment.
    var defaultState: String { home + "/.local/state/checkpointd" }

    /// Writes a config file (default name `checkpointd.conf`) and returns its path.
    func writeConfig(_ contents: String, name: String = "checkpointd.conf") throws -> String {
        try directory.write(contents, to: name)
    }

    func load(
        configPath: String? = nil,
        commandLine: [String] = [],
        workingDirectory: String? = nil,
        zoneinfoDirectory: String = "/usr/share/zoneinfo"
    ) throws(ConfigError) -> DaemonConfiguration {
        try ConfigLoader.load(
            configPath: configPath,
            commandLine: commandLine,
            environment: environment,
            workingDirectory: workingDirectory ?? directory.path,
            parser: SettingParser(zoneinfoDirectory: zoneinfoDirectory)
        )
    }

    /// Writes `contents` as the config file and loads it with `commandLine`.
    func load(file contents: String, commandLine: [String] = []) throws -> DaemonConfiguration {
        try load(configPath: writeConfig(contents), commandLine: commandLine)
    }
}
