import CheckpointCore
import CheckpointStore
import CheckpointWire

/// The reply a station gets for a record's outcome, and the words of a storage failure.
extension StationSession {
    static func reply(to outcome: RecordOutcome, seq: Int64) -> StationReply {
        switch outcome {
        case .stored(let receipt):
            return .ok(seq: seq, receipt)
        case .duplicate(let receipt):
            return .duplicate(seq: seq, receipt)
        case .seqReused:
            return .error(seq: seq, WireError(.seq, "seq \(seq) was used for another record"))
        case .failed(let error):
            return .error(seq: seq, unavailable(error))
        }
    }

    static func unavailable(_ error: StoreError) -> WireError {
        switch error.code {
        case .shutdown:
            return WireError(.unavailable, "checkpointd is shutting down; nothing stored; send it again shortly")
        case .full:
            return WireError(.unavailable, "the server's disk is full; nothing stored; keep the record and retry")
        default:
            return WireError(.unavailable, "storage cannot commit right now; nothing stored; retry later")
        }
    }
}

extension StationRequest {
    /// The seq to echo when refusing the request.
    var seq: Int64? {
        if case .record(let record) = self { return record.seq }
        return nil
    }
}
