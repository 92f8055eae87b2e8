import CheckpointTestSupport
import Testing

/// Bytes a hostile client sends: random bytes with line ends among them, and lines that look like requests but
/// carry invalid UTF-8 (overlong forms, surrogates, lone continuation bytes, bytes that never occur in UTF-8).
enum HostileBytes {
    static let invalidUTF8: [[UInt8]] = [
        [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0x80], [0xBF, 0xBF], [0xFE], [0xFF, 0xFE],
        [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x00],
    ]

    /// Prefixes of real requests, so that invalid bytes reach the field parsers and not only the verb check.
    static let prefixes = [
        "TEMP seq=7 person=", "HELLO station=", "PASS seq=8 person=13800138000 note=", "LOOKUP person=",
        "TEMP seq=9 person=13800138000 temp=", "PING ", "",
    ]

    /// `bytes` of garbage: alternating runs of random bytes and request-like lines with invalid UTF-8.
    static func garbage(bytes: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var out: [UInt8] = []
        out.reserveCapacity(bytes + 4096)
        while out.count < bytes {
            if Bool.random(using: &generator) {
                let length = Int.random(in: 1...2048, using: &generator)
                for _ in 0..<length { out.append(UInt8.random(in: 0...255, using: &generator)) }
            } else {
                out += Array((prefixes.randomElement(using: &generator) ?? "").utf8)
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    out += invalidUTF8.randomElement(using: &generator) ?? [0xFF]
                }
                out += Array(" temp=36.5".utf8)
            }
            out.append(0x0A)
        }
        return out
    }
}

/// After a flood of garbage, replies to it may still be on their way: sends `PING` and reads until `PONG`.
func expectPong(_ client: LineClient, after what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        try client.send("")
        try client.send("PING")
        let deadline = Deadline(seconds: 30)
        while !deadline.hasPassed {
            guard let line = try client.readLine(timeout: deadline.remaining) else { break }
            if line == "PONG" { return }
        }
        Issue.record("no PONG after \(what)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("no PONG after \(what): \(error)", sourceLocation: sourceLocation)
    }
}
