import CheckpointCore

/// Who a person key stands for once links are followed (issue 15): the one place that answers "whose records and
/// rule state are these?". The writer asks it with its memory of the links (`WriterEngine.identity(of:)`), the
/// readers with the `person_links` table (`PersonIdentity.resolve(_:in:)`).
///
/// Links join a phone to a document (a resident ID or an `other:` id). A document's own phones are the phones
/// linked to it and to no other document. Then:
/// * a document: itself and its own phones;
/// * a phone linked to exactly one document: that document's identity;
/// * a phone linked to two documents or more (the elderly registered under a child's number): ambiguous;
/// * a key with no link: itself.
/// Two documents never share an identity, so an identity has at most one document (`main`).
public enum PersonIdentity: Sendable, Hashable {
    /// One person: `main` (the document, or the key itself when it has none) and every key of theirs, `main` first.
    case person(main: Int64, keys: [Int64])
    /// A phone several documents are linked to: whose a phone-only record is cannot be told.
    case ambiguous(phone: Int64, documents: [Int64])

    /// Resolves `key` with `linked`, which gives the keys linked to a key: a phone's documents, a document's
    /// phones (empty when none). It is asked about `key`, and about each phone on the way.
    public static func resolve<Failure: Error>(
        _ key: Int64, linked: (Int64) throws(Failure) -> [Int64]
    ) throws(Failure) -> PersonIdentity {
        guard PersonID.isPhoneKey(key) else {
            var keys = [key]
            for phone in try linked(key).sorted() {
                if try linked(phone) == [key] { keys.append(phone) }
            }
            return .person(main: key, keys: keys)
        }
        let documents = try linked(key).sorted()
        switch documents.count {
        case 0: return .person(main: key, keys: [key])
        case 1: return try resolve(documents[0], linked: linked)
        default: return .ambiguous(phone: key, documents: documents)
        }
    }

    /// Whose rule state a record of this identity is judged against: nobody's for an ambiguous phone.
    public var keys: [Int64] {
        switch self {
        case .person(_, let keys): keys
        case .ambiguous: []
        }
    }

    public var isAmbiguous: Bool {
        if case .ambiguous = self { return true }
        return false
    }

    /// The keys a read chosen by this key covers (`trace`, `records --person`): the identity's keys; for a shared
    /// phone, its own records and those of everyone it is linked to (an investigator wants every contact).
    public static func keysToRead<Failure: Error>(
        of key: Int64, linked: (Int64) throws(Failure) -> [Int64]
    ) throws(Failure) -> [Int64] {
        switch try resolve(key, linked: linked) {
        case .person(_, let keys):
            return keys
        case .ambiguous(let phone, let documents):
            var keys = [phone]
            for document in documents {
                for other in try resolve(document, linked: linked).keys where !keys.contains(other) {
                    keys.append(other)
                }
            }
            return keys
        }
    }
}
