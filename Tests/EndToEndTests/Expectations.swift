import CheckpointTestSupport
import CheckpointWire
import Testing

/// Checks of station replies in their exact wire form (SPEC §3, §10).

/// Expects `ERR seq=<seq> code=<code> msg="..."`: exactly these keys in this order and a message.
func expectError(
    _ reply: String?,
    seq: String,
    code: String,
    _ comment: Comment? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let reply, let line = ReplyLine(reply) else {
        Issue.record(
            "expected ERR seq=\(seq) code=\(code), got \(String(describing: reply))",
            sourceLocation: sourceLocation
        )
        return
    }
    #expect(line.verb == "ERR", comment, sourceLocation: sourceLocation)
    #expect(line.keys == ["seq", "code", "msg"], "\(line)", sourceLocation: sourceLocation)
    #expect(line["seq"] == seq, "\(comment ?? ""): \(line)", sourceLocation: sourceLocation)
    #expect(line["code"] == code, "\(comment ?? ""): \(line)", sourceLocation: sourceLocation)
    #expect(!(line["msg"] ?? "").isEmpty, "\(line)", sourceLocation: sourceLocation)
}

/// Expects `OK seq=<seq> id=<n> verdict=<verdict>` followed by `alert=` when `alert` and `until=` when given,
/// and nothing else. Returns the parsed line.
@discardableResult
func expectRecordOK(
    _ reply: String?,
    seq: Int,
    verdict: String = "pass",
    alert: Bool = false,
    until: String? = nil,
    verb: String = "OK",
    sourceLocation: SourceLocation = #_sourceLocation
) -> ReplyLine? {
    guard let reply, let line = ReplyLine(reply) else {
        Issue.record("expected \(verb) seq=\(seq), got \(String(describing: reply))", sourceLocation: sourceLocation)
        return nil
    }
    var keys = ["seq", "id", "verdict"]
    if alert { keys.append("alert") }
    if until != nil { keys.append("until") }
    #expect(line.verb == verb, "\(line)", sourceLocation: sourceLocation)
    #expect(line.keys == keys, "\(line)", sourceLocation: sourceLocation)
    #expect(line["seq"] == String(seq), "\(line)", sourceLocation: sourceLocation)
    #expect(Int(line["id"] ?? "").map { $0 > 0 } == true, "\(line)", sourceLocation: sourceLocation)
    #expect(line["verdict"] == verdict, "\(line)", sourceLocation: sourceLocation)
    if alert {
        let ids = (line["alert"] ?? "").split(separator: ",", omittingEmptySubsequences: false)
        #expect(!ids.isEmpty && ids.allSatisfy { Int($0) != nil }, "\(line)", sourceLocation: sourceLocation)
    }
    if let until {
        #expect(line["until"] == until, "\(line)", sourceLocation: sourceLocation)
    }
    return line
}

/// Expects the connection to stay usable: `PING` is answered `PONG`.
func expectUsable(_ client: LineClient, after what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let reply = try? client.request("PING")
    #expect(reply == "PONG", "after \(what) the connection should still answer PING", sourceLocation: sourceLocation)
}

/// The sequence numbers of a reply, if any.
func seqOf(_ reply: String) -> Int? {
    ReplyLine(reply)?["seq"].flatMap { Int($0) }
}
