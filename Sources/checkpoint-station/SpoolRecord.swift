import CheckpointCore
import CheckpointWire

/// A reading as the volunteer or the CSV gave it, before it has a seq.
struct RecordDraft: Equatable {
    var kind: RecordKind
    var person: PersonID
    var temperature: Temperature?
    /// When the person was screened. Always sent, so a record sent later from the backlog keeps its real time.
    var timestamp: Timestamp
    var origin: Origin?
}

/// A record with its seq, exactly as it is written in the spool and sent: the spool line is the protocol line.
struct SpoolRecord: Equatable {
    var seq: Int64
    var draft: RecordDraft

    /// `TEMP seq=5 person=13800138000 temp=36.6 ts=1581034500000`. The person is normalised (no blanks, so it
    /// needs no quotes); the time is Unix milliseconds, which no time zone can misread.
    var line: String {
        var text = "\(draft.kind.rawValue) seq=\(seq) person=\(draft.person.normalized)"
        if let temperature = draft.temperature {
            text += " temp=\(temperature)"
        }
        text += " ts=\(draft.timestamp.milliseconds)"
        if let origin = draft.origin {
            text += " origin=\(origin.rawValue)"
        }
        return text
    }

    init(seq: Int64, draft: RecordDraft) {
        self.seq = seq
        self.draft = draft
    }

    /// Reads a spool line back with the daemon's own parser, so a line we can read is a line it accepts.
    init?(line: some Collection<UInt8>) {
        guard case .record(let request)? = try? StationRequestParser.parse(line), let timestamp = request.timestamp
        else { return nil }
        self.seq = request.seq
        self.draft = RecordDraft(
            kind: request.kind, person: request.person, temperature: request.temperature, timestamp: timestamp,
            origin: request.origin)
    }
}

/// What the daemon answered for a record (`OK` or `DUP`).
struct RecordAnswer: Equatable {
    var verdicts: Verdicts
    /// `until=` as sent (RFC 3339), for a new quarantine order.
    var until: Timestamp?
    var duplicate: Bool
}
