public import CheckpointCore

/// The client half of the station protocol's requests: a `StationRequest` written as the line a station sends
/// (SPEC §3), which `StationRequestParser` reads back as the same request. `checkpoint-station`, the bench and the
/// test support send what this writes; nothing else spells a request line.
///
/// The forms, fields always in this order:
/// * `HELLO station=<id>[ token=<token>] proto=1` (the token quoted when it must be);
/// * `PING`, `QUIT`;
/// * `LOOKUP person=<normalised>[ id=<normalised>]`;
/// * `TEMP|ENTRY|EXIT seq=<n> person=<normalised>[ id=<normalised>][ temp=36.6][ ts=<ms>]`
///   `[ origin=local|outside][ note=<text>]`: `ts` as 13 digits of Unix milliseconds (which no time zone can
///   misread), or RFC 3339 in UTC for an instant outside 2001-09-09 ... 2286-11-20 that 13 digits cannot write;
///   `note` quoted when it must be (a line end in it becomes a space, as in every quoted value).
extension StationRequest {
    /// The line, without its line end.
    public var line: String {
        var text = ""
        append(to: &text)
        return text
    }

    /// Appends the line (without its line end) to `text`.
    ///
    /// - Parameter announcingProtocol: whether `HELLO` says `proto=1`. The terminal does; the bench and the test
    ///   harness never did, and the daemon takes a `HELLO` without it as protocol 1.
    public func append(to text: inout String, announcingProtocol: Bool = true) {
        switch self {
        case .hello(let station, let token):
            text += "HELLO station="
            text += station
            if let token {
                text += " token="
                text += LineTokenizer.quoteIfNeeded(token)
            }
            if announcingProtocol {
                text += " proto="
                text += String(WireProtocol.stationVersion)
            }
        case .ping:
            text += "PING"
        case .quit:
            text += "QUIT"
        case .lookup(let person, let document):
            text += "LOOKUP person="
            text += LineTokenizer.quoteIfNeeded(person.normalized)
            if let document {
                text += " id="
                text += LineTokenizer.quoteIfNeeded(document.normalized)
            }
        case .record(let record):
            StationRequest.append(record, to: &text)
        }
    }

    /// Appends a record's line (without its line end) to `text`: what `StationRequest.record(record).line` is,
    /// without making the request.
    public static func append(_ record: Record, to text: inout String) {
        text += record.kind.rawValue
        text += " seq="
        text += String(record.seq)
        text += " person="
        text += LineTokenizer.quoteIfNeeded(record.person.normalized)
        if let document = record.document {
            text += " id="
            text += LineTokenizer.quoteIfNeeded(document.normalized)
        }
        if let temperature = record.temperature {
            text += " temp="
            text += temperature.description
        }
        if let timestamp = record.timestamp {
            text += " ts="
            text += wireTime(timestamp)
        }
        if let origin = record.origin {
            text += " origin="
            text += origin.rawValue
        }
        if let note = record.note {
            text += " note="
            text += LineTokenizer.quoteIfNeeded(note)
        }
    }

    /// The instants 13 digits of Unix milliseconds can write.
    private static let millisecondDigitsRange: ClosedRange<Int64> = 1_000_000_000_000...9_999_999_999_999

    private static func wireTime(_ timestamp: Timestamp) -> String {
        millisecondDigitsRange.contains(timestamp.milliseconds)
            ? String(timestamp.milliseconds) : timestamp.rfc3339(offsetSeconds: 0)
    }
}
