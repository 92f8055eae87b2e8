/// Splits one protocol line into a verb and `key=value` fields (SPEC §3 "Line form").
///
/// Tokens are separated by spaces or tabs. A value may be written in double quotes, with `\"` and `\\` as the
/// only escapes; a quoted value may contain spaces and tabs. Works on bytes; the input must be valid UTF-8.
public struct TokenizedLine: Sendable, Equatable {
    public var verb: String
    public var fields: [(key: String, value: String)]

    public static func == (lhs: TokenizedLine, rhs: TokenizedLine) -> Bool {
        lhs.verb == rhs.verb && lhs.fields.map(\.key) == rhs.fields.map(\.key)
            && lhs.fields.map(\.value) == rhs.fields.map(\.value)
    }
}

public enum LineTokenizer {
    /// What went wrong, with the fields read before the problem (so `ERR` can still echo a `seq`).
    public struct Failure: Error, Sendable {
        public var error: WireError
        public var verb: String?
        public var fieldsBefore: [(key: String, value: String)]
    }

    public static func tokenize(_ line: some Collection<UInt8>) throws(Failure) -> TokenizedLine {
        let bytes = Array(line)
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw Failure(error: WireError(.syntax, "the line is not valid UTF-8"), verb: nil, fieldsBefore: [])
        }
        var index = 0
        skipBlanks(bytes, &index)
        guard index < bytes.count else {
            throw Failure(error: WireError(.syntax, "empty line: send a verb such as PING"), verb: nil, fieldsBefore: [])
        }
        let verbStart = index
        while index < bytes.count && !isBlank(bytes[index]) { index += 1 }
        let verb = string(bytes[verbStart..<index])
        var fields: [(key: String, value: String)] = []
        while true {
            skipBlanks(bytes, &index)
            guard index < bytes.count else { break }
            let keyStart = index
            while index < bytes.count && bytes[index] != UInt8(ascii: "=") && !isBlank(bytes[index]) { index += 1 }
            let key = string(bytes[keyStart..<index])
            guard index < bytes.count, bytes[index] == UInt8(ascii: "="), !key.isEmpty else {
                throw Failure(
                    error: WireError(.syntax, "expected key=value, got a bare word at byte \(keyStart + 1)"),
                    verb: verb, fieldsBefore: fields)
            }
            index += 1
            let value: String
            if index < bytes.count && bytes[index] == UInt8(ascii: "\"") {
                index += 1
                var unescaped: [UInt8] = []
                var closed = false
                while index < bytes.count {
                    let byte = bytes[index]
                    index += 1
                    if byte == UInt8(ascii: "\"") { closed = true; break }
                    if byte == UInt8(ascii: "\\") {
                        guard index < bytes.count,
                              bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "\\")
                        else {
                            throw Failure(
                                error: WireError(.syntax, "in \(key)=: only \\\" and \\\\ may follow a backslash"),
                                verb: verb, fieldsBefore: fields)
                        }
                        unescaped.append(bytes[index])
                        index += 1
                        continue
                    }
                    unescaped.append(byte)
                }
                guard closed else {
                    throw Failure(
                        error: WireError(.syntax, "in \(key)=: the quoted value has no closing quote"),
                        verb: verb, fieldsBefore: fields)
                }
                guard index == bytes.count || isBlank(bytes[index]) else {
                    throw Failure(
                        error: WireError(.syntax, "in \(key)=: a closing quote must be followed by a space"),
                        verb: verb, fieldsBefore: fields)
                }
                value = string(unescaped[...])
            } else {
                let valueStart = index
                while index < bytes.count && !isBlank(bytes[index]) {
                    if bytes[index] == UInt8(ascii: "\"") {
                        throw Failure(
                            error: WireError(.syntax, "in \(key)=: quote the whole value, not part of it"),
                            verb: verb, fieldsBefore: fields)
                    }
                    index += 1
                }
                value = string(bytes[valueStart..<index])
            }
            fields.append((key, value))
        }
        return TokenizedLine(verb: verb, fields: fields)
    }

    /// Writes a value for a reply: bare when it has no blank, quote or backslash and is not empty, else quoted.
    public static func quoteIfNeeded(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.utf8.contains {
            isBlank($0) || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "=")
                || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
        }
        return needsQuotes ? quote(value) : value
    }

    public static func quote(_ value: String) -> String {
        var result = "\""
        for character in value.unicodeScalars {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n", "\r": result += " "
            default: result.unicodeScalars.append(character)
            }
        }
        return result + "\""
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    private static func skipBlanks(_ bytes: [UInt8], _ index: inout Int) {
        while index < bytes.count && isBlank(bytes[index]) { index += 1 }
    }

    private static func string(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
