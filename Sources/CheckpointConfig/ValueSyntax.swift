/// Reading and writing the value forms of SPEC §10: whole numbers, one-decimal temperatures, durations with a
/// unit, and double-quoted strings. Errors carry only a message; the caller places them at a file, line and key.
enum ValueSyntax {
    /// Duration units and their length in milliseconds, longest first (the order `durationText` tries them).
    private static let units: [(name: String, milliseconds: Int64)] = [
        ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1),
    ]

    /// No duration may exceed ten years; this keeps every sum of a time and a duration far from overflow.
    static let maximumDurationMilliseconds: Int64 = 3650 * 86_400_000

    static func integer(_ text: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        // Over 18 digits could overflow `Int`; such a number is out of every range here anyway.
        guard !digits.isEmpty, digits.utf8.count <= 18, digits.utf8.allSatisfy(isDigit),
            let value = Int(text), range.contains(value)
        else {
            throw .badValue("expected a whole number \(rangeText(range, tenths: false)), got '\(text)'")
        }
        return value
    }

    /// Parses `37.3` or `37` into tenths (373, 370): digits, then at most one decimal, no sign.
    static func tenths(_ text: String, in range: ClosedRange<Int>, expected: String) throws(ConfigError) -> Int {
        let failure = ConfigError.badValue("expected \(expected) (\(rangeText(range, tenths: true))), got '\(text)'")
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : "0"
        guard !whole.isEmpty, whole.utf8.count <= 4, whole.utf8.allSatisfy(isDigit),
            fraction.utf8.count == 1, fraction.utf8.allSatisfy(isDigit),
            let wholeValue = Int(whole), let fractionValue = Int(fraction)
        else {
            throw failure
        }
        let value = wholeValue * 10 + fractionValue
        guard range.contains(value) else {
            throw failure
        }
        return value
    }

    /// Parses `500ms`, `10s`, `5m`, `1h`, `14d`. A bare number is an error (SPEC §10): the unit is never guessed.
    static func duration(_ text: String, allowsZero: Bool, example: String) throws(ConfigError) -> Duration {
        let digitCount = text.utf8.prefix(while: isDigit).count
        let number = text.prefix(digitCount)
        let unitName = text.dropFirst(digitCount)
        if !number.isEmpty && unitName.isEmpty {
            throw .badValue("a duration needs a unit (ms, s, m, h, d), e.g. \(example)")
        }
        guard !number.isEmpty, let unit = units.first(where: { $0.name == unitName }) else {
            throw .badValue("expected a duration like \(example) (a whole number and ms, s, m, h or d), got '\(text)'")
        }
        // Twelve digits of any unit already exceed the maximum; checking first keeps the product in range.
        guard number.utf8.count <= 12, let count = Int64(number),
            count * unit.milliseconds <= maximumDurationMilliseconds
        else {
            throw .badValue("a duration can be at most 3650d, got '\(text)'")
        }
        if count == 0 && !allowsZero {
            throw .badValue("the duration must be longer than 0, e.g. \(example)")
        }
        return .milliseconds(count * unit.milliseconds)
    }

    /// A file value: either the text as written (already trimmed), or the contents of a double-quoted string in
    /// which `\"` and `\\` are the only escapes.
    static func unquote(_ text: Substring) throws(ConfigError) -> String {
        guard text.first == "\"" else {
            return String(text)
        }
        var result = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            switch character {
            case "\"":
                guard index == text.endIndex else {
                    throw .syntax(
                        "unexpected text after the closing quote: '\(text[index...])'; a comment must be on a line "
                            + "of its own"
                    )
                }
                return result
            case "\\":
                guard index < text.endIndex, text[index] == "\"" || text[index] == "\\" else {
                    throw .syntax(#"inside quotes only \" and \\ are escapes; write \\ for a backslash"#)
                }
                result.append(text[index])
                index = text.index(after: index)
            default:
                result.append(character)
            }
        }
        throw .syntax("the value starts with a quote but has no closing quote")
    }

    /// The value as a config file line would write it: quoted (with escapes) only when it is empty, has
    /// whitespace, or starts with a quote.
    static func quotedIfNeeded(_ text: String) -> String {
        guard text.isEmpty || text.first == "\"" || text.contains(where: { $0 == " " || $0 == "\t" }) else {
            return text
        }
        var quoted = "\""
        for character in text {
            if character == "\"" || character == "\\" {
                quoted.append("\\")
            }
            quoted.append(character)
        }
        return quoted + "\""
    }

    /// `300s` → `5m`: the longest unit that divides the duration exactly.
    static func durationText(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        if milliseconds == 0 {
            return "0s"
        }
        for unit in units where milliseconds % unit.milliseconds == 0 {
            return "\(milliseconds / unit.milliseconds)\(unit.name)"
        }
        return "\(milliseconds)ms"
    }

    /// `373` → `37.3`.
    static func tenthsText(_ tenths: Int) -> String {
        "\(tenths / 10).\(tenths % 10)"
    }

    /// `1–365`, or `30.0–45.0` for tenths.
    static func rangeText(_ range: ClosedRange<Int>, tenths: Bool, separator: String = "–") -> String {
        let format = tenths ? tenthsText : { String($0) }
        return format(range.lowerBound) + separator + format(range.upperBound)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
