import CheckpointCore
import CheckpointStore
import CheckpointWire

extension ControlCommands {
    func version() -> JSONObject {
        [
            "version": .string(ProductVersion.current),
            "protocol": .int(Int64(WireProtocol.stationVersion)),
            "control_protocol": .int(Int64(WireProtocol.controlVersion)),
            "sqlite_version": .string(reader.sqliteVersion),
            "started_at": time(startedAt),
            "uptime_s": .int(Int64((Monotonic.nanoseconds() - startedUptime) / 1_000_000_000)),
        ]
    }

    func health() -> JSONObject {
        let health = writer.currentHealth
        let age = (Monotonic.nanoseconds() - health.lastCommitUptimeNanoseconds) / 1_000_000
        var result: JSONObject = [
            "status": .string(health.writable ? "ok" : "degraded"),
            "db_writable": .bool(health.writable),
            "last_commit_age_ms": .int(Int64(age)),
            "queue_depth": .int(Int64(health.queueDepth)),
            "commits": .int(Int64(health.commits)),
            "committed_records": .int(Int64(health.committedRecords)),
            "stations_connected": .int(Int64(sessions.connectedStations.count)),
            "connections": .int(Int64(sessions.openConnections)),
        ]
        if let error = health.lastError { result["error"] = .string(error) }
        return result
    }

    func reloadNow() async throws(WireError) -> JSONObject {
        switch await reload() {
        case .success(let summary): return ["reloaded": .bool(true), "summary": .string(summary)]
        case .failure(let error): throw WireError(.argument, error.message)
        }
    }

    // MARK: checkpoints

    func listCheckpoints() async throws(WireError) -> JSONObject {
        let reader = self.reader
        let rows = try await read { () throws(StoreError) in try reader.checkpoints() }
        return ["items": .array(rows.map { .object(json($0)) })]
    }

    func addCheckpoint(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let code = try identifier(request, "id")
        let grid = try identifier(request, "grid")
        let name = try request.string("name") ?? ""
        let staffed = try request.string("staffed") ?? "24h"
        guard StaffedHours(staffed) != nil else {
            throw WireError(.argument, "staffed must be 24h or HH:MM-HH:MM (e.g. 07:00-19:00)")
        }
        let writer = self.writer
        let row = try await change { () throws(StoreError) in
            try await writer.addCheckpoint(code: code, name: name, grid: grid, staffed: staffed)
        }
        return json(row)
    }

    func removeCheckpoint(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let code = try identifier(request, "id")
        let force = try request.bool("force") ?? false
        let writer = self.writer
        let row = try await change { () throws(StoreError) in
            try await writer.removeCheckpoint(code: code, force: force)
        }
        return json(row)
    }

    func json(_ row: CheckpointRow) -> JSONObject {
        [
            "id": .string(row.code), "name": .string(row.name), "grid": .string(row.grid),
            "staffed": .string(row.staffed), "stations": .int(Int64(row.activeStations)),
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
        let code = try identifier(request, "id")
        let checkpoint = try identifier(request, "checkpoint")
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
        let code = try identifier(request, "id")
        let writer = self.writer
        let row = try await change { () throws(StoreError) in try await writer.revokeStation(code: code) }
        sessions.close(station: code)
        return json(row, connected: false)
    }

    func rotateStation(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let code = try identifier(request, "id")
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

    func identifier(_ request: ControlRequest, _ key: String) throws(WireError) -> String {
        let value = try request.requiredString(key)
        guard Identifier.isValid(value) else {
            throw WireError(.argument, "\(key) must be 1-32 of A-Z a-z 0-9 _ . - starting with a letter or digit")
        }
        return value
    }
}

/// Kept here for the server's tests; the type lives in CheckpointCore.
typealias StaffedHours = CheckpointCore.StaffedHours
