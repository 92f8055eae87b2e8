import CheckpointCore

extension WriterEngine {
    func acknowledgeAlert(id: Int64, note: String?, by: String) throws(StoreError) -> AlertRow {
        guard let alert = try CommandCentreQueries.alert(db, id: id) else {
            throw StoreError(.notFound, "no alert \(id); `checkpointctl alerts --state all` lists them")
        }
        guard alert.state == "open" else {
            throw StoreError(.conflict, "alert \(id) was already acknowledged by \(alert.ackedBy ?? "someone")")
        }
        let update = try db.prepare(
            "UPDATE alerts SET state = 'acked', acked_at = ?, acked_by = ?, ack_note = ? WHERE id = ?",
            persistent: false)
        try update.run {
            $0.bind(1, clock.now().milliseconds)
            $0.bind(2, by)
            $0.bind(3, note)
            $0.bind(4, id)
        }
        guard let acked = try CommandCentreQueries.alert(db, id: id) else {
            throw StoreError(.misuse, "alert vanished")
        }
        delta.events.append(.alertAcknowledged(acked))
        return acked
    }

    func addQuarantine(
        person: PersonID, start: Timestamp, days: Int, reason: String, note: String?, grid: String? = nil
    ) throws(StoreError) -> QuarantineRow {
        if let grid { try requireGrid(grid) }
        guard let key = try personKey(person, create: true) else { throw StoreError(.misuse, "no person key") }
        let end = start.adding(milliseconds: Int64(days) * Timestamp.millisecondsPerDay)
        // A person has at most one order in force at any moment: refuse one that overlaps another.
        let overlapping = state.orders(of: key, delta: delta).contains {
            !$0.released && $0.order.start < end && start < $0.order.end
        }
        guard !overlapping else {
            throw StoreError(
                .conflict,
                """
                \(person.masked) already has a quarantine order for that time; release it first to change it
                """)
        }
        let order = QuarantineOrder(start: start, end: end)
        let id = try statements.insertQuarantine(
            person: key, order, record: nil, reason: reason, note: note, createdAt: clock.now(), grid: grid)
        state.addOrder(WriterState.Order(id: id, order: order, released: false), person: key, delta: &delta)
        delta.events.append(.quarantineOpened(person: person, until: end))
        return QuarantineRow(
            id: id, person: person, start: start, end: end, recordID: nil, reason: reason, note: note,
            releasedAt: nil, releasedBy: nil, grid: grid)
    }

    /// An order's grid must be one a checkpoint in service is in: an order in a mistyped grid would be followed up
    /// by nobody.
    private func requireGrid(_ grid: String) throws(StoreError) {
        let query = try db.prepare(
            "SELECT 1 FROM checkpoints WHERE grid = ? AND removed_at IS NULL LIMIT 1", persistent: false)
        query.bind(1, grid)
        guard try query.step() else {
            throw StoreError(
                .notFound, "no checkpoint in service is in grid \(grid); `checkpointctl checkpoint list` shows the grids")
        }
    }

    func releaseQuarantine(person: PersonID, by: String, note: String?) throws(StoreError) -> [QuarantineRow] {
        let now = clock.now()
        guard let key = try personKey(person, create: false) else {
            throw StoreError(.notFound, "\(person.masked) has no quarantine order")
        }
        var orders = state.orders(of: key, delta: delta)
        let active = orders.indices.filter { !orders[$0].released && orders[$0].order.end > now }
        guard !active.isEmpty else {
            throw StoreError(.notFound, "\(person.masked) has no active quarantine order")
        }
        let release = try db.prepare(
            """
            UPDATE quarantines SET released_at = ?, released_by = ?, note = COALESCE(?, note) WHERE id = ?
            """, persistent: false)
        var rows: [QuarantineRow] = []
        for index in active {
            try release.run {
                $0.bind(1, now.milliseconds)
                $0.bind(2, by)
                $0.bind(3, note)
                $0.bind(4, orders[index].id)
            }
            orders[index].released = true
            let read = try db.prepare(
                "SELECT \(CommandCentreQueries.quarantineColumns) WHERE id = ?", persistent: false)
            read.bind(1, orders[index].id)
            if try read.step() { rows.append(try CommandCentreQueries.quarantine(from: read, people: PersonNames(db))) }
        }
        state.replaceOrders(orders, person: key, delta: &delta)
        return rows
    }
}
