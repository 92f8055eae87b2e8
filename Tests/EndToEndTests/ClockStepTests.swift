import CheckpointTestSupport
import Foundation
import Testing

/// Issue 14 point 7: the daemon's wall clock stepped back by an hour while it runs. An `LD_PRELOAD` shim
/// (`Tests/Fixtures/clock-shift.c`) shifts `CLOCK_REALTIME`, `gettimeofday` and `time` by the seconds in a file the
/// test rewrites, and leaves the monotonic clock NIO's timers use alone (libfaketime, preloaded into a Swift
/// program, empties its `CommandLine.arguments`: the daemon would start without its flags). Idempotency and
/// order rest on `(station, seq)`, never on the clock; the hourly and daily counts follow each record's own
/// `ts`. A `ts` far in the future is refused and one far in the past inside retention accepted:
/// `LineFormTests.ts_inTheFutureAsSecondsOrBeyondRetention_repliesTimeError`.
@Suite(
    .enabled(if: SyncFaultShim.compilerExists && SQLiteShell.isAvailable, "needs cc (to build the shim) and sqlite3"))
struct ClockStepTests {
    @Test(.timeLimit(.minutes(20)))
    func clock_whenSteppedBackAnHour_keepsIdempotencyOrderAndRollups() throws {
        let directory = try TemporaryDirectory()
        let shim = try ClockShiftShim(in: directory)
        let daemon = try DaemonProcess(directory: directory, environment: shim.environment)
        try daemon.start()
        defer { _ = try? daemon.terminate() }
        let client = try daemon.openSession()
        var firstReplies: [Int: String] = [:]
        for seq in 1...10 {
            let reply = try client.request(passingTemp(seq: seq, person: seq))
            expectRecordOK(reply, seq: seq)
            firstReplies[seq] = reply
        }

        // Step back an hour; the shim reads the file again within 100 ms.
        try shim.shift(seconds: -3600)
        Deadline.sleep(0.5)
        for seq in 11...20 { expectRecordOK(try client.request(passingTemp(seq: seq, person: seq)), seq: seq) }
        let stamps = try Self.timestamps(daemon.databasePath)
        let stepped = (stamps[10] ?? 0) - (stamps[11] ?? 0)
        #expect(stepped > 3_500_000, "the daemon's clock did not step back (ts 10 → 11: \(stepped) ms): \(stamps)")

        // Idempotency: a record from before the step and one from after are DUP with their original fields.
        for seq in [5, 15] {
            let reply = try client.request(passingTemp(seq: seq, person: seq))
            #expect(reply.hasPrefix("DUP seq=\(seq) "), "resent seq=\(seq) after the step: \(reply)")
        }
        let original = try #require(firstReplies[5]).dropFirst("OK ".count)
        #expect(try client.request(passingTemp(seq: 5, person: 5)) == "DUP " + original)
        // A terminal whose clock is right is now ahead of the daemon by an hour: its stamped records are refused
        // (`E_TIME`, "more than 5 minutes in the future"), and kept by the terminal as rejected. Keep the
        // daemon's clock synchronised (docs/reliability.md).
        let trueNow = WallTime.nowMilliseconds()
        expectError(
            try client.request("TEMP seq=21 person=\(TestPerson.phone(21)) temp=36.6 ts=\(trueNow)"), seq: "21",
            code: "E_TIME")

        // Forward again: the next seq is accepted and stored after the others.
        try shim.shift(seconds: 0)
        Deadline.sleep(0.5)
        expectRecordOK(try client.request(passingTemp(seq: 21, person: 21)), seq: 21)

        // Order: arrival (rowid) order is seq order, whatever the clock said.
        let order = try SQLiteShell.query(daemon.databasePath, "SELECT seq FROM records ORDER BY id").map { $0[0] }
        #expect(order == (1...21).map(String.init), "\(order)")
        try Self.expectRollupsMatchRecords(daemon.databasePath, total: 21)
        let hours = try SQLiteShell.query(daemon.databasePath, "SELECT COUNT(*) FROM hourly_counts WHERE temps > 0")
        print("clock stepped back 1 h: \(stepped) ms between seq 10 and 11; hourly buckets used: \(hours)")
    }

    /// seq → stored ts (milliseconds).
    static func timestamps(_ database: String) throws -> [Int: Int64] {
        var result: [Int: Int64] = [:]
        for row in try SQLiteShell.query(database, "SELECT seq, ts FROM records") where row.count == 2 {
            if let seq = Int(row[0]), let ts = Int64(row[1]) { result[seq] = ts }
        }
        return result
    }

    /// The hourly and daily counts hold exactly the records, each in the hour and day of its own `ts`.
    static func expectRollupsMatchRecords(_ database: String, total: Int) throws {
        let byHour = try SQLiteShell.query(
            database, "SELECT ts / 3600000, COUNT(*) FROM records GROUP BY 1 ORDER BY 1")
        let hourly = try SQLiteShell.query(
            database, "SELECT hour, temps FROM hourly_counts WHERE temps > 0 ORDER BY hour")
        #expect(hourly == byHour, "hourly counts \(hourly) ≠ records per hour \(byHour)")
        let byDay = try SQLiteShell.query(
            database, "SELECT ts / 86400000, COUNT(*) FROM records GROUP BY 1 ORDER BY 1")
        let daily = try SQLiteShell.query(database, "SELECT day, temps FROM daily_counts WHERE temps > 0 ORDER BY day")
        #expect(daily == byDay, "daily counts \(daily) ≠ records per day \(byDay)")
        let sum = try SQLiteShell.scalar(database, "SELECT SUM(temps) FROM hourly_counts")
        #expect(sum == String(total))
    }
}

/// `Tests/Fixtures/clock-shift.c` compiled into `directory`: an `LD_PRELOAD` shim moving the wall clock by the
/// seconds written to its file.
struct ClockShiftShim {
    let library: String
    let file: String

    init(in directory: TemporaryDirectory) throws {
        library = directory.file("libclockshift.so")
        file = try directory.write("0\n", to: "clock-shift")
        let source = SyncFaultShim.source.replacingOccurrences(of: "sync-fault.c", with: "clock-shift.c")
        let build = try ChildProcess.run(
            "/usr/bin/cc", ["-shared", "-fPIC", "-Wall", "-Werror", "-o", library, source, "-ldl"])
        guard build.status == .exited(0) else {
            throw TestSupportError("cc \(source) failed (\(build.status)): \(build.standardError)")
        }
    }

    var environment: [String: String] { ["LD_PRELOAD": library, "CLOCK_SHIFT_FILE": file] }

    func shift(seconds: Int) throws {
        try Data("\(seconds)\n".utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
    }
}
