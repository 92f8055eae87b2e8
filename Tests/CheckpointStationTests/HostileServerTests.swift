import CheckpointTestSupport
import Foundation
import Testing

/// What the terminal prints of a server's text is inert: a reply whose message carries escape sequences (to
/// retitle the window, clear the screen) reaches the volunteer's screen and the `rejected` file written visibly.
@Suite struct HostileServerTests {
    static let hostileMessage = "\u{1B}]0;pwned\u{07}\u{1B}[2J\u{C2}\u{9B}31m bad"

    @Test func send_whenTheServerRepliesWithEscapeSequences_printsThemVisibly() throws {
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
                "--spool", directory.file("spool"), "--backoff-max", "0.5", csv,
            ], environment: environment, seconds: 60)
        let printed = result.standardOutput + result.standardError
        #expect(result.code == 1, "\(printed)")
        #expect(printed.contains(#"E_PERSON: \x1B]0;pwned\x07\x1B[2J"#), "\(printed)")
        #expect(!printed.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B })
        let rejected = try String(contentsOfFile: directory.file("spool") + "/rejected", encoding: .utf8)
        #expect(rejected.contains(#"\x1B[2J"#), "\(rejected)")
        #expect(!rejected.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B })
        #expect(server.lines.contains { $0.hasPrefix("TEMP seq=") }, "\(server.lines)")
    }
}
