import CheckpointTestSupport
import Foundation
import Testing

/// `checkpointctl tls ...` run as the binary a clerk runs.
@Suite("checkpointctl tls")
struct CtlTLSCommandTests {
    private func checkpointctl() throws -> String {
        try BuiltProduct.checkpointctl()
    }

    @Test func ctl_whenMakingADistrict_writesEveryFileAndSaysSoInBothLanguages() async throws {
        let ctl = try checkpointctl()
        let folder = try TemporaryDirectory(prefix: "checkpoint-tls")
        let dir = folder.file("tls")
        let ca = try await ExternalCommand.run([
            ctl, "tls", "init-ca", "--dir", dir, "--name", "District 4", "--days", "90",
        ])
        #expect(ca.status == 0, "\(ca)")
        #expect(ca.output.contains("district CA made, valid 90 days / 已创建区级 CA"), "\(ca)")
        #expect(ca.output.contains(dir + "/ca.key  0600 private key / 私钥"), "\(ca)")
        let server = try await ExternalCommand.run([
            ctl, "tls", "server", "--dir", dir, "--host", "localhost", "127.0.0.1",
        ])
        #expect(server.status == 0, "\(server)")
        #expect(server.output.contains("for localhost, 127.0.0.1"), "\(server)")
        let station = try await ExternalCommand.run([ctl, "tls", "station", "gate-4", "--dir", dir, "--days", "30"])
        #expect(station.status == 0, "\(station)")
        let verify = try await ExternalCommand.run([
            "openssl", "verify", "-CAfile", dir + "/ca.pem", dir + "/server.pem", dir + "/station-gate-4.pem",
        ])
        #expect(verify.status == 0, "\(verify)")
        let subject = try await ExternalCommand.run([
            "openssl", "x509", "-noout", "-subject", "-in", dir + "/station-gate-4.pem",
        ])
        #expect(subject.output.contains("CN = gate-4"), "\(subject)")
    }

    @Test func ctl_whenAFileExists_exits1InBothLanguages() async throws {
        let ctl = try checkpointctl()
        let folder = try TemporaryDirectory(prefix: "checkpoint-tls")
        _ = try await ExternalCommand.run([ctl, "tls", "init-ca", "--dir", folder.path])
        let again = try await ExternalCommand.run([ctl, "tls", "init-ca", "--dir", folder.path])
        #expect(again.status == 1, "\(again)")
        #expect(again.output.contains("refusing to overwrite"), "\(again)")
        #expect(again.output.contains("文件已存在"), "\(again)")
    }

    @Test func ctl_whenArgumentsAreBad_exits2() async throws {
        let ctl = try checkpointctl()
        let folder = try TemporaryDirectory(prefix: "checkpoint-tls")
        _ = try await ExternalCommand.run([ctl, "tls", "init-ca", "--dir", folder.path])
        for arguments in [
            ["tls", "station", "bad id", "--dir", folder.path],
            ["tls", "server", "--dir", folder.path],
            ["tls", "server", "--dir", folder.path, "--host", "not a host"],
            ["tls", "station", "gate-1", "--dir", folder.path, "--days", "0"],
        ] {
            let result = try await ExternalCommand.run([ctl] + arguments)
            #expect(result.status == 2, "\(arguments): \(result)")
        }
        let noCA = try await ExternalCommand.run([ctl, "tls", "station", "gate-1", "--dir", folder.file("empty")])
        #expect(noCA.status == 1, "\(noCA)")
        #expect(noCA.output.contains("ca.pem"), "\(noCA)")
    }
}
