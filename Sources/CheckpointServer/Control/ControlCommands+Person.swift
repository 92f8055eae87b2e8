import CheckpointCore
import CheckpointStore
import CheckpointWire
import Logging

/// `person.erase` (issue 13, point 9): everything stored about one person goes, in one transaction, audited.
extension ControlCommands {
    func erasePerson(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        let person = try self.person(request)
        let reason = try self.reason(request)
        // The audit row names the person masked: after the erasure nothing may hold the identifier in full.
        let entry = AuditEntry(
            at: clock.now(), uid: call.peer.uid, gid: call.peer.gid, command: "person.erase",
            person: person.masked, since: nil, until: nil, reason: reason)
        let writer = self.writer
        let erased = try await change { () throws(StoreError) in
            try await writer.erase(person: person, audit: entry)
        }
        logger.notice(
            "person erased",
            metadata: [
                "person": "\(person.masked)", "uid": "\(call.peer.uid)", "reason": "\(reason)",
                "records": "\(erased.records)", "alerts": "\(erased.alerts)",
                "quarantines": "\(erased.quarantines)", "links": "\(erased.links)",
                "roster_lines": "\(erased.rosterRows)", "name": "\(erased.rosterName.map(PersonName.masked) ?? "-")",
                "wal_truncated": "\(erased.walTruncated)",
            ])
        if !erased.auditResealed {
            logger.warning(
                "the audit trail did not verify before an erasure and was not resealed; audit.verify names the row",
                metadata: ["person": "\(person.masked)"])
        }
        return [
            "person": .string(person.masked), "records": .int(Int64(erased.records)),
            "alerts": .int(Int64(erased.alerts)), "quarantines": .int(Int64(erased.quarantines)),
            "links": .int(Int64(erased.links)), "people_other": .int(Int64(erased.otherPeople)),
            "roster_lines": .int(Int64(erased.rosterRows)),
            "audit_masked": .int(Int64(erased.auditRowsMasked)),
            "audit_resealed": .bool(erased.auditResealed), "wal_truncated": .bool(erased.walTruncated),
        ]
    }
}
