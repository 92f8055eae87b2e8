import CheckpointCore
import CheckpointWire

/// One reply line from the daemon (SPEC §3), as far as a station needs to understand it.
enum ServerReply: Equatable {
    /// `OK HELLO station=... checkpoint=... proto=1 server=... fever=37.3`
    case hello(checkpoint: String, fever: String)
    /// `OK seq=...` or `DUP seq=...` for a record.
    case record(seq: Int64, RecordAnswer)
    /// `ERR seq=<n|-> code=E_... msg="..."`
    case error(seq: Int64?, code: String, message: String)
    case pong
    case bye
    /// Anything else: the daemon speaks a protocol we do not.
    case unknown(String)

    /// The codes that say "not now" rather than "never": the record is kept and sent again later.
    static let retryableCodes: Set<String> = ["E_UNAVAILABLE", "E_BUSY", "E_AUTH"]

    init(line: String) {
        if line == "PONG" {
            self = .pong
            return
        }
        if line == "BYE" {
            self = .bye
            return
        }
        let helloPrefix = "OK HELLO "
        if line.hasPrefix(helloPrefix) {
            let fields = ServerReply.fields(String(line.dropFirst(3)))
            self = .hello(checkpoint: fields["checkpoint"] ?? "?", fever: fields["fever"] ?? "?")
            return
        }
        guard let tokens = try? LineTokenizer.tokenize(Array(line.utf8)) else {
            self = .unknown(line)
            return
        }
        var fields: [String: String] = [:]
        for (key, value) in tokens.fields where fields[key] == nil {
            fields[key] = value
        }
        let seq = fields["seq"].flatMap { Int64($0) }
        switch tokens.verb {
        case "OK", "DUP":
            guard let seq, let verdictText = fields["verdict"], let verdicts = ServerReply.verdicts(verdictText) else {
                self = .unknown(line)
                return
            }
            let until = fields["until"].flatMap { try? Timestamp(wire: $0) }
            self = .record(seq: seq, RecordAnswer(verdicts: verdicts, until: until, duplicate: tokens.verb == "DUP"))
        case "ERR":
            self = .error(seq: seq, code: fields["code"] ?? "E_?", message: fields["msg"] ?? "")
        default:
            self = .unknown(line)
        }
    }

    /// `pass`, or verdict names joined by `,`. Unknown names (a newer daemon) are left out rather than refused.
    static func verdicts(_ text: String) -> Verdicts? {
        var verdicts: Verdicts = []
        for name in text.split(separator: ",") {
            switch name {
            case "pass": break
            case "fever": verdicts.insert(.fever)
            case "violation": verdicts.insert(.violation)
            case "quarantine": verdicts.insert(.quarantine)
            default: continue
            }
        }
        return text.isEmpty ? nil : verdicts
    }

    private static func fields(_ text: String) -> [String: String] {
        guard let tokens = try? LineTokenizer.tokenize(Array(text.utf8)) else { return [:] }
        var fields: [String: String] = [:]
        for (key, value) in tokens.fields { fields[key] = value }
        return fields
    }
}
