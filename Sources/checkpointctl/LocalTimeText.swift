/// Times in tables and messages as a clerk reads them: `2026-12-05 10:57`.
///
/// The daemon sends every time as RFC 3339 in its display zone, with that zone's offset
/// (`2026-12-05T10:57:15.566+08:00`), so the local date and clock time are the text's own: nothing is converted,
/// the seconds and the offset are left out. `--json` prints the daemon's text untouched.
enum LocalTimeText {
    /// `YYYY-MM-DD HH:MM` for an RFC 3339 time with an offset (`Z` or `±HH:MM`), nil for any other text.
    static func shortened(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 17, matches(bytes, "dddd-dd-ddTdd:dd"), validSuffix(bytes[16...]) else {
            return nil
        }
        return String(decoding: bytes[0..<10], as: UTF8.self) + " " + String(decoding: bytes[11..<16], as: UTF8.self)
    }

    /// Whether the start of `bytes` has the shape of `pattern`, where `d` is any digit.
    private static func matches(_ bytes: [UInt8], _ pattern: String) -> Bool {
        for (byte, expected) in zip(bytes, pattern.utf8) {
            let fits = expected == UInt8(ascii: "d") ? isDigit(byte) : byte == expected
            if !fits {
                return false
            }
        }
        return true
    }

    /// `[:SS[.fraction]](Z|±HH:MM)`.
    private static func validSuffix(_ rest: ArraySlice<UInt8>) -> Bool {
        var rest = rest
        if rest.first == UInt8(ascii: ":") {
            guard rest.count >= 3, isDigit(rest[rest.startIndex + 1]), isDigit(rest[rest.startIndex + 2]) else {
                return false
            }
            rest = rest.dropFirst(3)
            if rest.first == UInt8(ascii: ".") {
                let digits = rest.dropFirst().prefix(while: isDigit)
                guard !digits.isEmpty else {
                    return false
                }
                rest = rest.dropFirst(1 + digits.count)
            }
        }
        if Array(rest) == [UInt8(ascii: "Z")] {
            return true
        }
        guard rest.count == 6, rest.first == UInt8(ascii: "+") || rest.first == UInt8(ascii: "-") else {
            return false
        }
        return matches(Array(rest.dropFirst()), "dd:dd")
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
