import CheckpointTestSupport
import Glibc
import Testing

@testable import CheckpointConfig

/// Issue 16 point 3: `alert_command` (empty: off; else an absolute path to an executable regular file, checked when
/// the configuration is loaded) and `alert_command_timeout` (a duration > 0, default 10s).
struct AlertCommandConfigTests {
    /// A fixture with `alert.sh` (0755), `plain.sh` (0644) and a directory `scripts`.
    static func fixture() throws -> LoadFixture {
        let fixture = try LoadFixture()
        let script = try fixture.directory.write("#!/bin/sh\nexit 0\n", to: "alert.sh")
        chmod(script, 0o755)
        let plain = try fixture.directory.write("#!/bin/sh\nexit 0\n", to: "plain.sh")
        chmod(plain, 0o644)
        _ = try fixture.directory.makeDirectory("scripts")
        return fixture
    }

    @Test func defaults_whenNothingIsSet_noCommandAndTenSeconds() throws {
        let configuration = try LoadFixture().load()
        #expect(configuration.alertCommand == AlertCommandConfiguration(path: nil, timeout: .seconds(10)))
        #expect(configuration.render().contains("\nalert_command = \"\"\n"))
        #expect(configuration.render().contains("\nalert_command_timeout = 10s\n"))
    }

    @Test func file_whenBothAreSet_takesThemAndRendersThemBack() throws {
        let fixture = try Self.fixture()
        let script = fixture.directory.file("alert.sh")
        let path = try fixture.writeConfig("alert_command = \(script)\nalert_command_timeout = 1500ms\n")
        let configuration = try fixture.load(configPath: path)
        #expect(configuration.alertCommand == AlertCommandConfiguration(path: script, timeout: .milliseconds(1500)))
        let rendered = try fixture.writeConfig(configuration.render(), name: "rendered.conf")
        var again = try fixture.load(configPath: rendered)
        again.configFile = configuration.configFile
        #expect(again == configuration)
    }

    @Test func commandLine_emptyValue_switchesTheFilesCommandOff() throws {
        let fixture = try Self.fixture()
        let path = try fixture.writeConfig("alert_command = \(fixture.directory.file("alert.sh"))\n")
        let configuration = try fixture.load(configPath: path, commandLine: ["--alert-command="])
        #expect(configuration.alertCommand.path == nil)
    }

    /// Each refusal names the file, line and key and says what to do.
    @Test(arguments: [
        ("alert_command = alert.sh", "expected an absolute path to a program, e.g. /usr/local/libexec/"),
        (
            "alert_command = /nonexistent/alert.sh",
            "/nonexistent/alert.sh: No such file or directory; install the "
                + "program there or correct the path"
        ),
        (
            "alert_command = DIR/plain.sh",
            "DIR/plain.sh: not executable by the daemon's user (Permission denied); "
                + "chmod 0755 it"
        ),
        ("alert_command = DIR/scripts", "DIR/scripts: not a regular file; name the program itself"),
        ("alert_command_timeout = 10", "a duration needs a unit (ms, s, m, h, d), e.g. 10s"),
        ("alert_command_timeout = 0s", "the duration must be longer than 0, e.g. 10s"),
        ("alert_command_timeout = soon", "expected a duration like 10s"),
    ])
    func file_whenTheValueIsBad_namesFileLineAndKeyAndSaysWhatToDo(line: String, message: String) throws {
        let fixture = try Self.fixture()
        let directory = fixture.directory.path
        let text = line.replacing("DIR", with: directory)
        let path = try fixture.writeConfig("# alerts\n" + text + "\n")
        let error = try #require(throws: ConfigError.self) { try fixture.load(configPath: path) }
        let key = String(line.prefix { $0 != " " })
        #expect(error.code == .badValue)
        #expect(error.description.hasPrefix("\(path):2: \(key): "), "\(error)")
        #expect(error.message.contains(message.replacing("DIR", with: directory)), "\(error)")
    }

    @Test func commandLine_whenRelative_isRefusedEvenThoughOtherPathsResolve() throws {
        let fixture = try Self.fixture()
        let error = try #require(throws: ConfigError.self) {
            try fixture.load(commandLine: ["--alert-command", "alert.sh"])
        }
        #expect(error.key == "--alert-command", "\(error)")
        #expect(error.message.contains("absolute path"), "\(error)")
    }
}
