import CheckpointConfig
import Testing

struct RenderTests {
    @Test func render_whenDefaults_listsEveryKeyWithItsEffectiveValue() throws {
        let fixture = try LoadFixture()
        let state = fixture.defaultState
        let rendered = try fixture.load().render()
        let lines = rendered.split(separator: "\n").map(String.init)
        #expect(lines.first == "# checkpointd effective configuration")
        #expect(lines.contains("# no configuration file; built-in defaults, flags and environment applied"))
        #expect(lines.contains("listen = tcp:127.0.0.1:7117"))
        #expect(lines.contains("listen = unix:\(state)/run/station.sock"))
        #expect(lines.contains("database = \(state)/checkpointd.db"))
        #expect(lines.contains("fever_threshold = 37.3"))
        #expect(lines.contains("idle_timeout = 5m"))
        #expect(lines.contains(#"display_timezone = """#))
        #expect(lines.contains(#"admin_group = """#))
        let keys = lines.filter { !$0.hasPrefix("#") }.map { String($0.prefix { $0 != " " }) }
        #expect(keys == ["listen"] + ConfigLoader.keys.map(\.name))
    }

    @Test func render_whenLoadedBackAsAFile_givesAnEqualConfiguration() throws {
        let fixture = try LoadFixture()
        let original = try fixture.load(
            file: """
                listen = tcp:[::1]:0
                listen = "unix:/srv/with space/s.sock"
                database = "/srv/q\\"uote.db"
                display_timezone = UTC
                fever_threshold = 38
                quarantine_grace = 0s
                idle_timeout = 1500ms
                drift_threshold = 0.1
                control_group = ops
                """,
            commandLine: ["--retention-days", "9", "--log-target", "journal"]
        )
        let renderedPath = try fixture.writeConfig(original.render(), name: "rendered.conf")
        fixture.environment = [:]
        var reloaded = try fixture.load(configPath: renderedPath)
        #expect(reloaded.configFile == renderedPath)
        reloaded.configFile = original.configFile
        #expect(reloaded == original)
    }

    @Test func render_whenFileWasRead_namesIt() throws {
        let fixture = try LoadFixture()
        let path = try fixture.writeConfig("")
        #expect(
            try fixture.load(configPath: path).render().contains("# read from \(path), flags and environment applied\n")
        )
    }
}
