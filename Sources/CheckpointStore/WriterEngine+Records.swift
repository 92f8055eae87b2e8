import CheckpointCore

extension WriterEngine {
    /// Stores one record inside the running batch: the idempotency check, the verdict rules, the record row,
    /// and the rules' actions (alerts, quarantine orders, re-checks), all in the same transaction.
    func store(_ record: IncomingRecord) throws(StoreError) -> RecordOutcome {
        let progress = delta.stations[record.stationKey] ?? state.committedProgress(of: record.stationKey)
        // A seq above the station's highest, or inside a known gap, cannot be a resend. A resend writes nothing
        // (not even a new `other:` person), so this comes first.
        if let progress, progress.mayHaveStored(record.seq),
            let earlier = try storedRecord(station: record.stationKey, seq: record.seq)
        {
            return .duplicate(earlier)
        }
        // Safe because create: true always yields a key (or throws).
        guard let person = try personKey(record.person, create: true) else {
            throw StoreError(.misuse, "no storage key for a person")
        }

        let ruleState = PersonRuleState(
            activeQuarantine: activeOrder(of: person, at: record.at)?.order, pendingRecheck: pendingRecheck(of: person))
        let facts = RecordFacts(
            kind: record.kind, temperature: record.temperature, at: record.at, origin: record.origin)
        let evaluation = VerdictRules.evaluate(facts, state: ruleState, policy: rules)

        let recordID: Int64
        do throws(StoreError) {
            recordID = try insert(record, person: person, verdicts: evaluation.verdicts)
        } catch  where error.code == .constraint {
            // The unique (station, seq) index caught a resend the memory did not know about.
            if let earlier = try storedRecord(station: record.stationKey, seq: record.seq) {
                return .duplicate(earlier)
            }
            throw error
        }

        var alertIDs: [Int64] = []
        for action in evaluation.actions {
            switch action {
            case .openQuarantine(let quarantine):
                try openQuarantine(quarantine, person: person, recordID: recordID, record: record)
            case .openAlert(let type):
                let id = try openAlert(type, person: person, record: record, recordID: recordID)
                alertIDs.append(id)
                if type == .fever {
                    delta.pendingRechecks[person] = .some(PendingRecheck(alertID: id, openedAt: record.at))
                }
            case .resolveRecheck(let alertID, let outcome):
                try resolveRecheck.run {
                    $0.bind(1, outcome.rawValue)
                    $0.bind(2, outcome == .missed ? nil : recordID)
                    $0.bind(3, alertID)
                }
                if pendingRecheck(of: person)?.alertID == alertID {
                    delta.pendingRechecks[person] = .some(nil)
                }
                if let row = try CommandCentreQueries.alert(db, id: alertID) { delta.events.append(.alertChanged(row)) }
            }
        }
        count(record, verdicts: evaluation.verdicts, progress: progress)
        if recordEvents.isOn {
            delta.events.append(
                .recordStored(
                    RecordEvent(
                        id: recordID, kind: record.kind, person: record.person, temperature: record.temperature,
                        at: record.at,
                        verdicts: evaluation.verdicts, stationKey: record.stationKey,
                        checkpointKey: record.checkpointKey,
                        seq: record.seq)))
        }
        return .stored(
            StoredRecord(
                id: recordID, verdicts: evaluation.verdicts, alertIDs: alertIDs,
                quarantineUntil: evaluation.quarantineUntil))
    }

    private func insert(_ record: IncomingRecord, person: Int64, verdicts: Verdicts) throws(StoreError) -> Int64 {
        try insertRecord.run {
            $0.bind(1, record.stationKey)
            $0.bind(2, record.seq)
            $0.bind(3, person)
            $0.bind(4, record.at.milliseconds)
            $0.bind(5, RecordKindCode.code(of: record.kind))
            $0.bind(6, record.temperature?.tenths)
            $0.bind(7, record.origin.map { $0 == .outside ? 1 : 0 })
            $0.bind(8, verdicts.rawValue)
            $0.bind(9, record.checkpointKey)
            $0.bind(10, record.note)
        }
        return db.lastInsertRowID
    }

    private func openQuarantine(
        _ quarantine: QuarantineOrder, person: Int64, recordID: Int64, record: IncomingRecord
    ) throws(StoreError) {
        try insertQuarantine.run {
            $0.bind(1, person)
            $0.bind(2, quarantine.start.milliseconds)
            $0.bind(3, quarantine.end.milliseconds)
            $0.bind(4, recordID)
            $0.bind(5, "arrival from outside the city")
            $0.bind(6, nil as String?)
            $0.bind(7, clock.now().milliseconds)
        }
        let order = WriterState.Order(id: db.lastInsertRowID, order: quarantine, released: false)
        state.addOrder(order, person: person, delta: &delta)
        delta.events.append(.quarantineOpened(person: record.person, until: quarantine.end))
    }

    private func openAlert(
        _ type: AlertType, person: Int64, record: IncomingRecord, recordID: Int64
    ) throws(StoreError) -> Int64 {
        try insertAlert.run {
            $0.bind(1, type.rawValue)
            $0.bind(2, record.at.milliseconds)
            $0.bind(3, person)
            $0.bind(4, record.checkpointKey)
            $0.bind(5, record.stationKey)
            $0.bind(6, recordID)
            $0.bind(7, type == .fever ? RecheckState.pending.rawValue : nil)
            $0.bind(8, record.temperature.map { "temp=\($0)" })
            $0.bind(9, clock.now().milliseconds)
        }
        let id = db.lastInsertRowID
        let station = directory.entry(forKey: record.stationKey)
        delta.events.append(
            .alertOpened(
                AlertRow(
                    id: id, type: type, at: record.at, person: record.person, checkpointCode: station?.checkpointCode,
                    stationCode: station?.code, recordID: recordID, state: "open",
                    recheck: type == .fever ? .pending : nil,
                    escalatedAt: nil, ackedAt: nil, ackedBy: nil, ackNote: nil,
                    detail: record.temperature.map { "temp=\($0)" })))
        return id
    }

    /// The batch's counters for a stored record: its checkpoint's hour, its station's seqs, its reading.
    private func count(_ record: IncomingRecord, verdicts: Verdicts, progress: WriterState.StationProgress?) {
        let hour = record.at.milliseconds / Timestamp.millisecondsPerHour
        let key = WriterState.HourKey(checkpoint: record.checkpointKey, hour: hour)
        delta.hours[key, default: WriterState.HourCounts()].count(record.kind, verdicts: verdicts)
        var advanced = progress ?? WriterState.StationProgress(first: record.seq)
        advanced.stored(record.seq, at: batchStarted.milliseconds)
        delta.stations[record.stationKey] = advanced
        if let temperature = record.temperature {
            delta.readings.append((record.stationKey, temperature.tenths))
        }
    }

    // The person's state as the running batch sees it. These read `delta` and `state` field by field: passing
    // the whole `delta` to a `WriterState` method would copy it (and retain all its tables) once per record.

    // Most people have neither an order nor a pending re-check: an empty table is not hashed into.

    func activeOrder(of person: Int64, at instant: Timestamp) -> WriterState.Order? {
        let orders = (delta.orders.isEmpty ? nil : delta.orders[person]) ?? state.orders[person]
        return orders?.last { !$0.released && $0.order.isActive(at: instant) }
    }

    func pendingRecheck(of person: Int64) -> PendingRecheck? {
        if !delta.pendingRechecks.isEmpty, let changed = delta.pendingRechecks[person] { return changed }
        return state.pendingRechecks.isEmpty ? nil : state.pendingRechecks[person]
    }

    /// The fields of the original `OK` of `(station, seq)`, if it is stored.
    func storedRecord(station: Int64, seq: Int64) throws(StoreError) -> StoredRecord? {
        findRecord.bind(1, station)
        findRecord.bind(2, seq)
        defer { findRecord.reset() }
        guard try findRecord.step() else { return nil }
        let id = findRecord.int64(0)
        let verdicts = Verdicts(rawValue: findRecord.int(1))

        var alertIDs: [Int64] = []
        alertsOfRecord.bind(1, id)
        defer { alertsOfRecord.reset() }
        while try alertsOfRecord.step() { alertIDs.append(alertsOfRecord.int64(0)) }

        quarantineOfRecord.bind(1, id)
        defer { quarantineOfRecord.reset() }
        let until = try quarantineOfRecord.step() ? Timestamp(milliseconds: quarantineOfRecord.int64(0)) : nil
        return StoredRecord(id: id, verdicts: verdicts, alertIDs: alertIDs, quarantineUntil: until)
    }

    /// A station's `LOOKUP`: the order active now and the last temperature taken.
    func lookup(_ person: PersonID) throws(StoreError) -> PersonStatus {
        guard let key = try personKey(person, create: false) else {
            return PersonStatus(person: person, quarantineUntil: nil, lastTemperature: nil)
        }
        let until = activeOrder(of: key, at: clock.now())?.order.end
        lastTemperature.bind(1, key)
        lastTemperature.bind(2, clock.now().milliseconds / PersonDays.millisecondsPerDay)
        defer { lastTemperature.reset() }
        let temperature = try lastTemperature.step() ? Temperature(tenths: lastTemperature.int(0)) : nil
        return PersonStatus(person: person, quarantineUntil: until, lastTemperature: temperature)
    }
}

/// How a record kind is stored (one byte instead of a string).
enum RecordKindCode {
    static func code(of kind: RecordKind) -> Int {
        switch kind {
        case .temp: return 0
        case .entry: return 1
        case .exit: return 2
        }
    }

    static func kind(of code: Int) -> RecordKind? {
        switch code {
        case 0: return .temp
        case 1: return .entry
        case 2: return .exit
        default: return nil
        }
    }
}
