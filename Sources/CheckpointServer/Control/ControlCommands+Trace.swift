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
        let reader = self.reader
        let (records, orders, people, sharedPhone) = try await auditedRead(
            "trace", of: person, since: since, reason: reason, at: now, call: call
        ) { () throws(StoreError) in
            try reader.trace(person: person, since: since, now: now)
        }
        // Through links (issue 15): `identity` lists whose records these are; each row names its person.
        return [
            "person": .string(person.normalized), "since": time(since),
            "items": .array(records.map { .object(json.record($0, people: .full)) }),
            "quarantines": .array(orders.map { .object(json.quarantine($0, now: now, people: .full)) }),
            "identity": .array(people.map { .string($0.normalized) }), "check_id": .bool(sharedPhone),
        ]
    }
}
