import CheckpointCore

/// A record's place on the roster (issue 19): what the rules judge and the category it is counted under.
struct RecordResidency {
    var residency: Residency
    var category: CountedCategory
    /// The roster line at the gate's grid, when the person is on it.
    var resident: RosterMemory.Resident? = nil
}

extension WriterEngine {
    /// Where the person of a record stands with the roster: a visitor at a compound gate of a grid with a roster
    /// when on none of that grid's residents, else a resident with, for a `home` one, the outing facts the quota
    /// and `outing_max` need. `person` is the key the record is stored under, `scanned` the phone scanned with it.
    func residency(
        person: Int64, scanned: Int64, incoming: IncomingRecord, checkpointKind: CheckpointKind
    ) throws(StoreError) -> RecordResidency {
        var residents = roster.residents(of: person)
        if scanned != person { residents += roster.residents(of: scanned) }
        guard checkpointKind == .compound, let grid = checkpointFacts.grids[incoming.checkpointKey],
            roster.grids.contains(grid)
        else {
            return RecordResidency(
                residency: .notApplicable, category: residents.first.map { CountedCategory($0.category) } ?? .unlisted)
        }
        guard let resident = residents.first(where: { $0.grid == grid }) else {
            return RecordResidency(residency: .visitor, category: .visitor)
        }
        var outing: OutingFacts?
        if resident.category == .home {
            switch incoming.record.kind {
            case .exit where rules.outingQuota != nil:
                outing = OutingFacts(householdExitsInWindow: try householdExits(resident.household, before: incoming.at))
            case .entry where rules.outingMaxMilliseconds != nil:
                outing = OutingFacts(outForMilliseconds: try timeOut(of: resident, before: incoming.at))
            default:
                break
            }
        }
        return RecordResidency(
            residency: .resident(resident.category, outing: outing), category: CountedCategory(resident.category),
            resident: resident)
    }

    /// The exits through their grid's compound gates the household's `home` members made in the quota's window
    /// (local days of the display zone) before `instant`. The batch's own records are in the table already (same transaction).
    private func householdExits(_ household: RosterMemory.HouseholdKey, before instant: Timestamp) throws(StoreError)
        -> Int?
    {
        guard let quota = rules.outingQuota else { return nil }
        let start = quota.windowStart(endingOn: LocalDay(of: instant, in: options.zone)).start(in: options.zone)
        let statement = try rosterStatements().exitsBetween
        var exits = 0
        for key in Set(roster.memberKeys(of: household)) {
            statement.bind(1, PersonDays.floorDay(start.milliseconds))
            statement.bind(2, PersonDays.floorDay(instant.milliseconds))
            statement.bind(3, key)
            statement.bind(4, start.milliseconds)
            statement.bind(5, instant.milliseconds)
            defer { statement.reset() }
            while try statement.step() {
                if isCompoundGate(statement.int64(0), ofGrid: household.grid) { exits += 1 }
            }
        }
        return exits
    }

    /// How long ago the resident's last `ENTRY` or `EXIT` through a compound gate of their grid before `instant` was,
    /// when it was an exit; nil when it was an entry, or when there is none in the last `outingLookbackDays` days.
    /// Read from the writer's memory (`PassageMemory`) once the resident is known there, else from the records.
    private func timeOut(of resident: RosterMemory.Resident, before instant: Timestamp) throws(StoreError) -> Int64? {
        let known = passages.latest(of: resident.person)
        if let known, known.at < instant.milliseconds {
            return known.isExit ? instant.milliseconds - known.at : nil
        }
        if known == nil {
            // The first entry of this resident since a start or a roster change: their latest passage of all (a
            // terminal's clock may be ahead) is remembered, and every passage stored from now on keeps it current.
            let newest = clock.now().milliseconds + WriterEngine.passageHorizonMilliseconds
            passages.learn(try latestPassage(of: resident, before: newest), of: resident.person)
            if let learned = passages.latest(of: resident.person), learned.at < instant.milliseconds {
                return learned.isExit ? instant.milliseconds - learned.at : nil
            }
        }
        // A terminal's backlog, older than the latest passage known: read back from the records.
        guard let latest = try latestPassage(of: resident, before: instant.milliseconds), latest.isExit else {
            return nil
        }
        return instant.milliseconds - latest.at
    }

    /// The resident's latest `ENTRY` or `EXIT` through a compound gate of their grid before `instant` in the last
    /// `outingLookbackDays` days, read from the records under their document and their phone.
    private func latestPassage(
        of resident: RosterMemory.Resident, before instant: Int64
    ) throws(StoreError) -> PassageMemory.Passage? {
        let statement = try rosterStatements().latestBefore
        let today = PersonDays.floorDay(instant)
        var latest: PassageMemory.Passage?
        for key in [resident.person] + (resident.phone.map { [$0] } ?? []) {
            statement.bind(1, today - WriterEngine.outingLookbackDays)
            statement.bind(2, today)
            statement.bind(3, key)
            statement.bind(4, instant)
            defer { statement.reset() }
            // Newest first; a temperature taken at the gate on the way back says nothing about going out or in.
            while try statement.step() {
                guard isCompoundGate(statement.int64(1), ofGrid: resident.grid) else { continue }
                let at = statement.int64(2)
                if latest.map({ $0.at < at }) ?? true {
                    latest = PassageMemory.Passage(isExit: statement.int(0) == RecordKindCode.code(of: .exit), at: at)
                }
                break
            }
        }
        return latest
    }

    /// Whether `checkpoint` is a compound gate of `grid`: the gates whose passages are a resident's outings.
    func isCompoundGate(_ checkpoint: Int64, ofGrid grid: String) -> Bool {
        checkpointKind(of: checkpoint) == .compound && checkpointFacts.grids[checkpoint] == grid
    }

    /// How far ahead of the writer's clock a record may be (SPEC §10 refuses more than 5 minutes), with a margin.
    static let passageHorizonMilliseconds: Int64 = 10 * 60 * 1000

    /// How far back an entry looks for the exit that began the outing.
    static let outingLookbackDays: Int64 = 14

    func rosterStatements() throws(StoreError) -> RosterStatements {
        if let prepared = preparedRosterStatements { return prepared }
        let prepared = try RosterStatements(db)
        preparedRosterStatements = prepared
        return prepared
    }

    /// Counts a record under its category (issue 19); `unlisted` is not stored (it is the rest of the total).
    func countCategory(_ category: CountedCategory, incoming: IncomingRecord, verdicts: Verdicts) {
        guard category != .unlisted else { return }
        let key = WriterState.CategoryHourKey(
            checkpoint: incoming.checkpointKey, hour: incoming.at.milliseconds / Timestamp.millisecondsPerHour,
            category: category)
        delta.categoryHours[key, default: RecordCounts()].count(incoming.record.kind, verdicts: verdicts)
    }

    func flushCategoryCounts() throws(StoreError) {
        guard !delta.categoryHours.isEmpty else { return }
        let statement = try rosterStatements().addCategoryCounts
        for (key, counts) in delta.categoryHours {
            try statement.run {
                $0.bind(1, key.checkpoint)
                $0.bind(2, key.hour)
                $0.bind(3, key.category.rawValue)
                CountColumns.bind(counts, to: $0, from: 4)
            }
        }
    }

    /// Reloads the roster and the checkpoints' grids and sites once a change to them commits.
    func scheduleRosterReload() {
        delta.afterCommit.append { [unowned self] in try? self.reloadRosterAndSites() }
    }

    func reloadRosterAndSites() throws(StoreError) {
        roster = try RosterMemory.load(db)
        passages.reset()
        checkpointFacts = try CheckpointFacts.load(db)
    }
}

/// The statements the roster's rules run, prepared the first time a roster needs them.
final class RosterStatements {
    /// `checkpoint_id` of one key's `EXIT` records on the UTC days `?1...?2` in `[?4, ?5)`.
    let exitsBetween: SQLiteStatement
    /// `kind, checkpoint_id, ts` of one key's `ENTRY` and `EXIT` records on the UTC days `?1...?2` before `?4`,
    /// newest first: a seek per day (`PersonDays`), one statement.
    let latestBefore: SQLiteStatement
    let addCategoryCounts: SQLiteStatement

    init(_ db: SQLiteConnection) throws(StoreError) {
        exitsBetween = try db.prepare(
            """
            SELECT r.checkpoint_id FROM records r
            WHERE \(PersonDays.condition()) AND r.person = ? AND r.ts >= ? AND r.ts < ?
                AND r.kind = \(RecordKindCode.code(of: .exit))
            """)
        latestBefore = try db.prepare(
            """
            SELECT r.kind, r.checkpoint_id, r.ts FROM records r
            WHERE \(PersonDays.condition()) AND r.person = ? AND r.ts < ? AND r.kind != \(RecordKindCode.code(of: .temp))
            ORDER BY r.ts DESC
            """)
        let columns = CountColumns.names.joined(separator: ", ")
        let placeholders = Array(repeating: "?", count: CountColumns.names.count + 3).joined(separator: ", ")
        let sums = CountColumns.names.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", ")
        addCategoryCounts = try db.prepare(
            """
            INSERT INTO category_counts(checkpoint_id, hour, category, \(columns)) VALUES (\(placeholders))
            ON CONFLICT(checkpoint_id, hour, category) DO UPDATE SET \(sums)
            """)
    }
}
