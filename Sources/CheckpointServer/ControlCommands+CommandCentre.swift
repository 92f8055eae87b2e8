import CheckpointCore
import CheckpointStore
import CheckpointSystemd
import CheckpointWire
import Logging

extension ControlCommands {
    func stats(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let now = clock.now()
        let since = try time(request, "since", now: now)
        let checkpoint = try request.string("checkpoint")
        let grid = try request.string("grid")
        let by = try request.string("by")
        guard by == nil || ["checkpoint", "grid", "hour"].contains(by ?? "") else {
            throw WireError(.argument, "by must be checkpoint, grid or hour")
        }
        let reader = self.reader
        let stats = try await read { () throws(StoreError) in
            try reader.stats(since: since, checkpoint: checkpoint, grid: grid, byHour: by == "hour", now: now)
        }
        var result = json.counts(stats.totals)
        result["open_alerts"] = .int(Int64(stats.openAlerts))
        result["active_quarantines"] = .int(Int64(stats.activeQuarantines))
        result["stations_connected"] = .int(Int64(sessions.connectedStations.count))
        result["rate_1m"] = .double((rate.perSecond() * 100).rounded() / 100)
        // The counts are hourly: say which hour they start from.
        let hour = Timestamp.millisecondsPerHour
        result["since"] = time(since.map { Timestamp(milliseconds: $0.milliseconds - $0.milliseconds % hour) })
        result["per_checkpoint"] = .array(
            stats.perCheckpoint.map { row in
                var object: JSONObject = [
                    "checkpoint": .string(row.code), "name": .string(row.name), "grid": .string(row.grid),
                ]
                for (key, value) in json.counts(row.counts).pairs { object[key] = value }
                return .object(object)
            })
        if by == "grid" {
            result["per_grid"] = .array(
                stats.perGrid.map { grid, counts in
                    var object: JSONObject = ["grid": .string(grid)]
                    for (key, value) in json.counts(counts).pairs { object[key] = value }
                    return .object(object)
                })
        }
        if by == "hour" {
            result["per_hour"] = .array(
                stats.perHour.map { hour, counts in
                    var object: JSONObject = ["hour": time(hour)]
                    for (key, value) in json.counts(counts).pairs { object[key] = value }
                    return .object(object)
                })
        }
        return result
    }

    func alerts(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let state = try request.string("state") ?? "open"
        guard ["open", "acked", "all"].contains(state) else {
            throw WireError(.argument, "state must be open, acked or all")
        }
        var type: AlertType?
        if let text = try request.string("type") {
            guard let parsed = AlertType(rawValue: text.uppercased()) else {
                throw WireError(.argument, "type must be one of FEVER, VIOLATION, SILENT, DRIFT")
            }
            type = parsed
        }
        let since = try time(request, "since", now: clock.now())
        let limit = try limit(request, default: 100)
        let reader = self.reader
        let wanted = type
        let rows = try await read { () throws(StoreError) in
            try reader.alerts(state: state == "all" ? nil : state, type: wanted, since: since, limit: limit)
        }
        return ["items": .array(rows.map { .object(json.alert($0)) })]
    }

    func acknowledge(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        guard let id = try request.int("id") else { throw WireError(.argument, "ack needs id (the alert number)") }
        let note = try request.string("note")
        let by = try request.string("by") ?? call.callerName
        let writer = self.writer
        let row = try await change { () throws(StoreError) in
            try await writer.acknowledgeAlert(id: id, note: note, by: by)
        }
        return json.alert(row)
    }

    func trace(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        let person = try self.person(request)
        let days = try request.int("days") ?? 15
        guard (1...3650).contains(days) else { throw WireError(.argument, "days must be from 1 to 3650") }
        let reason = try self.reason(request)
        let now = clock.now()
        let since = now.adding(milliseconds: -days * Timestamp.millisecondsPerDay)
        // The audit row's commit and the read run side by side; nothing is sent before the row is durable.
        async let audited = auditResult(
            AuditEntry(
                at: now, uid: call.peer?.uid, gid: call.peer?.gid, command: "trace", person: person.normalized,
                since: since, until: nil, reason: reason), masked: person.masked)
        let reader = self.reader
        let found = await readResult { () throws(StoreError) in
            try reader.trace(person: person, since: since, now: now)
        }
        try await audited.get()
        let (records, orders) = try found.get()
        return [
            "person": .string(person.normalized), "since": time(since),
            "items": .array(records.map { .object(json.record($0)) }),
            "quarantines": .array(orders.map { .object(json.quarantine($0, now: now)) }),
        ]
    }

    func records(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let now = clock.now()
        var filter = RecordFilter()
        filter.checkpoint = try request.string("checkpoint")
        if request.arguments["person"] != nil { filter.person = try person(request) }
        if let kind = try request.string("kind") {
            guard let parsed = RecordKind(rawValue: kind.uppercased()) else {
                throw WireError(.argument, "kind must be TEMP, ENTRY or EXIT")
            }
            filter.kind = parsed
        }
        filter.since = try time(request, "since", now: now)
        filter.until = try time(request, "until", now: now)
        let limit = try limit(request, default: 100)
        let reader = self.reader
        let query = filter
        let retention = writer.options.retentionDays
        let rows = try await read { () throws(StoreError) in
            try reader.records(query, limit: limit, now: now, retentionDays: retention)
        }
        return ["items": .array(rows.map { .object(json.record($0)) })]
    }

    func listQuarantines(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let state = try request.string("state") ?? "active"
        guard state == "active" || state == "all" else { throw WireError(.argument, "state must be active or all") }
        let person = request.arguments["person"] == nil ? nil : try self.person(request)
        let limit = try limit(request, default: 1000)
        let now = clock.now()
        let reader = self.reader
        let rows = try await read { () throws(StoreError) in
            try reader.quarantines(person: person, activeOnly: state == "active", now: now, limit: limit)
        }
        return ["items": .array(rows.map { .object(json.quarantine($0, now: now)) })]
    }

    func addQuarantine(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let person = try self.person(request)
        let now = clock.now()
        let start = try time(request, "start", now: now) ?? now
        let days = Int(try request.int("days") ?? Int64(settings.quarantineDays))
        guard (1...365).contains(days) else { throw WireError(.argument, "days must be from 1 to 365") }
        let reason = try request.string("reason") ?? "operator order"
        let note = try request.string("note")
        let writer = self.writer
        let row = try await change { () throws(StoreError) in
            try await writer.addQuarantine(person: person, start: start, days: days, reason: reason, note: note)
        }
        return json.quarantine(row, now: now)
    }

    func releaseQuarantine(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        let person = try self.person(request)
        var note = try request.string("note")
        if note == nil { note = try request.string("reason") }
        let by = try request.string("by") ?? call.callerName
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
        var result = json.quarantine(latest, now: now)
        if rows.count > 1 { result["also_released"] = .int(Int64(rows.count - 1)) }
        return result
    }

    func presence(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let checkpoint = try request.string("checkpoint")
        let grid = try request.string("grid")
        guard (checkpoint == nil) != (grid == nil) else {
            throw WireError(.argument, "presence needs checkpoint=<id> or grid=<id> (one of them)")
        }
        let now = clock.now()
        let outAfter = settings.outAfterMilliseconds
        let reader = self.reader
        let result = try await read { () throws(StoreError) in
            try reader.presence(checkpoint: checkpoint, grid: grid, now: now, outAfter: outAfter)
        }
        return [
            "inside": .int(Int64(result.inside)), "out_after_s": .int(outAfter / 1000),
            "items": .array(
                result.out.map {
                    .object([
                        "person": json.text($0.person?.normalized), "exit_at": time($0.exitAt),
                        "checkpoint": .string($0.checkpointCode),
                    ])
                }),
        ]
    }

    func listAudit(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let since = try time(request, "since", now: clock.now())
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

    func backup(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let path = try request.requiredString("path")
        guard path.hasPrefix("/") else {
            throw WireError(.argument, "path must be absolute (the daemon's working directory is not yours)")
        }
        let reader = self.reader
        let writer = self.writer
        // The copy holds every lookup audited so far, not only those the writer has moved out of the journal.
        try await change { () throws(StoreError) in try await writer.moveAuditJournal() }
        let bytes = try await read { () throws(StoreError) in try reader.backup(to: path) }
        return ["path": .string(path), "bytes": .int(bytes)]
    }

    // MARK: argument helpers

    func time(_ request: ControlRequest, _ key: String, now: Timestamp) throws(WireError) -> Timestamp? {
        guard let text = try request.string(key) else { return nil }
        return try TimeArgument.parse(text, key: key, now: now, zone: zone)
    }

    func limit(_ request: ControlRequest, default value: Int) throws(WireError) -> Int {
        let limit = try request.int("limit") ?? Int64(value)
        guard (1...100_000).contains(limit) else { throw WireError(.argument, "limit must be from 1 to 100000") }
        return Int(limit)
    }

    func person(_ request: ControlRequest) throws(WireError) -> PersonID {
        let text = try request.requiredString("person")
        do throws(ValidationError) {
            return try PersonID(parsing: text)
        } catch {
            throw WireError(.argument, "person: \(error.message)")
        }
    }

    /// SPEC §9: trace and export need a reason; a missing one is refused (and refused requests are not audited).
    func reason(_ request: ControlRequest) throws(WireError) -> String {
        guard let reason = try request.string("reason"), !reason.allSatisfy({ $0 == " " }) else {
            throw WireError(.argument, "\(request.command) needs reason=\"...\": every lookup is audited")
        }
        return reason
    }

    /// Writes the audit row durably, then to the journal, before any data is handed out.
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
