import CheckpointCore

/// Reading and writing the value forms of SPEC §10: whole numbers, one-decimal temperatures, durations with a
/// unit, and double-quoted strings. The grammars are Core's (`ASCIIDigits`, `DecimalTenths`, `TimeSpan`); this
/// type words their refusals for the configuration. Errors carry only a message; the caller places them at a
/// file, line and key.
enum ValueSyntax {
    /// The most whole digits a one-decimal setting may have.
    private static let maximumWholeDigits = 4

    static func integer(_ text: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        let negative = text.hasPrefix("-")
        let digits = negative ? text.utf8.dropFirst() : text.utf8[...]
        guard let magnitude = ASCIIDigits.value(digits), let value = Int(exactly: negative ? -magnitude : magnitude),
            range.contains(value)
        else {
            throw .badValue("expected a whole number \(rangeText(range, tenths: false)), got '\(text)'")
        }
        return value
    }

    /// Parses `37.3` or `37` into tenths (373, 370): digits, then at most one decimal, no sign.
    static func tenths(_ text: String, in range: ClosedRange<Int>, expected: String) throws(ConfigError) -> Int {
        guard let value = DecimalTenths.value(text.utf8, maximumWholeDigits: maximumWholeDigits),
            range.contains(value)
        else {
            throw .badValue("expected \(expected) (\(rangeText(range, tenths: true))), got '\(text)'")
        }
        return value
    }

    /// Parses `500ms`, `10s`, `5m`, `1h`, `14d`. A bare number is an error (SPEC §10): the unit is never guessed.
    static func duration(_ text: String, allowsZero: Bool, example: String) throws(ConfigError) -> Duration {
        let span: TimeSpan
        do throws(TimeSpan.SyntaxError) {
            span = try TimeSpan(parsing: text)
        } catch {
            switch error {
            case .missingUnit:
                throw .badValue("a duration needs a unit (ms, s, m, h, d), e.g. \(example)")
            case .malformed:
                throw .badValue(
                    "expected a duration like \(example) (a whole number and ms, s, m, h or d), got '\(text)'")
            case .tooLong:
                let maximum = TimeSpan(milliseconds: TimeSpan.maximumMilliseconds)
                throw .badValue("a duration can be at most \(maximum), got '\(text)'")
            }
        }
        if span.count == 0 && !allowsZero {
            throw .badValue("the duration must be longer than 0, e.g. \(example)")
        }
        return .milliseconds(span.milliseconds)
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
        TimeSpan(milliseconds: milliseconds(duration)).description
    }

    /// Whole milliseconds of `duration` (the settings' resolution).
    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * Timestamp.millisecondsPerSecond + attoseconds / 1_000_000_000_000_000
    }

    /// `373` → `37.3`.
    static func tenthsText(_ tenths: Int) -> String {
        DecimalTenths.text(tenths)
    }

    /// `1–365`, or `30.0–45.0` for tenths.
    static func rangeText(_ range: ClosedRange<Int>, tenths: Bool, separator: String = "–") -> String {
        let format = tenths ? tenthsText : { String($0) }
        return format(range.lowerBound) + separator + format(range.upperBound)
    }
}
