import CheckpointTestSupport
import Testing

@testable import CheckpointConfig

/// Issue 18: `http_listen`, `http_auth`, `http_users_file`, and the rule that a listener other machines can reach
/// needs authentication.
struct HTTPConfigTests {
    @Test func defaults_serveTheDashboardOnLoopbackWithoutAuthentication() throws {
        let configuration = try LoadFixture().load()
        #expect(configuration.http.listen == .tcp(host: "127.0.0.1", port: 7119))
        #expect(configuration.http.authentication == .none && configuration.http.usersFile == nil)
    }

    @Test func file_whenEveryKeyIsSet_resolvesPathsAndRendersBackTheSame() throws {
        let fixture = try LoadFixture()
        let path = try fixture.writeConfig("""
            http_listen = unix:run/http.sock
            http_auth = basic
            http_users_file = http-users
            """)
        let configuration = try fixture.load(configPath: path)
        let base = fixture.directory.path
        #expect(configuration.http.listen == .unix(path: base + "/run/http.sock"))
        #expect(configuration.http.authentication == .basic && configuration.http.usersFile == base + "/http-users")
        let rendered = try fixture.writeConfig(configuration.render(), name: "rendered.conf")
        var again = try fixture.load(configPath: rendered)
        again.configFile = configuration.configFile
        #expect(again == configuration)
    }

    @Test func off_turnsTheListenerOffAndRendersAsOff() throws {
        let fixture = try LoadFixture()
        let configuration = try fixture.load(commandLine: ["--http-listen", "off"])
        #expect(configuration.http.listen == nil)
        #expect(configuration.render().contains("http_listen = off"))
    }

    @Test(arguments: [
        "tcp:127.0.0.1:7119", "tcp:[::1]:7119", "tcp:localhost:7119", "unix:/run/checkpointd/http.sock",
    ])
    func local_listenersNeedNoAuthentication(address: String) throws {
        let configuration = try LoadFixture().load(commandLine: ["--http-listen", address])
        #expect(configuration.http.listen != nil)
    }

    @Test func open_withClientCertificatesOverTLS_needsNoPassword() throws {
        let configuration = try LoadFixture().load(commandLine: [
            "--http-listen", "tls:0.0.0.0:7119", "--tls-cert", "/etc/s.pem", "--tls-key", "/etc/s.key",
            "--tls-client-ca", "/etc/ca.pem",
        ])
        #expect(configuration.http.listen == .tls(host: "0.0.0.0", port: 7119))
    }

    @Test(arguments: [
        (["--http-listen", "tcp:0.0.0.0:7119"], "--http-listen", "can be reached from other machines, and http_auth is none"),
        (["--http-listen", "tcp:10.0.0.5:7119"], "--http-listen", "set http_auth = basic with http_users_file"),
        (
            ["--http-listen", "tls:0.0.0.0:7119", "--tls-cert", "/etc/s.pem", "--tls-key", "/etc/s.key"],
            "--http-listen", "can be reached from other machines"
        ),
        (["--http-listen", "tls:127.0.0.1:7119"], "--http-listen", "needs a certificate: set tls_cert and tls_key"),
        (["--http-auth", "basic"], "--http-auth", "http_auth = basic needs http_users_file"),
        (["--http-auth", "digest"], "--http-auth", "expected none or basic, got 'digest'"),
        (["--http-listen", "http://0.0.0.0"], "--http-listen", "or off, got 'http://0.0.0.0'"),
        (["--http-listen", "tcp:127.0.0.1:99999"], "--http-listen", "or off, got"),
    ])
    func settings_thatDoNotFit_areAConfigErrorSayingWhatToDo(arguments: [String], key: String, fragment: String) throws {
        let error = try #require(throws: ConfigError.self) { try LoadFixture().load(commandLine: arguments) }
        #expect(error.message.contains(fragment), "\(error)")
        #expect(error.key == key, "\(error)")
    }
}
