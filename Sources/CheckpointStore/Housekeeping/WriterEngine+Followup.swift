import CheckpointCore

/// Issue 16 point 2, on the writer: each follow-up window (`followup_times`) that closed with no temperature reading
/// of a person under an order opens one FOLLOWUP alert in the order's grid.
///
/// A window is judged `FollowupWatch.lateness` after it closes, and not before the daemon has run that long: a
/// terminal that was offline sends its spooled readings (with the time they were taken) when it is back, and the
/// daemon's own downtime is caught up after a restart the same way. How far the judging got is kept in `meta`
/// (`followup_through`), in the transaction that writes the window's alerts, so a window is judged once, whatever
/// restarts; on a database's first start it begins at that moment (nothing older is asked).
enum FollowupWatch {
    /// How long after a deadline its window is judged.
    static let lateness: Int64 = 5 * Timestamp.millisecondsPerMinute
    /// How often the writer looks for windows to judge.
    static let interval: UInt64 = 5_000_000_000
    /// Windows judged per look, so a long downtime is caught up in small transactions between batches.
    static let windowsPerStep = 4
    static let metaKey = "followup_through"
}

extension WriterEngine {
    /// Judges the windows that are due; true when it wrote something.
    func followUpOrders(now: Timestamp) throws(StoreError) -> Bool {
        let through = now.adding(milliseconds: -FollowupWatch.lateness)
        guard monitors.startedAt.adding(milliseconds: FollowupWatch.lateness) <= now else { return false }
        guard let judgedThrough = try followupJudgedThrough() else {
            let start = monitors.startedAt
            try inSmallTransaction { engine throws(StoreError) in
                try engine.statements.setMeta(FollowupWatch.metaKey, String(start.milliseconds))
            }
            return true
        }
        let times = monitoring.followupTimes
        let windows = times.windows(closingAfter: judgedThrough, through: through, zone: options.zone)
        guard !windows.isEmpty else { return false }
        for window in windows.prefix(FollowupWatch.windowsPerStep) {
            try inSmallTransaction { engine throws(StoreError) in
                try engine.judge(window, times: times)
                try engine.statements.setMeta(FollowupWatch.metaKey, String(window.closes.milliseconds))
            }
        }
        return true
    }

    private func followupJudgedThrough() throws(StoreError) -> Timestamp? {
        let query = try db.prepare("SELECT value FROM meta WHERE key = ?", persistent: false)
        query.bind(1, FollowupWatch.metaKey)
        guard try query.step(), let text = query.string(0), let milliseconds = Int64(text) else { return nil }
        return Timestamp(milliseconds: milliseconds)
    }

    /// Opens a FOLLOWUP alert for each order in force over the whole window whose person had no reading in it.
    /// Orders from the city's registry are followed up by the district that opened them.
    private func judge(_ window: FollowupTimes.Window, times: FollowupTimes) throws(StoreError) {
        let orders = try db.prepare(
            """
            SELECT id, person FROM quarantines
            WHERE start <= ?1 AND end > ?2 AND (released_at IS NULL OR released_at > ?2) AND district IS NULL
            ORDER BY id
            """, persistent: false)
        orders.bind(1, window.opens.milliseconds)
        orders.bind(2, window.closes.milliseconds)
        var owing: [(order: Int64, person: Int64)] = []
        while try orders.step() { owing.append((orders.int64(0), orders.int64(1))) }
        guard !owing.isEmpty else { return }
        let detail = FollowupDetail.text(window, zone: options.zone)
        for (order, person) in owing where try !hasReading(of: person, in: window) {
            let id = try statements.insertAlert(
                .followup, at: window.closes, person: person, checkpoint: nil, station: nil, record: nil,
                recheck: nil, detail: detail, createdAt: clock.now(), quarantine: order)
            if let row = try CommandCentreQueries.alert(db, id: id) { delta.events.append(.alertOpened(row)) }
        }
    }

    /// Whether the person (any key of their identity) has a temperature reading at `opens < ts <= closes`.
    private func hasReading(of person: Int64, in window: FollowupTimes.Window) throws(StoreError) -> Bool {
        let identity = identity(of: person).keys
        let keys = identity.isEmpty ? [person] : identity
        let query = try db.prepare(
            """
            SELECT 1 FROM records r WHERE \(PersonDays.condition()) AND \(StoreReader.person(in: keys))
                AND r.ts > ? AND r.ts <= ? AND r.temp IS NOT NULL LIMIT 1
            """, persistent: false)
        var index: Int32 = 1
        for value in [PersonDays.floorDay(window.opens.milliseconds), PersonDays.floorDay(window.closes.milliseconds)]
            + keys + [window.opens.milliseconds, window.closes.milliseconds]
        {
            query.bind(index, value)
            index += 1
        }
        return try query.step()
    }
}

/// The detail of a FOLLOWUP alert: `no reading 12:00-20:00` (local times of the window; the alert's `at` is its
/// deadline). Its code is `followup` (``AlertDetail``), for translation.
enum FollowupDetail {
    static func text(_ window: FollowupTimes.Window, zone: some DisplayZone) -> String {
        AlertDetail.followupText(
            opens: FollowupTimes.clock(FollowupTimes.minuteOfDay(window.opens, zone: zone)),
            closes: FollowupTimes.clock(FollowupTimes.minuteOfDay(window.closes, zone: zone)))
    }
}
