import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// SPEC §4 `backup`, confined by issue 13: a consistent online copy (SQLite backup API) while ingest goes on, named
/// by a file name inside `backup_dir`, never replacing anything, mode 0600, quick-checked, audited.
@Suite struct BackupCommandTests {
    static let reason = "nightly backup"

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

    static func mode(_ path: String) -> mode_t? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return status.st_mode
    }

    @Test(.timeLimit(.minutes(20)), .enabled(if: SQLiteShell.isAvailable, "needs the sqlite3 shell"))
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
            let reply = try centre.control.ask("backup", ["path": "backup-\(number).db", "reason": Self.reason])
            let path = centre.daemon.stateDirectory + "/backups/backup-\(number).db"
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

    @Test(.enabled(if: SQLiteShell.isAvailable, "needs the sqlite3 shell"))
    func backup_whenMade_isMode0600InA0700FolderPassesIntegrityCheckAndIsAudited() throws {
        let centre = try Centre()
        try centre.send("TEMP", "person=13800138000 temp=36.6")
        let reply = try centre.control.ask("backup", ["path": "copy.db", "reason": Self.reason])
        #expect(reply.ok, "\(reply)")
        let folder = centre.daemon.stateDirectory + "/backups"
        let path = folder + "/copy.db"
        #expect(Self.mode(path).map { $0 & S_IFMT == S_IFREG && $0 & 0o7777 == 0o600 } == true)
        #expect(Self.mode(folder).map { $0 & S_IFMT == S_IFDIR && $0 & 0o7777 == 0o700 } == true)
        #expect(try Self.checkCopy(path, bytes: reply["bytes"] as? Int) == 1)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(leftovers == ["copy.db"], "no temporary file is left: \(leftovers)")
        let audit = try centre.control.must("audit").items
        #expect(audit.contains { $0["cmd"] as? String == "backup" && $0["reason"] as? String == Self.reason })
        let copied = try SQLiteShell.scalar(path, "SELECT COUNT(*) FROM audit WHERE cmd = 'backup'")
        #expect(copied == "1", "the copy holds its own audit row")
    }

    @Test func backup_whenThePathIsNotAFileName_isEArgAndNothingIsWritten() throws {
        let centre = try Centre()
        let outside = centre.daemon.directory.file("outside.db")
        for name in [outside, "../outside.db", "sub/copy.db", ".", "..", ".hidden.db", "", "bad\u{1B}[2J.db"] {
            let reply = try centre.control.ask("backup", ["path": name, "reason": Self.reason])
            #expect(reply.errorCode == "E_ARG", "\(name): \(reply)")
        }
        #expect(!FileManager.default.fileExists(atPath: outside))
        #expect(!FileManager.default.fileExists(atPath: centre.daemon.stateDirectory + "/outside.db"))
        #expect(try centre.control.ask("backup", ["reason": Self.reason]).errorCode == "E_ARG")
        #expect(try centre.control.ask("backup", ["path": "copy.db"]).errorCode == "E_ARG", "reason required")
        #expect(try centre.control.ask("backup", ["path": "copy.db", "reason": "   "]).errorCode == "E_ARG")
        #expect(try centre.control.must("audit").items.isEmpty, "refused backups write no audit row")
    }

    /// The old attack: `backup path=.../station.sock` replaced the station socket with a database file.
    @Test func backup_ontoTheStationSocket_isRefusedAndTheSocketStillServesStations() throws {
        let centre = try Centre()
        let socket = centre.daemon.stationSocketPath
        let direct = try centre.control.ask("backup", ["path": socket, "reason": Self.reason])
        #expect(direct.errorCode == "E_ARG", "\(direct)")
        // The same through a link placed in backup_dir, and a name that is the socket itself.
        let folder = centre.daemon.stateDirectory + "/backups"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        #expect(symlink(socket, folder + "/link.db") == 0)
        let linked = try centre.control.ask("backup", ["path": "link.db", "reason": Self.reason])
        #expect(linked.errorCode == "E_ARG" && linked.errorMessage.contains("not a regular file"), "\(linked)")
        #expect(Self.mode(socket).map { $0 & S_IFMT == S_IFSOCK } == true, "the station socket is still a socket")
        #expect(Self.mode(folder + "/link.db").map { $0 & S_IFMT == S_IFLNK } == true, "the link is untouched")
        let token = try centre.daemon.registerStation(station: "st-sock")
        let client = try centre.daemon.stationUnix()
        #expect(try client.request("HELLO station=st-sock token=\(token)").hasPrefix("OK HELLO"))
    }

    @Test func backup_whenTheNameExists_isRefusedAndTheFileIsUnchanged() throws {
        let centre = try Centre()
        #expect(try centre.control.ask("backup", ["path": "copy.db", "reason": Self.reason]).ok)
        let path = centre.daemon.stateDirectory + "/backups/copy.db"
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        try centre.send("TEMP", "person=13800138000 temp=36.6")
        let again = try centre.control.ask("backup", ["path": "copy.db", "reason": Self.reason])
        #expect(again.errorCode == "E_ARG" && again.errorMessage.contains("exists"), "\(again)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(mkdir(centre.daemon.stateDirectory + "/backups/folder.db", 0o700) == 0)
        let folder = try centre.control.ask("backup", ["path": "folder.db", "reason": Self.reason])
        #expect(folder.errorCode == "E_ARG" && folder.errorMessage.contains("not a regular file"), "\(folder)")
    }

    /// A backup_dir that cannot be made is the caller's configuration, not storage trouble: `E_UNAVAILABLE`
    /// means "the database cannot commit, retry later" (SPEC §3), which a script would retry forever.
    @Test func backup_whenBackupDirCannotBeCreated_isEArgNotEUnavailable() throws {
        let blocker = try TemporaryDirectory(prefix: "bkp")
        let file = try blocker.write("not a folder", to: "file")
        let centre = try Centre(["--backup-dir", file + "/backups"])
        let reply = try centre.control.ask("backup", ["path": "copy.db", "reason": Self.reason])
        #expect(reply.errorCode == "E_ARG" && reply.errorMessage.contains("backup_dir"), "\(reply)")
        #expect(try centre.control.must("health")["status"] as? String == "ok")
    }

    /// With backup_dir set to the state directory, the live database's files are there: none may be written.
    @Test func backup_whenBackupDirHoldsTheLiveDatabase_refusesItsFilesAndLosesNoAcknowledgedRecord() throws {
        let folder = try TemporaryDirectory(prefix: "bks")
        let state = folder.file("state")
        let daemon = try DaemonProcess(arguments: ["--backup-dir", state], stateDirectory: state)
        try daemon.start()
        let token = try daemon.registerStation(station: "st-1")
        let session = try daemon.session(station: "st-1", token: token)
        #expect(try session.request("TEMP seq=1 person=13800138000 temp=36.6").hasPrefix("OK "))
        let control = try daemon.control()
        let name = String(daemon.databasePath.split(separator: "/").last ?? "")
        for file in [name, name + "-wal", name + "-shm", name + "-journal", name + "-audit", name + "-audit-wal"] {
            let reply = try control.ask("backup", ["path": file, "reason": Self.reason])
            #expect(reply.errorCode == "E_ARG", "backup over \(file) was accepted: \(reply)")
        }
        #expect(try session.request("TEMP seq=2 person=13900139000 temp=36.7").hasPrefix("OK "))
        #expect(try daemon.terminate() == .exited(0))
        try daemon.restart()
        let stored = try daemon.control().must("records").items.compactMap { $0["seq"] as? Int }
        #expect(stored.sorted() == [1, 2], "acknowledged records are gone: \(stored)")
    }
}
