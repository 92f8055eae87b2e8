import Testing

/// Colour only on a terminal, and never with `NO_COLOR` set (https://no-color.org).
struct ColourTests {
    static let escape = "\u{1B}["

    @Test func colour_whenStdoutIsNotATerminal_isOff() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(["station", "list"], replies: [.line(Replies.stations)])
        #expect(run.status == 0)
        #expect(!run.stdout.contains(Self.escape))
    }

    @Test func colour_onATerminal_paintsStatesAndDimsRevokedRows() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(["station", "list"], replies: [.line(Replies.stations)], onTerminal: true)
        #expect(run.status == 0)
        #expect(run.stdout.contains("\u{1B}[1mID\u{1B}[0m"))
        #expect(run.stdout.contains("\u{1B}[32mconnected\u{1B}[0m"))
        #expect(run.stdout.contains("\u{1B}[2mold-1\u{1B}[0m"))
        #expect(run.stdout.contains("\u{1B}[33m4-6,10\u{1B}[0m"))
    }

    @Test func colour_onATerminal_paintsDegradedHealthRed() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["status"],
            replies: [.line(Replies.version), .line(Replies.degraded)],
            onTerminal: true
        )
        #expect(run.stdout.contains("health: \u{1B}[1;31mdegraded\u{1B}[0m"))
    }

    @Test func colour_onATerminalWithNoColor_isOff() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["station", "list"],
            replies: [.line(Replies.stations)],
            environment: ["NO_COLOR": "1"],
            onTerminal: true
        )
        #expect(run == CtlRun(status: 0, stdout: StationCommandTests.stationTable, stderr: ""))
    }

    @Test func colour_onATerminalWithJSON_isOff() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["station", "list", "--json"],
            replies: [.line(Replies.stations)],
            onTerminal: true
        )
        #expect(run == CtlRun(status: 0, stdout: Replies.result(of: Replies.stations) + "\n", stderr: ""))
    }
}
