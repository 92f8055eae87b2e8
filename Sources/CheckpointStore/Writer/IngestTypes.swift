public import CheckpointCore

/// A validated record from an authenticated station, ready to be stored.
public struct IncomingRecord: Sendable {
    public var stationKey: Int64
    public var checkpointKey: Int64
    public var seq: Int64
    public var kind: RecordKind
    public var person: PersonID
    public var temperature: Temperature?
    public var at: Timestamp
    public var origin: Origin?
    public var note: String?

    public init(
        stationKey: Int64, checkpointKey: Int64, seq: Int64, kind: RecordKind, person: PersonID,
        temperature: Temperature?, at: Timestamp, origin: Origin?, note: String?
    ) {
        self.stationKey = stationKey
        self.checkpointKey = checkpointKey
        self.seq = seq
        self.kind = kind
        self.person = person
        self.temperature = temperature
        self.at = at
        self.origin = origin
        self.note = note
    }
}

/// What the station is told about a stored record: the fields of its `OK` (and of a later `DUP`).
public struct StoredRecord: Sendable, Hashable {
    public var id: Int64
    public var verdicts: Verdicts
    /// Alerts this record opened, in id order.
    public var alertIDs: [Int64]
    /// The end of the quarantine order this record opened, if it opened one.
    public var quarantineUntil: Timestamp?

    public init(id: Int64, verdicts: Verdicts, alertIDs: [Int64], quarantineUntil: Timestamp?) {
        self.id = id
        self.verdicts = verdicts
        self.alertIDs = alertIDs
        self.quarantineUntil = quarantineUntil
    }
}

public enum RecordOutcome: Sendable {
    /// Newly committed.
    case stored(StoredRecord)
    /// `(station, seq)` was stored before; nothing new was written.
    case duplicate(StoredRecord)
    /// Nothing was stored.
    case failed(StoreError)
}

/// The answer to a station's `LOOKUP`.
public struct PersonStatus: Sendable, Hashable {
    public var person: PersonID
    /// The end of the quarantine order active now, if any.
    public var quarantineUntil: Timestamp?
    public var lastTemperature: Temperature?

    public init(person: PersonID, quarantineUntil: Timestamp?, lastTemperature: Temperature?) {
        self.person = person
        self.quarantineUntil = quarantineUntil
        self.lastTemperature = lastTemperature
    }
}

/// Something that happened in a committed transaction, for logs and `watch`.
public enum CommittedEvent: Sendable {
    case alertOpened(AlertRow)
    /// An alert was acknowledged or had its fever re-check resolved: its row as it is now.
    case alertChanged(AlertRow)
    /// A violation or confirmed fever was not acknowledged in time (SPEC §9 escalation).
    case alertEscalated(AlertRow)
    /// A record was stored (only emitted while someone watches records: `IngestWriter.recordEvents`).
    case recordStored(RecordEvent)
    case quarantineOpened(person: PersonID, until: Timestamp)
}

/// A stored record, for `watch types=record`.
public struct RecordEvent: Sendable, Hashable {
    public var id: Int64
    public var kind: RecordKind
    public var person: PersonID
    public var temperature: Temperature?
    public var at: Timestamp
    public var verdicts: Verdicts
    public var stationKey: Int64
    public var checkpointKey: Int64
    public var seq: Int64
}
