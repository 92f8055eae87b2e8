import CheckpointTestSupport
import Foundation
import Testing

/// Issue "trust", point 6: text that reaches a terminal is inert. A station's `note` and every control string
/// argument refuse C0/C1 control characters and DEL; a reason must say something once trimmed; whatever is stored
/// anyway (rows from before the rule) is printed escaped; CSV cells that a spreadsheet would run are neutralised.
@Suite struct InertTextTests {
    /// Raw bytes inside a quoted note: ESC (a screen clear), DEL, a C1 CSI (U+009B as UTF-8) and a NUL.
    static let hostileNotes: [(name: String, bytes: [UInt8])] = [
        ("ESC", Array("\u{1B}[2J".utf8)),
        ("DEL", [0x61, 0x7F, 0x62]),
        ("C1 CSI", [0xC2, 0x9B, 0x33, 0x31, 0x6D]),
        ("NUL", [0x61, 0x00, 0x62]),
        ("BEL", [0x07]),
    ]

    @Test(arguments: 0..<hostileNotes.count)
    func stationNote_withAControlCharacter_isRefusedWithEFieldAndNothingIsStored(index: Int) throws {
        let (name, bytes) = Self.hostileNotes[index]
        let centre = try Centre()
        let session = try centre.station()
        let line = Array("TEMP seq=1 person=13800138000 temp=39.1 note=\"".utf8) + bytes + Array("\"\n".utf8)
        try session.sendRaw(line)
        let reply = try #require(try session.readLine(timeout: 10), "no reply to a note with \(name)")
        #expect(reply.hasPrefix("ERR seq=1 code=E_FIELD "), "\(name): \(reply)")
        #expect(reply.contains("note must not contain control characters"), "\(name): \(reply)")
        // The reply itself is inert: the character is named, not echoed.
        #expect(!reply.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "\(reply)")
        let stored = try centre.daemon.storedSeqs()
        #expect(stored["st-1", default: []].isEmpty, "\(name): \(stored)")
        // The session goes on: the same seq with a clean note is stored.
        let clean = try session.request("TEMP seq=1 person=13800138000 temp=39.1 note=\"north gate\"")
        #expect(clean.hasPrefix("OK seq=1 "), "\(clean)")
    }

    @Test func controlArguments_withControlCharacters_areRefusedWithEArg() throws {
        let centre = try Centre()
        let reply = try centre.send("TEMP", "person=13800138000 temp=39.1")
        let alert = try centre.alert(of: reply)
        let cases: [(String, [String: Any])] = [
            ("ack", ["id": alert, "note": "done\u{1B}]0;pwned\u{07}"]),
            ("ack", ["id": alert, "by": "a\u{7F}"]),
            ("checkpoint.add", ["id": "gate-9", "grid": "g1", "name": "North\u{9B}31m"]),
            ("trace", ["person": "13800138000", "reason": "case\u{0}hidden"]),
            ("quarantine.add", ["person": "13800138000", "note": "line\nbreak"]),
        ]
        for (command, arguments) in cases {
            let answer = try centre.control.ask(command, arguments)
            #expect(!answer.ok, "\(command) \(arguments): \(answer)")
            #expect(answer.errorCode == "E_ARG", "\(command): \(answer)")
            #expect(answer.errorMessage.contains("must not contain control characters"), "\(command): \(answer)")
        }
        // Nothing was changed by the refused requests.
        let alerts = try centre.control.must("alerts", ["state": "open"])
        #expect(alerts.items.contains { ($0["id"] as? Int) == alert }, "\(alerts)")
        let checkpoints = try centre.control.must("checkpoints")
        #expect(!checkpoints.items.contains { ($0["id"] as? String) == "gate-9" }, "\(checkpoints)")
    }

    @Test(arguments: ["", " ", "\t", " \u{3000} ", "\u{A0}"])
    func reason_emptyOnceTrimmed_isRefusedWithEArg(reason: String) throws {
        let centre = try Centre()
        try centre.send("TEMP", "person=13800138000 temp=36.6")
        let answer = try centre.control.ask("trace", ["person": "13800138000", "reason": reason])
        #expect(answer.errorCode == "E_ARG", "\(answer)")
        let audit = try centre.control.must("audit")
        #expect(audit.items.isEmpty, "a refused trace left an audit row: \(audit)")
    }

    @Test func unknownCommand_withAnEscape_isEchoedEscaped() throws {
        let centre = try Centre()
        let answer = try centre.control.ask("x\u{1B}[2J", [:])
        #expect(answer.errorCode == "E_UNKNOWN_CMD", "\(answer)")
        #expect(answer.errorMessage.contains(#"x\x1B[2J"#), "\(answer)")
    }

    @Test func export_csvCellsThatStartAFormula_areNeutralised() throws {
        let centre = try Centre()
        try centre.send("TEMP", #"person=13800138000 temp=36.6 note="=HYPERLINK(\"http://x\",\"y\")""#)
        try centre.send("TEMP", "person=13900139000 temp=36.7 note=+1+2")
        try centre.send("TEMP", "person=13700137000 temp=36.8 note=-3")
        try centre.send("TEMP", "person=13600136000 temp=36.9 note=@SUM(A1)")
        try centre.send("TEMP", "person=13500135000 temp=36.5 note=plain")
        let since = WallTime.rfc3339(ago(WallTime.hourMilliseconds))
        try centre.control.connection.send(#"export since=\#(since) reason="csv check""#)
        let (lines, final) = try readStream(centre.control)
        #expect(final.ok, "\(final)")
        let notes = lines.dropFirst().compactMap { ExportTests.csvFields($0)?[7] }
        #expect(
            Set(notes) == [#"'=HYPERLINK("http://x","y")"#, "'+1+2", "'-3", "'@SUM(A1)", "plain"], "\(lines)")
    }

    /// A row stored before the rule (written here with the sqlite3 shell) is printed by `checkpointctl` with its
    /// control characters visible, never as raw bytes.
    @Test func checkpointctlRecords_showsAStoredControlCharacterEscaped() throws {
        let centre = try Centre()
        try centre.send("TEMP", "person=13800138000 temp=36.6 note=placeholder")
        let update = try ChildProcess.run(
            "/usr/bin/sqlite3",
            [centre.daemon.databasePath, "UPDATE records SET note = 'a' || char(27) || '[2J' || char(155) || 'b';"])
        #expect(update.code == 0, "\(update.standardError)")
        let ctl = try ChildProcess.run(
            try BuiltProduct.checkpointctl(), ["records", "--checkpoint", "gate-1"],
            environment: ["PATH": "/usr/bin:/bin", "CHECKPOINTD_CONTROL": centre.daemon.controlSocketPath])
        #expect(ctl.code == 0, "\(ctl.standardError)")
        #expect(ctl.standardOutput.contains(#"a\x1B[2J\x9Bb"#), "\(ctl.standardOutput)")
        #expect(!ctl.standardOutput.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B })
    }
}
