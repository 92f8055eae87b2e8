/// Splits one protocol line into a verb and `key=value` fields (SPEC §3 "Line form").
///
/// Tokens are separated by spaces or tabs. A value may be written in double quotes, with `\"` and `\\` as the
/// only escapes; a quoted value may contain spaces and tabs. Works on bytes; the input must be valid UTF-8. The
/// grammar is `LineScanner`'s, which `StationRequestParser` reads station lines with too.
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
        let result =
            line.withContiguousStorageIfAvailable(tokenize(bytes:))
            ?? Array(line).withUnsafeBufferPointer(tokenize(bytes:))
        return try result.get()
    }

    private static func tokenize(bytes: UnsafeBufferPointer<UInt8>) -> Result<TokenizedLine, Failure> {
        guard LineScanner.isValidUTF8(bytes) else {
            return .failure(Failure(error: LineScanner.notUTF8, verb: nil, fieldsBefore: []))
        }
        var scanner = LineScanner(bytes)
        guard let verbRange = scanner.verb() else {
            return .failure(Failure(error: LineScanner.emptyLine, verb: nil, fieldsBefore: []))
        }
        let verb = LineScanner.string(bytes, verbRange)
        var fields: [(key: String, value: String)] = []
        while true {
            let field: LineScanner.Field?
            do throws(LineScanner.Failure) {
                field = try scanner.nextField()
            } catch {
                return .failure(Failure(error: error.wireError(in: bytes), verb: verb, fieldsBefore: fields))
            }
            guard let field else { break }
            fields.append((LineScanner.string(bytes, field.key), LineScanner.string(bytes, field.value)))
        }
        return .success(TokenizedLine(verb: verb, fields: fields))
    }

    /// Writes a value for a reply: bare when it has no blank, quote or backslash and is not empty, else quoted.
    public static func quoteIfNeeded(_ value: String) -> String {
        let needsQuotes =
            value.isEmpty
            || value.utf8.contains {
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

    static func isBlank(_ byte: UInt8) -> Bool { LineScanner.isBlank(byte) }
}
