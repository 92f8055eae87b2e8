import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// Issue 13, acceptance 1: `checkpoint-station --server tls:HOST:PORT --tls-ca FILE` against the real daemon;
/// an untrusted server is refused in both languages and the records stay in the spool until it is fixed.
@Suite("checkpoint-station over TLS", .serialized)
struct TLSStationTests {
    /// Certificates made with the real `checkpointctl tls`: `<dir>/ca.pem`, `server.pem` for `hosts`, and station
    /// `st-1`'s.
    private static func district(_ directory: TemporaryDirectory, name: String, hosts: [String]) throws -> String {
        let ctl = try BuiltProduct.checkpointctl()
        let dir = directory.file(name)
        for arguments in [
            ["tls", "init-ca", "--dir", dir, "--name", "District \(name)"],
            ["tls", "server", "--dir", dir, "--host"] + hosts,
            ["tls", "station", "st-1", "--dir", dir],
        ] {
            let result = try ChildProcess.run(ctl, arguments)
            guard result.code == 0 else { throw TestSupportError("checkpointctl \(arguments): \(result.standardError)") }
        }
        return dir
    }

    private struct Setup {
        let daemon: DaemonProcess
        let directory: TemporaryDirectory
        let district: String
        let tlsPort: Int
        let tokenFile: String

        init(clientCA: Bool = false, hosts: [String] = ["localhost", "127.0.0.1"]) throws {
            directory = try TemporaryDirectory(prefix: "stntls")
            district = try TLSStationTests.district(directory, name: "d", hosts: hosts)
            tlsPort = try FreePort.tcp()
            var arguments = [
                "--listen", "tls:127.0.0.1:\(tlsPort)", "--tls-cert", district + "/server.pem",
                "--tls-key", district + "/server.key",
            ]
            if clientCA { arguments += ["--tls-client-ca", district + "/ca.pem"] }
            daemon = try DaemonProcess(arguments: arguments)
            try daemon.start()
            let token = try daemon.registerStation(station: "st-1")
            tokenFile = try directory.write(token + "\n", to: "token")
            chmod(tokenFile, 0o600)
        }

        func send(_ csv: String, host: String = "localhost", ca: String? = nil, extra: [String] = [],
            language: String = "en_US.UTF-8") throws -> CompletedProcess
        {
            let file = try directory.write(csv, to: "input-\(UInt32.random(in: 0...UInt32.max)).csv")
            var environment = ChildProcess.cleanEnvironment(adding: ["LANG": language, "LC_ALL": language, "TZ": "UTC"])
            environment["CHECKPOINT_TOKEN"] = nil
            return try ChildProcess.run(
                try BuiltProduct.checkpointStation(),
                [
                    "send", "--server", "tls:\(host):\(tlsPort)", "--tls-ca", ca ?? district + "/ca.pem",
                    "--station", "st-1", "--token-file", tokenFile, "--spool", directory.file("spool"),
                    "--backoff-max", "0.5", "--retry-for", "5",
                ] + extra + [file],
                environment: environment, seconds: 120)
        }
    }

    private static let twoRecords = "TEMP,13800138000,36.6,,\nTEMP,13800138001,36.7,,\n"

    @Test func send_overTLS_recordsLand() throws {
        let setup = try Setup()
        let result = try setup.send(Self.twoRecords)
        #expect(result.code == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(try setup.daemon.storedSeqs()["st-1"]?.count == 2)
    }

    @Test func send_whenTheServerIsFromAnotherCA_refusesInBothLanguagesAndKeepsTheRecordsUntilFixed() throws {
        let setup = try Setup()
        let other = try Self.district(setup.directory, name: "other", hosts: ["localhost"])
        let english = try setup.send(Self.twoRecords, ca: other + "/ca.pem")
        #expect(english.code == 75, "\(english.standardOutput)\(english.standardError)")
        #expect(english.standardError.contains("is NOT TRUSTED: its certificate was not issued by the district CA"),
            "\(english.standardError)")
        #expect(english.standardError.contains("nothing is lost"), "\(english.standardError)")
        let chinese = try setup.send("", ca: other + "/ca.pem", language: "zh_CN.UTF-8")
        #expect(chinese.code == 75, "\(chinese.standardOutput)\(chinese.standardError)")
        #expect(chinese.standardError.contains("不可信：其证书不是区级 CA（--tls-ca）签发的"), "\(chinese.standardError)")
        #expect(try setup.daemon.storedSeqs()["st-1"] == nil)
        // Fixed: the right CA; the two records waiting in the spool are sent.
        let fixed = try setup.send("")
        #expect(fixed.code == 0, "\(fixed.standardOutput)\(fixed.standardError)")
        #expect(try setup.daemon.storedSeqs()["st-1"]?.count == 2)
    }

    @Test func send_whenTheServerCertificateIsForAnotherHost_refusesIt() throws {
        let setup = try Setup(hosts: ["localhost"])
        let result = try setup.send(Self.twoRecords, host: "127.0.0.1")
        #expect(result.code == 75, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardError.contains("made for another host name or address"), "\(result.standardError)")
        #expect(try setup.daemon.storedSeqs()["st-1"] == nil)
    }

    @Test func send_whenTheDaemonWantsAClientCertificate_needsTheStationsOwn() throws {
        let setup = try Setup(clientCA: true)
        let without = try setup.send(Self.twoRecords)
        #expect(without.code == 75, "\(without.standardOutput)\(without.standardError)")
        #expect(without.standardError.contains("refused this station's certificate"), "\(without.standardError)")
        let with = try setup.send(
            "", extra: ["--tls-cert", setup.district + "/station-st-1.pem", "--tls-key", setup.district + "/station-st-1.key"])
        #expect(with.code == 0, "\(with.standardOutput)\(with.standardError)")
        #expect(try setup.daemon.storedSeqs()["st-1"]?.count == 2)
    }

    @Test func send_whenTLSOptionsDoNotFit_saysWhatToGive() throws {
        let setup = try Setup()
        let noCA = try ChildProcess.run(
            try BuiltProduct.checkpointStation(),
            ["send", "--server", "tls:localhost:\(setup.tlsPort)", "--station", "st-1", "--token-file", setup.tokenFile,
             "/dev/null"])
        #expect(noCA.code == 64, "\(noCA.standardError)")
        #expect(noCA.standardError.contains("needs --tls-ca FILE"), "\(noCA.standardError)")
        let plain = try ChildProcess.run(
            try BuiltProduct.checkpointStation(),
            ["send", "--server", "tcp:127.0.0.1:\(setup.daemon.tcpPort)", "--tls-ca", setup.district + "/ca.pem",
             "--station", "st-1", "--token-file", setup.tokenFile, "/dev/null"])
        #expect(plain.code == 64, "\(plain.standardError)")
        #expect(plain.standardError.contains("go with --server tls:HOST:PORT"), "\(plain.standardError)")
    }
}
