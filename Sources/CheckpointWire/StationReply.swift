public import CheckpointCore

/// One reply line to a station (SPEC §3), rendered without its line end.
public enum StationReply: Sendable, Equatable {
    case hello(station: String, checkpoint: String, serverVersion: String, feverThreshold: Temperature)
    case pong
    case bye
    case ok(seq: Int64, RecordVerdict)
    case duplicate(seq: Int64, RecordVerdict)
    case lookup(maskedPerson: String, quarantineUntil: Timestamp?, lastTemperature: Temperature?)
    case error(seq: Int64?, WireError)

    /// The fields of a record's `OK`, repeated exactly by a later `DUP`.
    public struct RecordVerdict: Sendable, Equatable {
        public var id: Int64
        public var verdicts: Verdicts
        public var alertIDs: [Int64]
        public var until: Timestamp?

        public init(id: Int64, verdicts: Verdicts, alertIDs: [Int64], until: Timestamp?) {
            self.id = id
            self.verdicts = verdicts
            self.alertIDs = alertIDs
            self.until = until
        }
    }

    /// The line, times in `zone` (SPEC §10: times sent back use the display zone's offset).
    public func render(in zone: some DisplayZone) -> String {
        switch self {
        case .hello(let station, let checkpoint, let serverVersion, let threshold):
            return "OK HELLO station=\(station) checkpoint=\(checkpoint) proto=\(WireProtocol.stationVersion) "
                + "server=checkpointd/\(serverVersion) fever=\(threshold)"
        case .pong:
            return "PONG"
        case .bye:
            return "BYE"
        case .ok(let seq, let verdict):
            return "OK seq=\(seq)" + StationReply.fields(of: verdict, zone: zone)
        case .duplicate(let seq, let verdict):
            return "DUP seq=\(seq)" + StationReply.fields(of: verdict, zone: zone)
        case .lookup(let person, let until, let temperature):
            var line = "OK person=\(LineTokenizer.quoteIfNeeded(person))"
            if let until {
                line += " quarantine=active until=\(until.formatted(in: zone))"
            } else {
                line += " quarantine=none"
            }
            return line + " last_temp=\(temperature.map(\.description) ?? "-")"
        case .error(let seq, let error):
            return
                "ERR seq=\(seq.map(String.init) ?? "-") code=\(error.code.name) "
                + "msg=\(LineTokenizer.quote(error.message))"
        }
    }

    /// Appends the line (without its line end) to `text`: the same text as `render(in:)`. A record's `OK` and
    /// `DUP` are written piece by piece, without a String of their own (a session collects a batch's replies in
    /// one String).
    public func append(to text: inout String, zone: some DisplayZone) {
        switch self {
        case .ok(let seq, let verdict):
            text.append("OK seq=")
            StationReply.append(seq: seq, verdict, to: &text, zone: zone)
        case .duplicate(let seq, let verdict):
            text.append("DUP seq=")
            StationReply.append(seq: seq, verdict, to: &text, zone: zone)
        default:
            text.append(render(in: zone))
        }
    }

    private static func append(seq: Int64, _ verdict: RecordVerdict, to text: inout String, zone: some DisplayZone) {
        text.append(String(seq))
        text.append(" id=")
        text.append(String(verdict.id))
        text.append(" verdict=")
        text.append(verdict.verdicts.description)
        if !verdict.alertIDs.isEmpty || verdict.until != nil {
            text.append(StationReply.optionalFields(of: verdict, zone: zone))
        }
    }

    private static func fields(of verdict: RecordVerdict, zone: some DisplayZone) -> String {
        " id=\(verdict.id) verdict=\(verdict.verdicts)" + optionalFields(of: verdict, zone: zone)
    }

    /// ` alert=…` and ` until=…`, when the record opened alerts or an order.
    private static func optionalFields(of verdict: RecordVerdict, zone: some DisplayZone) -> String {
        var text = ""
        if !verdict.alertIDs.isEmpty {
            text += " alert=" + verdict.alertIDs.map(String.init).joined(separator: ",")
        }
        if let until = verdict.until {
            text += " until=\(until.formatted(in: zone))"
        }
        return text
    }
}
