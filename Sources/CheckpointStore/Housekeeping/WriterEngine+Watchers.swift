import CheckpointCore

extension WriterEngine {
    /// Loads checkpoints and recent readings (for drift) at start and after registry changes.
    func reloadMonitorCheckpoints() throws(StoreError) {
        let query = try db.prepare(
            "SELECT id, code, grid, staffed, created_at FROM checkpoints WHERE removed_at IS NULL", persistent: false)
        var checkpoints: [Int64: Monitors.Checkpoint] = [:]
        while try query.step() {
            checkpoints[query.int64(0)] = Monitors.Checkpoint(
                code: query.string(1) ?? "", grid: query.string(2) ?? "",
                staffed: StaffedHours(query.string(3) ?? "24h") ?? .aroundTheClock,
                since: Timestamp(milliseconds: query.int64(4)))
        }
        monitors.checkpoints = checkpoints
    }

    func loadRecentReadings() throws(StoreError) {
        let window = monitoring.driftWindow
        let stations = try db.prepare("SELECT id FROM stations WHERE revoked_at IS NULL", persistent: false)
        let readings = try db.prepare(
            "SELECT temp FROM records WHERE station_id = ? AND temp IS NOT NULL ORDER BY seq DESC LIMIT ?",
            persistent: false)
        while try stations.step() {
            let station = stations.int64(0)
            readings.bind(1, station)
            readings.bind(2, window)
            var values: [Int] = []
            while try readings.step() { values.append(readings.int(0)) }
            readings.reset()
            var ring = DriftWatch.Readings(capacity: window)
            for value in values.reversed() { ring.append(value) }
            monitors.readings[station] = ring
        }
    }

    /// Feeds what a committed batch stored, received at `receivedAt`.
    func noteCommitted(_ batch: WriterState.Delta, at receivedAt: Timestamp) {
        for key in batch.hours.keys {
            monitors.lastActivity[key.checkpoint] = receivedAt
            monitors.silentSpells[key.checkpoint] = nil
        }
        var stations = Set<Int64>()
        for reading in batch.readings {
            monitors.readings[reading.station, default: DriftWatch.Readings(capacity: monitoring.driftWindow)]
                .append(reading.tenths)
            stations.insert(reading.station)
        }
        for station in stations {
            if let grid = gridOf(station: station) { monitors.gridsToCheck.insert(grid) }
        }
    }

    private func gridOf(station: Int64) -> String? {
        directory.entry(forKey: station).flatMap { monitors.checkpoints[$0.checkpointKey]?.grid }
    }

    /// What the watchers found to do; empty most of the time, and then no transaction is opened.
    struct MonitorPlan {
        var escalate: [Int64] = []
        var silent: [(checkpoint: Int64, detail: String)] = []
        var drift: [(station: Int64, checkpoint: Int64?, detail: String)] = []
        var driftCleared: [Int64] = []

        var needsWrite: Bool { !escalate.isEmpty || !silent.isEmpty || !drift.isEmpty }
    }

    /// Decides, with reads only, what escalation, the silence watch and the drift watch must write.
    func planMonitors(now: Timestamp) throws(StoreError) -> MonitorPlan {
        var plan = MonitorPlan()
        let escalation = EscalationWatch(afterMilliseconds: monitoring.escalateAfterMilliseconds)
        let open = try db.prepare(WriterEngine.escalationCandidates, persistent: false)
        open.bind(1, escalation.cutoff(now: now).milliseconds)
        var candidates: [EscalationWatch.Alert] = []
        while try open.step() {
            guard let type = open.string(1).flatMap(AlertType.init(rawValue:)) else { continue }
            candidates.append(
                EscalationWatch.Alert(
                    id: open.int64(0), type: type, recheck: open.string(2).flatMap(RecheckState.init(rawValue:)),
                    createdAt: Timestamp(milliseconds: open.int64(3))))
        }
        plan.escalate = escalation.due(candidates, now: now)

        let silence = SilenceWatch(silentAfterMilliseconds: monitoring.silentAfterMilliseconds)
        for (key, checkpoint) in monitors.checkpoints {
            let watched = SilenceWatch.Checkpoint(
                staffed: checkpoint.staffed, since: checkpoint.since, lastRecord: monitors.lastActivity[key],
                inSpell: monitors.silentSpells[key] != nil)
            switch silence.decide(watched, startedAt: monitors.startedAt, now: now, zone: options.zone) {
            case .none: break
            case .endSpell: monitors.silentSpells[key] = nil
            case .raise(let detail): plan.silent.append((key, detail))
            }
        }

        let grids = monitors.gridsToCheck
        monitors.gridsToCheck = []
        let drift = DriftWatch(
            thresholdTenths: monitoring.driftThresholdTenths, minimumReadings: monitoring.driftReadingsNeeded)
        for grid in grids {
            let stations = monitors.readings.filter { gridOf(station: $0.key) == grid }.map { station, readings in
                DriftWatch.Station(
                    key: station, readings: readings.values, inSpell: monitors.driftSpells[station] != nil)
            }
            for action in drift.check(grid: grid, stations: stations) {
                switch action {
                case .raise(let station, let detail):
                    plan.drift.append((station, directory.entry(forKey: station)?.checkpointKey, detail))
                case .clear(let station):
                    plan.driftCleared.append(station)
                }
            }
        }
        return plan
    }

    /// Writes a plan's alerts (inside a small transaction) and remembers the spells they open.
    func apply(_ plan: MonitorPlan, now: Timestamp) throws(StoreError) {
        for id in plan.escalate {
            try statements.markEscalated(alert: id, at: now)
            if let row = try CommandCentreQueries.alert(db, id: id) { delta.events.append(.alertEscalated(row)) }
        }
        for (checkpoint, detail) in plan.silent {
            monitors.silentSpells[checkpoint] = try insertMonitorAlert(
                .silent, at: now, checkpoint: checkpoint, station: nil, detail: detail)
        }
        for (station, checkpoint, detail) in plan.drift {
            monitors.driftSpells[station] = try insertMonitorAlert(
                .drift, at: now, checkpoint: checkpoint, station: station, detail: detail)
        }
    }

    private func insertMonitorAlert(
        _ type: AlertType, at: Timestamp, checkpoint: Int64?, station: Int64?, detail: String
    ) throws(StoreError) -> Int64 {
        let id = try statements.insertAlert(
            type, at: at, person: nil, checkpoint: checkpoint, station: station, record: nil, recheck: nil,
            detail: detail, createdAt: clock.now())
        if let row = try CommandCentreQueries.alert(db, id: id) { delta.events.append(.alertOpened(row)) }
        return id
    }
}

extension WriterEngine {
    /// The open, not yet escalated alerts raised before a cutoff whose type and re-check may escalate (Core's
    /// `EscalationWatch.escalating`, e.g. `(type = 'FEVER' AND recheck = 'confirmed')`), made once.
    static let escalationCandidates: String = {
        let kinds = EscalationWatch.escalating.map { kind in
            "(type = '\(kind.type.rawValue)' AND recheck "
                + (kind.recheck.map { "= '\($0.rawValue)')" } ?? "IS NULL)")
        }
        return """
            SELECT id, type, recheck, created_at FROM alerts WHERE state = 'open' AND escalated_at IS NULL
                AND created_at <= ? AND (\(kinds.joined(separator: " OR ")))
            """
    }()
}
