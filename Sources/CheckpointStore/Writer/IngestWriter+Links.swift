public import CheckpointCore

extension IngestWriter {
    /// Links a phone to a document by hand (`person.link`, issue 15), with `audits` (one row per person named) in
    /// the same transaction. `.conflict` when they are linked already; `.badArgument` unless a phone and a document.
    public func link(
        phone: PersonID, document: PersonID, by operatorName: String, audits: [AuditEntry]
    ) async throws(StoreError) -> LinkChange {
        try await perform { engine throws(StoreError) in
            try engine.link(phone: phone, document: document, by: operatorName, audits: audits)
        }
    }

    /// Removes a link (`person.unlink`), audited the same way. `.notFound` when they are not linked.
    public func unlink(
        phone: PersonID, document: PersonID, audits: [AuditEntry]
    ) async throws(StoreError) -> LinkChange {
        try await perform { engine throws(StoreError) in
            try engine.unlink(phone: phone, document: document, audits: audits)
        }
    }
}

/// A person's identity as `person.show` lists it (issue 15).
public struct IdentityRow: Sendable, Hashable {
    /// The identity's people, the one asked about first; empty for a shared phone.
    public var identity: [PersonID]
    /// For a shared phone: the documents it is linked to.
    public var sharedBy: [PersonID]
    /// Every link of the people above (or of the shared phone), oldest first.
    public var links: [PersonLink]
}

extension StoreReader {
    /// The identity of `person` and the links that make it (`person.show`).
    public func identity(of person: PersonID) throws(StoreError) -> IdentityRow {
        try read { db throws(StoreError) in
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            let people = PersonNames(db)
            guard let key = try people.key(person) else {
                return IdentityRow(identity: [person], sharedBy: [], links: [])
            }
            switch try PersonIdentity.resolve(key, in: db) {
            case .person(_, let keys):
                let ordered = [key] + keys.filter { $0 != key }
                var identity: [PersonID] = []
                for key in ordered {
                    if let person = try people.person(key) { identity.append(person) }
                }
                return IdentityRow(
                    identity: identity, sharedBy: [], links: try PersonLinkQueries.links(touching: keys, db))
            case .ambiguous(let phone, let documents):
                var shared: [PersonID] = []
                for key in documents {
                    if let person = try people.person(key) { shared.append(person) }
                }
                return IdentityRow(
                    identity: [], sharedBy: shared, links: try PersonLinkQueries.links(touching: [phone], db))
            }
        }
    }
}
