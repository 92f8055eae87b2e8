import CheckpointCore
import CheckpointStore
import CheckpointWire

extension ControlCommands {
    static let exportColumns = [
        "id", "at", "kind", "person", "temp", "verdict", "origin", "note", "checkpoint", "checkpoint_name", "grid",
        "station", "seq",
    ]
    static let exportPageSize = 2000

    /// SPEC §4/§10 `export`: an audited, streamed dump of records in `[since, until)`. A header line, one line
    /// per row (CSV per RFC 4180, or JSON objects), then `{"ok":true,"result":{"rows":N}}`. Rows are read in
    /// pages, so memory stays flat whatever the size; the socket's backpressure paces the reading.
    func export(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject? {
        let now = clock.now()
        let format = try request.string(.format) ?? "csv"
        guard format == "csv" || format == "jsonl" else { throw WireError(.argument, "format must be csv or jsonl") }
        // Without since: everything still kept (retention bounds it).
        let since = try time(request, .since, now: now)
        let until = try time(request, .until, now: now)
        let grid = try self.grid(request)
        let reason = try self.reason(request)
        try await audit(
            AuditEntry(
                at: now, uid: call.peer.uid, gid: call.peer.gid, command: "export", person: nil, since: since,
                until: until, reason: reason), masked: nil)
        let reader = self.reader
        let checkpoints = try await read { () throws(StoreError) in try reader.checkpointKeys(grid: grid) }
        var rows: Int64 = 0
        do {
            let header =
                format == "csv"
                ? ControlCommands.exportColumns.joined(separator: ",")
                : JSONValue.object(["columns": .array(ControlCommands.exportColumns.map(JSONValue.string))])
                    .serialized()
            try await call.responder.send(header)
            for checkpoint in checkpoints {
                var cursor: (ts: Int64, id: Int64)?
                while true {
                    let after = cursor
                    let page = try await read { () throws(StoreError) in
                        try reader.exportPage(
                            checkpointKey: checkpoint, since: since, until: until, after: after,
                            limit: ControlCommands.exportPageSize)
                    }
                    for row in page {
                        try await call.responder.send(
                            format == "csv" ? csvLine(row) : json.record(row, people: .full).serializedLine)
                    }
                    rows += Int64(page.count)
                    guard let last = page.last, page.count == ControlCommands.exportPageSize else { break }
                    cursor = (last.at.milliseconds, last.id)
                }
            }
        } catch let error as WireError {
            try? await call.responder.send(ControlReply.failure(error))
            return nil
        } catch {
            // The client went away: nothing more to say.
            return nil
        }
        try? await call.responder.send(ControlReply.success(["rows": .int(rows)]))
        return nil
    }

    private func csvLine(_ row: RecordRow) -> String {
        let fields: [String] = [
            String(row.id), row.at.formatted(in: zone), row.kind.rawValue, row.person?.normalized ?? "",
            row.temperature?.description ?? "", row.verdicts.description, row.origin?.rawValue ?? "", row.note ?? "",
            row.checkpointCode, row.checkpointName, row.grid, row.stationCode, String(row.seq),
        ]
        return fields.map(CSVCell.field).joined(separator: ",")
    }

    /// SPEC §4/§10 `watch`: first `{"ok":true,"result":{"watching":[...]}}`, then the open alerts as they are
    /// now, then every alert, escalation and (if asked) record event as it is committed, until the client
    /// disconnects. A watcher that falls more than `EventHub.bufferLimit` lines behind gets a final error line.
    func watch(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject? {
        // `types` is a JSON array or a comma-separated string (SPEC §4); a type named twice counts once.
        var types: [String] = []
        for type in try request.words(.types) ?? ["alert"] where !types.contains(type) { types.append(type) }
        guard !types.isEmpty, types.allSatisfy({ $0 == "alert" || $0 == "record" }) else {
            throw WireError(
                .argument, #"types must be alert, record or both: ["alert","record"] or "alert,record""#)
        }
        // A feed of everyone's records is accountable (a reason, an audit row); people are masked unless revealed.
        let people = try await self.people(request, call: call, Disclosure(isFeed: types.contains("record")))
        let grid = try self.grid(request)
        let subscription = hub.subscribe(
            alerts: types.contains("alert"), records: types.contains("record"), people: people, grid: grid)
        do {
            try await call.responder.send(ControlReply.success(["watching": .array(types.map(JSONValue.string))]))
            if types.contains("alert") {
                let reader = self.reader
                let open = try await read { () throws(StoreError) in
                    try reader.alerts(state: "open", type: nil, since: nil, limit: 10_000, grid: grid)
                }
                for alert in open.reversed() {
                    try await call.responder.send(
                        JSONValue.object([
                            "event": .string("alert"), "alert": .object(json.alert(alert, people: people)),
                        ]).serialized())
                }
            }
            for await line in subscription.lines {
                try await call.responder.send(line)
            }
            if hub.wasDropped(subscription.id) {
                try await call.responder.send(
                    ControlReply.failure(
                        WireError(
                            .busy,
                            """
                            this watcher fell more than \(EventHub.bufferLimit) events behind and was dropped; reconnect
                            """)))
            }
        } catch {
            // The watcher disconnected (or the daemon is stopping).
        }
        return nil
    }
}

extension JSONObject {
    var serializedLine: String { JSONValue.object(self).serialized() }
}
