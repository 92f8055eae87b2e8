import CheckpointCore
import CheckpointStore
import CheckpointSystemd
import CheckpointWire
import Logging

/// `audit`, and the audit row every accountable lookup writes before it answers (SPEC §9).
extension ControlCommands {
    func listAudit(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let since = try time(request, .since, now: clock.now())
        let limit = try limit(request, default: 100)
        let reader = self.reader
        let writer = self.writer
        // Lookups audited a moment ago may still be in the audit journal only.
        try await change { () throws(StoreError) in try await writer.moveAuditJournal() }
        let rows = try await read { () throws(StoreError) in try reader.audit(since: since, limit: limit) }
        return [
            "items": .array(
                rows.map { entry in
                    .object([
                        "at": time(entry.at), "uid": entry.uid.map { .int(Int64($0)) } ?? .null,
                        "gid": entry.gid.map { .int(Int64($0)) } ?? .null, "cmd": .string(entry.command),
                        "person": json.text(entry.person), "since": time(entry.since), "until": time(entry.until),
                        "reason": .string(entry.reason),
                    ])
                })
        ]
    }

    /// Issue 13, point 12: walks the audit hash chain (after moving what the journal holds, so the newest rows
    /// are checked too). A broken chain is an answer, not an error: `ok` is false and `row_id` names the row.
    func verifyAudit() async throws(WireError) -> JSONObject {
        let reader = self.reader
        let writer = self.writer
        try await change { () throws(StoreError) in try await writer.moveAuditJournal() }
        let found = try await read { () throws(StoreError) in try reader.verifyAuditChain() }
        var result: JSONObject = ["ok": .bool(found.isWhole), "rows": .int(Int64(found.rows))]
        if let first = found.firstID { result["first_id"] = .int(first) }
        if let head = found.headID { result["head_id"] = .int(head) }
        if let hash = found.headHash { result["head_hash"] = .string(hash) }
        if let anchor = found.anchorID { result["anchor_id"] = .int(anchor) }
        if let row = found.problemRow { result["row_id"] = .int(row) }
        if let problem = found.problem {
            result["problem"] = .string(problem)
            logger.error(
                "the audit trail is broken",
                metadata: ["row_id": "\(found.problemRow ?? 0)", "problem": "\(problem)"])
        }
        return result
    }

    /// SPEC §9: trace and export need a reason; a missing one is refused (and refused requests are not audited).
    func reason(_ request: ControlRequest) throws(WireError) -> String {
        guard let reason = try request.string(.reason), !reason.allSatisfy({ $0 == " " }) else {
            throw WireError(.argument, "\(request.command) needs reason=\"...\": every lookup is audited")
        }
        return reason
    }

    /// Writes the audit row durably, then to the journal, before any data is handed out.
    /// A read chosen by person (`trace`, `clearance`, `person.show`): the audit row of `command` commits while
    /// `body` reads, side by side; nothing is returned before the row is durable, and a failed audit wins over the
    /// read's result.
    func auditedRead<T: Sendable>(
        _ command: String, of person: PersonID, since: Timestamp?, reason: String, at now: Timestamp,
        call: ControlCall, _ body: @escaping @Sendable () throws(StoreError) -> T
    ) async throws(WireError) -> T {
        async let audited = auditResult(
            AuditEntry(
                at: now, uid: call.peer.uid, gid: call.peer.gid, command: command, person: person.normalized,
                since: since, until: nil, reason: reason), masked: person.masked)
        let found = await readResult(body)
        try await audited.get()
        return try found.get()
    }

    func auditResult(_ entry: AuditEntry, masked: String?) async -> Result<Void, WireError> {
        do throws(WireError) {
            return .success(try await audit(entry, masked: masked))
        } catch {
            return .failure(error)
        }
    }

    func audit(_ entry: AuditEntry, masked: String?) async throws(WireError) {
        let writer = self.writer
        try await read { () throws(StoreError) in try writer.recordAudit(entry) }
        logger.notice(
            "accountable lookup",
            metadata: [
                "message_id": "\(MessageID.accountableLookup)", "command": "\(entry.command)",
                "uid": "\(entry.uid.map(String.init) ?? "?")", "person": "\(masked ?? "-")",
                "reason": "\(entry.reason)",
            ])
    }
}
