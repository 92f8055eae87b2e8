import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// Issue 13, point 12: the audit rows form a SHA-256 chain; `audit.verify` (and `checkpointctl audit --verify`)
/// names the first row edited or deleted by hand, and retention keeps what is left verifiable with an anchor.
@Suite struct AuditChainTests {
    /// A daemon with `count` audited lookups (rows 1...count).
    static func centre(lookups count: Int, _ arguments: [String] = []) throws -> Centre {
        let centre = try Centre(arguments)
        for index in 1...count {
            _ = try centre.control.must("trace", ["person": "1380013800\(index % 10)", "reason": "case \(index)"])
        }
        _ = try centre.control.must("audit")  // moves the rows from the journal into the database
        return centre
    }

    /// `checkpointctl audit --verify` against the daemon.
    static func ctlVerify(_ centre: Centre) throws -> CompletedProcess {
        try ChildProcess.run(
            try BuiltProduct.checkpointctl(), ["audit", "--verify", "--socket", centre.daemon.controlSocketPath],
            environment: ChildProcess.cleanEnvironment(adding: ["NO_COLOR": "1"]), seconds: 30)
    }

    @Test func verify_whenNoRowWasTouched_isOkAndCtlExitsZero() throws {
        let centre = try Self.centre(lookups: 3)
        let verify = try centre.control.must("audit.verify")
        #expect(verify["ok"] as? Bool == true && verify["rows"] as? Int == 3, "\(verify)")
        #expect(verify["first_id"] as? Int == 1 && verify["head_id"] as? Int == 3, "\(verify)")
        #expect((verify["head_hash"] as? String)?.count == 64 && verify["problem"] == nil, "\(verify)")
        let ctl = try Self.ctlVerify(centre)
        #expect(ctl.status == .exited(0), "\(ctl.standardError)")
        #expect(ctl.standardOutput.hasPrefix("audit trail ok: 3 rows (1-3)"), "\(ctl.standardOutput)")
        let empty = try Centre()
        #expect(try empty.control.must("audit.verify")["ok"] as? Bool == true, "an empty trail is whole")
    }

    @Test func verify_whenARowIsEditedWithSQLite_namesThatRowAndCtlExitsOne() throws {
        let centre = try Self.centre(lookups: 4)
        let database = centre.daemon.databasePath
        try SQLiteWriter.execute(database, "UPDATE audit SET reason = 'nothing to see' WHERE id = 2")
        let verify = try centre.control.must("audit.verify")
        #expect(verify["ok"] as? Bool == false && verify["row_id"] as? Int == 2, "\(verify)")
        #expect((verify["problem"] as? String)?.contains("row 2 was edited") == true, "\(verify)")
        let ctl = try Self.ctlVerify(centre)
        #expect(ctl.status == .exited(1), "\(ctl.standardOutput) \(ctl.standardError)")
        #expect(ctl.standardOutput.hasPrefix("audit trail BROKEN at row 2: row 2 was edited"), "\(ctl.standardOutput)")
        #expect(ctl.standardError.contains("broken at row 2"), "\(ctl.standardError)")

        try SQLiteWriter.execute(database, "UPDATE audit SET reason = 'case 2' WHERE id = 2")
        #expect(try centre.control.must("audit.verify")["ok"] as? Bool == true, "put back, the chain fits again")
        try SQLiteWriter.execute(database, "UPDATE audit SET at = at + 1 WHERE id = 4")
        let last = try centre.control.must("audit.verify")
        #expect(last["ok"] as? Bool == false && last["row_id"] as? Int == 4, "the last row too: \(last)")
    }

    @Test func verify_whenRowsAreDeletedWithSQLite_namesTheGap() throws {
        let centre = try Self.centre(lookups: 5)
        let database = centre.daemon.databasePath
        try SQLiteWriter.execute(database, "DELETE FROM audit WHERE id IN (2, 3)")
        let middle = try centre.control.must("audit.verify")
        #expect(middle["ok"] as? Bool == false && middle["row_id"] as? Int == 2, "\(middle)")
        #expect(middle["problem"] as? String == "rows 2-3 were deleted: row 4 follows row 1", "\(middle)")
        #expect(try Self.ctlVerify(centre).status == .exited(1))

        let tail = try Self.centre(lookups: 3)
        try SQLiteWriter.execute(tail.daemon.databasePath, "DELETE FROM audit WHERE id = 3")
        let verify = try tail.control.must("audit.verify")
        #expect(verify["ok"] as? Bool == false && verify["row_id"] as? Int == 3, "\(verify)")
        #expect((verify["problem"] as? String)?.contains("row 3 was deleted") == true, "\(verify)")
        // A new row does not hide the gap: it chains on the last row written, not on what is left.
        _ = try tail.control.must("trace", ["person": "13800138000", "reason": "after the deletion"])
        #expect(try tail.control.must("audit.verify")["row_id"] as? Int == 3)

        let first = try Self.centre(lookups: 2)
        try SQLiteWriter.execute(first.daemon.databasePath, "DELETE FROM audit WHERE id = 1")
        let head = try first.control.must("audit.verify")
        #expect(head["ok"] as? Bool == false && head["row_id"] as? Int == 1, "\(head)")
    }

    /// Retention deletes the oldest rows and leaves an anchor: what is left still verifies, and so does what comes
    /// after. The rows are made old by hand and resealed with this test's own SHA-256 of the canonical form that
    /// docs/storage.md gives, which also proves the form is the daemon's.
    @Test func retention_whenOldAuditRowsArePurged_keepsTheChainVerifiable() throws {
        let centre = try Self.centre(lookups: 4, ["--alert-retention-days", "1"])
        let database = centre.daemon.databasePath
        #expect(try centre.daemon.terminate() == .exited(0))
        try SQLiteWriter.execute(database, "UPDATE audit SET at = at - 3 * 86400000 WHERE id <= 2")
        try AuditOracle.reseal(database)
        try centre.daemon.restart()
        let control = try centre.daemon.control()
        #expect(try control.must("audit.verify")["ok"] as? Bool == true, "resealed by the oracle")
        let deadline = Deadline(seconds: 30)
        while try SQLiteShell.scalar(database, "SELECT COUNT(*) FROM audit") != "2", !deadline.hasPassed {
            Deadline.sleep(0.1)
        }
        #expect(try SQLiteShell.query(database, "SELECT id FROM audit ORDER BY id").map { $0[0] } == ["3", "4"])
        let verify = try control.must("audit.verify")
        #expect(verify["ok"] as? Bool == true && verify["anchor_id"] as? Int == 2, "\(verify)")
        #expect(verify["rows"] as? Int == 2 && verify["first_id"] as? Int == 3, "\(verify)")
        _ = try control.must("trace", ["person": "13800138000", "reason": "after the purge"])
        let after = try control.must("audit.verify")
        #expect(after["ok"] as? Bool == true && after["head_id"] as? Int == 5, "\(after)")
        try SQLiteWriter.execute(database, "DELETE FROM meta WHERE key = 'audit_anchor'")
        let unanchored = try control.must("audit.verify")
        #expect(unanchored["ok"] as? Bool == false && unanchored["row_id"] as? Int == 1, "\(unanchored)")
    }
}

/// An independent implementation of the chain as docs/storage.md describes it, with `sha256sum`.
enum AuditOracle {
    /// Computes every row's hash again from row 1 (the table holds every row) and the head in `meta`.
    static func reseal(_ database: String) throws {
        let rows = try SQLiteShell.query(
            database,
            """
            SELECT id, at, IFNULL(uid, '~'), IFNULL(gid, '~'), cmd, IFNULL(person, '~'), IFNULL(since, '~'),
                IFNULL(until, '~'), reason FROM audit ORDER BY id
            """)
        var previous = [UInt8](repeating: 0, count: 32)
        var updates = ""
        for row in rows {
            var canonical = Array("v1".utf8)
            for value in row {
                canonical += Array("|".utf8)
                canonical += value == "~" ? Array("-".utf8) : Array("\(value.utf8.count):\(value)".utf8)
            }
            previous = try sha256(previous + canonical)
            updates += "UPDATE audit SET hash = X'\(hex(previous))' WHERE id = \(row[0]);\n"
        }
        if let last = rows.last {
            updates += "INSERT OR REPLACE INTO meta(key, value) VALUES ('audit_head', '\(last[0]):\(hex(previous))');"
        }
        try SQLiteWriter.execute(database, updates)
    }

    static func sha256(_ bytes: [UInt8]) throws -> [UInt8] {
        let directory = try TemporaryDirectory()
        let path = directory.file("input")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let result = try ChildProcess.run("/usr/bin/sha256sum", [path])
        guard let digest = result.standardOutput.split(separator: " ").first, digest.count == 64 else {
            throw TestSupportError("sha256sum: \(result.standardOutput) \(result.standardError)")
        }
        var out: [UInt8] = []
        var index = digest.startIndex
        while index < digest.endIndex {
            let next = digest.index(index, offsetBy: 2)
            guard let byte = UInt8(digest[index..<next], radix: 16) else { throw TestSupportError("bad digest") }
            out.append(byte)
            index = next
        }
        return out
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
