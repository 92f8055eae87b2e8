import CheckpointCore
import CheckpointStore
import CheckpointWire

/// `trace`: one person's records and orders, audited (SPEC §4, §9).
extension ControlCommands {
    func trace(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        let person = try self.person(request)
        let days = try request.int(.days) ?? 15
        guard (1...3650).contains(days) else { throw WireError(.argument, "days must be from 1 to 3650") }
        let reason = try self.reason(request)
        let now = clock.now()
        let since = now.adding(milliseconds: -days * Timestamp.millisecondsPerDay)
        // The audit row's commit and the read run side by side; nothing is sent before the row is durable.
        async let audited = auditResult(
            AuditEntry(
                at: now, uid: call.peer.uid, gid: call.peer.gid, command: "trace", person: person.normalized,
                since: since, until: nil, reason: reason), masked: person.masked)
        let reader = self.reader
        let found = await readResult { () throws(StoreError) in
            try reader.trace(person: person, since: since, now: now)
        }
        try await audited.get()
        let (records, orders, people, sharedPhone) = try found.get()
        // Through links (issue 15): `identity` lists whose records these are; each row names its person.
        return [
            "person": .string(person.normalized), "since": time(since),
            "items": .array(records.map { .object(json.record($0, people: .full)) }),
            "quarantines": .array(orders.map { .object(json.quarantine($0, now: now, people: .full)) }),
            "identity": .array(people.map { .string($0.normalized) }), "check_id": .bool(sharedPhone),
        ]
    }
}
