/// The database schema as an ordered list of migrations. A migration is applied once, in its own
/// transaction, and recorded in `schema_migrations`; a database newer than this binary is refused.
///
/// Design for write amplification (see docs/storage.md): people are integer keys (a phone number is its own
/// key, a resident ID is 10^18 + its first 17 digits, `other:` ids get a negative key from `people_other`),
/// records are appended in rowid order, and the person index is keyed by day first (migration 2), so a commit
/// touches only today's part of it. Per-checkpoint hourly and daily counts are kept by the writer so `stats`
/// never scans records.
enum Schema {
    struct Migration {
        let version: Int
        let summary: String
        let sql: String
        /// Work SQL cannot do (hashing), run after `sql` in the same transaction.
        var then: (@Sendable (SQLiteConnection) throws(StoreError) -> Void)? = nil
    }

    static let migrations: [Migration] = [
        Migration(
            version: 1, summary: "checkpoints, stations, records, alerts, quarantines, counts, gaps, audit",
            sql: """
                CREATE TABLE checkpoints (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL DEFAULT '',
                    grid TEXT NOT NULL,
                    staffed TEXT NOT NULL DEFAULT '24h',
                    created_at INTEGER NOT NULL,
                    removed_at INTEGER
                );
                CREATE TABLE stations (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    checkpoint_id INTEGER NOT NULL REFERENCES checkpoints(id),
                    token_salt BLOB NOT NULL,
                    token_hash BLOB NOT NULL,
                    created_at INTEGER NOT NULL,
                    rotated_at INTEGER,
                    revoked_at INTEGER,
                    first_seq INTEGER,
                    last_seq INTEGER,
                    last_seen INTEGER
                );
                CREATE TABLE people_other (
                    id INTEGER PRIMARY KEY,
                    ident TEXT NOT NULL UNIQUE
                );
                CREATE TABLE records (
                    id INTEGER PRIMARY KEY,
                    station_id INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    person INTEGER NOT NULL,
                    ts INTEGER NOT NULL,
                    kind INTEGER NOT NULL,
                    temp INTEGER,
                    origin INTEGER,
                    verdict INTEGER NOT NULL,
                    checkpoint_id INTEGER NOT NULL,
                    note TEXT
                );
                CREATE UNIQUE INDEX records_station_seq ON records(station_id, seq);
                CREATE INDEX records_person_ts ON records(person, ts);
                CREATE INDEX records_checkpoint_ts ON records(checkpoint_id, ts);
                CREATE TABLE alerts (
                    id INTEGER PRIMARY KEY,
                    type TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    person INTEGER,
                    checkpoint_id INTEGER,
                    station_id INTEGER,
                    record_id INTEGER,
                    state TEXT NOT NULL DEFAULT 'open',
                    recheck TEXT,
                    recheck_record_id INTEGER,
                    created_at INTEGER NOT NULL,
                    escalated_at INTEGER,
                    acked_at INTEGER,
                    acked_by TEXT,
                    ack_note TEXT,
                    detail TEXT
                );
                CREATE INDEX alerts_record ON alerts(record_id) WHERE record_id IS NOT NULL;
                CREATE INDEX alerts_state ON alerts(state, id);
                CREATE INDEX alerts_at ON alerts(at);
                CREATE TABLE quarantines (
                    id INTEGER PRIMARY KEY,
                    person INTEGER NOT NULL,
                    start INTEGER NOT NULL,
                    end INTEGER NOT NULL,
                    record_id INTEGER,
                    reason TEXT,
                    note TEXT,
                    created_at INTEGER NOT NULL,
                    released_at INTEGER,
                    released_by TEXT
                );
                CREATE INDEX quarantines_person ON quarantines(person, end);
                CREATE INDEX quarantines_record ON quarantines(record_id) WHERE record_id IS NOT NULL;
                CREATE TABLE hourly_counts (
                    checkpoint_id INTEGER NOT NULL,
                    hour INTEGER NOT NULL,
                    temps INTEGER NOT NULL DEFAULT 0,
                    entries INTEGER NOT NULL DEFAULT 0,
                    exits INTEGER NOT NULL DEFAULT 0,
                    fevers INTEGER NOT NULL DEFAULT 0,
                    violations INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (checkpoint_id, hour)
                ) WITHOUT ROWID;
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY,
                    at INTEGER NOT NULL,
                    uid INTEGER,
                    gid INTEGER,
                    cmd TEXT NOT NULL,
                    person TEXT,
                    since INTEGER,
                    until INTEGER,
                    reason TEXT NOT NULL
                );
                CREATE INDEX audit_at ON audit(at);
                CREATE TABLE station_gaps (
                    station_id INTEGER NOT NULL,
                    first_missing INTEGER NOT NULL,
                    last_missing INTEGER NOT NULL,
                    PRIMARY KEY (station_id, first_missing)
                ) WITHOUT ROWID;
                CREATE TABLE meta (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                ) WITHOUT ROWID;
                """),
        // Every record lands at a random place of a (person, ts) index, so a commit of B records dirties up to B
        // index pages wherever they are, and the whole index takes part. Keyed by day first, today's entries
        // share today's part of the index: measured on a 3.3M-record table, 44k -> 111k records/s and 4.4 ->
        // 0.6 KB written per record. Queries by person name the days they cover (`PersonDays`).
        // Daily counts next to the hourly ones: `stats` over a long span sums a row per checkpoint and day.
        Migration(
            version: 2, summary: "person index keyed by day; daily counts",
            sql: """
                DROP INDEX IF EXISTS records_person_ts;
                CREATE INDEX IF NOT EXISTS records_day_person_ts ON records(ts / 86400000, person, ts);
                CREATE TABLE daily_counts (
                    checkpoint_id INTEGER NOT NULL,
                    day INTEGER NOT NULL,
                    temps INTEGER NOT NULL DEFAULT 0,
                    entries INTEGER NOT NULL DEFAULT 0,
                    exits INTEGER NOT NULL DEFAULT 0,
                    fevers INTEGER NOT NULL DEFAULT 0,
                    violations INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (checkpoint_id, day)
                ) WITHOUT ROWID;
                INSERT INTO daily_counts(checkpoint_id, day, temps, entries, exits, fevers, violations)
                    SELECT checkpoint_id, hour / 24, SUM(temps), SUM(entries), SUM(exits), SUM(fevers), SUM(violations)
                    FROM hourly_counts GROUP BY checkpoint_id, hour / 24;
                """),
        // Issue 13: a tamper-evident audit trail. Each row carries SHA-256(previous hash ‖ its canonical content)
        // (`AuditChain`); the rows already there are chained in id order.
        Migration(
            version: 3, summary: "audit rows chained by SHA-256",
            sql: "ALTER TABLE audit ADD COLUMN hash BLOB;",
            then: { db throws(StoreError) in try AuditChain.chainExisting(db) }),
        // Issue 15: one identity per person. A link joins a phone's key to a document's (a resident ID's, or an
        // `other:` id's negative key); `PersonIdentity` follows them. Keyed both ways: a phone's documents, a
        // document's phones. `made_by` is the station (`station:gate-3`, with the record that linked them on first
        // sight) or the operator (`operator:alice`) who made it.
        Migration(
            version: 4, summary: "links between a person's phone numbers and documents",
            sql: """
                CREATE TABLE person_links (
                    phone INTEGER NOT NULL,
                    document INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    made_by TEXT NOT NULL,
                    record_id INTEGER,
                    PRIMARY KEY (phone, document)
                ) WITHOUT ROWID;
                CREATE UNIQUE INDEX person_links_document ON person_links(document, phone);
                """),
        // Issue 15 point 3: `LOOKUP clear=` and `clearance` read one person's FEVER alerts of the last days. The
        // writer answers LOOKUP, so without an index by person every lookup would walk all alerts of those days.
        // Alerts are few next to records: the index costs the record path nothing.
        Migration(
            version: 5, summary: "alerts indexed by person and time",
            sql: "CREATE INDEX IF NOT EXISTS alerts_person_at ON alerts(person, at) WHERE person IS NOT NULL;"),
        // Issue 15, points 2 and 4 (migration 6). A checkpoint's kind decides what is a violation (`CheckpointKind`); the ones
        // there are compound gates, as they always were. A VIOLATION alert is a case: one per person, order and
        // local day, counting its violations (`count`, `last_at`); `quarantine_id` is the order (one person's,
        // whichever of their linked keys a record is stored under), and the open cases are found by it through a
        // partial index that holds only open VIOLATION alerts. `alert_records` links
        // each record that attached to a case after the one that opened it (whose link is `alerts.record_id`), so
        // a resend's `DUP` repeats the `alert=` of its `OK`; its rows go with their alert (retention, erasure).
        // The VIOLATION alerts there get their order and `last_at` (a case of one).
        Migration(
            version: 6, summary: "checkpoint kinds; one violation case per person, order and day",
            sql: """
                ALTER TABLE checkpoints ADD COLUMN kind TEXT NOT NULL DEFAULT 'compound'
                    CHECK (kind IN ('compound', 'workplace', 'visit'));
                ALTER TABLE alerts ADD COLUMN count INTEGER NOT NULL DEFAULT 1;
                ALTER TABLE alerts ADD COLUMN last_at INTEGER;
                ALTER TABLE alerts ADD COLUMN quarantine_id INTEGER;
                UPDATE alerts SET last_at = at, quarantine_id = (
                    SELECT q.id FROM quarantines q
                    WHERE q.person = alerts.person AND q.start <= alerts.at AND alerts.at < q.end
                    ORDER BY q.start DESC LIMIT 1)
                WHERE type = 'VIOLATION';
                CREATE INDEX alerts_open_violations ON alerts(quarantine_id)
                    WHERE type = 'VIOLATION' AND state = 'open';
                CREATE TABLE alert_records (
                    record_id INTEGER PRIMARY KEY,
                    alert_id INTEGER NOT NULL
                );
                CREATE INDEX alert_records_alert ON alert_records(alert_id);
                CREATE TRIGGER alert_records_follow_alert AFTER DELETE ON alerts
                BEGIN
                    DELETE FROM alert_records WHERE alert_id = old.id;
                END;
                """),
        // Issue 16 point 1: a grid worker's views. An order carries the grid that follows it up (the opening
        // checkpoint's, or the operator's `--grid`); an alert keeps the grid it was raised in (its checkpoint's, or
        // its order's for FOLLOWUP), so moving a checkpoint to another grid later does not move its history. The
        // orders and alerts there take the grid their checkpoint is in now (an operator's order: none).
        Migration(
            version: 7, summary: "orders and alerts carry their grid",
            sql: """
                ALTER TABLE quarantines ADD COLUMN grid TEXT;
                ALTER TABLE alerts ADD COLUMN grid TEXT;
                UPDATE quarantines SET grid = (
                    SELECT c.grid FROM records r JOIN checkpoints c ON c.id = r.checkpoint_id
                    WHERE r.id = quarantines.record_id)
                WHERE record_id IS NOT NULL;
                UPDATE alerts SET grid = (SELECT c.grid FROM checkpoints c WHERE c.id = alerts.checkpoint_id)
                WHERE checkpoint_id IS NOT NULL;
                CREATE INDEX alerts_grid ON alerts(grid, id) WHERE grid IS NOT NULL;
                CREATE INDEX quarantines_grid ON quarantines(grid, end) WHERE grid IS NOT NULL;
                """),
        // Issue 17: the city tier. An order another district opened comes in from the city's registry as a row of
        // `quarantines` with that `district` and its id there (`origin_id`), so the verdict rules, identity links
        // and the workplace rule treat it like one of ours; this district's own orders have no `district`.
        // Records ship to the city by id; the rarer rows whose state changes (alerts, this district's orders,
        // station gaps) are queued in `city_changes` by triggers (its seq never reused: AUTOINCREMENT, since shipped
        // rows leave the queue), which write only while a city is configured
        // (`meta` key `city.district`), and leave the queue as they are shipped. How far the uplink has shipped is
        // kept in `meta` (`city.shipped_records`, `city.shipped_changes`), moved only after the city's commit.
        Migration(
            version: 8, summary: "orders from the city's registry; the queue of changes to ship to the city",
            sql: """
                ALTER TABLE quarantines ADD COLUMN district TEXT;
                ALTER TABLE quarantines ADD COLUMN origin_id INTEGER;
                CREATE UNIQUE INDEX quarantines_origin ON quarantines(district, origin_id) WHERE district IS NOT NULL;
                CREATE TABLE city_changes (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    kind TEXT NOT NULL,
                    row_id INTEGER NOT NULL,
                    row_key INTEGER
                );
                CREATE TRIGGER city_alert_opened AFTER INSERT ON alerts
                WHEN EXISTS (SELECT 1 FROM meta WHERE key = 'city.district')
                BEGIN
                    INSERT INTO city_changes(kind, row_id) VALUES ('alert', new.id);
                END;
                CREATE TRIGGER city_alert_changed AFTER UPDATE ON alerts
                WHEN EXISTS (SELECT 1 FROM meta WHERE key = 'city.district')
                BEGIN
                    INSERT INTO city_changes(kind, row_id) VALUES ('alert', new.id);
                END;
                CREATE TRIGGER city_order_opened AFTER INSERT ON quarantines
                WHEN new.district IS NULL AND EXISTS (SELECT 1 FROM meta WHERE key = 'city.district')
                BEGIN
                    INSERT INTO city_changes(kind, row_id) VALUES ('order', new.id);
                END;
                CREATE TRIGGER city_order_changed AFTER UPDATE ON quarantines
                WHEN new.district IS NULL AND EXISTS (SELECT 1 FROM meta WHERE key = 'city.district')
                BEGIN
                    INSERT INTO city_changes(kind, row_id) VALUES ('order', new.id);
                END;
                CREATE TRIGGER city_gap_opened AFTER INSERT ON station_gaps
                WHEN EXISTS (SELECT 1 FROM meta WHERE key = 'city.district')
                BEGIN
                    INSERT INTO city_changes(kind, row_id, row_key) VALUES ('gap', new.station_id, new.first_missing);
                END;
                CREATE TRIGGER city_gap_filled AFTER DELETE ON station_gaps
                WHEN EXISTS (SELECT 1 FROM meta WHERE key = 'city.district')
                BEGIN
                    INSERT INTO city_changes(kind, row_id, row_key) VALUES ('gap', old.station_id, old.first_missing);
                END;
                """),
        // Issue 19: residents and enterprises. `residents` is the roster, keyed like records (the document's key,
        // else the phone's), with the phone's key beside it; `household` is the key the outing quota counts (the
        // line's household, else its home, else the person). Sites carry their current tag; `site_events` is the
        // tag history and the rechecks. A workplace checkpoint belongs to a site (`checkpoints.site_id`); a SITE or
        // RECHECK_DUE alert names its site. Records are counted by category (`category_counts`, like
        // `hourly_counts`; `unlisted` is not stored: it is the rest of the total) and the hourly and daily counts
        // gain visitors and notices.
        Migration(
            version: 9, summary: "resident roster, enterprise sites and staff lists, counts by category",
            sql: """
                CREATE TABLE residents (
                    person INTEGER PRIMARY KEY,
                    phone INTEGER,
                    name TEXT NOT NULL,
                    grid TEXT NOT NULL,
                    checkpoint TEXT NOT NULL DEFAULT '',
                    home TEXT NOT NULL DEFAULT '',
                    household TEXT NOT NULL,
                    household_given TEXT NOT NULL DEFAULT '',
                    category TEXT NOT NULL,
                    imported_at INTEGER NOT NULL
                );
                CREATE INDEX residents_grid ON residents(grid, household);
                CREATE INDEX residents_phone ON residents(phone) WHERE phone IS NOT NULL;
                CREATE TABLE sites (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    grid TEXT NOT NULL,
                    tag TEXT NOT NULL DEFAULT 'blue',
                    tag_since INTEGER NOT NULL,
                    tag_reason TEXT NOT NULL DEFAULT '',
                    tagged_by TEXT NOT NULL DEFAULT '',
                    recheck_by TEXT,
                    last_recheck_at INTEGER,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE site_events (
                    id INTEGER PRIMARY KEY,
                    site_id INTEGER NOT NULL,
                    at INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    tag TEXT,
                    text TEXT NOT NULL,
                    recheck_by TEXT,
                    by TEXT NOT NULL
                );
                CREATE INDEX site_events_site ON site_events(site_id, id);
                CREATE TABLE site_workers (
                    site_id INTEGER NOT NULL,
                    person INTEGER NOT NULL,
                    phone INTEGER,
                    name TEXT NOT NULL,
                    department TEXT NOT NULL DEFAULT '',
                    PRIMARY KEY (site_id, person)
                ) WITHOUT ROWID;
                CREATE INDEX site_workers_person ON site_workers(person);
                CREATE INDEX site_workers_phone ON site_workers(phone) WHERE phone IS NOT NULL;
                ALTER TABLE checkpoints ADD COLUMN site_id INTEGER;
                ALTER TABLE alerts ADD COLUMN site_id INTEGER;
                CREATE INDEX alerts_sites ON alerts(site_id, id) WHERE site_id IS NOT NULL;
                ALTER TABLE hourly_counts ADD COLUMN visitors INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE hourly_counts ADD COLUMN notices INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE daily_counts ADD COLUMN visitors INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE daily_counts ADD COLUMN notices INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE category_counts (
                    checkpoint_id INTEGER NOT NULL,
                    hour INTEGER NOT NULL,
                    category TEXT NOT NULL,
                    temps INTEGER NOT NULL DEFAULT 0,
                    entries INTEGER NOT NULL DEFAULT 0,
                    exits INTEGER NOT NULL DEFAULT 0,
                    fevers INTEGER NOT NULL DEFAULT 0,
                    violations INTEGER NOT NULL DEFAULT 0,
                    visitors INTEGER NOT NULL DEFAULT 0,
                    notices INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (checkpoint_id, hour, category)
                ) WITHOUT ROWID;
                """),
    ]

    static var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Brings the database up to `latestVersion`. Returns the versions applied.
    @discardableResult
    static func migrate(
        _ db: SQLiteConnection, now: Int64, upTo target: Int = latestVersion
    ) throws(StoreError)
        -> [Int]
    {
        try db.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY, summary TEXT NOT NULL, applied_at INTEGER NOT NULL)
            """)
        let current = Int(try db.integer("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") ?? 0)
        guard current <= latestVersion else {
            throw StoreError(
                .misuse,
                """
                the database is at schema version \(current) but this checkpointd knows only up to \
                \(latestVersion): run the newer checkpointd, or restore a backup made by this version
                """)
        }
        var applied: [Int] = []
        for migration in migrations where migration.version > current && migration.version <= target {
            try db.execute("BEGIN IMMEDIATE")
            do {
                try db.execute(migration.sql)
                try migration.then?(db)
                let insert = try db.prepare(
                    "INSERT INTO schema_migrations(version, summary, applied_at) VALUES (?, ?, ?)", persistent: false)
                try insert.run {
                    $0.bind(1, migration.version)
                    $0.bind(2, migration.summary)
                    $0.bind(3, now)
                }
                try db.execute("COMMIT")
            } catch {
                try? db.execute("ROLLBACK")
                throw error
            }
            applied.append(migration.version)
        }
        return applied
    }
}
