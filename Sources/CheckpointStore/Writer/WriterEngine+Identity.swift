import CheckpointCore

/// Issue 15 on the writer: people's identities from its memory of the links, the rule state of an identity, and
/// links made on first sight by a record with `id=`.
extension WriterEngine {
    /// The keys linked to `key` as the running batch sees them (most keys have none: an empty table is not hashed
    /// into).
    func linkedKeys(_ key: Int64) -> [Int64] {
        if !delta.links.isEmpty, let changed = delta.links[key] { return changed }
        return state.links.isEmpty ? [] : state.links[key] ?? []
    }

    /// Who `key` stands for, with the links as the running batch sees them.
    func identity(of key: Int64) -> PersonIdentity {
        PersonIdentity.resolve(key, linked: linkedKeys)
    }

    /// What the rules judge a record of a person with these keys against: of their orders active at `instant`,
    /// the one ending last; of their fever alerts waiting for a re-check, the latest.
    func ruleState(of keys: some Sequence<Int64>, at instant: Timestamp) -> PersonRuleState {
        var state = PersonRuleState()
        for key in keys {
            if let order = activeOrder(of: key, at: instant)?.order,
                state.activeQuarantine.map({ $0.end < order.end }) ?? true
            {
                state.activeQuarantine = order
            }
            if let pending = pendingRecheck(of: key),
                state.pendingRecheck.map({ $0.openedAt < pending.openedAt }) ?? true
            {
                state.pendingRecheck = pending
            }
        }
        return state
    }

    /// Whether `phone` and `document` are linked, as the running batch sees it.
    func areLinked(phone: Int64, document: Int64) -> Bool {
        linkedKeys(phone).contains(document)
    }

    /// Links `phone` and `document` in the writer's memory (the batch's delta); `storeLink` writes the row.
    func rememberLink(phone: Int64, document: Int64) {
        delta.links[phone] = linkedKeys(phone) + [document]
        delta.links[document] = linkedKeys(document) + [phone]
    }

    /// Unlinks them in the writer's memory.
    func forgetLink(phone: Int64, document: Int64) {
        delta.links[phone] = linkedKeys(phone).filter { $0 != document }
        delta.links[document] = linkedKeys(document).filter { $0 != phone }
    }

    /// Writes the `person_links` row of a link already remembered.
    func storeLink(phone: Int64, document: Int64, madeBy: String, record: Int64?) throws(StoreError) {
        try statements.insertLink(
            phone: phone, document: document, createdAt: clock.now(), madeBy: madeBy, record: record)
    }

    /// A phone's active order under its own key at `instant`, if any (what `person.link` warns about when it makes
    /// the phone shared: that order no longer applies to anyone).
    func ownActiveOrder(of key: Int64, at instant: Timestamp) -> QuarantineOrder? {
        activeOrder(of: key, at: instant)?.order
    }

    /// The event of a link made (by a station or an operator), for the log.
    func linkedEvent(phone: Int64, document: PersonID, by madeBy: String) -> CommittedEvent? {
        guard let phoneID = PersonID(storageKey: phone) else { return nil }
        let shared = linkedKeys(phone).count > 1
        return .personLinked(
            PersonLinkEvent(
                phone: phoneID, document: document, madeBy: madeBy, phoneShared: shared,
                orphanedOrderUntil: shared ? ownActiveOrder(of: phone, at: clock.now())?.end : nil))
    }
}
