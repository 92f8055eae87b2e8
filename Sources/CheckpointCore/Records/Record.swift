/// A `TEMP`, `ENTRY` or `EXIT` record as a station sent it (SPEC §3), validated except for the time rules that need
/// a clock. The one shape of a record: Wire parses and renders it, the station spools it, the writer stores it.
public struct Record: Sendable, Hashable {
    public var kind: RecordKind
    public var seq: Int64
    public var person: PersonID
    public var temperature: Temperature?
    /// `ts=` as sent; absent means "when the daemon received it" (SPEC §10).
    public var timestamp: Timestamp?
    /// `origin=`; only meaningful on `ENTRY`.
    public var origin: Origin?
    public var note: String?

    public init(
        kind: RecordKind, seq: Int64, person: PersonID, temperature: Temperature? = nil, timestamp: Timestamp? = nil,
        origin: Origin? = nil, note: String? = nil
    ) {
        self.kind = kind
        self.seq = seq
        self.person = person
        self.temperature = temperature
        self.timestamp = timestamp
        self.origin = origin
        self.note = note
    }
}
