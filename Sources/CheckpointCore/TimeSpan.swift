/// A length of time as people write it (SPEC §10): a whole number and a unit, `500ms`, `10s`, `15m`, `1h`, `14d`.
/// The one duration grammar, for the configuration and for the control socket's time arguments (`since=24h`).
///
/// A bare number is refused (the unit is never guessed), as is a sign, a blank, a fraction or a compound like
/// `1h30m`. No span may exceed `maximumMilliseconds` (ten years), which keeps every sum of a time and a span far
/// from overflow. Zero is a valid span; whether a setting accepts it is the setting's decision.
public struct TimeSpan: Hashable, Sendable, CustomStringConvertible {
    /// How many units.
    public var count: Int64
    public var unit: TimeUnit

    /// Ten years of days: the longest span any grammar accepts.
    public static let maximumMilliseconds: Int64 = 3650 * Timestamp.millisecondsPerDay

    /// Why a text is not a span, for the caller to explain in its own words.
    public enum SyntaxError: Error, Equatable, Sendable {
        /// Digits without a unit (`10`).
        case missingUnit
        /// Not digits and one of the units (`10 s`, `1h30m`, `-5s`, `s`).
        case malformed
        /// Longer than `maximumMilliseconds`.
        case tooLong
    }

    /// A span from trusted values (a built-in default). Not range-checked.
    public init(_ count: Int64, _ unit: TimeUnit) {
        self.count = count
        self.unit = unit
    }

    /// `milliseconds` in the longest unit that divides it exactly: 300 000 → `5m`, 1500 → `1500ms`, 0 → `0s`.
    public init(milliseconds: Int64) {
        guard milliseconds != 0 else {
            self.init(0, .seconds)
            return
        }
        let unit = TimeUnit.longestFirst.first { milliseconds % $0.milliseconds == 0 } ?? .milliseconds
        self.init(milliseconds / unit.milliseconds, unit)
    }

    /// Parses `DIGITS UNIT` with no blanks.
    public init(parsing text: some StringProtocol) throws(SyntaxError) {
        let bytes = Array(text.utf8)
        let digitCount = bytes.prefix(while: ASCII.isDigit).count
        let unitText = ASCII.string(bytes[digitCount...])
        if digitCount > 0 && unitText.isEmpty {
            throw .missingUnit
        }
        guard digitCount > 0, let unit = TimeUnit(rawValue: unitText) else {
            throw .malformed
        }
        guard let count = ASCIIDigits.value(bytes[..<digitCount]),
            count <= TimeSpan.maximumMilliseconds / unit.milliseconds
        else {
            throw .tooLong
        }
        self.init(count, unit)
    }

    /// The length in milliseconds. Spans built by `init(parsing:)` never overflow; others clamp.
    public var milliseconds: Int64 {
        count.saturatingMultiplied(by: unit.milliseconds)
    }

    /// As written: `300s` stays `300s`.
    public var description: String {
        "\(count)\(unit.rawValue)"
    }
}
