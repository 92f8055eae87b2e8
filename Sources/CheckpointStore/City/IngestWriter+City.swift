import CheckpointCore

/// The writer's part of the city tier (issue 17): joining the city, moving the shipped positions after the city's
/// commit, and taking in the orders other districts opened.
extension IngestWriter {
    /// From now on this database ships to the city as `district`. The first time, everything already stored is
    /// queued (the city gets the district's history); a database that shipped as another district is refused.
    public func joinCity(district: String) async throws(StoreError) -> CityPositions {
        try await perform { engine throws(StoreError) in try engine.joinCity(district: district) }
    }

    /// Records that the city committed everything up to these positions; the changes up to `changes` leave the
    /// queue.
    public func recordUplinkPosition(records: Int64, changes: Int64) async throws(StoreError) {
        try await perform { engine throws(StoreError) in
            try engine.recordUplinkPosition(records: records, changes: changes)
        }
    }

    /// Takes in orders from the city's registry (opened, changed or released in other districts) and the
    /// registry position they reach. Returns how many orders were new or changed here.
    public func applyCityOrders(_ orders: [CityOrder], through seq: Int64) async throws(StoreError) -> Int {
        try await perform { engine throws(StoreError) in try engine.applyCityOrders(orders, through: seq) }
    }
}

extension WriterEngine {
    func joinCity(district: String) throws(StoreError) -> CityPositions {
        let current = try CityQueries.positions(db)
        if let existing = current.district {
            guard existing == district else {
                throw StoreError(
                    .conflict,
                    """
                    this database ships to the city as district \(existing), not \(district): set `district = \
                    \(existing)`, or give district \(district) a database of its own
                    """)
            }
            if current.databaseID == nil { try setMeta(CityMetaKey.databaseID, Self.newDatabaseID()) }
            return try CityQueries.positions(db)
        }
        try setMeta(CityMetaKey.district, district)
        try setMeta(CityMetaKey.shippedRecords, "0")
        try setMeta(CityMetaKey.shippedChanges, "0")
        try setMeta(CityMetaKey.registrySeq, "0")
        try setMeta(CityMetaKey.databaseID, Self.newDatabaseID())
        try db.execute(
            """
            INSERT INTO city_changes(kind, row_id) SELECT 'order', id FROM quarantines WHERE district IS NULL ORDER BY id;
            INSERT INTO city_changes(kind, row_id) SELECT 'alert', id FROM alerts ORDER BY id;
            INSERT INTO city_changes(kind, row_id, row_key)
                SELECT 'gap', station_id, first_missing FROM station_gaps ORDER BY station_id, first_missing;
            """)
        return try CityQueries.positions(db)
    }

    func recordUplinkPosition(records: Int64, changes: Int64) throws(StoreError) {
        try setMeta(CityMetaKey.shippedRecords, String(records))
        try setMeta(CityMetaKey.shippedChanges, String(changes))
        let shipped = try db.prepare("DELETE FROM city_changes WHERE seq <= ?", persistent: false)
        try shipped.run { $0.bind(1, changes) }
    }

    func applyCityOrders(_ orders: [CityOrder], through seq: Int64) throws(StoreError) -> Int {
        let own = try CityQueries.positions(db).district
        let find = try db.prepare(
            "SELECT id, person, start, end, released_at FROM quarantines WHERE district = ? AND origin_id = ?",
            persistent: false)
        let insert = try db.prepare(
            """
            INSERT INTO quarantines(person, start, end, record_id, reason, note, created_at, released_at, released_by,
                                    district, origin_id)
            VALUES (?, ?, ?, NULL, ?, NULL, ?, ?, ?, ?, ?)
            """, persistent: false)
        let update = try db.prepare(
            "UPDATE quarantines SET start = ?, end = ?, released_at = ?, released_by = ? WHERE id = ?",
            persistent: false)
        var applied = 0
        for incoming in orders where incoming.district != own {
            guard let key = try personKey(incoming.person, create: true) else { continue }
            let order = QuarantineOrder(start: incoming.start, end: incoming.end)
            let releasedBy = incoming.releasedAt.map { _ in "district:" + incoming.district }
            find.bind(1, incoming.district)
            find.bind(2, incoming.originID)
            let existing: (id: Int64, person: Int64, order: QuarantineOrder, released: Bool)? =
                try find.step()
                ? (
                    find.int64(0), find.int64(1),
                    QuarantineOrder(
                        start: Timestamp(milliseconds: find.int64(2)), end: Timestamp(milliseconds: find.int64(3))),
                    !find.isNull(4)
                ) : nil
            find.reset()
            if let existing {
                guard existing.order != order || existing.released != (incoming.releasedAt != nil) else { continue }
                try update.run {
                    $0.bind(1, order.start.milliseconds)
                    $0.bind(2, order.end.milliseconds)
                    $0.bind(3, incoming.releasedAt?.milliseconds)
                    $0.bind(4, releasedBy)
                    $0.bind(5, existing.id)
                }
                var list = state.orders(of: existing.person, delta: delta)
                list.removeAll { $0.id == existing.id }
                if incoming.releasedAt == nil {
                    list.append(
                        WriterState.Order(id: existing.id, order: order, released: false, district: incoming.district))
                    list.sort { $0.order.start < $1.order.start }
                }
                state.replaceOrders(list, person: existing.person, delta: &delta)
            } else {
                try insert.run {
                    $0.bind(1, key)
                    $0.bind(2, order.start.milliseconds)
                    $0.bind(3, order.end.milliseconds)
                    $0.bind(4, incoming.reason)
                    $0.bind(5, clock.now().milliseconds)
                    $0.bind(6, incoming.releasedAt?.milliseconds)
                    $0.bind(7, releasedBy)
                    $0.bind(8, incoming.district)
                    $0.bind(9, incoming.originID)
                }
                if incoming.releasedAt == nil {
                    state.addOrder(
                        WriterState.Order(
                            id: db.lastInsertRowID, order: order, released: false, district: incoming.district),
                        person: key, delta: &delta)
                }
            }
            applied += 1
        }
        try setMeta(CityMetaKey.registrySeq, String(seq))
        return applied
    }

    /// 128 random bits in hex: this database's identity in the city.
    static func newDatabaseID() -> String {
        (0..<16).map { _ in
            let text = String(UInt8.random(in: 0...255), radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
    }

    private func setMeta(_ key: String, _ value: String) throws(StoreError) {
        let upsert = try db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", persistent: false)
        try upsert.run {
            $0.bind(1, key)
            $0.bind(2, value)
        }
    }
}
