public import CheckpointCore

/// An enterprise site as the control socket shows it (issue 19).
public struct SiteRow: Sendable, Hashable {
    public var code: String
    public var name: String
    public var grid: String
    public var tag: SiteTag
    public var tagSince: Timestamp
    public var tagReason: String
    public var taggedBy: String
    /// The local day (`YYYY-MM-DD`) a yellow site's follow-up inspection is due by.
    public var recheckBy: String?
    /// Yellow, past `recheckBy`, and no recheck since the tag.
    public var recheckDue: Bool
    public var lastRecheckAt: Timestamp?
    public var checkpoints: [String]
    /// People on the site's staff list.
    public var workers: Int
    /// Different people with a record at the site's gates since the start of today (display zone).
    public var workersSeenToday: Int
    /// Open alerts of the site or of its gates.
    public var openAlerts: Int
    public var createdAt: Timestamp
}

/// One entry of a site's history: a tag or a recheck.
public struct SiteEvent: Sendable, Hashable {
    public enum Kind: String, Sendable { case tag, recheck }
    public var kind: Kind
    public var at: Timestamp
    public var tag: SiteTag?
    /// The reason of a tag, the note of a recheck.
    public var text: String
    public var recheckBy: String?
    public var by: String
}

/// What an import of a roster or a staff list stored (issue 19).
public struct ImportResult: Sendable, Hashable {
    public var imported: Int
    public var removed: Int
    public var linked: Int
    public var grids: [String]
}

enum SiteQueries {
    static let siteColumns = """
        s.id, s.code, s.name, s.grid, s.tag, s.tag_since, s.tag_reason, s.tagged_by, s.recheck_by,
        s.last_recheck_at, s.created_at
        """

    /// The sites, one or all (of a grid, of a tag), with their counts for the local day `today`.
    static func sites(
        _ db: SQLiteConnection, code: String? = nil, grid: String? = nil, tag: SiteTag? = nil, today: LocalDay,
        zone: some DisplayZone
    ) throws(StoreError) -> [SiteRow] {
        let query = try db.prepare(
            """
            SELECT \(siteColumns) FROM sites s
            WHERE (?1 IS NULL OR s.code = ?1) AND (?2 IS NULL OR s.grid = ?2) AND (?3 IS NULL OR s.tag = ?3)
            ORDER BY s.code
            """, persistent: false)
        query.bind(1, code)
        query.bind(2, grid)
        query.bind(3, tag?.rawValue)
        let checkpoints = try db.prepare(
            "SELECT id, code FROM checkpoints WHERE site_id = ? AND removed_at IS NULL ORDER BY code", persistent: false)
        let workers = try db.prepare("SELECT COUNT(*) FROM site_workers WHERE site_id = ?", persistent: false)
        let seen = try db.prepare(
            """
            SELECT COUNT(DISTINCT person) FROM records
            WHERE checkpoint_id IN (SELECT id FROM checkpoints WHERE site_id = ?) AND ts >= ?
            """, persistent: false)
        let alerts = try db.prepare(
            """
            SELECT COUNT(*) FROM alerts
            WHERE state = 'open' AND (site_id = ?1 OR checkpoint_id IN (SELECT id FROM checkpoints WHERE site_id = ?1))
            """, persistent: false)
        let dayStart = today.start(in: zone).milliseconds
        var rows: [SiteRow] = []
        while try query.step() {
            let id = query.int64(0)
            var codes: [String] = []
            checkpoints.bind(1, id)
            while try checkpoints.step() { codes.append(checkpoints.string(1) ?? "") }
            checkpoints.reset()
            seen.bind(1, id)
            seen.bind(2, dayStart)
            let seenToday = try seen.step() ? seen.int(0) : 0
            seen.reset()
            workers.bind(1, id)
            let staff = try workers.step() ? workers.int(0) : 0
            workers.reset()
            alerts.bind(1, id)
            let open = try alerts.step() ? alerts.int(0) : 0
            alerts.reset()
            let tag = query.string(4).flatMap(SiteTag.init(rawValue:)) ?? .blue
            let tagSince = Timestamp(milliseconds: query.int64(5))
            let recheckBy = query.string(8)
            let lastRecheck = query.optionalInt64(9).map(Timestamp.init(milliseconds:))
            rows.append(
                SiteRow(
                    code: query.string(1) ?? "", name: query.string(2) ?? "", grid: query.string(3) ?? "", tag: tag,
                    tagSince: tagSince, tagReason: query.string(6) ?? "", taggedBy: query.string(7) ?? "",
                    recheckBy: recheckBy,
                    recheckDue: isRecheckDue(
                        tag: tag, recheckBy: recheckBy, tagSince: tagSince, lastRecheck: lastRecheck, today: today),
                    lastRecheckAt: lastRecheck, checkpoints: codes, workers: staff, workersSeenToday: seenToday,
                    openAlerts: open, createdAt: Timestamp(milliseconds: query.int64(10))))
        }
        return rows
    }

    /// A yellow site whose follow-up date is before `today` with no recheck since it was tagged.
    static func isRecheckDue(
        tag: SiteTag, recheckBy: String?, tagSince: Timestamp, lastRecheck: Timestamp?, today: LocalDay
    ) -> Bool {
        guard tag == .yellow, let recheckBy, let due = LocalDay(date: recheckBy), due < today else { return false }
        return lastRecheck.map { $0 < tagSince } ?? true
    }

    /// A site's tags and rechecks, newest first.
    static func history(_ db: SQLiteConnection, code: String) throws(StoreError) -> [SiteEvent] {
        let query = try db.prepare(
            """
            SELECT e.kind, e.at, e.tag, e.text, e.recheck_by, e.by FROM site_events e
            JOIN sites s ON s.id = e.site_id WHERE s.code = ? ORDER BY e.id DESC
            """, persistent: false)
        query.bind(1, code)
        var events: [SiteEvent] = []
        while try query.step() {
            events.append(
                SiteEvent(
                    kind: query.string(0).flatMap(SiteEvent.Kind.init(rawValue:)) ?? .tag,
                    at: Timestamp(milliseconds: query.int64(1)),
                    tag: query.string(2).flatMap(SiteTag.init(rawValue:)), text: query.string(3) ?? "",
                    recheckBy: query.string(4), by: query.string(5) ?? ""))
        }
        return events
    }
}
