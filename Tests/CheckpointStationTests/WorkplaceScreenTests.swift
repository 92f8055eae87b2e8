import CheckpointTestSupport
import Testing

/// Issue 15, point 2, on the real terminal through a pseudo-terminal against the real daemon: at a workplace gate a
/// quarantined worker's temperature-only reading is a violation, shown as "未满14天 不得上岗" / "in quarantine: may
/// not start work"; the top bar says what kind of checkpoint it is.
@Suite(.serialized)
struct WorkplaceScreenTests {
    struct Words: Sendable {
        var mayNotStartWork: String
        var pass: String
        var violation: String
        var workplace: String
        var visit: String
    }

    static func words(_ language: Language) -> Words {
        switch language {
        case .english:
            Words(mayNotStartWork: "in quarantine: may not start work", pass: "PASS", violation: "QUARANTINE VIOLATION",
                  workplace: "st-1 · gate-1 (workplace) · ", visit: "st-1 · gate-1 (home visit) · ")
        case .chinese:
            Words(mayNotStartWork: "未满14天 不得上岗", pass: "通过", violation: "违反隔离",
                  workplace: "st-1 · gate-1 (单位卡点) · ", visit: "st-1 · gate-1 (入户走访) · ")
        }
    }

    static let worker = "13900139001"

    /// A daemon whose checkpoint `gate-1` has `kind` (set before the terminal starts), and `worker` under an order
    /// that started two hours ago.
    static func fixture(kind: String) throws -> StationFixture {
        let fixture = try StationFixture()
        let control = try fixture.daemon.control()
        let set = try control.requestLine(#"{"cmd":"checkpoint.set","id":"gate-1","kind":"\#(kind)"}"#)
        #expect(set.hasPrefix(#"{"ok":true"#), "\(set)")
        let start = WallTime.rfc3339(WallTime.wholeSecondsAgo(2 * WallTime.hourMilliseconds))
        let added = try control.requestLine(
            #"{"cmd":"quarantine.add","person":"\#(worker)","start":"\#(start)","reason":"test"}"#)
        #expect(added.hasPrefix(#"{"ok":true"#), "\(added)")
        return fixture
    }

    @Test(arguments: Language.allCases)
    func workplace_aQuarantinedWorkersTempReading_saysMayNotStartWork(language: Language) throws {
        let fixture = try Self.fixture(kind: "workplace")
        let words = Self.words(language)
        let terminal = try fixture.interactive(language)
        try terminal.waitFor(words.workplace)

        // TEMP only is the terminal's default mode: the reading a workplace gate takes.
        var mark = terminal.mark()
        terminal.type(Self.worker + "\r")
        terminal.type("36.6\r")
        let band = try terminal.waitForBand(.red, words.mayNotStartWork, after: mark)
        #expect(band == words.mayNotStartWork)
        #expect(terminal.bytes[mark...].contains(0x07), "it rings the bell")

        mark = terminal.mark()
        terminal.type("13800138000\r")
        terminal.type("36.6\r")
        try terminal.waitForBand(.green, words.pass, after: mark)

        terminal.type("\u{03}")
        #expect(terminal.exitStatus(within: 10) == 0)
        let verdicts = try SQLiteShell.query(fixture.daemon.databasePath, "SELECT verdict FROM records ORDER BY id")
        #expect(verdicts == [["2"], ["0"]], "the worker's TEMP is stored as a violation")
    }

    /// A compound gate keeps its rules (a TEMP passes) and its words (ENTRY: "QUARANTINE VIOLATION"); once the
    /// operator makes it a workplace, the terminal reconnects, learns it, and says "may not start work".
    @Test func aCompoundGateTurnedWorkplace_whileTheTerminalRuns_switchesItsWords() throws {
        let fixture = try Self.fixture(kind: "compound")
        let words = Self.words(.english)
        let terminal = try fixture.interactive()
        var mark = terminal.mark()
        terminal.type(Self.worker + "\r")
        terminal.type("36.6\r")
        try terminal.waitForBand(.green, words.pass, after: mark)

        terminal.press("i")
        mark = terminal.mark()
        terminal.type(Self.worker + "\r")
        terminal.type("\r")
        try terminal.waitForBand(.red, words.violation, after: mark)

        mark = terminal.mark()
        let set = try fixture.daemon.control().requestLine("checkpoint.set id=gate-1 kind=workplace")
        #expect(set.contains(#""reconnected":["st-1"]"#), "\(set)")
        try terminal.waitFor(words.workplace, after: mark, seconds: 30)

        terminal.press("t")
        mark = terminal.mark()
        terminal.type(Self.worker + "\r")
        terminal.type("36.6\r")
        try terminal.waitForBand(.red, words.mayNotStartWork, after: mark)
        terminal.type("\u{03}")
        #expect(terminal.exitStatus(within: 10) == 0)
    }

    /// A grid worker's home visit: reading a person under an order at home is no violation.
    @Test func visit_aQuarantinedPersonsReadingPasses() throws {
        let fixture = try Self.fixture(kind: "visit")
        let words = Self.words(.english)
        let terminal = try fixture.interactive()
        try terminal.waitFor(words.visit)
        let mark = terminal.mark()
        terminal.type(Self.worker + "\r")
        terminal.type("36.6\r")
        try terminal.waitForBand(.green, words.pass, after: mark)
        terminal.type("\u{03}")
        #expect(terminal.exitStatus(within: 10) == 0)
    }
}
