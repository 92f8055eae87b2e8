import CheckpointCore

/// A record's place on the roster (issue 19): what the rules judge and the category it is counted under.
struct RecordResidency {
    var residency: Residency
    var category: CountedCategory
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
            residency: .resident(resident.category, outing: outing), category: CountedCategory(resident.category))
    }

    /// The exits through compound gates the household's members made in the quota's window (local days of the
    /// display zone) before `instant`. The batch's own records are in the table already (same transaction).
    private func householdExits(_ household: RosterMemory.HouseholdKey, before instant: Timestamp) throws(StoreError)
        -> Int?
    {
        guard let quota = rules.outingQuota else { return nil }
        let start = quota.windowStart(endingOn: LocalDay(of: instant, in: options.zone)).start(in: options.zone)
        let statement = try rosterStatements().recordsBetween
        var exits = 0
        for key in Set(roster.memberKeys(of: household)) {
            for day in PersonDays.floorDay(start.milliseconds)...PersonDays.floorDay(instant.milliseconds) {
                statement.bind(1, day)
                statement.bind(2, key)
                statement.bind(3, start.milliseconds)
                statement.bind(4, instant.milliseconds)
                defer { statement.reset() }
                while try statement.step() {
                    if statement.int(0) == RecordKindCode.code(of: .exit),
                        checkpointKind(of: statement.int64(1)) == .compound
                    {
                        exits += 1
                    }
                }
            }
        }
        return exits
    }

    /// How long ago the resident's last `ENTRY` or `EXIT` at a compound gate before `instant` was, when it was an
    /// exit; nil when it was an entry, or when there is none in the last `outingLookbackDays` days.
    private func timeOut(of resident: RosterMemory.Resident, before instant: Timestamp) throws(StoreError) -> Int64? {
        let statement = try rosterStatements().latestBefore
        let keys = [resident.person] + (resident.phone.map { [$0] } ?? [])
        let today = instant.milliseconds / Timestamp.millisecondsPerDay
        for day in stride(from: today, through: today - WriterEngine.outingLookbackDays, by: -1) {
            var latest: (kind: Int, at: Int64)?
            for key in keys {
                statement.bind(1, day)
                statement.bind(2, key)
                statement.bind(3, instant.milliseconds)
                defer { statement.reset() }
                while try statement.step() {
                    // A temperature taken at the gate on the way back says nothing about going out or coming in.
                    guard statement.int(0) != RecordKindCode.code(of: .temp),
                        checkpointKind(of: statement.int64(1)) == .compound
                    else { continue }
                    let at = statement.int64(2)
                    if latest.map({ $0.at < at }) ?? true { latest = (statement.int(0), at) }
                    break
                }
            }
            if let latest {
                return latest.kind == RecordKindCode.code(of: .exit) ? instant.milliseconds - latest.at : nil
            }
        }
        return nil
    }

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
            category: category.rawValue)
        delta.categoryHours[key, default: RecordCounts()].count(incoming.record.kind, verdicts: verdicts)
    }

    func flushCategoryCounts() throws(StoreError) {
        guard !delta.categoryHours.isEmpty else { return }
        let statement = try rosterStatements().addCategoryCounts
        for (key, counts) in delta.categoryHours {
            try statement.run {
                $0.bind(1, key.checkpoint)
                $0.bind(2, key.hour)
                $0.bind(3, key.category)
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
        checkpointFacts = try CheckpointFacts.load(db)
    }
}

/// The statements the roster's rules run, prepared the first time a roster needs them.
final class RosterStatements {
    /// `kind, checkpoint_id` of one key's records on one UTC day in `[?3, ?4)`.
    let recordsBetween: SQLiteStatement
    /// `kind, checkpoint_id, ts` of one key's records on one UTC day before `?3`, newest first.
    let latestBefore: SQLiteStatement
    let addCategoryCounts: SQLiteStatement

    init(_ db: SQLiteConnection) throws(StoreError) {
        recordsBetween = try db.prepare(
            "SELECT kind, checkpoint_id FROM records WHERE ts / 86400000 = ?1 AND person = ?2 AND ts >= ?3 AND ts < ?4")
        latestBefore = try db.prepare(
            """
            SELECT kind, checkpoint_id, ts FROM records WHERE ts / 86400000 = ?1 AND person = ?2 AND ts < ?3
            ORDER BY ts DESC
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
