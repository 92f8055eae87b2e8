import CheckpointCore

extension WriterEngine {
    /// Stores one record inside the running batch: the idempotency check, the verdict rules, the record row,
    /// and the rules' actions (alerts, quarantine orders, re-checks), all in the same transaction.
    func store(_ incoming: IncomingRecord) throws(StoreError) -> RecordOutcome {
        let record = incoming.record
        let progress = delta.stations[incoming.stationKey] ?? state.committedProgress(of: incoming.stationKey)
        // A seq above the station's highest, or inside a known gap, cannot be a resend. A resend writes nothing
        // (not even a new `other:` person), so this comes first.
        if let progress, progress.mayHaveStored(record.seq),
            let earlier = try statements.stored(station: incoming.stationKey, seq: record.seq)
        {
            return try resent(incoming, as: earlier)
        }
        // Safe because create: true always yields a key (or throws).
        guard let person = try personKey(record.person, create: true) else {
            throw StoreError(.misuse, "no storage key for a person")
        }

        let order = activeOrder(of: person, at: incoming.at)
        var openCase: ViolationCase?
        if let order {
            openCase = try openViolationCase(of: person, order: order.id, at: incoming.at)
        }
        let ruleState = PersonRuleState(
            activeQuarantine: order?.order, pendingRecheck: pendingRecheck(of: person), openViolationCase: openCase)
        let facts = RecordFacts(
            kind: record.kind, temperature: record.temperature, at: incoming.at, origin: record.origin,
            checkpointKind: checkpointKind(of: incoming.checkpointKey))
        let evaluation = VerdictRules.evaluate(facts, state: ruleState, policy: rules)

        let recordID: Int64
        do throws(StoreError) {
            recordID = try statements.insertRecord(incoming, person: person, verdicts: evaluation.verdicts)
        } catch where error.code == .constraint {
            // The unique (station, seq) index caught a resend the memory did not know about.
            if let earlier = try statements.stored(station: incoming.stationKey, seq: record.seq) {
                return try resent(incoming, as: earlier)
            }
            throw error
        }

        var alertIDs: [Int64] = []
        for action in evaluation.actions {
            switch action {
            case .openQuarantine(let quarantine):
                try openQuarantine(quarantine, person: person, recordID: recordID, record: record)
            case .openAlert(let type):
                let id = try openAlert(
                    type, person: person, incoming: incoming, recordID: recordID,
                    quarantine: type == .violation ? order?.id : nil)
                alertIDs.append(id)
                if type == .fever {
                    delta.pendingRechecks[person] = .some(PendingRecheck(alertID: id, openedAt: incoming.at))
                }
            case .attachViolation(let alertID):
                try statements.attachViolation(alert: alertID, record: recordID, at: incoming.at)
                alertIDs.append(alertID)
                // `watch` sees the case grow; the journal does not: it has one entry per case.
                if let row = try CommandCentreQueries.alert(db, id: alertID) { delta.events.append(.alertChanged(row)) }
            case .resolveRecheck(let alertID, let outcome):
                try statements.resolveRecheck(alert: alertID, outcome, record: outcome == .missed ? nil : recordID)
                if pendingRecheck(of: person)?.alertID == alertID {
                    delta.pendingRechecks[person] = .some(nil)
                }
                if let row = try CommandCentreQueries.alert(db, id: alertID) { delta.events.append(.alertChanged(row)) }
            }
        }
        count(incoming, verdicts: evaluation.verdicts, progress: progress)
        // Ascending, as a resend's `DUP` reads them back (a case attached to is older than a fever opened now).
        alertIDs.sort()
        let receipt = RecordReceipt(
            id: recordID, verdicts: evaluation.verdicts, alertIDs: alertIDs,
            quarantineUntil: evaluation.quarantineUntil)
        if recordEvents.isOn {
            delta.events.append(.recordStored(RecordEvent(incoming: incoming, receipt: receipt)))
        }
        return .stored(receipt)
    }

    /// A record whose `(station, seq)` is stored already: `DUP` with the original receipt when it says what the
    /// stored one says, else `.seqReused` (issue 13: a seq claimed by another record must not turn a fever
    /// into `DUP verdict=pass`). Nothing is written either way (not even a new `other:` person).
    private func resent(
        _ incoming: IncomingRecord, as earlier: (receipt: RecordReceipt, content: StoredContent)
    ) throws(StoreError) -> RecordOutcome {
        let person = try personKey(incoming.record.person, create: false)
        return earlier.content.matches(incoming, person: person)
            ? .duplicate(earlier.receipt) : .seqReused(storedRecordID: earlier.receipt.id)
    }

    /// The reason of a quarantine order opened by an `ENTRY origin=outside`.
    static let outsideArrivalReason = "arrival from outside the city"

    /// The detail of a FEVER or VIOLATION alert opened by a record.
    static func alertDetail(_ temperature: Temperature?) -> String? { temperature.map { "temp=\($0)" } }

    private func openQuarantine(
        _ quarantine: QuarantineOrder, person: Int64, recordID: Int64, record: Record
    ) throws(StoreError) {
        let id = try statements.insertQuarantine(
            person: person, quarantine, record: recordID, reason: WriterEngine.outsideArrivalReason, note: nil,
            createdAt: clock.now())
        let order = WriterState.Order(id: id, order: quarantine, released: false)
        state.addOrder(order, person: person, delta: &delta)
        delta.events.append(.quarantineOpened(person: record.person, until: quarantine.end))
    }

    private func openAlert(
        _ type: AlertType, person: Int64, incoming: IncomingRecord, recordID: Int64, quarantine: Int64?
    ) throws(StoreError) -> Int64 {
        let detail = WriterEngine.alertDetail(incoming.record.temperature)
        let recheck: RecheckState? = type == .fever ? .pending : nil
        let id = try statements.insertAlert(
            type, at: incoming.at, person: person, checkpoint: incoming.checkpointKey, station: incoming.stationKey,
            record: recordID, recheck: recheck, detail: detail, createdAt: clock.now(), quarantine: quarantine)
        let station = directory.entry(forKey: incoming.stationKey)
        delta.events.append(
            .alertOpened(
                AlertRow(
                    id: id, type: type, at: incoming.at, person: incoming.record.person,
                    checkpointCode: station?.checkpointCode, stationCode: station?.code, recordID: recordID,
                    state: "open", recheck: recheck, escalatedAt: nil, ackedAt: nil, ackedBy: nil, ackNote: nil,
                    detail: detail, count: 1, lastAt: type == .violation ? incoming.at : nil)))
        return id
    }

    /// The batch's counters for a stored record: its checkpoint's hour, its station's seqs, its reading.
    private func count(_ incoming: IncomingRecord, verdicts: Verdicts, progress: WriterState.StationProgress?) {
        let record = incoming.record
        let hour = incoming.at.milliseconds / Timestamp.millisecondsPerHour
        let key = WriterState.HourKey(checkpoint: incoming.checkpointKey, hour: hour)
        delta.hours[key, default: RecordCounts()].count(record.kind, verdicts: verdicts)
        var advanced = progress ?? WriterState.StationProgress(first: record.seq)
        advanced.stored(record.seq, at: batchStarted.milliseconds)
        delta.stations[incoming.stationKey] = advanced
        if let temperature = record.temperature {
            delta.readings.append((incoming.stationKey, temperature.tenths))
        }
    }

    // The person's state as the running batch sees it. These read `delta` and `state` field by field: passing
    // the whole `delta` to a `WriterState` method would copy it (and retain all its tables) once per record.

    // Most people have neither an order nor a pending re-check: an empty table is not hashed into.

    func activeOrder(of person: Int64, at instant: Timestamp) -> WriterState.Order? {
        let orders = (delta.orders.isEmpty ? nil : delta.orders[person]) ?? state.orders[person]
        return orders?.last { !$0.released && $0.order.isActive(at: instant) }
    }

    /// The person's open VIOLATION case of `order` on the local day (display zone) of `instant`, if any. Asked
    /// only for people under an order, through a partial index of the open VIOLATION alerts.
    func openViolationCase(of person: Int64, order: Int64, at instant: Timestamp) throws(StoreError) -> ViolationCase? {
        try statements.openViolationCases(person: person, quarantine: order).first {
            $0.isSameDay(as: instant, in: options.zone)
        }
    }

    /// The kind of a checkpoint; most are compound gates, and an empty table is not hashed into.
    func checkpointKind(of checkpoint: Int64) -> CheckpointKind {
        checkpointKinds.isEmpty ? .compound : checkpointKinds[checkpoint] ?? .compound
    }

    func pendingRecheck(of person: Int64) -> PendingRecheck? {
        if !delta.pendingRechecks.isEmpty, let changed = delta.pendingRechecks[person] { return changed }
        return state.pendingRechecks.isEmpty ? nil : state.pendingRechecks[person]
    }

    /// A station's `LOOKUP`: the order active now and the last temperature taken.
    func lookup(_ person: PersonID) throws(StoreError) -> PersonStatus {
        guard let key = try personKey(person, create: false) else {
            return PersonStatus(person: person, quarantineUntil: nil, lastTemperature: nil)
        }
        let until = activeOrder(of: key, at: clock.now())?.order.end
        let temperature = try statements.lastTemperature(
            person: key, today: clock.now().milliseconds / PersonDays.millisecondsPerDay)
        return PersonStatus(person: person, quarantineUntil: until, lastTemperature: temperature)
    }
}
