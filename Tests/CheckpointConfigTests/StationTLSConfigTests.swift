import CheckpointTestSupport
import Testing

@testable import CheckpointConfig

/// Issue 13: `tls_cert`, `tls_key`, `tls_client_ca`, `plaintext_tcp`, and the rule that a `tls:` listener needs a
/// certificate.
struct StationTLSConfigTests {
    @Test func defaults_whenNothingIsSet_meanNoTLSAndLoopbackOnly() throws {
        let fixture = try LoadFixture()
        let configuration = try fixture.load()
        #expect(configuration.tls == StationTLSConfiguration())
        #expect(configuration.tls.plaintextTCP == .loopbackOnly)
        #expect(!configuration.tls.isConfigured)
    }

    @Test func file_whenEveryKeyIsSet_resolvesPathsAgainstTheFilesDirectory() throws {
        let fixture = try LoadFixture()
        let path = try fixture.writeConfig("""
            listen = tls:0.0.0.0:7118
            tls_cert = tls/server.pem
            tls_key = tls/server.key
            tls_client_ca = tls/ca.pem
            plaintext_tcp = allow
            """)
        let configuration = try fixture.load(configPath: path)
        let base = fixture.directory.path
        #expect(configuration.stations.listen == [.tls(host: "0.0.0.0", port: 7118)])
        #expect(configuration.tls == StationTLSConfiguration(
            certificatePath: base + "/tls/server.pem", keyPath: base + "/tls/server.key",
            clientCAPath: base + "/tls/ca.pem", plaintextTCP: .allow))
        let rendered = try fixture.writeConfig(configuration.render(), name: "rendered.conf")
        var again = try fixture.load(configPath: rendered)
        again.configFile = configuration.configFile
        #expect(again == configuration)
    }

    @Test(arguments: [
        (["--listen", "tls:127.0.0.1:7118"], "listen", "needs a certificate: set tls_cert and tls_key"),
        (["--tls-cert", "/etc/server.pem"], "--tls-cert", "tls_cert needs tls_key"),
        (["--tls-key", "/etc/server.key"], "--tls-key", "tls_key needs tls_cert"),
        (["--tls-client-ca", "/etc/ca.pem"], "--tls-client-ca", "tls_client_ca needs tls_cert and tls_key"),
        (["--plaintext-tcp", "never"], "--plaintext-tcp", "expected loopback-only or allow, got 'never'"),
    ])
    func commandLine_whenTLSSettingsDoNotFit_isAConfigErrorSayingWhatToSet(
        arguments: [String], key: String, fragment: String
    ) throws {
        let fixture = try LoadFixture()
        let error = try #require(throws: ConfigError.self) { try fixture.load(commandLine: arguments) }
        #expect(error.message.contains(fragment), "\(error)")
        #expect(error.key == key || error.key == "--listen", "\(error)")
    }
}
