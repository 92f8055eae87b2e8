public import CheckpointCore

/// What `person.link` and `person.unlink` did (issue 15).
public struct LinkChange: Sendable, Hashable {
    /// The phone's documents after the change.
    public var documents: [PersonID]
    /// The end of an order active under the phone's own key, when the change left the phone shared: that order no
    /// longer applies to anyone, and the operator is told to open it under the right ID.
    public var orphanedOrderUntil: Timestamp?

    /// Whether the phone is now linked to several documents (its phone-only records are `check-id`).
    public var phoneShared: Bool { documents.count > 1 }
}

extension WriterEngine {
    /// Links `phone` to `document` by hand, with one audit row per person named (`audits`), in one transaction.
    func link(
        phone: PersonID, document: PersonID, by operatorName: String, audits: [AuditEntry]
    ) throws(StoreError) -> LinkChange {
        let (phoneKey, documentKey) = try linkKeys(phone: phone, document: document, create: true)
        guard let phoneKey, let documentKey else { throw StoreError(.misuse, "no storage key for a person") }
        guard !areLinked(phone: phoneKey, document: documentKey) else {
            throw StoreError(
                .conflict,
                "\(phone.masked) and \(document.masked) are already linked; `checkpointctl person show` lists links")
        }
        rememberLink(phone: phoneKey, document: documentKey)
        let madeBy = "operator:" + operatorName
        try storeLink(phone: phoneKey, document: documentKey, madeBy: madeBy, record: nil)
        if let event = linkedEvent(phone: phoneKey, document: document, by: madeBy) { delta.events.append(event) }
        try audit(audits)
        return try change(of: phoneKey)
    }

    /// Removes the link between `phone` and `document`, audited like `link`.
    func unlink(phone: PersonID, document: PersonID, audits: [AuditEntry]) throws(StoreError) -> LinkChange {
        let (phoneKey, documentKey) = try linkKeys(phone: phone, document: document, create: false)
        guard let phoneKey, let documentKey, areLinked(phone: phoneKey, document: documentKey) else {
            throw StoreError(
                .notFound,
                "\(phone.masked) and \(document.masked) are not linked; `checkpointctl person show` lists links")
        }
        let delete = try db.prepare("DELETE FROM person_links WHERE phone = ? AND document = ?", persistent: false)
        try delete.run {
            $0.bind(1, phoneKey)
            $0.bind(2, documentKey)
        }
        forgetLink(phone: phoneKey, document: documentKey)
        try audit(audits)
        return try change(of: phoneKey)
    }

    /// Deletes every link of `key` (an erasure); returns how many went.
    func deleteLinks(of key: Int64) throws(StoreError) -> Int {
        let linked = linkedKeys(key)
        guard !linked.isEmpty else { return 0 }
        let delete = try db.prepare("DELETE FROM person_links WHERE phone = ?1 OR document = ?1", persistent: false)
        try delete.run { $0.bind(1, key) }
        for other in linked {
            if PersonID.isPhoneKey(key) {
                forgetLink(phone: key, document: other)
            } else {
                forgetLink(phone: other, document: key)
            }
        }
        return linked.count
    }

    /// Appends the change's audit rows in its transaction, after what the audit journal still holds (earlier
    /// lookups keep their place in the chain).
    private func audit(_ entries: [AuditEntry]) throws(StoreError) {
        try moveAuditEntries()
        for entry in entries { try insertAudit(entry) }
    }

    private func linkKeys(
        phone: PersonID, document: PersonID, create: Bool
    ) throws(StoreError) -> (Int64?, Int64?) {
        guard phone.isPhone, !document.isPhone else {
            throw StoreError(.badArgument, "a link joins a phone number and a resident ID or other: id")
        }
        return (try personKey(phone, create: create), try personKey(document, create: create))
    }

    private func change(of phone: Int64) throws(StoreError) -> LinkChange {
        let names = PersonNames(db)
        var documents: [PersonID] = []
        for key in linkedKeys(phone).sorted() {
            if let person = try names.person(key) { documents.append(person) }
        }
        let orphaned = documents.count > 1 ? ownActiveOrder(of: phone, at: clock.now())?.end : nil
        return LinkChange(documents: documents, orphanedOrderUntil: orphaned)
    }
}
