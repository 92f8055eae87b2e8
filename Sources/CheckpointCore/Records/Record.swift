/// A `TEMP`, `ENTRY` or `EXIT` record as a station sent it (SPEC §3), validated except for the time rules that need
/// a clock. The one shape of a record: Wire parses and renders it, the station spools it, the writer stores it.
public struct Record: Sendable, Hashable {
    public var kind: RecordKind
    public var seq: Int64
    public var person: PersonID
    /// `id=`: the resident ID or `other:` id scanned together with the phone in `person` (issue 15). It links the
    /// two on first sight, and the record is that document's person's (stored under it, judged by its identity).
    public var document: PersonID?
    public var temperature: Temperature?
    /// `ts=` as sent; absent means "when the daemon received it" (SPEC §10).
    public var timestamp: Timestamp?
    /// `origin=`; only meaningful on `ENTRY`.
    public var origin: Origin?
    public var note: String?

    /// The person the record is about: the document when one was scanned, else `person`.
    public var identifiedPerson: PersonID { document ?? person }

    public init(
        kind: RecordKind, seq: Int64, person: PersonID, document: PersonID? = nil, temperature: Temperature? = nil,
        timestamp: Timestamp? = nil, origin: Origin? = nil, note: String? = nil
    ) {
        self.kind = kind
        self.seq = seq
        self.person = person
        self.document = document
        self.temperature = temperature
        self.timestamp = timestamp
        self.origin = origin
        self.note = note
    }
}
