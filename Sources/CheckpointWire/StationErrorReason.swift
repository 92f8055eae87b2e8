/// Why the daemon refused a station's line, one step finer than its `E_` code, so a terminal can tell the volunteer
/// in their language what happened and what to do (issue 16 point 5).
///
/// The wire is unchanged (`ERR seq=... code=E_... msg="..."`): the reason is read from the code and the daemon's
/// English message, whose wording is fixed per situation (the table below; `docs/protocol.md` lists it too). A
/// message with none of these words gets the code's general reason, and a code this build does not know none.
///
/// | code            | reason           | the message says                                   |
/// |-----------------|------------------|----------------------------------------------------|
/// | E_SYNTAX        | `syntax`         | anything                                           |
/// | E_VERB          | `verb`           | anything                                           |
/// | E_FIELD         | `proto`          | `proto=… is not supported`                         |
/// | E_FIELD         | `field`          | anything else                                      |
/// | E_PERSON        | `id-check`       | `check digit does not match`                       |
/// | E_PERSON        | `person`         | anything else                                      |
/// | E_TEMP          | `temp-range`     | `out of range` / `between`                         |
/// | E_TEMP          | `temp`           | anything else                                      |
/// | E_TIME          | `time-future`    | `in the future`                                    |
/// | E_TIME          | `time`           | anything else                                      |
/// | E_SEQ           | `seq-reused`     | `was used for another record`                      |
/// | E_SEQ           | `seq`            | anything else                                      |
/// | E_AUTH          | `hello-timeout`  | `no HELLO within`                                  |
/// | E_AUTH          | `throttled`      | `too many failed HELLOs`                           |
/// | E_AUTH          | `hello-first`    | `say HELLO`                                        |
/// | E_AUTH          | `unregistered`   | `is not registered`                                |
/// | E_AUTH          | `certificate`    | `certificate` / `TLS`                              |
/// | E_AUTH          | `token`          | anything else (a wrong or missing token)           |
/// | E_TOOLONG       | `too-long`       | anything                                           |
/// | E_BUSY          | `busy`           | anything                                           |
/// | E_UNAVAILABLE   | `shutting-down`  | `shutting down`                                    |
/// | E_UNAVAILABLE   | `disk-full`      | `disk is full`                                     |
/// | E_UNAVAILABLE   | `storage`        | anything else                                      |
public struct StationErrorReason: Hashable, Sendable, CustomStringConvertible {
    /// The reason's name, e.g. `temp-range`.
    public let name: String

    private init(_ name: String) {
        self.name = name
    }

    public var description: String { name }

    /// Every reason, for the terminal's string tables and their test.
    public static let all: [StationErrorReason] = [
        "syntax", "verb", "proto", "field", "id-check", "person", "temp-range", "temp", "time-future", "time",
        "seq-reused", "seq", "hello-timeout", "throttled", "hello-first", "unregistered", "certificate", "token",
        "too-long", "busy", "shutting-down", "disk-full", "storage",
    ].map(StationErrorReason.init)

    /// The reason of an error the daemon sent; nil for a code this build does not know (a newer daemon's).
    public init?(code: String, message: String) {
        func says(_ words: String...) -> Bool { words.contains { message.contains($0) } }
        let name: String? =
            switch code {
            case WireErrorCode.syntax.name: "syntax"
            case WireErrorCode.verb.name: "verb"
            case WireErrorCode.field.name: says("is not supported") ? "proto" : "field"
            case WireErrorCode.person.name: says("check digit does not match") ? "id-check" : "person"
            case WireErrorCode.temperature.name: says("out of range", "between") ? "temp-range" : "temp"
            case WireErrorCode.time.name: says("in the future") ? "time-future" : "time"
            case WireErrorCode.seq.name: says("was used for another record") ? "seq-reused" : "seq"
            case WireErrorCode.auth.name:
                if says("no HELLO within") {
                    "hello-timeout"
                } else if says("too many failed HELLOs") {
                    "throttled"
                } else if says("say HELLO") {
                    "hello-first"
                } else if says("is not registered") {
                    "unregistered"
                } else if says("certificate", "TLS") {
                    "certificate"
                } else {
                    "token"
                }
            case WireErrorCode.tooLong.name: "too-long"
            case WireErrorCode.busy.name: "busy"
            case WireErrorCode.unavailable.name:
                says("shutting down") ? "shutting-down" : says("disk is full") ? "disk-full" : "storage"
            default: nil
            }
        guard let name else { return nil }
        self.init(name)
    }
}
