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
        guard let scanned = try personKey(record.person, create: true) else {
            throw StoreError(.misuse, "no storage key for a person")
        }
        // Issue 15: with `id=`, the record is the document's person's: stored under the document, judged by its
        // identity (never ambiguous), and the phone is linked to it on first sight, in this transaction.
        var person = scanned
        var newLink: (phone: Int64, document: Int64, before: [Int64]?, beforeDocument: [Int64]?)?
        if let document = record.document {
            guard let key = try personKey(document, create: true) else {
                throw StoreError(.misuse, "no storage key for a person")
            }
            person = key
            if !areLinked(phone: scanned, document: key) {
                newLink = (scanned, key, delta.links[scanned], delta.links[key])
                rememberLink(phone: scanned, document: key)
            }
        }

        // Most people have no link: their identity is their key, and no array is made for it on the record path.
        let identity = linkedKeys(person).isEmpty ? nil : identity(of: person)
        let facts = RecordFacts(
            kind: record.kind, temperature: record.temperature, at: incoming.at, origin: record.origin,
            checkpointKind: checkpointKind(of: incoming.checkpointKey))
        var evaluation: Evaluation
        // The order a violation would be of (one case per person, order and day), when there is one.
        var orderID: Int64?
        // The district that opened that order, when it came from the city's registry (issue 17).
        var orderDistrict: String?
        if let identity, identity.isAmbiguous {
            evaluation = VerdictRules.evaluateUnidentified(facts, policy: rules)
        } else {
            var personState =
                identity.map { ruleState(of: $0.keys, at: incoming.at) }
                ?? ruleState(of: CollectionOfOne(person), at: incoming.at)
            if let order = personState.activeQuarantine {
                let found = try violationCase(of: order, keys: identity?.keys ?? [person], at: incoming.at)
                orderID = found.order
                personState.openViolationCase = found.open
                if let id = found.order {
                    orderDistrict = (identity?.keys ?? [person]).lazy
                        .compactMap { self.activeOrder(of: $0, at: incoming.at) }.first { $0.id == id }?.district
                }
            }
            evaluation = VerdictRules.evaluate(facts, state: personState, policy: rules)
        }
        // Issue 19: the roster's verdicts (visitor, notice) and the category the record is counted under. A
        // district with no roster and no red site pays two `isEmpty` tests.
        var category = CountedCategory.unlisted
        var homeResident: Int64?
        if !roster.isEmpty {
            let found = try residency(
                person: person, scanned: scanned, incoming: incoming, checkpointKind: facts.checkpointKind)
            evaluation.verdicts.formUnion(VerdictRules.residency(found.residency, policy: rules))
            category = found.category
            if let resident = found.resident, resident.category == .home, record.kind != .temp {
                homeResident = resident.person
            }
        }

        let recordID: Int64
        do throws(StoreError) {
            recordID = try statements.insertRecord(incoming, person: person, verdicts: evaluation.verdicts)
        } catch where error.code == .constraint {
            if let newLink {
                delta.links[newLink.phone] = newLink.before
                delta.links[newLink.document] = newLink.beforeDocument
            }
            // The unique (station, seq) index caught a resend the memory did not know about.
            if let earlier = try statements.stored(station: incoming.stationKey, seq: record.seq) {
                return try resent(incoming, as: earlier)
            }
            throw error
        }
        if let newLink {
            let madeBy = "station:" + (directory.entry(forKey: incoming.stationKey)?.code ?? "?")
            try storeLink(phone: newLink.phone, document: newLink.document, madeBy: madeBy, record: recordID)
            if let document = record.document,
                let event = linkedEvent(phone: newLink.phone, document: document, by: madeBy)
            {
                delta.events.append(event)
            }
        }

        var alertIDs: [Int64] = []
        for action in evaluation.actions {
            switch action {
            case .openQuarantine(let quarantine):
                try openQuarantine(quarantine, person: person, recordID: recordID, record: record)
            case .openAlert(let type):
                let id = try openAlert(
                    type, person: person, incoming: incoming, recordID: recordID,
                    quarantine: type == .violation ? orderID : nil, orderedBy: type == .violation ? orderDistrict : nil)
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
                for key in identity?.keys ?? [person] where pendingRecheck(of: key)?.alertID == alertID {
                    delta.pendingRechecks[key] = .some(nil)
                }
                if let row = try CommandCentreQueries.alert(db, id: alertID) { delta.events.append(.alertChanged(row)) }
            }
        }
        if !checkpointFacts.redSites.isEmpty, let site = checkpointFacts.sites[incoming.checkpointKey],
            let code = checkpointFacts.redSites[site]
        {
            alertIDs.append(try raiseSiteAlert(site: site, code: code, person: person, incoming: incoming, record: recordID))
        }
        if let homeResident {
            passages.stored(
                PassageMemory.Passage(isExit: record.kind == .exit, at: incoming.at.milliseconds), of: homeResident)
        }
        count(incoming, verdicts: evaluation.verdicts, progress: progress)
        countCategory(category, incoming: incoming, verdicts: evaluation.verdicts)
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
        let person = try personKey(incoming.record.identifiedPerson, create: false)
        return earlier.content.matches(incoming, person: person)
            ? .duplicate(earlier.receipt) : .seqReused(storedRecordID: earlier.receipt.id)
    }

    /// The reason of a quarantine order opened by an `ENTRY origin=outside`.
    static let outsideArrivalReason = OrderReason.outsideArrival

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
        delta.events.append(.quarantineOpened(person: record.identifiedPerson, until: quarantine.end))
    }

    private func openAlert(
        _ type: AlertType, person: Int64, incoming: IncomingRecord, recordID: Int64, quarantine: Int64?,
        orderedBy: String?
    ) throws(StoreError) -> Int64 {
        let detail = orderedBy.map(AlertDetail.orderedByText) ?? WriterEngine.alertDetail(incoming.record.temperature)
        let recheck: RecheckState? = type == .fever ? .pending : nil
        let id = try statements.insertAlert(
            type, at: incoming.at, person: person, checkpoint: incoming.checkpointKey, station: incoming.stationKey,
            record: recordID, recheck: recheck, detail: detail, createdAt: clock.now(), quarantine: quarantine)
        let station = directory.entry(forKey: incoming.stationKey)
        delta.events.append(
            .alertOpened(
                AlertRow(
                    id: id, type: type, at: incoming.at, person: incoming.record.identifiedPerson,
                    checkpointCode: station?.checkpointCode, stationCode: station?.code, recordID: recordID,
                    state: "open", recheck: recheck, escalatedAt: nil, ackedAt: nil, ackedBy: nil, ackNote: nil,
                    detail: detail, count: 1, lastAt: type == .violation ? incoming.at : nil,
                    grid: station?.checkpointGrid)))
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

    /// The id of `order` (the active order `ruleState` chose among `keys`, the person's identity) and its open
    /// VIOLATION case on the local day (display zone) of `instant`, if any. An order is one person's, so its case is
    /// found by the order alone, whichever of the person's keys the records were stored under. Asked only for
    /// people under an order, through a partial index of the open VIOLATION alerts.
    func violationCase(
        of order: QuarantineOrder, keys: some Sequence<Int64>, at instant: Timestamp
    ) throws(StoreError) -> (order: Int64?, open: ViolationCase?) {
        for key in keys {
            guard let found = activeOrder(of: key, at: instant), found.order == order else { continue }
            let open = try statements.openViolationCases(quarantine: found.id).first {
                $0.isSameDay(as: instant, in: options.zone)
            }
            return (found.id, open)
        }
        return (nil, nil)
    }

    /// The kind of a checkpoint; most are compound gates, and an empty table is not hashed into.
    func checkpointKind(of checkpoint: Int64) -> CheckpointKind {
        checkpointKinds.isEmpty ? .compound : checkpointKinds[checkpoint] ?? .compound
    }

    func pendingRecheck(of person: Int64) -> PendingRecheck? {
        if !delta.pendingRechecks.isEmpty, let changed = delta.pendingRechecks[person] { return changed }
        return state.pendingRechecks.isEmpty ? nil : state.pendingRechecks[person]
    }

    /// A station's `LOOKUP`, through links (issue 15): the order in force now, the last temperature taken of any of
    /// the person's keys, and whether the person may go back to work (point 3). With `document` (`id=`), the
    /// document's person. A shared phone answers what is stored under the phone itself, with `checkID`. The order
    /// and the clearance come from the same read of the person's history (`PersonHistory`, given the keys the
    /// writer's memory of the links resolves), so `quarantine=active until=` and `why=quarantine` always agree.
    func lookup(_ person: PersonID, document: PersonID? = nil) throws(StoreError) -> PersonStatus {
        let asked = document ?? person
        guard let key = try personKey(asked, create: false) else {
            return PersonStatus(person: asked, quarantineUntil: nil, lastTemperature: nil, clearance: .clear)
        }
        let identity = identity(of: key)
        let keys = identity.isAmbiguous ? [key] : identity.keys
        let now = clock.now()
        let days = rules.clearanceDays
        let history = try PersonHistory.read(
            db, keys: keys, since: ClearanceRules.windowStart(now: now, days: days), now: now,
            retentionDays: options.retentionDays, passages: false)
        let until = ClearanceRules.orderInForce(history.ruleOrders, at: now)?.end
        var latest: (at: Int64, temperature: Temperature)?
        for key in keys {
            guard
                let reading = try statements.lastTemperature(
                    person: key, today: now.milliseconds / PersonDays.millisecondsPerDay)
            else { continue }
            if latest.map({ $0.at < reading.at }) ?? true { latest = reading }
        }
        return PersonStatus(
            person: asked, quarantineUntil: until, lastTemperature: latest?.temperature,
            clearance: history.clearance(now: now, days: days), checkID: identity.isAmbiguous)
    }
}
