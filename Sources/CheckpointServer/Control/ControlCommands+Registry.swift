import CheckpointCore
import CheckpointStore
import CheckpointWire

/// Checkpoints and stations (SPEC §4 `checkpoint.*`, `station.*`).
extension ControlCommands {
    // MARK: checkpoints

    func listCheckpoints() async throws(WireError) -> JSONObject {
        let reader = self.reader
        let rows = try await read { () throws(StoreError) in try reader.checkpoints() }
        return ["items": .array(rows.map { .object(json($0)) })]
    }

    func addCheckpoint(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let code = try identifier(request, .id)
        let grid = try identifier(request, .grid)
        let name = try request.string(.name) ?? ""
        let staffed = try staffedHours(request) ?? "24h"
        let kind = try checkpointKind(request) ?? .compound
        let site = try siteArgument(request)
        let writer = self.writer
        let row = try await change { () throws(StoreError) in
            try await writer.addCheckpoint(
                code: code, name: name, grid: grid, staffed: staffed, kind: kind, site: site == "-" ? nil : site)
        }
        return json(row)
    }

    /// `checkpoint.set`: changes the fields given. A new kind closes the sessions of the checkpoint's stations: each
    /// said `HELLO` under the old one, and its terminal shows violations by what `HELLO` said (`kind=`); it
    /// reconnects at once and learns the new one.
    func setCheckpoint(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let code = try identifier(request, .id)
        var fields = CheckpointChange(
            name: try request.string(.name), staffed: try staffedHours(request), kind: try checkpointKind(request))
        if request.has(.grid) { fields.grid = try identifier(request, .grid) }
        fields.site = try siteArgument(request)
        guard !fields.isEmpty else {
            throw WireError(.argument, "checkpoint.set needs at least one of kind, name, grid, staffed, site")
        }
        let writer = self.writer
        let wanted = fields
        let (row, stations) = try await change { () throws(StoreError) in
            try await writer.changeCheckpoint(code: code, wanted)
        }
        let connected = sessions.connectedStations
        let reconnected = stations.filter { connected.contains($0) }
        for station in stations { sessions.close(station: station) }
        var result = json(row)
        result["reconnected"] = .array(reconnected.map { .string($0) })
        return result
    }

    /// `staffed`, checked: `24h` or `HH:MM-HH:MM`.
    private func staffedHours(_ request: ControlRequest) throws(WireError) -> String? {
        guard let staffed = try request.string(.staffed) else { return nil }
        guard StaffedHours(staffed) != nil else {
            throw WireError(.argument, "staffed must be 24h or HH:MM-HH:MM (e.g. 07:00-19:00)")
        }
        return staffed
    }

    /// `kind`, checked: one of the three.
    private func checkpointKind(_ request: ControlRequest) throws(WireError) -> CheckpointKind? {
        guard let text = try request.string(.kind) else { return nil }
        guard let kind = CheckpointKind(rawValue: text.lowercased()) else {
            throw WireError(
                .argument,
                """
                kind must be \(CheckpointKind.choices): a residential gate, an employer's gate (no one under \
                quarantine may start work) or a grid worker's home visit
                """)
        }
        return kind
    }

    func removeCheckpoint(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let code = try identifier(request, .id)
        let force = try request.bool(.force) ?? false
        let writer = self.writer
        let row = try await change { () throws(StoreError) in
            try await writer.removeCheckpoint(code: code, force: force)
        }
        return json(row)
    }

    /// `site=`: a site's id, or `-` for none (issue 19); nil when not given.
    func siteArgument(_ request: ControlRequest) throws(WireError) -> String? {
        guard let text = try request.string(.site) else { return nil }
        guard text == "-" || Identifier.isValid(text) else {
            throw WireError(.argument, "site must be a site's id (checkpointctl site list), or - for none")
        }
        return text
    }

    func json(_ row: CheckpointRow) -> JSONObject {
        [
            "id": .string(row.code), "name": .string(row.name), "grid": .string(row.grid),
            "staffed": .string(row.staffed), "kind": .string(row.kind.rawValue), "site": json.text(row.site),
            "stations": .int(Int64(row.activeStations)),
            "created_at": time(row.createdAt), "removed_at": time(row.removedAt),
        ]
    }

    // MARK: stations

    func listStations() async throws(WireError) -> JSONObject {
        let reader = self.reader
        let rows = try await read { () throws(StoreError) in try reader.stations() }
        let connected = sessions.connectedStations
        return ["items": .array(rows.map { .object(json($0, connected: connected.contains($0.code))) })]
    }

    func addStation(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let code = try identifier(request, .id)
        let checkpoint = try identifier(request, .checkpoint)
        let (token, digest) = StationToken.generate()
        let writer = self.writer
        let row = try await change { () throws(StoreError) in
            try await writer.addStation(code: code, checkpointCode: checkpoint, token: digest)
        }
        var result = json(row, connected: false)
        result["token"] = .string(token)
        return result
    }

    func revokeStation(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let code = try identifier(request, .id)
        let writer = self.writer
        let row = try await change { () throws(StoreError) in try await writer.revokeStation(code: code) }
        sessions.close(station: code)
        return json(row, connected: false)
    }

    func rotateStation(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let code = try identifier(request, .id)
        let (token, digest) = StationToken.generate()
        let writer = self.writer
        let row = try await change { () throws(StoreError) in try await writer.rotateStation(code: code, token: digest)
        }
        sessions.close(station: code)
        var result = json(row, connected: false)
        result["token"] = .string(token)
        return result
    }

    func json(_ row: StationRow, connected: Bool) -> JSONObject {
        [
            "id": .string(row.code), "checkpoint": .string(row.checkpointCode), "connected": .bool(connected),
            "first_seq": row.firstSeq.map { .int($0) } ?? .null, "last_seq": row.lastSeq.map { .int($0) } ?? .null,
            "last_seen": time(row.lastSeen), "created_at": time(row.createdAt), "rotated_at": time(row.rotatedAt),
            "revoked_at": time(row.revokedAt),
            "missing": .array(row.missing.map { .array([.int($0.lowerBound), .int($0.upperBound)]) }),
            "missing_count": .int(row.missingCount),
        ]
    }
}
