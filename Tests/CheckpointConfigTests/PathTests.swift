import CheckpointTestSupport
import Testing

@testable import CheckpointConfig

/// Where paths come from when not configured, and how relative paths resolve.
struct PathTests {
    struct EnvironmentCase: Sendable, CustomTestStringConvertible {
        var environment: [String: String]
        var state: String
        var runtime: String
        var testDescription: String { environment.sorted { $0.key < $1.key }.description }
    }

    static let environmentCases: [EnvironmentCase] = [
        EnvironmentCase(
            environment: [
                "STATE_DIRECTORY": "/var/lib/checkpointd", "RUNTIME_DIRECTORY": "/run/checkpointd",
                "XDG_STATE_HOME": "/x/state", "XDG_RUNTIME_DIR": "/run/user/1000", "HOME": "/home/u",
            ],
            state: "/var/lib/checkpointd",
            runtime: "/run/checkpointd"
        ),
        EnvironmentCase(
            environment: ["STATE_DIRECTORY": "/var/lib/a:/var/lib/b", "RUNTIME_DIRECTORY": "/run/a:/run/b"],
            state: "/var/lib/a",
            runtime: "/run/a"
        ),
        EnvironmentCase(
            environment: ["XDG_STATE_HOME": "/x/state", "XDG_RUNTIME_DIR": "/run/user/1000", "HOME": "/home/u"],
            state: "/x/state/checkpointd",
            runtime: "/run/user/1000/checkpointd"
        ),
        EnvironmentCase(
            environment: ["HOME": "/home/u"],
            state: "/home/u/.local/state/checkpointd",
            runtime: "/home/u/.local/state/checkpointd/run"
        ),
        EnvironmentCase(
            environment: ["HOME": "/home/u/", "XDG_STATE_HOME": "relative/state", "XDG_RUNTIME_DIR": ""],
            state: "/home/u/.local/state/checkpointd",
            runtime: "/home/u/.local/state/checkpointd/run"
        ),
        EnvironmentCase(
            environment: ["STATE_DIRECTORY": "", "XDG_STATE_HOME": "/x/state", "HOME": "/home/u"],
            state: "/x/state/checkpointd",
            runtime: "/x/state/checkpointd/run"
        ),
        EnvironmentCase(
            environment: ["STATE_DIRECTORY": "/var/lib/checkpointd", "XDG_RUNTIME_DIR": "/run/user/0"],
            state: "/var/lib/checkpointd",
            runtime: "/run/user/0/checkpointd"
        ),
        EnvironmentCase(
            environment: ["RUNTIME_DIRECTORY": "/run/checkpointd", "HOME": "/root"],
            state: "/root/.local/state/checkpointd",
            runtime: "/run/checkpointd"
        ),
    ]

    @Test(arguments: environmentCases)
    func load_whenPathsAreNotConfigured_derivesThemFromTheEnvironment(_ testCase: EnvironmentCase) throws {
        let config = try ConfigLoader.load(
            configPath: nil,
            commandLine: [],
            environment: testCase.environment,
            workingDirectory: "/"
        )
        #expect(config.stateDirectory == testCase.state)
        #expect(config.runtimeDirectory == testCase.runtime)
        #expect(config.store.databasePath == testCase.state + "/checkpointd.db")
        #expect(config.control.path == testCase.runtime + "/control.sock")
        #expect(
            config.stations.listen == [
                .tcp(host: "127.0.0.1", port: 7117), .unix(path: testCase.runtime + "/station.sock"),
            ]
        )
    }

    @Test func load_whenNoEnvironmentAndNoStateDir_asksForOne() {
        let error = #expect(throws: ConfigError.self) {
            try ConfigLoader.load(configPath: nil, commandLine: [], environment: [:], workingDirectory: "/")
        }
        #expect(error?.code == .badValue)
        #expect(
            error?.description
                == "environment: state_dir: no state directory: HOME is not set; set state_dir in the configuration "
                + "file, pass --state-dir, or run under systemd with StateDirectory="
        )
    }

    @Test func load_whenStateDirIsConfigured_runtimeAndDatabaseFollowIt() throws {
        let config = try ConfigLoader.load(
            configPath: nil,
            commandLine: ["--state-dir", "/srv/cp"],
            environment: [:],
            workingDirectory: "/"
        )
        #expect(config.runtimeDirectory == "/srv/cp/run")
        #expect(config.store.databasePath == "/srv/cp/checkpointd.db")
        #expect(config.control.path == "/srv/cp/run/control.sock")
    }

    @Test func load_whenFileHasRelativePaths_resolvesThemAgainstTheFilesDirectory() throws {
        let fixture = try LoadFixture()
        let etc = try fixture.directory.makeDirectory("etc")
        try fixture.directory.write(
            "state_dir = state\ndatabase = ../db/x.db\nlisten = unix:sock/s.sock\ncontrol = ./c.sock\n",
            to: "etc/checkpointd.conf"
        )
        let config = try fixture.load(configPath: "etc/checkpointd.conf")
        #expect(config.configFile == etc + "/checkpointd.conf")
        #expect(config.stateDirectory == etc + "/state")
        #expect(config.store.databasePath == etc + "/../db/x.db")
        #expect(config.stations.listen == [.unix(path: etc + "/sock/s.sock")])
        #expect(config.control.path == etc + "/c.sock")
    }

    @Test func load_whenFlagsHaveRelativePaths_resolvesThemAgainstTheWorkingDirectory() throws {
        let fixture = try LoadFixture()
        let config = try fixture.load(
            commandLine: ["--state-dir", "state", "--listen", "unix:./s.sock", "--control=run/c.sock"],
            workingDirectory: "/srv/checkout"
        )
        #expect(config.stateDirectory == "/srv/checkout/state")
        #expect(config.stations.listen == [.unix(path: "/srv/checkout/s.sock")])
        #expect(config.control.path == "/srv/checkout/run/c.sock")
    }

    @Test func load_whenConfigurationDirectoryHasTheFile_readsIt() throws {
        let fixture = try LoadFixture()
        let directory = try fixture.directory.makeDirectory("conf")
        try fixture.directory.write("retention_days = 9\n", to: "conf/checkpointd.conf")
        fixture.environment["CONFIGURATION_DIRECTORY"] = directory
        let config = try fixture.load()
        #expect(config.configFile == directory + "/checkpointd.conf")
        #expect(config.store.retentionDays == 9)
    }

    @Test func load_whenConfigurationDirectoryLacksTheFile_usesBuiltInDefaults() throws {
        let fixture = try LoadFixture()
        fixture.environment["CONFIGURATION_DIRECTORY"] = try fixture.directory.makeDirectory("empty")
        let config = try fixture.load()
        #expect(config.configFile == nil)
        #expect(config.store.retentionDays == 30)
    }

    @Test func load_whenConfigPathIsGiven_ignoresConfigurationDirectory() throws {
        let fixture = try LoadFixture()
        try fixture.directory.makeDirectory("conf")
        try fixture.directory.write("retention_days = 9\n", to: "conf/checkpointd.conf")
        fixture.environment["CONFIGURATION_DIRECTORY"] = fixture.directory.path + "/conf"
        let explicit = try fixture.writeConfig("retention_days = 11\n", name: "explicit.conf")
        let config = try fixture.load(configPath: explicit)
        #expect(config.configFile == explicit)
        #expect(config.store.retentionDays == 11)
    }

    @Test(arguments: [("missing.conf", "No such file or directory"), ("adir", "Is a directory")])
    func load_whenGivenFileCannotBeRead_reportsPathAndReason(name: String, reason: String) throws {
        let fixture = try LoadFixture()
        try fixture.directory.makeDirectory("adir")
        let path = fixture.directory.path + "/" + name
        let error = #expect(throws: ConfigError.self) { try fixture.load(configPath: name) }
        #expect(error?.code == .unreadableFile)
        #expect(error?.source == path)
        #expect(error?.line == nil)
        #expect(
            error?.description
                == "\(path): cannot read the configuration file: \(reason); check the path and its permissions"
        )
    }

    @Test func load_whenFileIsHuge_refusesIt() throws {
        let fixture = try LoadFixture()
        let path = try fixture.writeConfig(String(repeating: "# padding line\n", count: 80_000))
        let error = #expect(throws: ConfigError.self) { try fixture.load(configPath: path) }
        #expect(error?.code == .unreadableFile)
        #expect(error?.message.contains("larger than 1048576 bytes") == true)
    }

    @Test func load_whenControlIsAlsoAStationListener_refusesIt() throws {
        let fixture = try LoadFixture()
        let path = try fixture.writeConfig("listen = unix:/run/cp/s.sock\ncontrol = /run/cp/s.sock\n")
        let error = #expect(throws: ConfigError.self) { try fixture.load(configPath: path) }
        #expect(
            error?.description
                == "\(path):2: control: /run/cp/s.sock is also a station listener; give the control socket its own path"
        )
    }

    @Test func load_whenAListenerTakesTheDefaultControlPath_refusesIt() throws {
        let fixture = try LoadFixture()
        let error = #expect(throws: ConfigError.self) {
            try fixture.load(commandLine: ["--runtime-dir", "/run/cp", "--listen", "unix:/run/cp/control.sock"])
        }
        #expect(
            error?.description
                == "built-in default: control: /run/cp/control.sock is also a station listener; give the control "
                + "socket its own path (set control)"
        )
    }

    @Test func load_whenDerivedSocketPathIsTooLong_asksForAShorterRuntimeDir() {
        let longDirectory = "/" + String(repeating: "r", count: 100)
        let error = #expect(throws: ConfigError.self) {
            try ConfigLoader.load(
                configPath: nil,
                commandLine: [],
                environment: ["STATE_DIRECTORY": "/var/lib/cp", "RUNTIME_DIRECTORY": longDirectory],
                workingDirectory: "/"
            )
        }
        #expect(error?.source == "built-in default")
        #expect(error?.key == "listen")
        #expect(error?.message.hasSuffix("choose a shorter directory (set runtime_dir, or listen itself)") == true)
    }

    @Test func controlSocket_whenSystemSocketExists_prefersIt() throws {
        try withTemporaryDirectory { directory in
            let system = try directory.write("", to: "control.sock")
            let path = DefaultPaths.controlSocket(environment: ["RUNTIME_DIRECTORY": "/run/x"], systemSocket: system)
            #expect(path == system)
        }
    }

    @Test(arguments: [
        (["RUNTIME_DIRECTORY": "/run/x"], "/run/x/control.sock"),
        (["XDG_RUNTIME_DIR": "/run/user/1000", "HOME": "/home/u"], "/run/user/1000/checkpointd/control.sock"),
        (["HOME": "/home/u"], "/home/u/.local/state/checkpointd/run/control.sock"),
        (["STATE_DIRECTORY": "/var/lib/cp"], "/var/lib/cp/run/control.sock"),
        ([:], "/nonexistent/control.sock"),
    ])
    func controlSocket_whenNoSystemSocket_usesThisUsersDefault(environment: [String: String], expected: String) {
        #expect(
            DefaultPaths.controlSocket(environment: environment, systemSocket: "/nonexistent/control.sock") == expected
        )
    }

    @Test(arguments: [
        ("db", "/etc/cp", "/etc/cp/db"),
        ("./db", "/etc/cp", "/etc/cp/db"),
        ("/abs/db", "/etc/cp", "/abs/db"),
        ("a//b/./c/", "/etc/cp/", "/etc/cp/a/b/c"),
        ("../x", "/etc/cp", "/etc/cp/../x"),
        ("x", "/", "/x"),
    ])
    func resolve_whenPathIsRelative_joinsAndTidies(path: String, base: String, expected: String) throws {
        #expect(try PathResolver.resolve(path, against: base) == expected)
    }

    @Test(arguments: [
        ("/etc/cp/x.conf", "/etc/cp"), ("/x.conf", "/"), ("/etc//cp/./x.conf", "/etc/cp"), ("x.conf", "."),
    ])
    func directory_returnsTheParent(path: String, expected: String) {
        #expect(PathResolver.directory(of: path) == expected)
    }
}
