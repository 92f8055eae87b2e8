import CheckpointCore

/// The memory of the §9 watchers that raise alerts by themselves: silent checkpoints and thermometer drift.
/// Lives on the writer thread; fed after each commit.
struct Monitors {
    struct Checkpoint {
        var code: String
        var grid: String
        var staffed: StaffedHours
    }

    /// The last readings of one station, oldest first, at most `capacity`.
    struct Readings {
        var capacity: Int
        private(set) var values: [Int] = []

        init(capacity: Int) { self.capacity = capacity }

        mutating func append(_ tenths: Int) {
            values.append(tenths)
            if values.count > capacity { values.removeFirst(values.count - capacity) }
        }
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
            "SELECT id, code, grid, staffed FROM checkpoints WHERE removed_at IS NULL", persistent: false)
        var checkpoints: [Int64: Monitors.Checkpoint] = [:]
        while try query.step() {
            checkpoints[query.int64(0)] = Monitors.Checkpoint(
                code: query.string(1) ?? "", grid: query.string(2) ?? "",
                staffed: StaffedHours(query.string(3) ?? "24h") ?? .aroundTheClock)
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

    /// Feeds what a committed batch stored.
    func noteCommitted(activity: [Int64: Timestamp], readings: [(station: Int64, tenths: Int)]) {
        for (checkpoint, at) in activity {
            monitors.lastActivity[checkpoint] = at
            monitors.silentSpells[checkpoint] = nil
        }
        for reading in readings {
            monitors.readings[reading.station, default: Monitors.Readings(capacity: monitoring.driftWindow)]
                .append(reading.tenths)
            if let grid = gridOf(station: reading.station) { monitors.gridsToCheck.insert(grid) }
        }
    }

    private func gridOf(station: Int64) -> String? {
        directory.entry(forKey: station).flatMap { monitors.checkpoints[$0.checkpointKey]?.grid }
    }

    /// Escalation, silent checkpoints, drift. Runs in its own small transaction.
    func runMonitors() throws(StoreError) -> Bool {
        let now = clock.now()
        var raised = false
        try escalate(now: now, raised: &raised)
        try watchSilence(now: now, raised: &raised)
        try watchDrift(now: now, raised: &raised)
        return raised
    }

    private func escalate(now: Timestamp, raised: inout Bool) throws(StoreError) {
        let due = try db.prepare("""
            SELECT id FROM alerts WHERE state = 'open' AND escalated_at IS NULL AND created_at <= ?
                AND (type = 'VIOLATION' OR (type = 'FEVER' AND recheck = 'confirmed'))
            """, persistent: false)
        due.bind(1, now.milliseconds - monitoring.escalateAfterMilliseconds)
        var ids: [Int64] = []
        while try due.step() { ids.append(due.int64(0)) }
        guard !ids.isEmpty else { return }
        let mark = try db.prepare("UPDATE alerts SET escalated_at = ? WHERE id = ?", persistent: false)
        for id in ids {
            try mark.run {
                $0.bind(1, now.milliseconds)
                $0.bind(2, id)
            }
            if let row = try CommandCentreQueries.alert(db, id: id) { delta.events.append(.alertEscalated(row)) }
        }
        raised = true
    }

    private func watchSilence(now: Timestamp, raised: inout Bool) throws(StoreError) {
        let silentAfter = monitoring.silentAfterMilliseconds
        for (key, checkpoint) in monitors.checkpoints where monitors.silentSpells[key] == nil {
            guard checkpoint.staffed.isStaffed(at: now, zone: options.zone) else { continue }
            var quietSince = max(monitors.startedAt, monitors.lastActivity[key] ?? monitors.startedAt)
            if let periodStart = checkpoint.staffed.periodStart(at: now, zone: options.zone) {
                quietSince = max(quietSince, periodStart)
            }
            guard now.milliseconds - quietSince.milliseconds >= silentAfter else { continue }
            let minutes = (now.milliseconds - quietSince.milliseconds) / 60_000
            let id = try insertMonitorAlert(
                .silent, at: now, checkpoint: key, station: nil,
                detail: "no record for \(minutes) min while staffed (\(checkpoint.staffed))")
            monitors.silentSpells[key] = id
            raised = true
        }
    }

    private func watchDrift(now: Timestamp, raised: inout Bool) throws(StoreError) {
        guard !monitors.gridsToCheck.isEmpty else { return }
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
                    let checkpoint = directory.entry(forKey: station)?.checkpointKey
                    let detail = "station median \(ownMedian / 10) °C vs grid \(grid) median \(gridMedian / 10) °C"
                    monitors.driftSpells[station] = try insertMonitorAlert(
                        .drift, at: now, checkpoint: checkpoint, station: station, detail: detail)
                    raised = true
                } else if !drifting {
                    monitors.driftSpells[station] = nil
                }
            }
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
