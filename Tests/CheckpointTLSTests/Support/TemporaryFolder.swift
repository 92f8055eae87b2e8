import CheckpointTLS
import Foundation
import Glibc

/// A fresh directory under the system's temporary directory, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() throws {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        var template = Array((base + "/checkpoint-tls-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp failed") }
        path = String(cString: made)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: file(name), atomically: false, encoding: .utf8)
    }

    func read(_ name: String) throws -> String {
        try String(contentsOfFile: file(name), encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A district made with the tool: `ca.pem`/`ca.key`, `server.pem`/`server.key` for localhost and 127.0.0.1, and
/// `station-gate-1.pem`/`.key`.
struct District {
    let folder: TemporaryFolder
    var directory: CertificateDirectory { CertificateDirectory(path: folder.path) }

    init(hosts: [String] = ["localhost", "127.0.0.1"], stations: [String] = ["gate-1"]) throws {
        folder = try TemporaryFolder()
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
