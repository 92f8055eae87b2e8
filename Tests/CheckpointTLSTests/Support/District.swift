import CheckpointTLS
import CheckpointTestSupport
import Foundation
import Glibc

/// The tests' own file helpers on test support's one temporary directory.
extension TemporaryDirectory {
    func write(_ name: String, _ text: String) throws {
        _ = try write(text, to: name)
    }

    func read(_ name: String) throws -> String {
        try String(contentsOfFile: file(name), encoding: .utf8)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A district made with the tool: `ca.pem`/`ca.key`, `server.pem`/`server.key` for localhost and 127.0.0.1, and
/// `station-gate-1.pem`/`.key`.
struct District {
    let folder: TemporaryDirectory
    var directory: CertificateDirectory { CertificateDirectory(path: folder.path) }

    init(hosts: [String] = ["localhost", "127.0.0.1"], stations: [String] = ["gate-1"]) throws {
        folder = try TemporaryDirectory(prefix: "checkpoint-tls")
        let directory = CertificateDirectory(path: folder.path)
        _ = try directory.createAuthority(name: "Test District CA", validity: .days(30))
        _ = try directory.issueServer(hosts: hosts, validity: .days(30))
        for station in stations {
            _ = try directory.issueStation(station, validity: .days(30))
        }
    }

    var serverSettings: TLSServerSettings {
        TLSServerSettings(certificateChainPath: folder.file("server.pem"), privateKeyPath: folder.file("server.key"))
    }

    var mutualSettings: TLSServerSettings {
        TLSServerSettings(
            certificateChainPath: folder.file("server.pem"), privateKeyPath: folder.file("server.key"),
            clientCAPath: folder.file("ca.pem")
        )
    }

    func clientSettings(host: String = "localhost", station: String? = nil) -> TLSClientSettings {
        TLSClientSettings(
            trustedCAPath: folder.file("ca.pem"), serverHostname: host,
            certificateChainPath: station.map { folder.file("station-\($0).pem") },
            privateKeyPath: station.map { folder.file("station-\($0).key") }
        )
    }
}
