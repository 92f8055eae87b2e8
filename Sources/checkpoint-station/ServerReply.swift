import CheckpointCore
import CheckpointWire

/// One reply line from the daemon (SPEC §3), as far as a station needs to understand it: Wire's `StationReply`
/// (which reads the line), in the terms the uplink and the screen use.
enum ServerReply: Equatable {
    /// `OK HELLO station=... checkpoint=... proto=1 server=... fever=37.3 [kind=workplace|visit]`
    case hello(checkpoint: String, fever: String, kind: CheckpointKind)
    /// `OK seq=...` or `DUP seq=...` for a record.
    case record(seq: Int64, RecordAnswer)
    /// `ERR seq=<n|-> code=E_... msg="..."`
    case error(seq: Int64?, code: String, message: String)
    case pong
    case bye
    /// Anything else (a lookup's reply, which the station never asks for, or a line Wire cannot read): the daemon
    /// speaks a protocol we do not.
    case unknown(String)

    /// The codes that say "not now" rather than "never": the record is kept and sent again later.
    static let retryableCodes: Set<String> = [
        WireErrorCode.unavailable.name, WireErrorCode.busy.name, WireErrorCode.auth.name,
    ]

    /// Every text the daemon sent reaches the screen with its control characters written visibly (`\x1B`), so a
    /// reply cannot move the cursor or recolour the screen.
    init(line: String) {
        guard let reply = try? StationReply(parsing: line) else {
            self = .unknown(InertText.escaped(line))
            return
        }
        switch reply {
        case .hello(_, let checkpoint, _, let fever, let kind):
            self = .hello(checkpoint: InertText.escaped(checkpoint), fever: fever.description, kind: kind)
        case .pong:
            self = .pong
        case .bye:
            self = .bye
        case .ok(let seq, let receipt):
            self = .record(seq: seq, RecordAnswer(receipt, duplicate: false))
        case .duplicate(let seq, let receipt):
            self = .record(seq: seq, RecordAnswer(receipt, duplicate: true))
        case .lookup:
            self = .unknown(InertText.escaped(line))
        case .error(let seq, let error):
            self = .error(seq: seq, code: InertText.escaped(error.code.name), message: InertText.escaped(error.message))
        }
    }
}

extension RecordAnswer {
    init(_ receipt: RecordReceipt, duplicate: Bool) {
        self.init(verdicts: receipt.verdicts, until: receipt.quarantineUntil, duplicate: duplicate)
    }
}
