/// Text that reaches a terminal must be inert: no C0 control character (U+0000–U+001F), no DEL (U+007F) and no C1
/// control character (U+0080–U+009F), so a note, a reason or a name cannot move a cursor, clear a screen, retitle a
/// window or cut a string short at a NUL. Inputs are refused (``firstControlCharacter(in:)``); what is printed is
/// escaped as well (``escaped(_:)``), for rows stored before the rule and for text from elsewhere.
public enum InertText {
    /// Whether `scalar` is a C0 or C1 control character or DEL.
    @inlinable
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// The first control character in `text`, or nil when the text is inert.
    public static func firstControlCharacter(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: isControl)
    }

    /// The message for a refused field: names it and the offending character, and says what to do.
    public static func refusal(field: String, character: Unicode.Scalar) -> String {
        "\(field) must not contain control characters (found \(escaped(String(character)))); "
            + "use plain text on one line"
    }

    /// `text` with each control character written visibly: `\t`, `\n`, `\r`, else `\x1B`-style (two hex digits).
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\x" + (hex.count < 2 ? "0" + hex : hex)
            }
        }
        return result
    }

    /// `text` without leading and trailing white space (spaces, tabs, line breaks and other Unicode spaces): what
    /// a reason must still have to count as one.
    public static func trimmed(_ text: String) -> Substring {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return Substring(scalars[first...last])
    }
}
