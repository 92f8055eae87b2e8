import CheckpointTestSupport
import CheckpointTLS
import Foundation
import NIOConcurrencyHelpers
import NIOSSL
import Testing

/// Real handshakes against an in-process server built like the daemon's listener.
@Suite("TLS handshakes with real clients", .serialized)
struct HandshakeTests {
    private func withServer(
        _ settings: TLSServerSettings, _ body: (EchoServer) async throws -> Void
    ) async throws {
        let server = try await EchoServer(store: TLSContextStore(settings: settings))
        do {
            try await body(server)
        } catch {
            await server.close()
            throw error
        }
        await server.close()
    }

    /// Connects with the NIO client and returns the failure it met, or nil when greeting and echo came back.
    private func nioFailure(port: Int, _ settings: TLSClientSettings) async throws -> TLSFailure? {
        let client = try await EchoClient(port: port, settings: settings)
        let failure: TLSFailure?
        do {
            _ = try await client.nextLine()
            _ = try await client.nextLine()
            let echo = try await client.echo("ping")
            failure = echo == "ping" ? nil : .other
        } catch {
            failure = TLSFailure(classifying: error, asClient: true)
        }
        await client.close()
        return failure
    }

    @Test func opensslClient_whenSpeakingTLS13_isServedWithToolCertificates() async throws {
        let district = try District()
        try await withServer(district.serverSettings) { server async throws in
            let result = try await RealClients.openssl(
                port: server.port, ca: district.folder.file("ca.pem"), options: ["-tls1_3"])
            #expect(result.status == 0, "\(result)")
            #expect(result.output.contains("Protocol version: TLSv1.3"), "\(result)")
            #expect(result.output.contains("Verification: OK"), "\(result)")
            #expect(result.output.contains("station=-"), "\(result)")
            #expect(result.output.contains("ping"), "\(result)")
        }
    }

    @Test func opensslClient_whenSpeakingTLS12_isServed() async throws {
        let district = try District()
        try await withServer(district.serverSettings) { server async throws in
            let result = try await RealClients.openssl(
                port: server.port, ca: district.folder.file("ca.pem"), options: ["-tls1_2"])
            #expect(result.status == 0, "\(result)")
            #expect(result.output.contains("Protocol version: TLSv1.2"), "\(result)")
        }
    }

    @Test func opensslClient_whenSpeakingTLS11_isRefusedByTheServer() async throws {
        let district = try District()
        try await withServer(district.serverSettings) { server async throws in
            // SECLEVEL=0 lets this openssl offer TLS 1.1 at all, so the refusal is the server's.
            let result = try await RealClients.openssl(
                port: server.port, ca: district.folder.file("ca.pem"),
                options: ["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"])
            #expect(result.status != 0, "\(result)")
            #expect(result.output.contains("alert protocol version"), "\(result)")
            #expect(!result.output.contains("station="), "\(result)")
        }
    }

    @Test func pythonClient_whenTrustingTheDistrictCA_isServedOverTLS13() async throws {
        let district = try District()
        try await withServer(district.serverSettings) { server async throws in
            let result = try await RealClients.python(port: server.port, ca: district.folder.file("ca.pem"))
            #expect(result.status == 0, "\(result)")
            #expect(result.output.contains("TLSv1.3 station=- ping"), "\(result)")
        }
    }

    @Test func nioClient_whenConnectingByNameOrAddress_isServed() async throws {
        let district = try District()
        try await withServer(district.serverSettings) { server async throws in
            #expect(try await nioFailure(port: server.port, district.clientSettings(host: "localhost")) == nil)
            #expect(try await nioFailure(port: server.port, district.clientSettings(host: "127.0.0.1")) == nil)
        }
    }

    @Test func clients_whenCertificatesWereMadeByOpenSSL_areServedAndStationRead() async throws {
        let folder = try TemporaryDirectory(prefix: "checkpoint-tls")
        try await OpenSSLDistrict.make(in: folder, station: "gate-9")
        let settings = TLSServerSettings(
            certificateChainPath: folder.file("server.pem"), privateKeyPath: folder.file("server.key"),
            clientCAPath: folder.file("ca.pem")
        )
        try await withServer(settings) { server async throws in
            let station = ["-cert", folder.file("station-gate-9.pem"), "-key", folder.file("station-gate-9.key")]
            let openssl = try await RealClients.openssl(
                port: server.port, ca: folder.file("ca.pem"), options: ["-tls1_3"] + station)
            #expect(openssl.status == 0, "\(openssl)")
            #expect(openssl.output.contains("station=gate-9"), "\(openssl)")
            let python = try await RealClients.python(
                port: server.port, ca: folder.file("ca.pem"), certificate: folder.file("station-gate-9.pem"),
                key: folder.file("station-gate-9.key"))
            #expect(python.output.contains("TLSv1.3 station=gate-9 ping"), "\(python)")
            let client = try await EchoClient(port: server.port, settings: TLSClientSettings(
                trustedCAPath: folder.file("ca.pem"), serverHostname: "localhost",
                certificateChainPath: folder.file("station-gate-9.pem"),
                privateKeyPath: folder.file("station-gate-9.key")))
            _ = try await client.nextLine()
            #expect(try await client.nextLine() == "station=gate-9")
            await client.close()
        }
    }

    @Test func clients_whenTheServerCertificateHasExpired_refuseIt() async throws {
        let district = try District(stations: [])
        let folder = district.folder
        try FileManager.default.removeItem(atPath: folder.file("server.pem"))
        try FileManager.default.removeItem(atPath: folder.file("server.key"))
        let now = Date()
        _ = try district.directory.issueServer(
            hosts: ["localhost", "127.0.0.1"],
            validity: CertificateValidity(notBefore: now - 10 * 86_400, notAfter: now - 86_400))
        try await withServer(district.serverSettings) { server async throws in
            #expect(try await nioFailure(port: server.port, district.clientSettings()) == .untrustedServer)
            let python = try await RealClients.python(port: server.port, ca: folder.file("ca.pem"))
            #expect(python.status == 3, "\(python)")
            #expect(python.output.contains("expired"), "\(python)")
            let openssl = try await RealClients.openssl(port: server.port, ca: folder.file("ca.pem"), options: [])
            #expect(openssl.status != 0, "\(openssl)")
            #expect(openssl.output.contains("certificate has expired"), "\(openssl)")
        }
    }

    @Test func clients_whenTheServerCertificateIsFromAnotherCA_refuseIt() async throws {
        let district = try District()
        let other = try District()
        try await withServer(other.serverSettings) { server async throws in
            #expect(try await nioFailure(port: server.port, district.clientSettings()) == .untrustedServer)
            let python = try await RealClients.python(port: server.port, ca: district.folder.file("ca.pem"))
            #expect(python.status == 3, "\(python)")
            #expect(python.output.contains("CERTIFICATE_VERIFY_FAILED"), "\(python)")
        }
    }

    @Test func clients_whenTheHostNameIsWrong_refuseIt() async throws {
        let district = try District(hosts: ["checkpointd.example"])
        try await withServer(district.serverSettings) { server async throws in
            #expect(try await nioFailure(port: server.port, district.clientSettings(host: "other.example"))
                == .wrongHostName)
            #expect(try await nioFailure(port: server.port, district.clientSettings(host: "127.0.0.1"))
                == .wrongHostName)
            #expect(try await nioFailure(port: server.port, district.clientSettings(host: "checkpointd.example"))
                == nil)
            let python = try await RealClients.python(
                port: server.port, ca: district.folder.file("ca.pem"), host: "other.example")
            #expect(python.status == 3, "\(python)")
        }
    }

    @Test func server_whenAClientCAIsSet_readsTheStationOfAGoodCertificate() async throws {
        let district = try District(stations: ["gate-1", "gate-2"])
        try await withServer(district.mutualSettings) { server async throws in
            for station in ["gate-1", "gate-2"] {
                let settings = district.clientSettings(station: station)
                let client = try await EchoClient(port: server.port, settings: settings)
                _ = try await client.nextLine()
                #expect(try await client.nextLine() == "station=\(station)")
                #expect(try await client.echo("ping") == "ping")
                await client.close()
            }
            let python = try await RealClients.python(
                port: server.port, ca: district.folder.file("ca.pem"),
                certificate: district.folder.file("station-gate-2.pem"),
                key: district.folder.file("station-gate-2.key"))
            #expect(python.output.contains("station=gate-2 ping"), "\(python)")
        }
    }

    @Test func server_whenAClientCAIsSet_refusesAClientWithoutCertificate() async throws {
        let district = try District()
        try await withServer(district.mutualSettings) { server async throws in
            #expect(try await nioFailure(port: server.port, district.clientSettings()) == .clientCertificateRefused)
            let python = try await RealClients.python(port: server.port, ca: district.folder.file("ca.pem"))
            #expect(python.status == 3, "\(python)")
            let openssl = try await RealClients.openssl(
                port: server.port, ca: district.folder.file("ca.pem"), options: ["-tls1_3"])
            #expect(!openssl.output.contains("station="), "\(openssl)")
            #expect(server.failures.withLockedValue { $0 }.contains(.clientCertificateRefused))
        }
    }

    @Test func server_whenAClientCAIsSet_refusesAnotherCAsStationCertificate() async throws {
        let district = try District()
        let other = try District(stations: ["gate-1"])
        try await withServer(district.mutualSettings) { server async throws in
            var settings = district.clientSettings()
            settings.certificateChainPath = other.folder.file("station-gate-1.pem")
            settings.privateKeyPath = other.folder.file("station-gate-1.key")
            #expect(try await nioFailure(port: server.port, settings) == .clientCertificateRefused)
            let python = try await RealClients.python(
                port: server.port, ca: district.folder.file("ca.pem"),
                certificate: other.folder.file("station-gate-1.pem"), key: other.folder.file("station-gate-1.key"))
            #expect(python.status == 3, "\(python)")
            // The server's own account: a station's certificate was refused, not an untrusted server.
            let failures = server.failures.withLockedValue { $0 }
            #expect(failures.contains(.clientCertificateRefused) && !failures.contains(.untrustedServer), "\(failures)")
        }
    }

    @Test func server_whenAClientCertificateHasExpired_refusesIt() async throws {
        let district = try District(stations: [])
        let now = Date()
        _ = try district.directory.issueStation(
            "gate-1", validity: CertificateValidity(notBefore: now - 10 * 86_400, notAfter: now - 86_400))
        try await withServer(district.mutualSettings) { server async throws in
            #expect(try await nioFailure(port: server.port, district.clientSettings(station: "gate-1"))
                == .clientCertificateRefused)
        }
    }

    @Test func reload_whenTheCertificateIsRotated_newConnectionsGetItAndOldOnesKeepWorking() async throws {
        let district = try District()
        let folder = district.folder
        try await withServer(district.serverSettings) { server async throws in
            let oldPrint = try EchoClient.fingerprint(ofPEMFile: folder.file("server.pem"))
            let old = try await EchoClient(port: server.port, settings: district.clientSettings())
            #expect(try await old.nextLine() == "server-cert=" + oldPrint)
            _ = try await old.nextLine()

            try FileManager.default.moveItem(atPath: folder.file("server.pem"), toPath: folder.file("old.pem"))
            try FileManager.default.moveItem(atPath: folder.file("server.key"), toPath: folder.file("old.key"))
            _ = try district.directory.issueServer(hosts: ["localhost"], validity: .days(10))
            let newPrint = try EchoClient.fingerprint(ofPEMFile: folder.file("server.pem"))
            #expect(newPrint != oldPrint)
            try server.store.reload()

            let new = try await EchoClient(port: server.port, settings: district.clientSettings())
            #expect(try await new.nextLine() == "server-cert=" + newPrint)
            #expect(try await old.echo("still here") == "still here")
            await new.close()

            // A broken key: the reload fails, the new certificate stays in force.
            try folder.write("broken.key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
            var broken = district.serverSettings
            broken.privateKeyPath = folder.file("broken.key")
            #expect(throws: TLSError.self) { try server.store.reload(broken) }
            let after = try await EchoClient(port: server.port, settings: district.clientSettings())
            #expect(try await after.nextLine() == "server-cert=" + newPrint)
            #expect(try await after.nextLine() == "station=-")
            #expect(try await after.echo("ok") == "ok")
            #expect(try await old.echo("and still") == "and still")
            await after.close()
            await old.close()
        }
    }
}
