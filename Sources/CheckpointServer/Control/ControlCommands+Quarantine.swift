import CheckpointCore
import CheckpointStore
import CheckpointWire

/// `quarantine.list`, `quarantine.add` and `quarantine.release` (SPEC §4).
extension ControlCommands {
    func listQuarantines(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        let state = try request.string(.state) ?? "active"
        guard state == "active" || state == "all" else { throw WireError(.argument, "state must be active or all") }
        let person = !request.has(.person) ? nil : try self.person(request)
        let limit = try limit(request, default: 1000)
        let grid = try self.grid(request)
        let now = clock.now()
        let people = try await self.people(request, call: call, Disclosure(person: person))
        let reader = self.reader
        let rows = try await read { () throws(StoreError) in
            try reader.quarantines(person: person, activeOnly: state == "active", now: now, limit: limit, grid: grid)
        }
        let followup = settings.followupTimes
        return [
            "items": .array(rows.map { .object(json.quarantine($0, now: now, people: people, followup: followup)) })
        ]
    }

    func addQuarantine(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let person = try self.person(request)
        let now = clock.now()
        let start = try time(request, .start, now: now) ?? now
        let days = Int(try request.int(.days) ?? Int64(settings.quarantineDays))
        guard (1...365).contains(days) else { throw WireError(.argument, "days must be from 1 to 365") }
        let reason = try request.string(.reason) ?? "operator order"
        let note = try request.string(.note)
        let grid = try self.grid(request)
        let writer = self.writer
        let row = try await change { () throws(StoreError) in
            try await writer.addQuarantine(
                person: person, start: start, days: days, reason: reason, note: note, grid: grid)
        }
        // The caller named the person.
        return json.quarantine(row, now: now, people: .full)
    }

    func releaseQuarantine(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        let person = try self.person(request)
        var note = try request.string(.note)
        if note == nil { note = try request.string(.reason) }
        let by = try request.string(.by) ?? call.callerName
        let writer = self.writer
        let releaseNote = note
        let rows = try await change { () throws(StoreError) in
            try await writer.releaseQuarantine(person: person, by: by, note: releaseNote)
        }
        let now = clock.now()
        // SPEC §4: the order. A person has at most one order in force; any upcoming ones were ended too.
        guard let latest = rows.max(by: { $0.start < $1.start }) else {
            throw WireError(.notFound, "\(person.masked) has no active quarantine order")
        }
        var result = json.quarantine(latest, now: now, people: .full)
        if rows.count > 1 { result["also_released"] = .int(Int64(rows.count - 1)) }
        return result
    }
}
