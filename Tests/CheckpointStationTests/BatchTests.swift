import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// `checkpoint-station send FILE|-` against the real daemon: exit codes 0/1/75/77 and the summary (SPEC §10).
@Suite(.serialized)
struct BatchTests {
    @Test func send_whenEveryRecordIsAnswered_exits0AndCountsVerdicts() throws {
        let fixture = try StationFixture()
        let csv = """
            kind,person,temp,ts,origin
            TEMP,13800138000,36.6,,
            TEMP,13800138001,38.2,,
            ENTRY,"+86 139-0013-9000",36.5,,outside
            EXIT,13800138002,,,

            """
        let result = try fixture.send(csv)
        #expect(result.code == 0, "stdout: \(result.standardOutput) stderr: \(result.standardError)")
        #expect(result.standardOutput.contains(
            "sent 4 · fever 1 · violation 0 · new quarantine 1 · rejected 0 · waiting 0"))
        #expect(try fixture.stored() == (4, 4))
        #expect(fixture.spoolRecords().isEmpty)
    }

    @Test func send_whenLinesAreRejected_exits1AndNamesEachLine() throws {
        let fixture = try StationFixture()
        let future = WallTime.rfc3339(WallTime.wholeSecondsAgo(-WallTime.hourMilliseconds))
        let csv = """
            TEMP,13800138000,36.6
            TEMP,23800138000,36.6
            TEMP,13800138001,36.6,\(future)
            # a comment, skipped
            BOARD,13800138002,36.6
            TEMP,13800138003,55.0
            EXIT,13800138004

            """
        let result = try fixture.send(csv)
        #expect(result.code == 1, "stdout: \(result.standardOutput) stderr: \(result.standardError)")
        let output = result.standardOutput
        #expect(output.contains("sent 2 · fever 0 · violation 0 · new quarantine 0 · rejected 4 · waiting 0"))
        #expect(output.contains("rejected line 2: an 11-digit mobile number must start with 1"))
        #expect(output.contains("rejected line 3: E_TIME"), "the daemon's rejection carries its CSV line")
        #expect(output.contains("rejected line 5: kind must be TEMP, ENTRY or EXIT"))
        #expect(output.contains("rejected line 6: temperature must be between 30.0 and 45.0"))
        #expect(try fixture.stored() == (2, 2))
        let rejected = try String(contentsOfFile: fixture.spool + "/rejected", encoding: .utf8)
        #expect(rejected.contains("E_TIME") && rejected.contains("person=13800138001"))
        #expect(fixture.spoolRecords().isEmpty)
    }

    @Test func send_whenDaemonIsUnreachable_exits75AndKeepsRecordsForLater() throws {
        let fixture = try StationFixture()
        _ = try fixture.daemon.terminate()
        let waiting = try fixture.send(StationFixture.csv(count: 3), extra: ["--retry-for", "1"])
        #expect(waiting.code == 75, "stdout: \(waiting.standardOutput) stderr: \(waiting.standardError)")
        #expect(waiting.standardOutput.contains("waiting 3"))
        #expect(waiting.standardOutput.contains("3 records wait in the spool"))
        #expect(fixture.spoolRecords().count == 3)

        try fixture.daemon.restart()
        let flushed = try fixture.send("")
        #expect(flushed.code == 0, "stdout: \(flushed.standardOutput) stderr: \(flushed.standardError)")
        #expect(flushed.standardOutput.contains("sent 3 ·"))
        #expect(try fixture.stored() == (3, 3))
        #expect(fixture.spoolRecords().isEmpty)
    }

    /// Issue 15 point 6: with `--retry-for 11` the backoff tries at about 0, 1, 3 and 7 s (7 s ± 1.4 s with the
    /// jitter) and would try next at 12 s or later, past the deadline. The daemon is back at 9.7 s: its station
    /// socket appears under the name given to `--server`. send must make one last attempt at the deadline, not
    /// give up without trying.
    @Test func send_whenTheDaemonIsBackBetweenTheLastBackoffAndTheDeadline_makesOneLastAttempt() throws {
        let fixture = try StationFixture()
        let socket = fixture.directory.file("back.sock")
        let file = try fixture.directory.write(StationFixture.csv(count: 3), to: "late.csv")
        let sender = try ChildProcess(
            executable: try BuiltProduct.checkpointStation(),
            arguments: [
                "send", "--server", "unix:\(socket)", "--station", fixture.station, "--token-file", fixture.tokenFile,
                "--spool", fixture.spool, "--backoff-max", "30", "--retry-for", "11", file,
            ],
            environment: fixture.environment(), standardOutput: fixture.directory.file("late.stdout"),
            standardError: fixture.directory.file("late.stderr"))
        Deadline.sleep(9.7)
        #expect(symlink(fixture.daemon.stationSocketPath, socket) == 0)
        #expect(
            sender.wait(seconds: 60) == .exited(0), "stdout: \(sender.standardOutput) stderr: \(sender.standardError)")
        #expect(sender.standardOutput.contains("sent 3 ·"), "\(sender.standardOutput)")
        #expect(try fixture.stored() == (3, 3))
        #expect(fixture.spoolRecords().isEmpty)
    }

    @Test func send_whenTokenIsWrong_exits77AndKeepsTheRecords() throws {
        let fixture = try StationFixture()
        _ = try fixture.directory.write("not-the-token\n", to: "token")
        let result = try fixture.send(StationFixture.csv(count: 2))
        #expect(result.code == 77, "stdout: \(result.standardOutput) stderr: \(result.standardError)")
        #expect(result.standardError.contains("E_AUTH"))
        #expect(result.standardError.contains("checkpointctl station rotate st-1"))
        #expect(fixture.spoolRecords().count == 2)
    }

    @Test func send_fromStandardInputOverTheUnixSocket_needsNoToken() throws {
        let fixture = try StationFixture()
        let input = try fixture.directory.write("ENTRY,13800138000,,,\n", to: "stdin.csv")
        let script = "exec \"$0\" \"$@\" < \(input)"
        let result = try ChildProcess.run(
            "/bin/sh",
            ["-c", script, try BuiltProduct.checkpointStation(), "send", "--server", "unix:\(fixture.daemon.stationSocketPath)",
             "--station", fixture.station, "--spool", fixture.spool, "-"],
            environment: fixture.environment())
        #expect(result.code == 0, "stdout: \(result.standardOutput) stderr: \(result.standardError)")
        #expect(try fixture.stored() == (1, 1))
    }

    @Test func send_whenNoTokenOverTCP_exits64AndSaysWhereToPutIt() throws {
        let fixture = try StationFixture()
        let result = try ChildProcess.run(
            try BuiltProduct.checkpointStation(),
            ["send", "--server", "127.0.0.1:\(fixture.daemon.tcpPort)", "--station", "st-1", "--spool", fixture.spool,
             "/dev/null"],
            environment: fixture.environment())
        #expect(result.code == 64)
        #expect(result.standardError.contains("--token-file FILE"))
        #expect(result.standardError.contains("CHECKPOINT_TOKEN"))
    }

    @Test func spool_whenAnotherStationProcessHoldsIt_exits73() throws {
        let fixture = try StationFixture()
        let terminal = try fixture.interactive()
        let result = try fixture.send(StationFixture.csv(count: 1))
        #expect(result.code == 73, "stderr: \(result.standardError)")
        #expect(result.standardError.contains("another checkpoint-station (pid \(terminal.pid))"))
        terminal.type("\u{03}")
        #expect(terminal.exitStatus(within: 10) == 0)
    }
}
