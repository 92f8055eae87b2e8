import CheckpointCore
import CheckpointStore
import CheckpointWire

/// `version`, `health`, `reload` and `backup`: the daemon itself.
extension ControlCommands {
    func version() -> JSONObject {
        [
            "version": .string(ProductVersion.current),
            "protocol": .int(Int64(WireProtocol.stationVersion)),
            "control_protocol": .int(Int64(WireProtocol.controlVersion)),
            "sqlite_version": .string(reader.sqliteVersion),
            "started_at": time(startedAt),
            "uptime_s": .int(Int64((Monotonic.nanoseconds() - startedUptime) / 1_000_000_000)),
            // Issue 16 point 5: where times are shown (`display_timezone`, null for the system's) and its offset now.
            "display_timezone": zone.name.isEmpty ? .null : .string(zone.name),
            "utc_offset": .string(String(clock.now().formatted(in: zone).suffix(6))),
        ]
    }

    func health() -> JSONObject {
        let health = writer.currentHealth
        let age = (Monotonic.nanoseconds() - health.lastCommitUptimeNanoseconds) / 1_000_000
        var result: JSONObject = [
            "status": .string(status(health)),
            "db_writable": .bool(health.writable),
            "last_commit_age_ms": .int(Int64(age)),
            "queue_depth": .int(Int64(health.queueDepth)),
            "commits": .int(Int64(health.commits)),
            "committed_records": .int(Int64(health.committedRecords)),
            "stations_connected": .int(Int64(sessions.connectedStations.count)),
            "connections": .int(Int64(sessions.openConnections)),
            "unauthenticated_connections": .int(Int64(sessions.unauthenticatedConnections)),
            "lookups": .int(lookups.counts.answered),
            "lookups_refused": .int(lookups.counts.refused),
        ]
        if let error = health.lastError { result["error"] = .string(error) }
        result["alert_command"] = .object(alertCommandHealth())
        if let city {
            result["city"] = .object(cityHealth(city.snapshot))
            addUplinkLag(city.snapshot, to: &result)
        }
        return result
    }

    /// `ok`, or `degraded` while commits fail or the city is cut off (health, and the dashboard's header).
    func status(_ health: WriterHealth) -> String {
        health.writable && city?.isDegraded != true ? "ok" : "degraded"
    }

    /// Issue 17: how far behind the city is, in records and seconds (the oldest record not yet shipped).
    func addUplinkLag(_ city: CityStatus.Snapshot, to result: inout JSONObject) {
        let lag = uplinkLag(city)
        result["uplink_lag_records"] = .int(lag.records)
        result["uplink_lag_s"] = .int(lag.seconds)
    }

    /// The lag as `health`, `stats` and `/metrics` give it.
    func uplinkLag(_ city: CityStatus.Snapshot) -> (records: Int64, seconds: Int64) {
        let seconds = city.oldestUnshippedAt.map { max(0, clock.now().milliseconds - $0.milliseconds) / 1000 } ?? 0
        return (city.lagRecords, seconds)
    }

    /// Issue 17: the uplink's and the registry's state; `registry_stale` when the orders of other districts are
    /// those last read (the district is cut off from the city).
    private func cityHealth(_ city: CityStatus.Snapshot) -> JSONObject {
        [
            "district": .string(city.district),
            "uplink_connected": .bool(city.uplinkConnected),
            "registry_connected": .bool(city.registryConnected),
            "registry_stale": .bool(!city.registryConnected),
            "registry_synced_at": time(city.registrySyncedAt),
            "shipped_records": .int(city.shippedRecords),
            "lag_changes": .int(city.lagChanges),
            "orders_from_city": .int(Int64(city.ordersFromCity)),
            "error": city.lastError.map(JSONValue.string) ?? .null,
        ]
    }

    /// Issue 16 point 3: whether `alert_command` is set, and what its runner has done since the start.
    private func alertCommandHealth() -> JSONObject {
        let counts = alertCommands.counts
        var result: JSONObject = ["configured": .bool(alertCommands.isConfigured)]
        let numbers: [(String, Int)] = [
            ("queued", counts.queued), ("running", counts.running), ("succeeded", counts.succeeded),
            ("failed", counts.failed), ("retried", counts.retried), ("timed_out", counts.timedOut),
            ("dropped", counts.dropped),
        ]
        for (key, value) in numbers { result[key] = .int(Int64(value)) }
        return result
    }

    func reloadNow() async throws(WireError) -> JSONObject {
        switch await reload() {
        case .success(let summary): return ["reloaded": .bool(true), "summary": .string(summary)]
        case .failure(let error): throw WireError(.argument, error.message)
        }
    }

    /// Issue 13: a copy of the whole database is an accountable read. `path` is a file name inside
    /// `backup_dir` (never a path: the daemon's rights must not write wherever a caller points), `reason` is
    /// required, and the audit row is durable before the copy starts (so the copy holds it too).
    func backup(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        let name = try request.requiredString(.path)
        do throws(StoreError) {
            try StoreReader.checkBackupName(name)
        } catch {
            throw ControlCommands.wireError(error)
        }
        let reason = try self.reason(request)
        let directory = settings.backupDirectory
        try await audit(
            AuditEntry(
                at: clock.now(), uid: call.peer.uid, gid: call.peer.gid, command: "backup", person: nil, since: nil,
                until: nil, reason: reason), masked: nil)
        let reader = self.reader
        let writer = self.writer
        // The copy holds every lookup audited so far, not only those the writer has moved out of the journal.
        try await change { () throws(StoreError) in try await writer.moveAuditJournal() }
        let copy = try await read { () throws(StoreError) in try reader.backup(named: name, into: directory) }
        return ["path": .string(copy.path), "bytes": .int(copy.bytes)]
    }
}
