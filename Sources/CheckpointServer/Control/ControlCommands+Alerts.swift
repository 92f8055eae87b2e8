import CheckpointCore
import CheckpointStore
import CheckpointWire

/// `alerts` and `ack` (SPEC §4, §9).
extension ControlCommands {
    func alerts(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        let state = try request.string(.state) ?? "open"
        guard ["open", "acked", "all"].contains(state) else {
            throw WireError(.argument, "state must be open, acked or all")
        }
        var type: AlertType?
        if let text = try request.string(.type) {
            guard let parsed = AlertType(rawValue: text.uppercased()) else {
                throw WireError(
                    .argument, "type must be one of " + AlertType.allCases.map(\.rawValue).joined(separator: ", "))
            }
            type = parsed
        }
        let since = try time(request, .since, now: clock.now())
        let limit = try limit(request, default: 100)
        let grid = try self.grid(request)
        let people = try await self.people(request, call: call)
        let reader = self.reader
        let wanted = type
        let rows = try await read { () throws(StoreError) in
            try reader.alerts(state: state == "all" ? nil : state, type: wanted, since: since, limit: limit, grid: grid)
        }
        return ["items": .array(rows.map { .object(json.alert($0, people: people)) })]
    }

    func acknowledge(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        guard let id = try request.int(.id) else { throw WireError(.argument, "ack needs id (the alert number)") }
        let note = try request.string(.note)
        let by = try request.string(.by) ?? call.callerName
        let writer = self.writer
        let row = try await change { () throws(StoreError) in
            try await writer.acknowledgeAlert(id: id, note: note, by: by)
        }
        // An operator acknowledges by number: the alert's person stays masked, as in `alerts`.
        return json.alert(row, people: .masked)
    }
}
