import CheckpointTestSupport
import Glibc
import Testing

/// Issue 5, acceptance 3 and 4: a reading is never lost and never stored twice, whatever dies when.
/// Each test counts the daemon's rows from outside with `sqlite3 -readonly`.
@Suite(.serialized)
struct NeverLosesTests {
    static let backlogSize = 10_000

    @Test func offline_whenDaemonIsDownWhileTyping_allFiftyAreStoredOnceWhenItReturns() throws {
        let fixture = try StationFixture()
        _ = try fixture.daemon.terminate()
        let terminal = try fixture.interactive()
        for index in 0..<50 {
            let mark = terminal.mark()
            terminal.type(TestPerson.phone(index) + "\r")
            terminal.type("36.5\r")
            // The masked person shows in the verdict details once the record is saved.
            let digits = TestPerson.phone(index)
            try terminal.waitFor("138****" + String(digits.suffix(4)), after: mark)
        }
        try terminal.waitFor("waiting 50")
        #expect(ScreenText.lastFrame(terminal.text).contains("saved offline — not checked"))
        #expect(fixture.spoolRecords().count == 50)

        try fixture.daemon.restart()
        let mark = terminal.mark()
        let allStored = try Deadline.poll(seconds: 60, interval: 0.2) { try fixture.stored().count >= 50 }
        #expect(allStored)
        try terminal.waitFor("waiting 0", after: mark, seconds: 30)
        #expect(try fixture.stored() == (50, 50))
        #expect(Deadline.poll(seconds: 10) { fixture.spoolRecords().isEmpty })
        let seqs = try SQLiteShell.query(fixture.daemon.databasePath, "SELECT MIN(seq), MAX(seq) FROM records")
        #expect(seqs.first == ["1", "50"])

        terminal.type("\u{03}")
        #expect(terminal.exitStatus(within: 10) == 0)
    }

    @Test func kill9_whenStationDiesWhileSendingBacklog_restartLosesNothingAndDuplicatesNothing() throws {
        let fixture = try StationFixture()
        let file = try fixture.directory.write(StationFixture.csv(count: Self.backlogSize), to: "backlog.csv")
        let sender = try fixture.spawnSend(file: file)
        let started = try Deadline.poll(seconds: 60, interval: 0.01) { try fixture.stored().count > 0 }
        #expect(started)
        sender.send(signal: SIGKILL)
        #expect(sender.wait(seconds: 10) == .signaled(SIGKILL))
        let atKill = try fixture.stored()
        #expect(atKill.count == atKill.distinct)
        #expect(atKill.count < Self.backlogSize, "the kill must come while records are still being sent")

        // Started again with nothing new to send, it sends what the spool still holds.
        let result = try fixture.send("")
        #expect(result.code == 0, "stdout: \(result.standardOutput) stderr: \(result.standardError)")
        #expect(try fixture.stored() == (Self.backlogSize, Self.backlogSize))
        let seqs = try SQLiteShell.query(fixture.daemon.databasePath, "SELECT MIN(seq), MAX(seq) FROM records")
        #expect(seqs.first == ["1", String(Self.backlogSize)])
        #expect(fixture.spoolRecords().isEmpty)
    }

    @Test func kill9_whenDaemonDiesMidStream_stationResendsWithoutLossOrDuplicate() throws {
        let fixture = try StationFixture()
        let file = try fixture.directory.write(StationFixture.csv(count: Self.backlogSize), to: "backlog.csv")
        let sender = try fixture.spawnSend(file: file, extra: ["--retry-for", "120"])
        let started = try Deadline.poll(seconds: 60, interval: 0.01) { try fixture.stored().count > 0 }
        #expect(started)
        try fixture.daemon.kill9()
        let atKill = try fixture.stored()
        #expect(atKill.count == atKill.distinct)
        #expect(atKill.count < Self.backlogSize, "the kill must come while records are still being sent")
        Deadline.sleep(0.5)
        try fixture.daemon.restart()

        #expect(sender.wait(seconds: 180) == .exited(0), "stdout: \(sender.standardOutput) \(sender.standardError)")
        #expect(try fixture.stored() == (Self.backlogSize, Self.backlogSize))
        #expect(fixture.spoolRecords().isEmpty)
        #expect(sender.standardOutput.contains("rejected 0 · waiting 0"))
    }

    @Test func spool_whenLostOrCopiedToANewMachine_reusedSeqsAreRenumberedNotLost() throws {
        let fixture = try StationFixture()
        let first = try fixture.send(StationFixture.csv(count: 20))
        #expect(first.code == 0)
        // A second terminal for the same station with an empty spool numbers from 1 again: the daemon answers
        // DUP for readings it never stored. The station must notice and send them under new numbers.
        let result = try ChildProcess.run(
            try BuiltProduct.checkpointStation(),
            ["send"] + fixture.arguments(spool: fixture.directory.file("fresh-spool"))
                + [try fixture.directory.write(StationFixture.csv(count: 5, firstPerson: 100), to: "more.csv")],
            environment: fixture.environment())
        #expect(result.code == 0, "stdout: \(result.standardOutput) stderr: \(result.standardError)")
        #expect(try fixture.stored() == (25, 25))
        let people = try SQLiteShell.scalar(
            fixture.daemon.databasePath, "SELECT COUNT(*) FROM records WHERE person >= 13800000100")
        #expect(people == "5")
    }
}
