/// A reply line from the station protocol, split into its verb (`OK`, `ERR`, `OK HELLO`, ...) and its
/// `key=value` fields in order.
///
/// The harness parses replies itself rather than with the daemon's codec, so a bug there cannot hide.
public struct ReplyLine: Equatable, Sendable, CustomStringConvertible {
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

    /// Parses `VERB key=value key="quoted \" value" ...`; nil when the line does not have that form.
    public init?(_ line: String) {
        raw = line
        var tokens: [String] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        var hasToken = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if inQuotes {
                if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inQuotes = false
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                inQuotes = true
                hasToken = true
            } else if character == " " || character == "\t" {
                if hasToken { tokens.append(current) }
                current = ""
                hasToken = false
            } else {
                current.append(character)
                hasToken = true
            }
        }
        guard !inQuotes, !escaped else { return nil }
        if hasToken { tokens.append(current) }
        guard let first = tokens.first else { return nil }
        // `OK HELLO ...`: a second bare word belongs to the verb.
        var rest = tokens.dropFirst()
        if let second = rest.first, !second.contains("=") {
            verb = first + " " + second
            rest = rest.dropFirst()
        } else {
            verb = first
        }
        fields = []
        for token in rest {
            guard let equals = token.firstIndex(of: "=") else { return nil }
            fields.append((String(token[..<equals]), String(token[token.index(after: equals)...])))
        }
    }
}
