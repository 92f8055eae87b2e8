public import CheckpointCore

/// A validated record from an authenticated station, ready to be stored: the station's `Record` and what the
/// daemon adds to it.
public struct IncomingRecord: Sendable, Hashable {
    public var record: Record
    public var stationKey: Int64
    public var checkpointKey: Int64
    /// The record's time: its `ts`, or the receipt time when absent (SPEC §10).
    public var at: Timestamp

    public init(_ record: Record, stationKey: Int64, checkpointKey: Int64, at: Timestamp) {
        self.record = record
        self.stationKey = stationKey
        self.checkpointKey = checkpointKey
        self.at = at
    }
}

public enum RecordOutcome: Sendable {
    /// Newly committed.
    case stored(RecordReceipt)
    /// `(station, seq)` was stored before with the same content; nothing new was written.
    case duplicate(RecordReceipt)
    /// `(station, seq)` was stored before with other content (`E_SEQ`); nothing was written.
    case seqReused(storedRecordID: Int64)
    /// Nothing was stored.
    case failed(StoreError)
}

/// The answer to a station's `LOOKUP`.
public struct PersonStatus: Sendable, Hashable {
    public var person: PersonID
    /// The end of the quarantine order active now, if any.
    public var quarantineUntil: Timestamp?
    public var lastTemperature: Temperature?
    /// Whether the person may go back to work (`clear=`, issue 15 point 3).
    public var clearance: Clearance
    /// The phone is shared by several linked people (issue 15): the answer is the phone's own, and the station
    /// should scan the ID card.
    public var checkID: Bool

    public init(
        person: PersonID, quarantineUntil: Timestamp?, lastTemperature: Temperature?, clearance: Clearance,
        checkID: Bool = false
    ) {
        self.person = person
        self.quarantineUntil = quarantineUntil
        self.lastTemperature = lastTemperature
        self.clearance = clearance
        self.checkID = checkID
    }
}

/// Something that happened in a committed transaction, for logs and `watch`.
public enum CommittedEvent: Sendable {
    case alertOpened(AlertRow)
    /// An alert had its fever re-check resolved or its violation case grew: its row as it is now.
    case alertChanged(AlertRow)
    /// An operator acknowledged (closed) an alert: its row as it is now. Apart from `alertChanged` so that
    /// `alert_command` can tell a closed alert from a re-check that ends after it was acknowledged.
    case alertAcknowledged(AlertRow)
    /// A violation or confirmed fever was not acknowledged in time (SPEC §9 escalation).
    case alertEscalated(AlertRow)
    /// A record was stored (only emitted while someone watches records: `IngestWriter.recordEvents`).
    case recordStored(RecordEvent)
    case quarantineOpened(person: PersonID, until: Timestamp)
    /// A phone was linked to a document (issue 15).
    case personLinked(PersonLinkEvent)
}

/// A link made by a station (a record with `id=`) or an operator, for the log.
public struct PersonLinkEvent: Sendable, Hashable {
    public var phone: PersonID
    public var document: PersonID
    /// `station:<code>` or `operator:<name>`.
    public var madeBy: String
    /// The phone is now linked to several documents: its phone-only records are `check-id`.
    public var phoneShared: Bool
    /// The end of the order under the phone's own key that no longer applies to anyone, now that it is shared.
    public var orphanedOrderUntil: Timestamp?
}

/// A stored record, for `watch types=record`: the record as it came in, and what the station was told.
public struct RecordEvent: Sendable, Hashable {
    public var incoming: IncomingRecord
    public var receipt: RecordReceipt
}

/// What identifies a stored record, read back on the resend path to tell an identical resend (`DUP`) from a seq
/// used for another record (`E_SEQ`): kind, person, time, temperature, origin and note.
struct StoredContent: Equatable {
    var person: Int64
    var at: Int64
    var kind: Int
    var temperatureTenths: Int64?
    var origin: Int64?
    var note: String?

    /// Whether `incoming` says the same. `person` is the incoming person's storage key (nil: never stored, so
    /// another person). The time is compared only when the resend carries `ts=`: without it the daemon stamps
    /// the receipt time, which differs on every send.
    func matches(_ incoming: IncomingRecord, person: Int64?) -> Bool {
        let record = incoming.record
        return person == self.person && RecordKindCode.code(of: record.kind) == kind
            && record.temperature.map { Int64($0.tenths) } == temperatureTenths
            && record.origin.map { $0 == .outside ? 1 : 0 } == origin && record.note == note
            && (record.timestamp == nil || incoming.at.milliseconds == at)
    }
}
