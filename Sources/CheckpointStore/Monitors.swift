import CheckpointCore

/// The memory of the §9 watchers that raise alerts by themselves: silent checkpoints and thermometer drift.
/// Lives on the writer thread; fed after each commit.
struct Monitors {
    struct Checkpoint {
        var code: String
        var grid: String
        var staffed: StaffedHours
        /// When it was (re)added: silence is not counted from before a checkpoint existed.
        var since: Timestamp
    }

    /// The last readings of one station, at most `capacity`: a ring, so a new reading costs the same whatever
    /// the window (it is fed once per stored temperature).
    struct Readings {
        let capacity: Int
        private var ring: [Int] = []
        /// Where the next reading goes once the ring is full (the oldest one).
        private var next = 0

        init(capacity: Int) { self.capacity = capacity }

        mutating func append(_ tenths: Int) {
            if capacity <= 0 {
                return
            } else if ring.count < capacity {
                ring.append(tenths)
            } else {
                ring[next] = tenths
                next = (next + 1) % capacity
            }
        }

        /// Oldest first.
        var values: [Int] { Array(ring[next...] + ring[..<next]) }
    }

    var startedAt: Timestamp
    var lastSweep: UInt64 = 0
    var checkpoints: [Int64: Checkpoint] = [:]
    /// Checkpoint key → time (receipt) of its last record.
    var lastActivity: [Int64: Timestamp] = [:]
    /// Checkpoint key → the SILENT alert of its current silent spell.
    var silentSpells: [Int64: Int64] = [:]
    var readings: [Int64: Readings] = [:]
    /// Station key → the DRIFT alert of its current spell.
    var driftSpells: [Int64: Int64] = [:]
    /// Grids with new readings since the last drift check.
    var gridsToCheck: Set<String> = []

    static let sweepInterval: UInt64 = 2_000_000_000

    static func median(_ values: [Int]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[middle]) : Double(sorted[middle - 1] + sorted[middle]) / 2
    }
}

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
            var ring = Monitors.Readings(capacity: window)
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
            monitors.readings[reading.station, default: Monitors.Readings(capacity: monitoring.driftWindow)]
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
        let due = try db.prepare(
            """
            SELECT id FROM alerts WHERE state = 'open' AND escalated_at IS NULL AND created_at <= ?
                AND (type = 'VIOLATION' OR (type = 'FEVER' AND recheck = 'confirmed'))
            """, persistent: false)
        due.bind(1, now.milliseconds - monitoring.escalateAfterMilliseconds)
        while try due.step() { plan.escalate.append(due.int64(0)) }

        for (key, checkpoint) in monitors.checkpoints {
            guard checkpoint.staffed.isStaffed(at: now, zone: options.zone) else {
                // The staffed window ended: tomorrow's silence is a new spell.
                monitors.silentSpells[key] = nil
                continue
            }
            guard monitors.silentSpells[key] == nil else { continue }
            var quietSince = max(monitors.startedAt, checkpoint.since, monitors.lastActivity[key] ?? monitors.startedAt)
            if let periodStart = checkpoint.staffed.periodStart(at: now, zone: options.zone) {
                quietSince = max(quietSince, periodStart)
            }
            let quiet = now.milliseconds - quietSince.milliseconds
            guard quiet >= monitoring.silentAfterMilliseconds else { continue }
            let minutes = quiet / Timestamp.millisecondsPerMinute
            plan.silent.append((key, "no record for \(minutes) min while staffed (\(checkpoint.staffed))"))
        }

        let grids = monitors.gridsToCheck
        monitors.gridsToCheck = []
        let minimum = monitoring.driftMinimumReadings
        for grid in grids {
            let stations = monitors.readings.keys.filter { gridOf(station: $0) == grid }
            for station in stations {
                guard let own = monitors.readings[station]?.values, own.count >= minimum,
                    let ownMedian = Monitors.median(own)
                else { continue }
                let others = stations.filter { $0 != station }.flatMap { monitors.readings[$0]?.values ?? [] }
                guard others.count >= minimum, let gridMedian = Monitors.median(others) else { continue }
                let drifting = abs(ownMedian - gridMedian) > Double(monitoring.driftThresholdTenths)
                if drifting, monitors.driftSpells[station] == nil {
                    let detail = "station median \(ownMedian / 10) °C vs grid \(grid) median \(gridMedian / 10) °C"
                    plan.drift.append((station, directory.entry(forKey: station)?.checkpointKey, detail))
                } else if !drifting {
                    plan.driftCleared.append(station)
                }
            }
        }
        return plan
    }

    /// Writes a plan's alerts (inside a small transaction) and remembers the spells they open.
    func apply(_ plan: MonitorPlan, now: Timestamp) throws(StoreError) {
        if !plan.escalate.isEmpty {
            let mark = try db.prepare("UPDATE alerts SET escalated_at = ? WHERE id = ?", persistent: false)
            for id in plan.escalate {
                try mark.run {
                    $0.bind(1, now.milliseconds)
                    $0.bind(2, id)
                }
                if let row = try CommandCentreQueries.alert(db, id: id) { delta.events.append(.alertEscalated(row)) }
            }
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
        try insertAlert.run {
            $0.bind(1, type.rawValue)
            $0.bind(2, at.milliseconds)
            $0.bind(3, nil as Int64?)
            $0.bind(4, checkpoint)
            $0.bind(5, station)
            $0.bind(6, nil as Int64?)
            $0.bind(7, nil as String?)
            $0.bind(8, detail)
            $0.bind(9, clock.now().milliseconds)
        }
        let id = db.lastInsertRowID
        if let row = try CommandCentreQueries.alert(db, id: id) { delta.events.append(.alertOpened(row)) }
        return id
    }
}
