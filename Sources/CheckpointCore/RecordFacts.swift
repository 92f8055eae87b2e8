/// The parts of a record the verdict rules look at.
public struct RecordFacts: Sendable, Hashable {
    public var kind: RecordKind
    public var temperature: Temperature?
    /// The record's time: its `ts`, or the receipt time when absent (SPEC §10).
    public var at: Timestamp
    /// `origin=`; only meaningful on `ENTRY`.
    public var origin: Origin?
    /// The kind of the checkpoint whose station sent the record: it decides what is a violation.
    public var checkpointKind: CheckpointKind

    public init(
        kind: RecordKind, temperature: Temperature? = nil, at: Timestamp, origin: Origin? = nil,
        checkpointKind: CheckpointKind = .compound
    ) {
        self.kind = kind
        self.temperature = temperature
        self.at = at
        self.origin = origin
        self.checkpointKind = checkpointKind
    }
}
