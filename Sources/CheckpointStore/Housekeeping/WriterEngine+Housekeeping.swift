import CheckpointCore

/// Where the retention purge is: it deletes in small transactions between batches, one checkpoint at a time,
/// so ingest never waits long behind it (SPEC §5 "purged in small batches").
struct RetentionPurge {
    var lastPass: UInt64 = 0
    var lastProbe: UInt64 = 0
    var lastRecheckSweep: UInt64 = 0
    var checkpointCursor: Int64 = 0
    /// Rows deleted in the current round over all checkpoints.
    var roundDeleted = 0
    /// More old rows are known to be waiting: keep going on the next tick instead of waiting for the interval.
    var behind = true
    /// Whether `people_other` was purged since the start.
    var peopleChecked = false

    static let rowsPerStep = 500
    static let interval: UInt64 = 30_000_000_000
    static let probeInterval: UInt64 = 1_000_000_000
    static let recheckSweepInterval: UInt64 = 1_000_000_000
}

enum HousekeepingResult {
    case nothing
    case done
    case recovered
    case failed(StoreError)
}

extension WriterEngine {
    func housekeep(degraded: Bool) -> HousekeepingResult {
        let now = Monotonic.nanoseconds()
        if degraded {
            guard now - purge.lastProbe >= RetentionPurge.probeInterval else { return .nothing }
            purge.lastProbe = now
            do throws(StoreError) {
                // The probe must need new space, as records do: rewriting an existing page can succeed on a
                // full disk (or at max_page_count) while every real batch still fails.
                try inSmallTransaction { engine throws(StoreError) in
                    try engine.db.execute(
                        "INSERT OR REPLACE INTO meta(key, value) VALUES ('probe', hex(randomblob(32768)))")
                    try engine.db.execute("DELETE FROM meta WHERE key = 'probe'")
                }
                return .recovered
            } catch {
                return .failed(error)
            }
        }
        do throws(StoreError) {
            var worked = false
            if now - purge.lastRecheckSweep >= RetentionPurge.recheckSweepInterval {
                purge.lastRecheckSweep = now
                worked = try markMissedRechecks() || worked
            }
            if now - monitors.lastSweep >= Monitors.sweepInterval {
                monitors.lastSweep = now
                let saved = monitors
                do throws(StoreError) {
                    let now = clock.now()
                    let plan = try planMonitors(now: now)
                    for station in plan.driftCleared { monitors.driftSpells[station] = nil }
                    if plan.needsWrite {
                        try inSmallTransaction { engine throws(StoreError) in try engine.apply(plan, now: now) }
                        worked = true
                    }
                } catch {
                    monitors = saved
                    throw error
                }
            }
            if now - monitors.lastFollowup >= FollowupWatch.interval {
                monitors.lastFollowup = now
                worked = try followUpOrders(now: clock.now()) || worked
                worked = try raiseDueRechecks(now: clock.now()) || worked
            }
            if now - lastAuditPrune >= AuditJournal.pruneInterval { pruneAuditJournal() }
            if purge.behind || now - purge.lastPass >= RetentionPurge.interval {
                purge.lastPass = now
                purge.behind = try purgeStep()
                worked = true
            }
            return worked ? .done : .nothing
        } catch {
            return error.code.isStorageFailure ? .failed(error) : .nothing
        }
    }

    /// Runs `body` in its own transaction (outside any batch); memory changes it makes apply only on commit.
    func inSmallTransaction(_ body: (WriterEngine) throws(StoreError) -> Void) throws(StoreError) {
        delta = WriterState.Delta()
        try db.execute("BEGIN IMMEDIATE")
        do throws(StoreError) {
            try body(self)
            try db.execute("COMMIT")
        } catch {
            rollback()
            throw error
        }
        state.apply(delta)
        passages.commit()
        housekeepingEvents.append(contentsOf: delta.events)
        for action in delta.afterCommit { action() }
        delta = WriterState.Delta()
    }

    /// Events committed by housekeeping since the last call.
    func takeHousekeepingEvents() -> [CommittedEvent] {
        defer { housekeepingEvents = [] }
        return housekeepingEvents
    }

    /// SPEC §10: a fever re-check whose window passed with no reading becomes `missed`.
    private func markMissedRechecks() throws(StoreError) -> Bool {
        let now = clock.now()
        let window = rules.recheckWindowMilliseconds
        let expired = state.pendingRechecks.filter { $0.value.openedAt.adding(milliseconds: window) <= now }
        guard !expired.isEmpty else { return false }
        try inSmallTransaction { engine throws(StoreError) in
            for (person, pending) in expired {
                try engine.statements.resolveRecheck(alert: pending.alertID, .missed, record: nil)
                engine.delta.pendingRechecks[person] = .some(nil)
                if let row = try CommandCentreQueries.alert(engine.db, id: pending.alertID) {
                    engine.delta.events.append(.alertChanged(row))
                }
            }
        }
        return true
    }

    /// Deletes one small step of expired rows. Returns whether more are likely waiting.
    private func purgeStep() throws(StoreError) -> Bool {
        let now = clock.now()
        let day = Timestamp.millisecondsPerDay
        let recordCutoff = now.adding(milliseconds: -Int64(options.retentionDays) * day).milliseconds
        let alertCutoff = now.adding(milliseconds: -Int64(options.alertRetentionDays) * day).milliseconds
        let limit = RetentionPurge.rowsPerStep
        var deleted = 0
        // One checkpoint per step, round robin, through the (checkpoint_id, ts) index.
        let next = try db.prepare("SELECT id FROM checkpoints WHERE id > ? ORDER BY id LIMIT 1", persistent: false)
        next.bind(1, purge.checkpointCursor)
        purge.checkpointCursor = try next.step() ? next.int64(0) : 0
        // Look before taking the write lock: most steps find nothing to delete.
        let anything = try db.prepare(
            """
            SELECT EXISTS (SELECT 1 FROM records WHERE checkpoint_id = ?1 AND ts < ?2)
                OR EXISTS (SELECT 1 FROM alerts WHERE at < ?3) OR EXISTS (SELECT 1 FROM quarantines WHERE end < ?3)
                OR EXISTS (SELECT 1 FROM audit WHERE at < ?3)
            """, persistent: false)
        anything.bind(1, purge.checkpointCursor)
        anything.bind(2, recordCutoff)
        anything.bind(3, alertCutoff)
        guard try anything.step(), anything.int(0) == 1 else { return try finishStep(deleted: 0) }
        try inSmallTransaction { engine throws(StoreError) in
            let records = try engine.db.prepare(
                """
                DELETE FROM records WHERE id IN (
                    SELECT id FROM records WHERE checkpoint_id = ? AND ts < ? ORDER BY ts LIMIT ?)
                """, persistent: false)
            try records.run {
                $0.bind(1, engine.purge.checkpointCursor)
                $0.bind(2, recordCutoff)
                $0.bind(3, limit)
            }
            deleted += engine.db.changes
            // Alerts, quarantine orders and audit rows share one retention class (SPEC §9). Audit rows go oldest
            // id first, leaving an anchor, so the rest is still one verifiable chain.
            for (table, column) in [("alerts", "at"), ("quarantines", "end")] {
                let older = try engine.db.prepare(
                    """
                    DELETE FROM \(table) WHERE id IN (
                        SELECT id FROM \(table) WHERE \(column) < ? ORDER BY \(column) LIMIT ?)
                    """, persistent: false)
                try older.run {
                    $0.bind(1, alertCutoff)
                    $0.bind(2, limit)
                }
                deleted += engine.db.changes
            }
            deleted += try AuditChain.purge(engine.db, olderThan: alertCutoff, limit: limit)
        }
        state.dropOrders(endingBefore: Timestamp(milliseconds: recordCutoff))
        return try finishStep(deleted: deleted)
    }

    /// Whether to keep stepping: until a whole round of checkpoints has deleted nothing. At the end of a round
    /// that deleted something (and of the first round after the start), the `other:` people nothing refers to
    /// any more go too.
    private func finishStep(deleted: Int) throws(StoreError) -> Bool {
        purge.roundDeleted += deleted
        guard purge.checkpointCursor == 0 else { return true }
        defer { purge.roundDeleted = 0 }
        if purge.roundDeleted > 0 || !purge.peopleChecked {
            purge.peopleChecked = true
            try inSmallTransaction { engine throws(StoreError) in _ = try engine.purgeUnreferencedPeople() }
        }
        return purge.roundDeleted > 0
    }
}
