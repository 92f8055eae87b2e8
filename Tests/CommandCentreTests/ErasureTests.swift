import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// Issue 13, point 9: `person.erase` removes one person from the daemon's files, audited and masked; retention
/// purges the `people_other` rows nothing refers to.
@Suite struct ErasureTests {
    static let phone = "13800138000"
    static let passport = "other:E12345678"
    static let kept = "13900139000"

    /// The daemon's files that may hold personal data: the database, the audit journal and their WALs.
    static func files(of daemon: DaemonProcess) -> [String] {
        let database = daemon.databasePath
        return [database, database + "-wal", database + "-audit", database + "-audit-wal"]
    }

    /// The files (of `files`) whose bytes contain `text`, as `strings` would find it (or hidden inside a longer
    /// run of printable bytes).
    static func files(_ paths: [String], containing text: String) -> [String] {
        let needle = Data(text.utf8)
        return paths.filter { path in
            guard let bytes = FileManager.default.contents(atPath: path) else { return false }
            return bytes.range(of: needle) != nil
        }
    }

    static func size(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
    }

    @Test func erase_ofAPersonWithRecordsAlertsOrdersAndLookups_leavesTheIdentifierInNoDatabaseFile() throws {
        let centre = try Centre()
        try centre.send("TEMP", "person=\(Self.phone) temp=38.6")
        try centre.send("ENTRY", "person=\(Self.phone)")
        try centre.send("ENTRY", "person=\(Self.passport) origin=outside")
        try centre.send("TEMP", "person=\(Self.passport) temp=38.9")
        try centre.send("TEMP", "person=\(Self.kept) temp=38.4")
        _ = try centre.control.must("quarantine.add", ["person": Self.phone, "reason": "close contact"])
        for person in [Self.phone, Self.passport, Self.kept] {
            _ = try centre.control.must("trace", ["person": person, "reason": "case 12"])
        }
        let files = Self.files(of: centre.daemon)
        #expect(!Self.files(files, containing: "E12345678").isEmpty, "the document number is stored somewhere")
        #expect(!Self.files(files, containing: Self.phone).isEmpty, "the trace's audit row names the phone number")

        let phone = try centre.control.must("person.erase", ["person": Self.phone, "reason": "request 2020-031"])
        #expect(phone["person"] as? String == "138****8000")
        #expect(phone["records"] as? Int == 2 && phone["alerts"] as? Int == 1, "\(phone)")
        #expect(phone["quarantines"] as? Int == 1 && phone["people_other"] as? Int == 0, "\(phone)")
        #expect(phone["audit_masked"] as? Int == 1 && phone["audit_resealed"] as? Bool == true, "\(phone)")
        let passport = try centre.control.ask("person.erase person=\(Self.passport) reason=\"request 2020-032\"")
        #expect(passport.ok, "the typed form works too: \(passport)")
        #expect(passport["records"] as? Int == 2 && passport["quarantines"] as? Int == 1, "\(passport)")
        #expect(passport["alerts"] as? Int == 1 && passport["people_other"] as? Int == 1, "\(passport)")
        #expect(passport["wal_truncated"] as? Bool == true, "\(passport)")

        for identifier in ["E12345678", Self.phone] {
            let found = Self.files(files, containing: identifier)
            #expect(found.isEmpty, "\(identifier) is still in \(found)")
        }
        #expect(Self.size(centre.daemon.databasePath + "-wal") ?? 0 == 0, "the WAL was truncated")
        let database = centre.daemon.databasePath
        #expect(try SQLiteShell.scalar(database, "SELECT COUNT(*) FROM people_other") == "0")
        #expect(try SQLiteShell.scalar(database, "SELECT COUNT(*) FROM records") == "1", "the other person stays")
        #expect(try SQLiteShell.scalar(database, "SELECT COUNT(*) FROM alerts") == "1")
        #expect(try SQLiteShell.scalar(database, "SELECT COUNT(*) FROM quarantines") == "0")

        let audit = try centre.control.must("audit").items
        #expect(audit.map { $0["person"] as? String } == [
            "other:E1*******", "138****8000", Self.kept, "other:E1*******", "138****8000",
        ], "the erasures' own rows and the earlier lookups, masked: \(audit)")
        #expect(audit.first?["cmd"] as? String == "person.erase")
        #expect(audit.first?["reason"] as? String == "request 2020-032")
        #expect(try centre.control.must("audit.verify")["ok"] as? Bool == true, "the chain was resealed")
        let logged = centre.daemon.stderrText.split(separator: "\n").filter { $0.contains("person erased") }
        #expect(logged.count == 2 && !logged.contains { $0.contains(Self.phone) || $0.contains("E12345678") })

        // The writer forgot the erased document number: the next record of it gets a new row.
        try centre.send("TEMP", "person=\(Self.passport) temp=36.5")
        #expect(try SQLiteShell.scalar(database, "SELECT ident FROM people_other") == Self.passport)
        let person = try SQLiteShell.scalar(database, "SELECT person FROM records ORDER BY id DESC LIMIT 1")
        let row = try SQLiteShell.scalar(database, "SELECT -id FROM people_other")
        #expect(person == row, "the new record names the new row")
    }

    @Test func erase_withoutAReasonOrWithABadPerson_isEArgAndErasesNothing() throws {
        let centre = try Centre()
        try centre.send("TEMP", "person=\(Self.phone) temp=36.6")
        for request in [
            "person.erase person=\(Self.phone)", "person.erase person=\(Self.phone) reason=\"  \"",
            "person.erase person=12345 reason=r", "person.erase reason=r",
            "person.erase person=\(Self.phone) reason=r days=3",
        ] {
            #expect(try centre.control.ask(request).errorCode == "E_ARG", "\(request)")
        }
        #expect(try SQLiteShell.scalar(centre.daemon.databasePath, "SELECT COUNT(*) FROM records") == "1")
        #expect(try centre.control.must("audit").items.isEmpty, "refused requests are not audited")
        let nobody = try centre.control.must("person.erase", ["person": "13700137000", "reason": "no such person"])
        #expect(nobody["records"] as? Int == 0 && nobody["people_other"] as? Int == 0, "\(nobody)")
        #expect(try centre.control.must("audit").items.count == 1, "audited even when nothing was found")
    }

    @Test(.enabled(if: OtherUser.unavailable == nil, "needs root, setpriv and socat to send requests as nobody"))
    func erase_whenTheCallerIsNotAnAdmin_isEDeniedAndErasesNothing() throws {
        let centre = try Centre(["--control-group", "nogroup", "--admin-group", "adm"])
        #expect(chmod(centre.daemon.directory.path, 0o711) == 0)
        try centre.send("TEMP", "person=\(Self.phone) temp=36.6")
        let reply = try OtherUser.ask(
            "person.erase person=\(Self.phone) reason=r", socket: centre.daemon.controlSocketPath)
        #expect(reply.errorCode == "E_DENIED", "\(reply)")
        #expect(try SQLiteShell.scalar(centre.daemon.databasePath, "SELECT COUNT(*) FROM records") == "1")
    }

    /// Retention: a `people_other` row goes once no record, alert or order names it any more.
    @Test func retention_whenNothingRefersToAnOtherPerson_purgesItsRow() throws {
        let centre = try Centre(["--retention-days", "1"])
        try centre.send("TEMP", "person=other:P1111111 temp=36.5")
        try centre.send("TEMP", "person=other:P2222222 temp=38.7")
        try centre.send("TEMP", "person=other:P3333333 temp=36.5")
        let database = centre.daemon.databasePath
        #expect(try SQLiteShell.scalar(database, "SELECT COUNT(*) FROM people_other") == "3")
        #expect(try centre.daemon.terminate() == .exited(0))
        // Three days older: beyond retention_days, while the fever's alert is kept for alert_retention_days.
        try SQLiteWriter.execute(
            database,
            """
            UPDATE records SET ts = ts - 3 * 86400000 WHERE person IN (
                SELECT -id FROM people_other WHERE ident IN ('other:P1111111', 'other:P2222222'));
            """)
        try centre.daemon.restart()
        let deadline = Deadline(seconds: 30)
        while try SQLiteShell.scalar(database, "SELECT COUNT(*) FROM people_other") != "2", !deadline.hasPassed {
            Deadline.sleep(0.1)
        }
        let left = try SQLiteShell.query(database, "SELECT ident FROM people_other ORDER BY ident").map { $0[0] }
        #expect(left == ["other:P2222222", "other:P3333333"], "the alert keeps P2; P3's record is recent")
        #expect(try SQLiteShell.scalar(database, "SELECT COUNT(*) FROM records") == "1")
    }
}

/// Writes to a database with the `sqlite3` shell (what an operator, or an attacker, would do).
enum SQLiteWriter {
    static func execute(_ database: String, _ sql: String) throws {
        let result = try ChildProcess.run(
            try SQLiteShell.executable(), ["-batch", "-cmd", ".timeout 10000", database, sql])
        guard result.status == .exited(0) else {
            throw TestSupportError("sqlite3 \(sql.debugDescription) failed (\(result.status)): \(result.standardError)")
        }
    }
}

/// `checkpointctl person erase`: asks on a terminal, `--yes` for scripts, refuses with neither.
@Suite struct EraseCommandTests {
    static func ctl(_ centre: Centre, _ arguments: [String]) throws -> CompletedProcess {
        try ChildProcess.run(
            try BuiltProduct.checkpointctl(), arguments + ["--socket", centre.daemon.controlSocketPath],
            environment: ChildProcess.cleanEnvironment(adding: ["NO_COLOR": "1"]), seconds: 30)
    }

    static func records(_ centre: Centre) throws -> String? {
        try SQLiteShell.scalar(centre.daemon.databasePath, "SELECT COUNT(*) FROM records")
    }

    @Test func erase_withoutATerminalAndWithoutYes_isAUsageErrorAndErasesNothing() throws {
        let centre = try Centre()
        try centre.send("TEMP", "person=13800138000 temp=36.6")
        let refused = try Self.ctl(centre, ["person", "erase", "13800138000", "--reason", "request 7"])
        #expect(refused.status == .exited(2), "\(refused.standardError)")
        #expect(refused.standardError.contains("--yes"), "\(refused.standardError)")
        #expect(try Self.records(centre) == "1")
        let noReason = try Self.ctl(centre, ["person", "erase", "13800138000", "--reason", " ", "--yes"])
        #expect(noReason.status == .exited(2) && noReason.standardError.contains("--reason"))
        let badPerson = try Self.ctl(centre, ["person", "erase", "12345", "--reason", "r", "--yes"])
        #expect(badPerson.status == .exited(2))

        let erased = try Self.ctl(centre, ["person", "erase", "13800138000", "--reason", "request 7", "--yes"])
        #expect(erased.status == .exited(0), "\(erased.standardError)")
        #expect(erased.standardOutput.hasPrefix("erased 138****8000: 1 records, 0 alerts"), "\(erased.standardOutput)")
        #expect(erased.standardOutput.contains("已删除 138****8000"), "\(erased.standardOutput)")
        #expect(try Self.records(centre) == "0")
    }

    @Test func erase_onATerminal_erasesOnlyWhenTheIdentifierIsTypedAgain() throws {
        let centre = try Centre()
        try centre.send("TEMP", "person=13800138000 temp=36.6")
        let arguments = ["person", "erase", "13800138000", "--reason", "request 8"]
        let ctl = try BuiltProduct.checkpointctl()
        let wrong = try TerminalRun(ctl, arguments, centre: centre, typing: "13800138001\n")
        #expect(wrong.status == .exited(1), "\(wrong.output)")
        #expect(wrong.output.contains("Type the identifier again"), "\(wrong.output)")
        #expect(wrong.output.contains("请再次输入"), "\(wrong.output)")
        #expect(wrong.output.contains("138****8000") && wrong.output.contains("not erased"), "\(wrong.output)")
        #expect(try Self.records(centre) == "1")
        #expect(try centre.control.must("audit").items.isEmpty, "nothing was asked of the daemon")

        let right = try TerminalRun(ctl, arguments, centre: centre, typing: "+86 138-0013-8000\n")
        #expect(right.status == .exited(0), "\(right.output)")
        #expect(right.output.contains("erased 138****8000"), "\(right.output)")
        #expect(try Self.records(centre) == "0")
    }
}

/// Runs a program on a pseudo-terminal of its own, types `typing` and collects what it wrote until it exits.
struct TerminalRun {
    let status: TerminationStatus?
    let output: String

    /// `TIOCSPTLCK` and `TIOCGPTN` from <asm-generic/ioctls.h>.
    private static let setLock: UInt = 0x4004_5431
    private static let getNumber: UInt = 0x8004_5430

    init(_ executable: String, _ arguments: [String], centre: Centre, typing: String) throws {
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw TestSupportError("open /dev/ptmx", errno: errno) }
        defer { close(master) }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard ioctl(master, Self.setLock, &unlock) == 0, ioctl(master, Self.getNumber, &number) == 0 else {
            throw TestSupportError("unlocking the pseudo-terminal", errno: errno)
        }
        let child = try ChildProcess(
            executable: executable, arguments: arguments + ["--socket", centre.daemon.controlSocketPath],
            environment: ChildProcess.cleanEnvironment(adding: ["NO_COLOR": "1"]),
            streams: .terminal("/dev/pts/\(number)"))
        var collected: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var typed = false
        let deadline = Deadline(seconds: 30)
        while !deadline.hasPassed {
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 50) > 0 {
                let count = read(master, &buffer, buffer.count)
                if count > 0 { collected += buffer[0..<count] } else if child.poll() != nil { break }
            } else if child.poll() != nil {
                break
            }
            if !typed, String(decoding: collected, as: UTF8.self).contains("confirm") {
                _ = typing.withCString { write(master, $0, strlen($0)) }
                typed = true
            }
        }
        status = child.wait(seconds: 10)
        output = String(decoding: collected, as: UTF8.self)
    }
}
