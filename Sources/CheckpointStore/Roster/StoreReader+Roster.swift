public import CheckpointCore

/// A resident's roster line as the control socket shows it (issue 19).
public struct ResidentRow: Sendable, Hashable {
    /// The document, else the phone.
    public var person: PersonID
    public var phone: PersonID?
    public var name: String
    public var grid: String
    public var checkpoint: String
    public var home: String
    /// The household as the roster gave it (empty when it gave none).
    public var household: String
    public var category: ResidentCategory
    public var importedAt: Timestamp
}

/// A site whose staff list names a person.
public struct WorkerSite: Sendable, Hashable {
    public var site: String
    public var name: String
    public var department: String
}

/// Records per roster category over a time range (`stats by=category`).
public struct CategoryCounts: Sendable, Hashable {
    public var category: CountedCategory
    public var counts: RecordCounts
}

extension StoreReader {
    static let residentColumns = """
        r.person, r.phone, r.name, r.grid, r.checkpoint, r.home, r.household_given, r.category, r.imported_at
        """

    /// One grid's roster (of one category), by home then name, and how many households it has.
    public func residents(
        grid: String, category: ResidentCategory?, limit: Int
    ) throws(StoreError) -> (rows: [ResidentRow], households: Int) {
        try read { db throws(StoreError) in
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            let query = try db.prepare(
                """
                SELECT \(StoreReader.residentColumns) FROM residents r
                WHERE r.grid = ?1 AND (?2 IS NULL OR r.category = ?2) ORDER BY r.home, r.name, r.person LIMIT ?3
                """, persistent: false)
            query.bind(1, grid)
            query.bind(2, category?.rawValue)
            query.bind(3, limit)
            let people = PersonNames(db)
            var rows: [ResidentRow] = []
            while try query.step() {
                if let row = try StoreReader.resident(from: query, people: people) { rows.append(row) }
            }
            let households = try db.prepare(
                "SELECT COUNT(DISTINCT household) FROM residents WHERE grid = ?1 AND (?2 IS NULL OR category = ?2)",
                persistent: false)
            households.bind(1, grid)
            households.bind(2, category?.rawValue)
            return (rows, try households.step() ? households.int(0) : 0)
        }
    }

    /// The roster line of `person` (by their document or their phone) and the staff lists naming them.
    public func rosterEntry(of person: PersonID) throws(StoreError) -> (resident: ResidentRow?, sites: [WorkerSite]) {
        try read { db throws(StoreError) in
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            let people = PersonNames(db)
            guard let key = try people.key(person) else { return (nil, []) }
            let query = try db.prepare(
                "SELECT \(StoreReader.residentColumns) FROM residents r WHERE r.person = ?1 OR r.phone = ?1 LIMIT 1",
                persistent: false)
            query.bind(1, key)
            let resident = try query.step() ? try StoreReader.resident(from: query, people: people) : nil
            let sites = try db.prepare(
                """
                SELECT s.code, s.name, w.department FROM site_workers w JOIN sites s ON s.id = w.site_id
                WHERE w.person = ?1 OR w.phone = ?1 ORDER BY s.code
                """, persistent: false)
            sites.bind(1, key)
            var found: [WorkerSite] = []
            while try sites.step() {
                found.append(
                    WorkerSite(
                        site: sites.string(0) ?? "", name: sites.string(1) ?? "", department: sites.string(2) ?? ""))
            }
            return (resident, found)
        }
    }

    private static func resident(from query: SQLiteStatement, people: PersonNames) throws(StoreError) -> ResidentRow? {
        guard let person = try people.person(query.int64(0)) else { return nil }
        let phone = try query.optionalInt64(1).flatMap { (key) throws(StoreError) in try people.person(key) }
        return ResidentRow(
            person: person, phone: phone, name: query.string(2) ?? "", grid: query.string(3) ?? "",
            checkpoint: query.string(4) ?? "", home: query.string(5) ?? "", household: query.string(6) ?? "",
            category: query.string(7).flatMap(ResidentCategory.init(rawValue:)) ?? .home,
            importedAt: Timestamp(milliseconds: query.int64(8)))
    }

    /// Records per category from `since` to `until` (whole hours, as `stats` counts them), of one checkpoint or
    /// grid or all. `unlisted` is the rest of `total` (the records of `stats` over the same range).
    public func categoryCounts(
        since: Timestamp?, until: Timestamp?, checkpoint: String?, grid: String?, total: RecordCounts
    ) throws(StoreError) -> [CategoryCounts] {
        try read { db throws(StoreError) in
            let query = try db.prepare(
                """
                SELECT c.category, \(CountColumns.sums(alias: "c")) FROM category_counts c
                JOIN checkpoints k ON k.id = c.checkpoint_id
                WHERE c.hour >= ?1 AND c.hour < ?2 AND (?3 IS NULL OR k.code = ?3) AND (?4 IS NULL OR k.grid = ?4)
                GROUP BY c.category
                """, persistent: false)
            let hourLength = Timestamp.millisecondsPerHour
            query.bind(1, (since?.milliseconds ?? 0) / hourLength)
            query.bind(2, until.map { ($0.milliseconds + hourLength - 1) / hourLength } ?? Int64.max)
            query.bind(3, checkpoint)
            query.bind(4, grid)
            var found: [CountedCategory: RecordCounts] = [:]
            while try query.step() {
                if let category = query.string(0).flatMap(CountedCategory.init(rawValue:)) {
                    found[category] = CountColumns.read(query, from: 1)
                }
            }
            var unlisted = total
            for counts in found.values { unlisted.subtract(counts) }
            found[.unlisted] = unlisted
            return CountedCategory.allCases.map { CategoryCounts(category: $0, counts: found[$0] ?? RecordCounts()) }
        }
    }
}

extension RecordCounts {
    /// Takes `other` away, never below zero.
    mutating func subtract(_ other: RecordCounts) {
        temps = max(0, temps - other.temps)
        entries = max(0, entries - other.entries)
        exits = max(0, exits - other.exits)
        fevers = max(0, fevers - other.fevers)
        violations = max(0, violations - other.violations)
        visitors = max(0, visitors - other.visitors)
        notices = max(0, notices - other.notices)
    }
}

/// One category's line of the daily report (issue 19): its records, the different people they were of, and its
/// fevers, visitors and notices.
public struct DailyCategoryRow: Sendable, Hashable {
    public var category: CountedCategory
    public var counts: RecordCounts
    public var people: Int
}

extension StoreReader {
    /// The daily report's count by category over `[start, end)` (of one grid or all): records from the hourly
    /// category counts (`unlisted` the rest of the day's total), people from the day's records matched against the
    /// roster (a visitor is anyone whose record there said `visitor`). Categories with nothing are left out.
    public func dailyCategories(start: Timestamp, end: Timestamp, grid: String?) throws(StoreError)
        -> [DailyCategoryRow]
    {
        let total = try stats(since: start, until: end, checkpoint: nil, grid: grid, byHour: false, now: end).totals
        let counts = try categoryCounts(since: start, until: end, checkpoint: nil, grid: grid, total: total)
        return try read { db throws(StoreError) in
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            // A resident's records may be stored under their document or their phone: both count as one person.
            var residentOf: [Int64: (category: CountedCategory, person: Int64)] = [:]
            let residents = try db.prepare("SELECT person, phone, category FROM residents", persistent: false)
            while try residents.step() {
                guard let category = residents.string(2).flatMap(ResidentCategory.init(rawValue:)) else { continue }
                let person = residents.int64(0)
                residentOf[person] = (CountedCategory(category), person)
                if let phone = residents.optionalInt64(1) { residentOf[phone] = (CountedCategory(category), person) }
            }
            let records = try db.prepare(
                """
                SELECT r.person, r.verdict FROM records r JOIN checkpoints c ON c.id = r.checkpoint_id
                WHERE \(PersonDays.condition()) AND r.ts >= ? AND r.ts < ? AND (? IS NULL OR c.grid = ?)
                """, persistent: false)
            records.bind(1, PersonDays.floorDay(start.milliseconds))
            records.bind(2, PersonDays.floorDay(end.milliseconds - 1))
            records.bind(3, start.milliseconds)
            records.bind(4, end.milliseconds)
            records.bind(5, grid)
            records.bind(6, grid)
            var people: [CountedCategory: Set<Int64>] = [:]
            while try records.step() {
                let key = records.int64(0)
                let resident = residentOf[key]
                let category: CountedCategory =
                    Verdicts(rawValue: records.int(1)).contains(.visitor) ? .visitor : resident?.category ?? .unlisted
                people[category, default: []].insert(resident?.person ?? key)
            }
            return counts.compactMap { row in
                let seen = people[row.category]?.count ?? 0
                guard row.counts.records > 0 || seen > 0 else { return nil }
                return DailyCategoryRow(category: row.category, counts: row.counts, people: seen)
            }
        }
    }
}
