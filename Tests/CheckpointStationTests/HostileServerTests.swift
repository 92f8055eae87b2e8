import CheckpointTestSupport
import Foundation
import Testing

/// A reply whose message carries escape sequences (to retitle the window, clear the screen) is not one checkpointd
/// writes (the daemon escapes every control character): the terminal refuses it as a protocol error, prints
/// nothing of it raw, and keeps the record in the spool for a real daemon.
@Suite struct HostileServerTests {
    static let hostileMessage = "\u{1B}]0;pwned\u{07}\u{1B}[2J\u{C2}\u{9B}31m bad"

    @Test func send_whenTheServerRepliesWithControlCharacters_keepsTheRecordAndPrintsNothingRaw() throws {
        let run = try RefusingServer(
            code: "E_PERSON", message: Self.hostileMessage, locale: "en_US.UTF-8", prefix: "stn-hostile")
        let (result, directory, server, printed) = (run.result, run.directory, run.server, run.printed)
        #expect(result.code == 75, "\(printed)")
        #expect(printed.contains("waiting 1"), "\(printed)")
        #expect(!printed.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B })
        let spool = try String(contentsOfFile: directory.file("spool") + "/spool", encoding: .utf8)
        #expect(spool.contains("person=13800138000"), "the record is kept for a real daemon: \(spool)")
        #expect(!FileManager.default.fileExists(atPath: directory.file("spool") + "/rejected"))
        #expect(server.lines.contains { $0.hasPrefix("TEMP seq=") }, "\(server.lines)")
    }
}
