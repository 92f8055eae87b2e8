import CheckpointCore
import CheckpointWire

/// A reading as the volunteer or the CSV gave it, before it has a seq: a Core `Record` numbered 0, with a time.
struct RecordDraft: Equatable {
    /// The record; its `seq` is 0 until the outbox numbers it, its `timestamp` is always set and it has no note.
    private(set) var record: Record

    init(
        kind: RecordKind, person: PersonID, document: PersonID? = nil, temperature: Temperature?, timestamp: Timestamp,
        origin: Origin?
    ) {
        record = Record(
            kind: kind, seq: 0, person: person, document: document, temperature: temperature, timestamp: timestamp,
            origin: origin)
    }

    /// The draft of a numbered record (for sending it again under a new seq).
    fileprivate init(numbered: Record) {
        record = numbered
        record.seq = 0
    }

    var kind: RecordKind { record.kind }
    var person: PersonID { record.person }
    /// The resident ID or `other:` id scanned with the phone (`id=`, issue 15), from the CSV's `id` column.
    var document: PersonID? { record.document }
    var temperature: Temperature? { record.temperature }
    /// When the person was screened. Always sent, so a record sent later from the backlog keeps its real time.
    var timestamp: Timestamp {
        // Safe because every initialiser sets it.
        record.timestamp ?? Timestamp(milliseconds: 0)
    }
    var origin: Origin? { record.origin }
}

/// A record with its seq, exactly as it is written in the spool and sent: the spool line is the protocol line.
struct SpoolRecord: Equatable {
    /// Always with a `timestamp` and without a note.
    private(set) var record: Record

    var seq: Int64 { record.seq }

    var draft: RecordDraft { RecordDraft(numbered: record) }

    /// `TEMP seq=5 person=13800138000 temp=36.6 ts=1581034500000`, written by Wire's encoder. The person is
    /// normalised (no blanks, so it needs no quotes); the time is Unix milliseconds, which no time zone can misread.
    var line: String {
        StationRequest.record(record).line
    }

    init(seq: Int64, draft: RecordDraft) {
        record = draft.record
        record.seq = seq
    }

    /// Reads a spool line back with the daemon's own parser, so a line we can read is a line it accepts. A `note=`
    /// (the station writes none) is dropped, as it always was.
    init?(line: some Collection<UInt8>) {
        guard case .record(var record)? = try? StationRequestParser.parse(line), record.timestamp != nil
        else { return nil }
        record.note = nil
        self.record = record
    }
}

/// What the daemon answered for a record (`OK` or `DUP`): the part of Wire's `RecordReceipt` the station shows.
struct RecordAnswer: Equatable {
    var verdicts: Verdicts
    /// `until=` as sent (RFC 3339), for a new quarantine order.
    var until: Timestamp?
    var duplicate: Bool
    /// The kind of the checkpoint, as the daemon said at `HELLO` on the connection that brought the answer: at a
    /// workplace a violation reads "may not start work".
    var checkpointKind: CheckpointKind = .compound
}
