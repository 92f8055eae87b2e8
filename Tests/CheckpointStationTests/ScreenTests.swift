import CheckpointTestSupport
import Glibc
import Testing

/// The interactive screen through a pseudo-terminal, in both languages (issue 5, acceptance 1, 2 and 4).
@Suite(.serialized)
struct ScreenTests {
    struct Words: Sendable {
        var pass: String
        var fever: String
        var quarantine: String
        var violation: String
        var offline: String
        var waitingOne: String
        /// The mode line after `x`, and the kind of the record it makes (issue 15: "outside the city", 市外).
        var outsideNext: String
        var outsideKind: String
    }

    static func words(_ language: Language) -> Words {
        switch language {
        case .english:
            Words(pass: "PASS", fever: "FEVER", quarantine: "NEW QUARANTINE until ", violation: "QUARANTINE VIOLATION",
                  offline: "saved offline — not checked", waitingOne: "waiting 1",
                  outsideNext: "[next ENTRY from outside the city (x cancels)]",
                  outsideKind: "in (from outside the city)")
        case .chinese:
            Words(pass: "通过", fever: "发烧", quarantine: "新隔离 至 ", violation: "违反隔离",
                  offline: "已离线保存 — 未核验", waitingOne: "待上传 1",
                  outsideNext: "[下一位来自市外（按 x 取消）]", outsideKind: "进（来自市外）")
        }
    }

    @Test(arguments: Language.allCases)
    func screen_showsEachVerdictInTheLanguageOfLang(language: Language) throws {
        let fixture = try StationFixture()
        let words = Self.words(language)
        // 13900139001 has been under quarantine for two hours: longer than the 1 h grace.
        let start = WallTime.rfc3339(WallTime.wholeSecondsAgo(2 * WallTime.hourMilliseconds))
        let added = try fixture.daemon.control().requestLine(
            #"{"cmd":"quarantine.add","person":"13900139001","start":"\#(start)","reason":"test"}"#)
        #expect(added.hasPrefix(#"{"ok":true"#), "\(added)")
        let terminal = try fixture.interactive(language)

        var mark = terminal.mark()
        terminal.type("13800138000\r")
        terminal.type("36.6\r")
        try terminal.waitForBand(.green, words.pass, after: mark)
        try terminal.waitFor("138****8000", after: mark)

        mark = terminal.mark()
        terminal.type("13800138001\r")
        terminal.type("385\r")
        try terminal.waitForBand(.red, words.fever, after: mark)
        #expect(terminal.bytes[mark...].contains(0x07), "a fever rings the terminal bell")

        let before = WallTime.rfc3339(WallTime.nowMilliseconds() + 14 * WallTime.dayMilliseconds).prefix(10)
        mark = terminal.mark()
        terminal.press("x")
        try terminal.waitFor(words.outsideNext, after: mark)
        mark = terminal.mark()
        terminal.type("13900139000\r")
        terminal.type("36.6\r")
        let after = WallTime.rfc3339(WallTime.nowMilliseconds() + 14 * WallTime.dayMilliseconds).prefix(10)
        let band = try terminal.waitForBand(.yellow, words.quarantine, after: mark)
        #expect(band == words.quarantine + before || band == words.quarantine + after, "the end date: \(band)")
        try terminal.waitFor("· " + words.outsideKind + " ·", after: mark)

        terminal.press("i")
        mark = terminal.mark()
        terminal.type("13900139001\r")
        terminal.type("\r")
        try terminal.waitForBand(.red, words.violation, after: mark)
        #expect(terminal.bytes[mark...].contains(0x07), "a violation rings the terminal bell")
        // The arrival is now in the recent list: its kind whole, with a gap before the verdict (it was cut at 10
        // columns and ran into it).
        try terminal.waitFor(words.outsideKind + "  ", after: mark)

        _ = try fixture.daemon.terminate()
        mark = terminal.mark()
        terminal.type("13800138009\r")
        terminal.type("36.4\r")
        try terminal.waitForBand(.blue, words.offline, after: mark)
        try terminal.waitFor(words.waitingOne, after: mark)

        terminal.type("\u{03}")
        #expect(terminal.exitStatus(within: 10) == 0)
        #expect(try fixture.stored() == (4, 4))
        #expect(fixture.spoolRecords().count == 1)
    }

    @Test func screen_keys_switchDirectionOnlyWhenAloneOnAnEmptyField() throws {
        let fixture = try StationFixture()
        let terminal = try fixture.interactive()
        terminal.press("o")
        try terminal.waitFor("[OUT]")
        var mark = terminal.mark()
        terminal.type("13800138000\r")
        terminal.type("\r")
        try terminal.waitForBand(.green, "PASS", after: mark)
        try terminal.waitFor("138****8000 · out", after: mark)

        // A scanner types a whole other: code at once: its "o" is text, not a command.
        mark = terminal.mark()
        terminal.type("other:E12345678\r36.6\r")
        try terminal.waitFor("other:E1******* · 36.6 °C · out", after: mark)

        // ":" on an empty field starts an other: ID by hand.
        terminal.press(":")
        mark = terminal.mark()
        terminal.type("P998877\r")
        terminal.type("\r")
        try terminal.waitFor("other:P9***** · out", after: mark)

        // A person scanned while the previous one waits for a temperature replaces it.
        terminal.press("t")
        mark = terminal.mark()
        terminal.type("13800138001\r")
        terminal.type("13800138002\r")
        try terminal.waitFor("the previous one had no temperature and was NOT recorded", after: mark)
        terminal.type("366\r")
        try terminal.waitFor("138****8002 · 36.6 °C · temp", after: mark)

        terminal.type("\u{03}")
        #expect(terminal.exitStatus(within: 10) == 0)
        let kinds = try SQLiteShell.query(
            fixture.daemon.databasePath, "SELECT kind, COUNT(*) FROM records GROUP BY kind")
        #expect(kinds == [["0", "1"], ["2", "3"]], "three EXIT, one TEMP; 13800138001 was not recorded")
    }

    @Test func screen_whenPersonIsMistyped_saysSoAndRecordsNothing() throws {
        let fixture = try StationFixture()
        let terminal = try fixture.interactive()
        var mark = terminal.mark()
        terminal.type("12345\r")
        try terminal.waitFor("not a valid phone number or ID", after: mark)
        mark = terminal.mark()
        terminal.type("13800138000\r")
        terminal.type("29.0\r")
        try terminal.waitFor("not a valid temperature", after: mark)
        terminal.type("\u{03}")
        #expect(terminal.exitStatus(within: 10) == 0)
        #expect(try fixture.stored() == (0, 0))
        #expect(fixture.spoolRecords().isEmpty)
    }

    @Test func screen_whenAFeverIsAnsweredLate_ringsAndNamesTheEarlierRecord() throws {
        let fixture = try StationFixture()
        _ = try fixture.daemon.terminate()
        let terminal = try fixture.interactive()
        terminal.type("13800138001\r")
        terminal.type("38.6\r")
        try terminal.waitFor("saved offline — not checked")
        // The next person is screened before the link returns; then the backlog goes and the fever comes back.
        terminal.type("13800138002\r")
        terminal.type("36.6\r")
        try terminal.waitFor("waiting 2")
        let mark = terminal.mark()
        try fixture.daemon.restart()
        try terminal.waitFor("earlier record 138****8001 · 38.6 °C", after: mark, seconds: 30)
        #expect(terminal.bytes[mark...].contains(0x07))
        try terminal.waitFor("fevers today 1", after: mark)
        terminal.type("\u{03}")
        #expect(terminal.exitStatus(within: 10) == 0)
    }

    @Test func screen_onSIGTERM_restoresTheTerminalAndSaysWhatWaits() throws {
        let fixture = try StationFixture()
        _ = try fixture.daemon.terminate()
        let terminal = try fixture.interactive()
        terminal.type("13800138001\r")
        terminal.type("36.6\r")
        try terminal.waitFor("waiting 1")
        terminal.signal(SIGTERM)
        #expect(terminal.exitStatus(within: 10) == 0)
        try terminal.waitFor("\u{1B}[?1049l")
        try terminal.waitFor("1 records wait in the spool")
        #expect(fixture.spoolRecords().count == 1)
    }

    @Test func screen_whenStdinIsNotATerminal_pointsToSend() throws {
        let fixture = try StationFixture()
        let result = try ChildProcess.run(
            try BuiltProduct.checkpointStation(), fixture.arguments(), environment: fixture.environment())
        #expect(result.code == 64)
        #expect(result.standardError.contains("checkpoint-station send FILE"))
    }
}
