import CheckpointTestSupport
import CheckpointTLS
import Foundation
import Testing

/// Issue 13, acceptance 1: certificates are re-read on reload without dropping connections; a bad new file keeps
/// the old certificate; a `tls:` listener without a certificate stops the start.
@Suite("checkpointd TLS reload and start-up", .serialized)
struct DaemonTLSReloadTests {
    /// The fingerprint of the certificate a new connection to `port` is shown.
    private func presented(port: Int, district: District) async throws -> String {
        let client = try await EchoClient(port: port, settings: district.clientSettings())
        let first: String
        do {
            first = try await client.nextLine()
        } catch {
            await client.close()
            throw error
        }
        await client.close()
        return String(first.dropFirst("server-cert=".count))
    }

    private func reload(_ daemon: DaemonProcess) throws -> String {
        let control = try daemon.control()
        defer { control.close() }
        // The summary as the reply line carries it (JSON: no quotes or backslashes in it here).
        return try control.requestLine("reload")
    }

    /// Moves the server pair away and issues a new one for the same hosts (same CA, same paths).
    private func reissue(_ district: District, round: Int) throws {
        let folder = district.folder
        try FileManager.default.moveItem(atPath: folder.file("server.pem"), toPath: folder.file("old-\(round).pem"))
        try FileManager.default.moveItem(atPath: folder.file("server.key"), toPath: folder.file("old-\(round).key"))
        _ = try district.directory.issueServer(hosts: ["localhost", "127.0.0.1"], validity: .days(30))
    }

    @Test func reload_whenTheCertificateWasReplaced_servesTheNewOneAndKeepsOpenConnections() async throws {
        let district = try District()
        let server = try TLSDaemon(folder: district.folder)
        let token = try server.register("st-1")
        let firstPrint = try EchoClient.fingerprint(ofPEMFile: district.folder.file("server.pem"))
        #expect(try await presented(port: server.tlsPort, district: district) == firstPrint)

        let open = try await EchoClient(port: server.tlsPort, settings: district.clientSettings())
        _ = try await open.nextLine()
        #expect(try await open.echo("HELLO station=st-1 token=\(token)").hasPrefix("OK HELLO"))

        try reissue(district, round: 1)
        let secondPrint = try EchoClient.fingerprint(ofPEMFile: district.folder.file("server.pem"))
        #expect(secondPrint != firstPrint)
        let summary = try reload(server.daemon)
        #expect(summary.contains("TLS certificates re-read"), "\(summary)")
        #expect(try await presented(port: server.tlsPort, district: district) == secondPrint)
        // The connection opened before the reload still works, on its old session.
        #expect(try await open.echo(passingTemp(seq: 1, person: 1)).hasPrefix("OK seq=1"))

        // A broken new file: the reload says so and the second certificate stays in force.
        try FileManager.default.removeItem(atPath: district.folder.file("server.pem"))
        try district.folder.write("server.pem", "not a certificate\n")
        let refused = try reload(server.daemon)
        #expect(refused.contains("the old certificate stays in force"), "\(refused)")
        #expect(refused.contains("tls_cert"), "\(refused)")
        #expect(server.daemon.stderrText.contains("TLS certificates not reloaded"))
        #expect(try await presented(port: server.tlsPort, district: district) == secondPrint)
        #expect(try await open.echo(passingTemp(seq: 2, person: 2)).hasPrefix("OK seq=2"))
        await open.close()
        #expect(try server.daemon.storedSeqs()["st-1"] == [1, 2])
    }

    @Test func start_whenATLSListenerHasNoCertificate_exits78AndSaysWhatToSet() throws {
        let daemon = try DaemonProcess(arguments: ["--listen", "tls:127.0.0.1:\(try FreePort.tcp())"])
        try daemon.spawn()
        let status = daemon.exitStatus(within: 30)
        #expect(status == .exited(78), "\(String(describing: status)): \(daemon.stderrText)")
        #expect(daemon.stderrText.contains("set tls_cert and tls_key"), "\(daemon.stderrText)")
    }

    @Test func start_whenOnlyTheCertificateIsSet_exits78AndAsksForTheKey() throws {
        let district = try District()
        let daemon = try DaemonProcess(arguments: ["--tls-cert", district.folder.file("server.pem")])
        try daemon.spawn()
        let status = daemon.exitStatus(within: 30)
        #expect(status == .exited(78), "\(String(describing: status)): \(daemon.stderrText)")
        #expect(daemon.stderrText.contains("tls_cert needs tls_key"), "\(daemon.stderrText)")
    }

    @Test func start_whenTheCertificateFileIsUnusable_exitsOneNamingTheFile() throws {
        let district = try District()
        try district.folder.write("empty.pem", "nothing here\n")
        let daemon = try DaemonProcess(arguments: [
            "--listen", "tls:127.0.0.1:\(try FreePort.tcp())", "--tls-cert", district.folder.file("empty.pem"),
            "--tls-key", district.folder.file("server.key"),
        ])
        try daemon.spawn()
        let status = daemon.exitStatus(within: 30)
        #expect(status == .exited(1), "\(String(describing: status)): \(daemon.stderrText)")
        #expect(daemon.stderrText.contains("tls_cert \(district.folder.file("empty.pem"))"), "\(daemon.stderrText)")
    }
}
