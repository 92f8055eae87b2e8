import CheckpointTestSupport
import CheckpointTLS
import Foundation
import Testing

/// Issue 13, acceptance 1: the real daemon serves stations over TLS (`tls:HOST:PORT`, `tls_cert`, `tls_key`,
/// optional `tls_client_ca`), to real clients.
@Suite("checkpointd over TLS", .serialized)
struct DaemonTLSTests {
    @Test func daemon_whenOpensslSaysHelloOverTLS13_answersOKHello() async throws {
        let district = try District()
        let server = try TLSDaemon(folder: district.folder)
        let token = try server.register("st-1")
        let result = try await StationOverTLS.openssl(
            port: server.tlsPort, ca: district.folder.file("ca.pem"), lines: ["HELLO station=st-1 token=\(token)"],
            options: ["-tls1_3"])
        #expect(result.output.contains("Protocol version: TLSv1.3"), "\(result)")
        #expect(result.output.contains("Verification: OK"), "\(result)")
        #expect(result.output.contains("OK HELLO station=st-1"), "\(result)")
    }

    @Test func daemon_whenPythonSendsARecordOverTLS_storesIt() async throws {
        let district = try District()
        let server = try TLSDaemon(folder: district.folder)
        let token = try server.register("st-1")
        let result = try await StationOverTLS.python(
            port: server.tlsPort, ca: district.folder.file("ca.pem"),
            lines: ["HELLO station=st-1 token=\(token)", passingTemp(seq: 1, person: 1)])
        #expect(result.status == 0, "\(result)")
        #expect(result.output.contains("OK HELLO station=st-1"), "\(result)")
        #expect(result.output.contains("OK seq=1"), "\(result)")
        #expect(result.output.contains("TLSv1.3"), "\(result)")
        #expect(try server.daemon.storedSeqs()["st-1"] == [1])
    }

    @Test func daemon_whenHelloOverTLSHasAWrongToken_refusesIt() async throws {
        let district = try District()
        let server = try TLSDaemon(folder: district.folder)
        _ = try server.register("st-1")
        let result = try await StationOverTLS.python(
            port: server.tlsPort, ca: district.folder.file("ca.pem"), lines: ["HELLO station=st-1 token=wrong"])
        #expect(result.output.contains("code=E_AUTH"), "\(result)")
    }

    @Test func daemon_withOpenSSLMadeCertificatesAndClientCA_servesTheNamedStation() async throws {
        let folder = try TemporaryDirectory(prefix: "checkpoint-tls-openssl")
        try await OpenSSLDistrict.make(in: folder, station: "gate-7")
        let server = try TLSDaemon(folder: folder, clientCA: true)
        let token = try server.register("gate-7")
        let result = try await StationOverTLS.python(
            port: server.tlsPort, ca: folder.file("ca.pem"), certificate: folder.file("station-gate-7.pem"),
            key: folder.file("station-gate-7.key"),
            lines: ["HELLO station=gate-7 token=\(token)", passingTemp(seq: 4, person: 2)])
        #expect(result.status == 0, "\(result)")
        #expect(result.output.contains("OK HELLO station=gate-7"), "\(result)")
        #expect(try server.daemon.storedSeqs()["gate-7"] == [4])
    }

    @Test func daemon_whenACertificateForStationAHelloesAsB_refusesWithEAuth() async throws {
        let district = try District(stations: ["gate-1", "gate-2"])
        let server = try TLSDaemon(folder: district.folder, clientCA: true)
        _ = try server.register("gate-1")
        let tokenB = try server.register("gate-2")
        let folder = district.folder
        let result = try await StationOverTLS.python(
            port: server.tlsPort, ca: folder.file("ca.pem"), certificate: folder.file("station-gate-1.pem"),
            key: folder.file("station-gate-1.key"), lines: ["HELLO station=gate-2 token=\(tokenB)"])
        #expect(result.output.contains("ERR seq=- code=E_AUTH"), "\(result)")
        #expect(result.output.contains("certificate is for station gate-1, not gate-2"), "\(result)")
        #expect(try server.daemon.storedSeqs()["gate-2"] == nil)
        // Its own certificate is accepted, and the token is still checked.
        let own = try await StationOverTLS.python(
            port: server.tlsPort, ca: folder.file("ca.pem"), certificate: folder.file("station-gate-2.pem"),
            key: folder.file("station-gate-2.key"), lines: ["HELLO station=gate-2 token=\(tokenB)"])
        #expect(own.output.contains("OK HELLO station=gate-2"), "\(own)")
        let badToken = try await StationOverTLS.python(
            port: server.tlsPort, ca: folder.file("ca.pem"), certificate: folder.file("station-gate-2.pem"),
            key: folder.file("station-gate-2.key"), lines: ["HELLO station=gate-2 token=wrong"])
        #expect(badToken.output.contains("ERR seq=- code=E_AUTH"), "\(badToken)")
    }

    @Test func daemon_withClientCA_refusesAClientWithoutOrWithAForeignCertificate() async throws {
        let district = try District()
        let foreign = try District(stations: ["gate-1"])
        let server = try TLSDaemon(folder: district.folder, clientCA: true)
        let token = try server.register("gate-1")
        let hello = ["HELLO station=gate-1 token=\(token)"]
        let without = try await StationOverTLS.python(
            port: server.tlsPort, ca: district.folder.file("ca.pem"), lines: hello)
        #expect(without.status == 3, "\(without)")
        #expect(!without.output.contains("OK HELLO"), "\(without)")
        let other = try await StationOverTLS.python(
            port: server.tlsPort, ca: district.folder.file("ca.pem"),
            certificate: foreign.folder.file("station-gate-1.pem"), key: foreign.folder.file("station-gate-1.key"),
            lines: hello)
        #expect(other.status == 3, "\(other)")
        #expect(!other.output.contains("OK HELLO"), "\(other)")
        #expect(server.daemon.stderrText.contains("TLS connection refused"), "\(server.daemon.stderrText)")
    }

    @Test func daemon_withClientCA_refusesAnExpiredStationCertificate() async throws {
        let district = try District(stations: [])
        let now = Date()
        _ = try district.directory.issueStation(
            "gate-1", validity: CertificateValidity(notBefore: now - 10 * 86_400, notAfter: now - 86_400))
        let server = try TLSDaemon(folder: district.folder, clientCA: true)
        let token = try server.register("gate-1")
        let result = try await StationOverTLS.python(
            port: server.tlsPort, ca: district.folder.file("ca.pem"),
            certificate: district.folder.file("station-gate-1.pem"), key: district.folder.file("station-gate-1.key"),
            lines: ["HELLO station=gate-1 token=\(token)"])
        #expect(result.status == 3, "\(result)")
        #expect(!result.output.contains("OK HELLO"), "\(result)")
    }

    @Test func clients_whenTheDaemonsCertificateIsExpiredForeignOrForAnotherHost_refuseIt() async throws {
        let district = try District(hosts: ["checkpointd.example"], stations: [])
        let now = Date()
        // Expired: a second server certificate in a folder of its own, signed by the same CA.
        let expired = try TemporaryDirectory(prefix: "checkpoint-tls-expired")
        let authority = try district.directory.loadAuthority()
        let old = try authority.issueServerCertificate(
            hosts: ["localhost", "127.0.0.1"],
            validity: CertificateValidity(notBefore: now - 10 * 86_400, notAfter: now - 86_400))
        try expired.write("server.pem", try old.certificatePEM())
        try expired.write("server.key", old.privateKeyPEM)
        let foreign = try District()
        let cases: [(name: String, folder: TemporaryDirectory, fragment: String)] = [
            ("expired", expired, "expired"),
            ("another CA", foreign.folder, "certificate verify failed"),
            ("wrong host", district.folder, "certificate verify failed"),
        ]
        for entry in cases {
            let server = try TLSDaemon(folder: entry.folder)
            let token = try server.register("st-1")
            let result = try await StationOverTLS.python(
                port: server.tlsPort, ca: district.folder.file("ca.pem"), lines: ["HELLO station=st-1 token=\(token)"])
            #expect(result.status == 3, "\(entry.name): \(result)")
            #expect(result.output.contains(entry.fragment), "\(entry.name): \(result)")
            let openssl = try await StationOverTLS.openssl(
                port: server.tlsPort, ca: district.folder.file("ca.pem"),
                lines: ["HELLO station=st-1 token=\(token)"], options: ["-tls1_3"])
            #expect(!openssl.output.contains("OK HELLO"), "\(entry.name): \(openssl)")
            #expect(try server.daemon.storedSeqs()["st-1"] == nil)
        }
    }
}
