public import CheckpointCore

/// One link between a phone and a document, as `person.show` lists it.
public struct PersonLink: Sendable, Hashable {
    public var phone: PersonID?
    public var document: PersonID?
    public var createdAt: Timestamp
    /// `station:<code>` (linked on first sight by a record with `id=`) or `operator:<name>` (`person.link`).
    public var madeBy: String
    /// The record that linked them, for a link made on first sight.
    public var recordID: Int64?
}

/// The reads of `person_links`, for the readers and the writer's start.
enum PersonLinkQueries {
    /// The keys linked to a key, read from the table: what `PersonIdentity.resolve` asks. One prepared statement
    /// for the life of the returned closure (a read covers one key and the phones on its way).
    static func linked(_ db: SQLiteConnection) throws(StoreError) -> (Int64) throws(StoreError) -> [Int64] {
        let query = try db.prepare(
            """
            SELECT document FROM person_links WHERE phone = ?1
            UNION ALL SELECT phone FROM person_links WHERE document = ?1
            """, persistent: false)
        return { key throws(StoreError) in
            query.bind(1, key)
            defer { query.reset() }
            var keys: [Int64] = []
            while try query.step() { keys.append(query.int64(0)) }
            return keys
        }
    }

    /// Every link, both ways (`document -> phones`, `phone -> documents`), for the writer's memory and `presence`.
    static func all(_ db: SQLiteConnection) throws(StoreError) -> [Int64: [Int64]] {
        let query = try db.prepare("SELECT phone, document FROM person_links", persistent: false)
        var linked: [Int64: [Int64]] = [:]
        while try query.step() {
            let phone = query.int64(0)
            let document = query.int64(1)
            linked[phone, default: []].append(document)
            linked[document, default: []].append(phone)
        }
        return linked
    }

    /// The links that touch any of `keys`, oldest first.
    static func links(touching keys: [Int64], _ db: SQLiteConnection) throws(StoreError) -> [PersonLink] {
        let people = PersonNames(db)
        let query = try db.prepare(
            """
            SELECT phone, document, created_at, made_by, record_id FROM person_links
            WHERE phone = ?1 OR document = ?1
            """, persistent: false)
        var seen = Set<[Int64]>()
        var links: [PersonLink] = []
        for key in keys {
            query.bind(1, key)
            while try query.step() {
                guard seen.insert([query.int64(0), query.int64(1)]).inserted else { continue }
                links.append(
                    PersonLink(
                        phone: try people.person(query.int64(0)), document: try people.person(query.int64(1)),
                        createdAt: Timestamp(milliseconds: query.int64(2)), madeBy: query.string(3) ?? "",
                        recordID: query.optionalInt64(4)))
            }
            query.reset()
        }
        return links.sorted { $0.createdAt < $1.createdAt }
    }
}

extension PersonIdentity {
    /// Resolves `key` with the links stored in `db` (a reader's snapshot).
    static func resolve(_ key: Int64, in db: SQLiteConnection) throws(StoreError) -> PersonIdentity {
        try resolve(key, linked: try PersonLinkQueries.linked(db))
    }

    /// `keysToRead` with the links stored in `db`.
    static func keysToRead(of key: Int64, in db: SQLiteConnection) throws(StoreError) -> [Int64] {
        try keysToRead(of: key, linked: try PersonLinkQueries.linked(db))
    }
}
