import CheckpointTestSupport
import Foundation
import Testing

/// SPEC §4 `backup`: a consistent online copy (SQLite backup API) while ingest goes on, `bytes` in the result.
@Suite struct BackupCommandTests {
    /// Checks a copy from outside with the sqlite3 shell; returns its record count.
    static func checkCopy(_ path: String, bytes: Int?) throws -> Int {
        #expect(try SQLiteShell.scalar(path, "PRAGMA integrity_check") == "ok", "\(path)")
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        #expect(size == bytes, "the result's bytes are the copy's size")
        let records = Int(try SQLiteShell.scalar(path, "SELECT COUNT(*) FROM records") ?? "") ?? -1
        let counted = try SQLiteShell.scalar(path, "SELECT SUM(temps + entries + exits) FROM hourly_counts")
        #expect(counted.flatMap { Int($0) } == records, "one snapshot: records and hourly counts agree")
        return records
    }

    @Test(.timeLimit(.minutes(5)), .enabled(if: SQLiteShell.isAvailable, "needs the sqlite3 shell"))
    func backup_whileFourStationsPipelineRecords_copyPassesIntegrityCheck() throws {
        let centre = try Centre()
        let sessions = try (1...4).map { try centre.station("st-\($0)", checkpoint: "gate-\($0)") }
        let perStation = 5000
        let progress = Locked(0)
        let answers = Locked<[Int: [String]]>([:])
        let threads = sessions.enumerated().map { index, session in
            BackgroundThread("station-\(index)") {
                let lines = (1...perStation).map { passingTemp(seq: $0, person: index * 100_000 + $0) }
                let replies = try pipeline(lines, on: session, progress: progress)
                answers.withLock { $0[index] = replies }
            }
        }
        var copies: [(path: String, bytes: Int?, answeredBefore: Int)] = []
        for (number, threshold) in [2000, 10_000].enumerated() {
            #expect(Deadline.poll(seconds: 120) { progress.current >= threshold })
            let path = centre.daemon.directory.file("backup-\(number).db")
            let reply = try centre.control.ask("backup", ["path": path])
            #expect(reply.ok && reply["path"] as? String == path, "\(reply)")
            copies.append((path, reply["bytes"] as? Int, progress.current))
        }
        for thread in threads { #expect(try thread.join(seconds: 240)) }
        let replies = answers.current.values.flatMap { $0 }
        #expect(replies.count == 4 * perStation && replies.allSatisfy { $0.hasPrefix("OK ") })

        for copy in copies {
            let records = try Self.checkCopy(copy.path, bytes: copy.bytes)
            #expect(records > 0 && records <= 4 * perStation)
            #expect(try SQLiteShell.scalar(copy.path, "PRAGMA journal_mode") == "delete", "a single-file copy")
        }
        #expect(copies.first.map { $0.answeredBefore < 4 * perStation } == true, "taken while stations sent")
    }

    @Test func backup_whenThePathIsNotAnAbsoluteFileName_isEArg() throws {
        let centre = try Centre()
        for arguments: [String: Any] in [["path": "backup.db"], ["path": "./backup.db"], ["path": ""], [:]] {
            let reply = try centre.control.ask("backup", arguments)
            #expect(reply.errorCode == "E_ARG", "\(arguments): \(reply)")
        }
        #expect(try centre.control.ask("backup path=relative/backup.db").errorCode == "E_ARG")
    }

    /// A destination that cannot be written is the caller's mistake, not storage trouble: `E_UNAVAILABLE`
    /// means "the database cannot commit, retry later" (SPEC §3), which a script would retry forever.
    @Test func backup_whenTheDestinationDirectoryDoesNotExist_isEArgNotEUnavailable() throws {
        let centre = try Centre()
        let reply = try centre.control.ask("backup", ["path": centre.daemon.directory.file("missing/backup.db")])
        #expect(!reply.ok)
        #expect(reply.errorCode == "E_ARG", "\(reply)")
        #expect(try centre.control.must("health")["status"] as? String == "ok")
    }

    /// Renaming a copy over the live database (or its WAL) loses every record committed after the copy.
    @Test func backup_whenThePathIsTheLiveDatabase_isRefusedAndLosesNoAcknowledgedRecord() throws {
        let centre = try Centre()
        try centre.send("TEMP", "person=13800138000 temp=36.6")
        let database = centre.daemon.databasePath
        let onto = try centre.control.ask("backup", ["path": database])
        #expect(!onto.ok, "backup over the live database was accepted: \(onto)")
        try centre.send("TEMP", "person=13900139000 temp=36.7")
        #expect(try centre.daemon.terminate() == .exited(0))
        try centre.daemon.restart()
        let control = try centre.daemon.control()
        let stored = try control.must("records").items.compactMap { $0["seq"] as? Int }
        #expect(stored.sorted() == [1, 2], "acknowledged records after the backup are gone: \(stored)")
        for path in [database + "-wal", database + "-shm", database + "-audit", database + "-audit-wal"] {
            let reply = try control.ask("backup", ["path": path])
            #expect(!reply.ok, "backup over \(path) was accepted: \(reply)")
        }
    }
}
