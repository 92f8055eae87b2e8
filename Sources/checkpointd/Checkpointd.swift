import ArgumentParser
import CheckpointConfig
import CheckpointCore
import CheckpointServer
import CheckpointSystemd
import Glibc
import Logging

/// `checkpointd`: flags → configuration → daemon. Every configuration key also has a flag
/// (`--key-with-dashes VALUE`), handed to `ConfigLoader` as it is; see checkpointd.conf(5).
@main
struct Checkpointd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpointd",
        abstract: "Logs temperature readings and gate passages from checkpoint stations into SQLite.",
        discussion: """
            With no arguments it runs on local paths (the user's state directory, TCP on 127.0.0.1:7117) and \
            prints where. Under systemd it uses $STATE_DIRECTORY, $RUNTIME_DIRECTORY and \
            $CONFIGURATION_DIRECTORY, and sockets passed by socket activation.

            Every configuration key is also a flag; flags win over the file:
            \(Checkpointd.keyList)
            """)

    @Option(name: .long, help: "Read the configuration from this file.")
    var config: String?

    @Flag(name: .long, help: "Check the configuration, print it, and exit (0 when valid, 78 when not).")
    var checkConfig = false

    @Flag(name: .long, help: "Print the version and exit.")
    var version = false

    @Argument(parsing: .allUnrecognized, help: .hidden)
    var settings: [String] = []

    static var keyList: String {
        ConfigLoader.keys.map { "  \($0.flag) \($0.valueHint)  (default \($0.defaultText)): \($0.help)" }
            .joined(separator: "\n")
    }

    /// BSD sysexits EX_CONFIG: the configuration is wrong (SPEC §6).
    static let exitConfigError: Int32 = 78
    /// BSD sysexits EX_DATAERR: the database file is damaged (issue 13); systemd restarts the daemon.
    static let exitDatabaseCorrupt: Int32 = 65
    /// BSD sysexits EX_IOERR: a failed fsync, or the database file deleted while running (issue 14).
    static let exitStorageFault: Int32 = 74

    func run() async throws {
        if version {
            print("checkpointd \(ProductVersion.current)")
            return
        }
        let environment = ProcessEnvironment.current()
        let workingDirectory = ProcessEnvironment.workingDirectory()
        let configPath = config
        let settings = self.settings
        let load: @Sendable () throws(ConfigError) -> DaemonConfiguration = { () throws(ConfigError) in
            try ConfigLoader.load(
                configPath: configPath, commandLine: settings, environment: environment,
                workingDirectory: workingDirectory)
        }
        let configuration: DaemonConfiguration
        do throws(ConfigError) {
            configuration = try load()
        } catch {
            ProcessEnvironment.printError("checkpointd: \(error)")
            throw ExitCode(Checkpointd.exitConfigError)
        }
        if checkConfig {
            print(configuration.render(), terminator: "")
            print("configuration OK")
            return
        }
        if let zone = configuration.displayTimezone { setenv("TZ", zone, 1) }
        LogDestination.bootstrap(
            setting: configuration.logging.target.rawValue,
            level: Logger.Level(rawValue: configuration.logging.level) ?? .info, environment: environment)
        let logger = Logger(label: "checkpointd")
        do {
            try await Daemon.run(configuration: configuration, reloadConfiguration: load, logger: logger)
        } catch let error as Daemon.StartError {
            logger.critical("checkpointd cannot start: \(error)")
            throw ExitCode(1)
        } catch let error as StorageStopped {
            // Logged by the daemon already (journal or stderr); said on stderr too when the log goes to the
            // journal, so `systemctl status` and a terminal both show it.
            if configuration.logging.target != .stderr { ProcessEnvironment.printError("checkpointd: \(error)") }
            throw ExitCode(error.isCorruption ? Checkpointd.exitDatabaseCorrupt : Checkpointd.exitStorageFault)
        }
    }
}

/// The process environment, read once by the executable (STYLE §2: libraries get it as a parameter).
enum ProcessEnvironment {
    static func current() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }

    static func workingDirectory() -> String {
        guard let pointer = getcwd(nil, 0) else { return "/" }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    static func printError(_ line: String) {
        let text = line + "\n"
        _ = text.withCString { write(2, $0, strlen($0)) }
    }
}
