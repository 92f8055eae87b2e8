import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// Issue 13 point 11: `checkpointctl check` runs `PRAGMA integrity_check` online; a corruption error met by the
/// daemon ends it non-zero with the database file named, instead of staying degraded behind a beating watchdog.
@Suite(.enabled(if: SQLiteShell.isAvailable, "needs the sqlite3 shell"))
struct IntegrityTests {
    static func ctl(_ daemon: DaemonProcess, _ arguments: [String]) throws -> CompletedProcess {
        try ChildProcess.run(
            try BuiltProduct.checkpointctl(), arguments,
            environment: ChildProcess.cleanEnvironment(adding: ["CHECKPOINTD_CONTROL": daemon.controlSocketPath]),
            seconds: 120)
    }

    /// A daemon holding `count` records (pipelined from one station); the writer's automatic checkpoints have put
    /// most of them into the main file.
    static func filled(count: Int) throws -> Centre {
        let centre = try Centre()
        let session = try centre.station()
        let replies = try pipeline((1...count).map { passingTemp(seq: $0, person: $0) }, on: session)
        #expect(replies.count == count && replies.allSatisfy { $0.hasPrefix("OK ") })
        return centre
    }

    /// Overwrites pages in the middle of the database file with random bytes, as a failing disk would.
    static func damage(_ path: String) throws {
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let pages = size / 4096
        try #require(pages > 40, "the database is too small to damage in the middle: \(size) bytes")
        let fd = open(path, O_WRONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        var generator = SystemRandomNumberGenerator()
        for page in stride(from: pages / 4, to: pages * 3 / 4, by: 2) {
            let garbage = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let written = garbage.withUnsafeBytes { pwrite(fd, $0.baseAddress, 4096, off_t(page * 4096)) }
            #expect(written == 4096)
        }
        fsync(fd)
    }

    @Test(.timeLimit(.minutes(20)))
    func check_onAHealthyDatabase_printsOkAndExitsZero() throws {
        let centre = try Self.filled(count: 2000)
        let run = try Self.ctl(centre.daemon, ["check"])
        #expect(run.code == 0, "\(run.standardOutput) \(run.standardError)")
        #expect(run.standardOutput == "\(centre.daemon.databasePath): ok\n")
        let json = try Self.ctl(centre.daemon, ["check", "--json"])
        #expect(json.standardOutput.contains(#""integrity":"ok""#) && json.standardOutput.contains(#""problems":[]"#))
    }

    @Test(.timeLimit(.minutes(20)))
    func check_onADamagedDatabase_listsProblemsAndExitsOne_thenTheDaemonExitsNamingTheFile() throws {
        let centre = try Self.filled(count: 40_000)
        let database = centre.daemon.databasePath
        try Self.damage(database)
        let run = try Self.ctl(centre.daemon, ["check"])
        #expect(run.code == 1, "\(run.standardOutput) \(run.standardError)")
        #expect(run.standardOutput.hasPrefix("\(database): damaged, "), "\(run.standardOutput)")
        #expect(run.standardError.contains("restore the latest backup"), "\(run.standardError)")
        try Self.driveUntilExit(centre)
        try Self.expectCorruptionExit(centre.daemon)
    }

    /// The acceptance scenario: the file is damaged while the daemon runs; the next write and read meet it.
    @Test(.timeLimit(.minutes(20)))
    func corruption_whileRunning_stopsTheDaemonWithStatus65AndTheFileNamed() throws {
        let centre = try Self.filled(count: 40_000)
        try Self.damage(centre.daemon.databasePath)
        try Self.driveUntilExit(centre)
        try Self.expectCorruptionExit(centre.daemon)
    }

    /// A write (a new record) and a read that walks the whole table, until the daemon exits (at most 60 s).
    static func driveUntilExit(_ centre: Centre) throws {
        var seq = 1_000_000
        let deadline = Deadline(seconds: 60)
        while centre.daemon.exitStatus() == nil, !deadline.hasPassed {
            seq += 1
            if let client = try? centre.station() { _ = try? client.request(passingTemp(seq: seq, person: seq)) }
            if let control = try? centre.daemon.control(timeout: 10) {
                // presence reads every record row of the checkpoint (the whole table here).
                _ = try? control.requestLine(#"{"cmd":"presence","checkpoint":"gate-1"}"#)
            }
            usleep(200_000)
        }
    }

    static func expectCorruptionExit(_ daemon: DaemonProcess) throws {
        let status = daemon.exitStatus(within: 60)
        #expect(status == .exited(65), "no exit 65 on a corrupt database: \(String(describing: status))")
        let log = daemon.stderrText
        #expect(log.contains("corrupt") && log.contains(daemon.databasePath), "\(log.suffix(2000))")
    }
}
