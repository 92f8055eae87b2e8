import CheckpointTestSupport
import Foundation
import Testing

/// A reply whose message carries escape sequences (to retitle the window, clear the screen) is not one checkpointd
/// writes (the daemon escapes every control character): the terminal refuses it as a protocol error, prints
/// nothing of it raw, and keeps the record in the spool for a real daemon.
@Suite struct HostileServerTests {
    static let hostileMessage = "\u{1B}]0;pwned\u{07}\u{1B}[2J\u{C2}\u{9B}31m bad"

    @Test func send_whenTheServerRepliesWithControlCharacters_keepsTheRecordAndPrintsNothingRaw() throws {
        let server = try ScriptedStationServer { line in
            if line.hasPrefix("HELLO ") {
                return "OK HELLO station=st-1 checkpoint=gate-1 proto=1 server=checkpointd/1.0.0 fever=37.3"
            }
            let seq = line.split(separator: " ").first { $0.hasPrefix("seq=") }?.dropFirst(4) ?? "-"
            return "ERR seq=\(seq) code=E_PERSON msg=\"\(HostileServerTests.hostileMessage)\""
        }
        let directory = try TemporaryDirectory(prefix: "stn-hostile")
        let tokenFile = try directory.write("0123456789abcdef0123456789abcdef\n", to: "token")
        chmod(tokenFile, 0o600)
        let csv = try directory.write("TEMP,13800138000,36.6\n", to: "input.csv")
        let environment = ChildProcess.cleanEnvironment(adding: ["LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8"])
        let result = try ChildProcess.run(
            try BuiltProduct.checkpointStation(),
            [
                "send", "--server", "tcp:127.0.0.1:\(server.port)", "--station", "st-1", "--token-file", tokenFile,
                "--spool", directory.file("spool"), "--backoff-max", "0.5", "--retry-for", "3", csv,
            ], environment: environment, seconds: 60)
        let printed = result.standardOutput + result.standardError
        #expect(result.code == 75, "\(printed)")
        #expect(printed.contains("waiting 1"), "\(printed)")
        #expect(!printed.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B })
        let spool = try String(contentsOfFile: directory.file("spool") + "/spool", encoding: .utf8)
        #expect(spool.contains("person=13800138000"), "the record is kept for a real daemon: \(spool)")
        #expect(!FileManager.default.fileExists(atPath: directory.file("spool") + "/rejected"))
        #expect(server.lines.contains { $0.hasPrefix("TEMP seq=") }, "\(server.lines)")
    }
}
