import CheckpointTestSupport
import Glibc
import Testing

@testable import CheckpointConfig

struct TimezoneTests {
    /// A zoneinfo directory with one real-looking zone, one non-zone file, and a directory.
    private static func zoneinfo(in directory: TemporaryDirectory) throws -> String {
        let zones = try directory.makeDirectory("zoneinfo")
        try directory.makeDirectory("zoneinfo/Asia")
        try directory.write("TZif2...", to: "zoneinfo/Asia/Shanghai")
        try directory.write("# tzdb zone descriptions\n", to: "zoneinfo/zone.tab")
        return zones
    }

    @Test(arguments: ["Asia/Shanghai", "UTC"])
    func load_whenZoneExists_keepsItsName(name: String) throws {
        let fixture = try LoadFixture()
        let zones = try Self.zoneinfo(in: fixture.directory)
        let config = try fixture.load(commandLine: ["--display-timezone", name], zoneinfoDirectory: zones)
        #expect(config.displayTimezone == name)
    }

    @Test(arguments: [
        "Mars/Olympus", "zone.tab", "Asia", "../zoneinfo/Asia/Shanghai", "/etc/localtime", "Asia//Shanghai",
        "asia/shanghai", "Asia/Shanghai ",
    ])
    func load_whenZoneIsUnknown_saysWhereZonesComeFrom(name: String) throws {
        let fixture = try LoadFixture()
        let zones = try Self.zoneinfo(in: fixture.directory)
        let error = #expect(throws: ConfigError.self) {
            try fixture.load(commandLine: ["--display-timezone", name], zoneinfoDirectory: zones)
        }
        #expect(
            error?.description
                == "command line: --display-timezone: unknown time zone '\(name)': use a name under \(zones) like "
                + "Asia/Shanghai, or UTC, or leave it empty for the system's zone"
        )
    }

    @Test(.enabled(if: access("/usr/share/zoneinfo/Asia/Shanghai", R_OK) == 0, "needs the system's tzdata"))
    func load_whenSystemHasTzdata_acceptsARealZone() throws {
        let config = try ConfigLoader.load(
            configPath: nil,
            commandLine: ["--display-timezone", "Asia/Shanghai"],
            environment: ["HOME": "/home/u"],
            workingDirectory: "/"
        )
        #expect(config.displayTimezone == "Asia/Shanghai")
    }
}
