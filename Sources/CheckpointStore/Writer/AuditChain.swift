import CheckpointCore
import Crypto

/// The hash chain over the `audit` table (issue 13, point 12): each row's `hash` is
/// `SHA-256(previous row's hash ‖ canonical content of this row)`, so a row edited or deleted by hand (sqlite3, a
/// hex editor) no longer fits the rows after it.
///
/// * The canonical content is the ASCII text `v1`, then for each column in the order `id, at, uid, gid, cmd,
///   person, since, until, reason` a `|` followed by `-` for NULL or `<UTF-8 byte count>:<text>` (integers in
///   decimal). The row before the first has the hash of 32 zero bytes. docs/storage.md says the same, so the chain
///   can be checked without checkpointd.
/// * Ids are consecutive: the writer gives each new row the id after the chain's head, never SQLite's `max + 1`,
///   so a deleted row is a gap and verification names it.
/// * `meta('audit_head')` is `<id>:<hex hash>` of the last row appended: a deleted last row is a gap too.
/// * `meta('audit_anchor')` is `<id>:<hex hash>` of the last row retention deleted: the chain starts there.
///
/// The chain has no secret: whoever can write the database file can rewrite every hash. It shows edits made
/// without checkpointd; copying the head hash `audit --verify` prints to somewhere else catches a full rewrite.
enum AuditChain {
    static let headKey = "audit_head"
    static let anchorKey = "audit_anchor"
    static let genesis = [UInt8](repeating: 0, count: 32)

    /// One `audit` row as hashed.
    struct Row {
        var id: Int64
        var at: Int64
        var uid: Int64?
        var gid: Int64?
        var command: String
        var person: String?
        var since: Int64?
        var until: Int64?
        var reason: String
        var hash: [UInt8] = []

        init(id: Int64, _ entry: AuditEntry) {
            self.id = id
            at = entry.at.milliseconds
            uid = entry.uid.map(Int64.init)
            gid = entry.gid.map(Int64.init)
            command = entry.command
            person = entry.person
            since = entry.since?.milliseconds
            until = entry.until?.milliseconds
            reason = entry.reason
        }

        /// Reads the columns of `AuditChain.columns` from `statement`.
        init(_ statement: SQLiteStatement) {
            id = statement.int64(0)
            at = statement.int64(1)
            uid = statement.optionalInt64(2)
            gid = statement.optionalInt64(3)
            command = statement.string(4) ?? ""
            person = statement.string(5)
            since = statement.optionalInt64(6)
            until = statement.optionalInt64(7)
            reason = statement.string(8) ?? ""
            hash = statement.bytes(9)
        }

        var canonical: [UInt8] {
            var bytes = Array("v1".utf8)
            func field(_ text: String?) {
                bytes.append(UInt8(ascii: "|"))
                guard let text else {
                    bytes.append(UInt8(ascii: "-"))
                    return
                }
                let utf8 = Array(text.utf8)
                bytes += Array("\(utf8.count):".utf8) + utf8
            }
            field(String(id))
            field(String(at))
            field(uid.map(String.init))
            field(gid.map(String.init))
            field(command)
            field(person)
            field(since.map(String.init))
            field(until.map(String.init))
            field(reason)
            return bytes
        }

        func chained(after previous: [UInt8]) -> [UInt8] {
            var hasher = SHA256()
            hasher.update(data: previous)
            hasher.update(data: canonical)
            return Array(hasher.finalize())
        }
    }

    static let columns = "id, at, uid, gid, cmd, person, since, until, reason, hash"

    /// A position in the chain: a row id and its hash.
    struct Link: Equatable {
        var id: Int64
        var hash: [UInt8]

        static let start = Link(id: 0, hash: AuditChain.genesis)

        var text: String { "\(id):\(hex(hash))" }

        init(id: Int64, hash: [UInt8]) {
            self.id = id
            self.hash = hash
        }

        init?(text: String) {
            let parts = text.split(separator: ":")
            guard parts.count == 2, let id = Int64(parts[0]), let hash = AuditChain.bytes(hex: parts[1]),
                hash.count == 32
            else { return nil }
            self.init(id: id, hash: hash)
        }
    }

    // MARK: writing (on the writer's connection, inside its transaction)

    /// Appends `entry` after the head; returns its id.
    @discardableResult
    static func append(_ entry: AuditEntry, to db: SQLiteConnection) throws(StoreError) -> Int64 {
        let head = try self.head(db)
        var row = Row(id: head.id + 1, entry)
        row.hash = row.chained(after: head.hash)
        let insert = try db.prepare(
            "INSERT INTO audit(\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", persistent: false)
        try insert.run { statement in
            statement.bind(1, row.id)
            statement.bind(2, row.at)
            statement.bind(3, row.uid)
            statement.bind(4, row.gid)
            statement.bind(5, row.command)
            statement.bind(6, row.person)
            statement.bind(7, row.since)
            statement.bind(8, row.until)
            statement.bind(9, row.reason)
            statement.bind(10, row.hash)
        }
        try setMeta(db, headKey, Link(id: row.id, hash: row.hash).text)
        return row.id
    }

    /// Where the next row chains on: the recorded head, else the last row, else the anchor, else the start.
    static func head(_ db: SQLiteConnection) throws(StoreError) -> Link {
        if let text = try meta(db, headKey), let head = Link(text: text) { return head }
        let last = try db.prepare("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", persistent: false)
        if try last.step() { return Link(id: last.int64(0), hash: last.bytes(1)) }
        return try anchor(db) ?? .start
    }

    static func anchor(_ db: SQLiteConnection) throws(StoreError) -> Link? {
        try meta(db, anchorKey).flatMap(Link.init(text:))
    }

    /// Deletes up to `limit` of the oldest rows, all of them older than `cutoff` (milliseconds), and moves the
    /// anchor to the last one deleted. Only a prefix of the ids goes, so what is left is still one chain.
    static func purge(_ db: SQLiteConnection, olderThan cutoff: Int64, limit: Int) throws(StoreError) -> Int {
        let oldest = try db.prepare(
            """
            SELECT id, hash FROM audit
            WHERE id < COALESCE((SELECT MIN(id) FROM audit WHERE at >= ?1), (SELECT MAX(id) + 1 FROM audit))
            ORDER BY id LIMIT ?2
            """, persistent: false)
        oldest.bind(1, cutoff)
        oldest.bind(2, limit)
        var last: Link?
        while try oldest.step() { last = Link(id: oldest.int64(0), hash: oldest.bytes(1)) }
        guard let last else { return 0 }
        let delete = try db.prepare("DELETE FROM audit WHERE id <= ?", persistent: false)
        try delete.run { $0.bind(1, last.id) }
        let deleted = db.changes
        try setMeta(db, anchorKey, last.text)
        return deleted
    }

    /// Replaces `person` by `masked` in every row (an erasure) and, when the rows from the first one changed on all
    /// fit their predecessors, computes their hashes again so that the chain stays whole. Rows that did not fit
    /// before are not resealed: an erasure never hides an earlier edit. Returns the rows changed and whether the
    /// chain was resealed.
    static func redact(
        person: String, as masked: String, in db: SQLiteConnection
    ) throws(StoreError) -> (rows: Int, resealed: Bool) {
        let first = try db.prepare("SELECT MIN(id) FROM audit WHERE person = ?", persistent: false)
        first.bind(1, person)
        guard try first.step(), !first.isNull(0) else { return (0, true) }
        let from = first.int64(0)
        var rows = try self.rows(db, from: from)
        var previous = try hash(before: from, in: db)
        var whole = true
        for row in rows {
            if row.chained(after: previous) != row.hash { whole = false }
            previous = row.hash
        }
        let update = try db.prepare("UPDATE audit SET person = ? WHERE person = ?", persistent: false)
        try update.run {
            $0.bind(1, masked)
            $0.bind(2, person)
        }
        let changed = db.changes
        guard whole, let head = try meta(db, headKey).flatMap(Link.init(text:)), head.id == rows.last?.id else {
            return (changed, false)
        }
        previous = try hash(before: from, in: db)
        let reseal = try db.prepare("UPDATE audit SET hash = ? WHERE id = ?", persistent: false)
        for index in rows.indices {
            if rows[index].person == person { rows[index].person = masked }
            rows[index].hash = rows[index].chained(after: previous)
            previous = rows[index].hash
            try reseal.run {
                $0.bind(1, rows[index].hash)
                $0.bind(2, rows[index].id)
            }
        }
        if let last = rows.last { try setMeta(db, headKey, Link(id: last.id, hash: last.hash).text) }
        return (changed, true)
    }

    static func rows(_ db: SQLiteConnection, from id: Int64) throws(StoreError) -> [Row] {
        let query = try db.prepare("SELECT \(columns) FROM audit WHERE id >= ? ORDER BY id", persistent: false)
        query.bind(1, id)
        var rows: [Row] = []
        while try query.step() { rows.append(Row(query)) }
        return rows
    }

    /// The stored hash of the row before `id` (or of the anchor, or the start).
    private static func hash(before id: Int64, in db: SQLiteConnection) throws(StoreError) -> [UInt8] {
        let query = try db.prepare("SELECT hash FROM audit WHERE id = ?", persistent: false)
        query.bind(1, id - 1)
        if try query.step() { return query.bytes(0) }
        if let anchor = try anchor(db), anchor.id == id - 1 { return anchor.hash }
        return genesis
    }

    /// Chains rows written before the chain existed (migration 3), in id order, and records the head. A table
    /// whose first row is not row 1 gets an anchor with the zero hash just before it.
    static func chainExisting(_ db: SQLiteConnection) throws(StoreError) {
        let rows = try self.rows(db, from: Int64.min)
        guard let first = rows.first else { return }
        var previous = genesis
        if first.id > 1 { try setMeta(db, anchorKey, Link(id: first.id - 1, hash: genesis).text) }
        let update = try db.prepare("UPDATE audit SET hash = ? WHERE id = ?", persistent: false)
        for row in rows {
            previous = row.chained(after: previous)
            try update.run {
                $0.bind(1, previous)
                $0.bind(2, row.id)
            }
        }
        if let last = rows.last { try setMeta(db, headKey, Link(id: last.id, hash: previous).text) }
    }

    // MARK: meta and hex

    static func meta(_ db: SQLiteConnection, _ key: String) throws(StoreError) -> String? {
        let query = try db.prepare("SELECT value FROM meta WHERE key = ?", persistent: false)
        query.bind(1, key)
        return try query.step() ? query.string(0) : nil
    }

    static func setMeta(_ db: SQLiteConnection, _ key: String, _ value: String) throws(StoreError) {
        let upsert = try db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", persistent: false)
        try upsert.run {
            $0.bind(1, key)
            $0.bind(2, value)
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func bytes(hex: Substring) -> [UInt8]? {
        let utf8 = Array(hex.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}
