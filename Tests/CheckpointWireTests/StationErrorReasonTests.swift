import CheckpointCore
import CheckpointWire
import Testing

/// Issue 16 point 5: a terminal reads why the daemon refused a line from its code and message, so it can say it in
/// the volunteer's language. The messages are the ones the parser and the daemon really send.
@Suite struct StationErrorReasonTests {
    @Test(arguments: [
        ("TEMP seq=1 person=\"13800138000", "syntax"),
        ("temp seq=1 person=13800138000", "verb"),
        ("HELLO station=st-1 proto=2", "proto"),
        ("TEMP seq=1 person=13800138000 temp=36.6 colour=red", "field"),
        ("TEMP seq=1 person=1380013800 temp=36.6", "person"),
        ("TEMP seq=1 person=13800138000 temp=50.0", "temp-range"),
        ("TEMP seq=1 person=13800138000 temp=36,6", "temp"),
        ("TEMP seq=1 person=13800138000 temp=36.6 ts=yesterday", "time"),
        ("TEMP seq=0 person=13800138000 temp=36.6", "seq"),
    ])
    func reason_ofWhatTheParserRefuses(line: String, expected: String) throws {
        let error = try #require(stationError(line)).error
        #expect(StationErrorReason(code: error.code.name, message: error.message)?.name == expected, "\(error)")
    }

    /// What the daemon's sessions and writer send (CheckpointServer), and Core's check-digit message.
    @Test(arguments: [
        ("E_PERSON", "resident ID check digit does not match; check the 18 characters and send them again", "id-check"),
        ("E_TIME", "ts is more than 5 minutes in the future: check the terminal's clock", "time-future"),
        ("E_SEQ", "seq 12 was used for another record", "seq-reused"),
        ("E_AUTH", "no HELLO within the hello timeout; connect again and say HELLO", "hello-timeout"),
        ("E_AUTH", "too many failed HELLOs from this address; wait a minute", "throttled"),
        ("E_AUTH", "say HELLO station=<id> token=<secret> first", "hello-first"),
        ("E_AUTH", "station st-9 is not registered (or was revoked)", "unregistered"),
        ("E_AUTH", "a client certificate is required (tls_client_ca): give --tls-cert and --tls-key", "certificate"),
        ("E_AUTH", "wrong token for station st-1", "token"),
        ("E_AUTH", "over TCP, HELLO needs token=<secret>", "token"),
        ("E_TOOLONG", "the line is longer than 4096 bytes", "too-long"),
        ("E_BUSY", "too many records in flight", "busy"),
        ("E_UNAVAILABLE", "checkpointd is shutting down; nothing stored; send it again shortly", "shutting-down"),
        ("E_UNAVAILABLE", "the server's disk is full; nothing stored; keep the record and retry", "disk-full"),
        ("E_UNAVAILABLE", "storage cannot commit right now; nothing stored; retry later", "storage"),
    ])
    func reason_ofWhatTheDaemonSends(code: String, message: String, expected: String) {
        #expect(StationErrorReason(code: code, message: message)?.name == expected)
    }

    @Test func reason_ofACodeThisBuildDoesNotKnow_isNone() {
        #expect(StationErrorReason(code: "E_NEWER", message: "something new") == nil)
    }

    @Test func everyReason_isListed() {
        let names = Set(StationErrorReason.all.map(\.name))
        #expect(names.count == StationErrorReason.all.count)
        #expect(names.contains("temp-range") && names.contains("disk-full") && names.contains("token"))
    }
}
