public import CheckpointCore

/// One reply line to a station (SPEC §3), rendered without its line end.
public enum StationReply: Sendable, Equatable {
    /// `kind` is the checkpoint's: written (`kind=`) only for a workplace or a home visit, so a compound gate's
    /// `OK HELLO` is the line it always was.
    case hello(
        station: String, checkpoint: String, serverVersion: String, feverThreshold: Temperature,
        kind: CheckpointKind = .compound)
    case pong
    case bye
    case ok(seq: Int64, RecordReceipt)
    case duplicate(seq: Int64, RecordReceipt)
    /// `clearance` is nil only when read from a daemon older than `clear=` (issue 15 point 3). Its
    /// `.quarantine(until:)` is written as `why=quarantine` alone: the order's end is the `until=` of
    /// `quarantine=active` (a key appears once per line), so the daemon gives the same instant as `quarantineUntil`.
    /// `checkID`: the phone is shared by several linked people; the station should scan the ID card (issue 15).
    case lookup(
        maskedPerson: String, quarantineUntil: Timestamp?, lastTemperature: Temperature?, clearance: Clearance?,
        checkID: Bool = false)
    case error(seq: Int64?, WireError)

    /// The line, times in `zone` (SPEC §10: times sent back use the display zone's offset).
    public func render(in zone: some DisplayZone) -> String {
        var line = ""
        append(to: &line, zone: zone)
        return line
    }

    /// What `server=` starts with in `OK HELLO`, before the version.
    static let serverProduct = "checkpointd/"

    /// Appends the line (without its line end) to `text`: a session collects a batch's replies in one String, so a
    /// record's `OK` is written piece by piece into it, without a String of its own.
    public func append(to text: inout String, zone: some DisplayZone) {
        switch self {
        case .hello(let station, let checkpoint, let serverVersion, let threshold, let kind):
            text += "OK HELLO station=\(station) checkpoint=\(checkpoint) proto=\(WireProtocol.stationVersion) "
            text += "server=" + StationReply.serverProduct + serverVersion + " fever=\(threshold)"
            if kind != .compound { text += " kind=" + kind.rawValue }
        case .pong:
            text += "PONG"
        case .bye:
            text += "BYE"
        case .ok(let seq, let receipt):
            text += "OK seq="
            StationReply.append(seq: seq, receipt, to: &text, zone: zone)
        case .duplicate(let seq, let receipt):
            text += "DUP seq="
            StationReply.append(seq: seq, receipt, to: &text, zone: zone)
        case .lookup(let person, let until, let temperature, let clearance, let checkID):
            text += "OK person=" + LineTokenizer.quoteIfNeeded(person)
            if let until {
                text += " quarantine=active until=" + until.formatted(in: zone)
            } else {
                text += " quarantine=none"
            }
            text += " last_temp=" + (temperature.map(\.description) ?? "-")
            switch clearance {
            case nil: break
            case .clear: text += " clear=yes"
            case .quarantine: text += " clear=no why=quarantine"
            case .fever(let since): text += " clear=no why=fever since=" + since.formatted(in: zone)
            }
            if checkID { text += " check_id=yes" }
        case .error(let seq, let error):
            text += "ERR seq=" + (seq.map(String.init) ?? "-") + " code=" + error.code.name
            // Inert on the station's screen: a message may quote what the station sent.
            text += " msg=" + LineTokenizer.quote(InertText.escaped(error.message))
        }
    }

    /// `<seq> id=… verdict=…`, then ` alert=…` and ` until=…` when the record opened alerts or an order.
    private static func append(seq: Int64, _ receipt: RecordReceipt, to text: inout String, zone: some DisplayZone) {
        text += String(seq)
        text += " id="
        text += String(receipt.id)
        text += " verdict="
        text += receipt.verdicts.description
        for (index, alert) in receipt.alertIDs.enumerated() {
            text += index == 0 ? " alert=" : ","
            text += String(alert)
        }
        if let until = receipt.quarantineUntil {
            text += " until="
            text += until.formatted(in: zone)
        }
    }
}
