public import CheckpointWire

/// A reply line from the station protocol: what Wire's decoder reads in it (`reply`), and its verb (`OK`, `ERR`,
/// `OK HELLO`, ...) and `key=value` fields in the order they came, for tests that pin the exact wire form.
///
/// Both come from Wire (`StationReply(parsing:)` and the line grammar of `LineTokenizer`), so a reply a test accepts
/// is one every client reads. Tests that need an oracle independent of Wire compare whole lines.
public struct ReplyLine: Equatable, Sendable, CustomStringConvertible {
    public var reply: StationReply
    public var verb: String
    public var fields: [(key: String, value: String)]
    public var raw: String

    public static func == (lhs: ReplyLine, rhs: ReplyLine) -> Bool { lhs.raw == rhs.raw }

    public var description: String { raw }

    /// The keys in the order they came.
    public var keys: [String] { fields.map(\.key) }

    public subscript(key: String) -> String? {
        fields.first { $0.key == key }?.value
    }

    /// Reads `VERB key=value key="quoted \" value" ...`; nil when it is not a reply Wire can read.
    public init?(_ line: String) {
        guard let reply = try? StationReply(parsing: line) else { return nil }
        // `OK HELLO ...`: the second word belongs to the verb, so the fields are those of `HELLO ...`.
        let isHello: Bool
        if case .hello = reply { isHello = true } else { isHello = false }
        let bytes = Array(line.utf8)
        guard let tokens = try? LineTokenizer.tokenize(isHello ? bytes.dropFirst("OK ".utf8.count) : bytes[...]) else {
            return nil
        }
        self.reply = reply
        verb = isHello ? "OK " + tokens.verb : tokens.verb
        fields = tokens.fields
        raw = line
    }
}
