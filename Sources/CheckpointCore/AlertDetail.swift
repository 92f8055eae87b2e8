/// What an alert's `detail` says, with a stable code, so a program can show it in the reader's language (issue 16
/// point 5). The detail is stored as English text (the rules write it); the code and its values are read back from
/// that text, so alerts stored before the codes existed get them too and the schema does not change.
///
/// | code     | English text (stored)                                        | values                            |
/// |----------|--------------------------------------------------------------|-----------------------------------|
/// | `temp`   | `temp=37.8`                                                  | the temperature                   |
/// | `silent` | `no record for 45 min while staffed (07:00-19:00)`           | minutes, staffed hours            |
/// | `drift`  | `station median 36.1 °C vs grid G7 median 36.8 °C`           | station median, grid, grid median |
/// | `followup` | `no reading 12:00-20:00`                                   | the window's local opening, deadline |
/// | `ordered_by` | `ordered by district A`                                  | the district that opened the order (a VIOLATION of a city order) |
public struct AlertDetail: Sendable, Equatable {
    /// `temp`, `silent`, `drift`, `followup` or `ordered_by`.
    public var code: String
    /// The values the text carries, in the order of the table above.
    public var values: [String]

    public init(code: String, values: [String]) {
        self.code = code
        self.values = values
    }

    /// The code and values of a detail text the rules write; nil for any other text (a newer daemon's, or one
    /// written by hand), which programs show as it is.
    public init?(parsing text: String) {
        if let temperature = Self.between(text, "temp=", "") {
            self.init(code: "temp", values: [temperature])
        } else if let rest = Self.between(text, "no record for ", ")"),
            let space = rest.firstIndex(of: " "),
            let staffed = Self.between(String(rest[space...]), " min while staffed (", "")
        {
            self.init(code: "silent", values: [String(rest[..<space]), staffed])
        } else if let rest = Self.between(text, "station median ", " °C"),
            let separator = rest.firstRange(of: " °C vs grid "),
            let median = rest[separator.upperBound...].firstRange(of: " median ")
        {
            let station = String(rest[..<separator.lowerBound])
            let grid = String(rest[separator.upperBound..<median.lowerBound])
            self.init(code: "drift", values: [station, grid, String(rest[median.upperBound...])])
        } else if let window = Self.between(text, "no reading ", ""), window.count == 11,
            let dash = window.firstIndex(of: "-")
        {
            self.init(code: "followup", values: [String(window[..<dash]), String(window[window.index(after: dash)...])])
        } else if let district = Self.between(text, "ordered by district ", "") {
            self.init(code: "ordered_by", values: [district])
        } else {
            return nil
        }
        guard values.allSatisfy({ !$0.isEmpty && !$0.contains(" ") }) || code == "silent" else {
            return nil
        }
    }

    /// The detail of a FOLLOWUP alert: `no reading 12:00-20:00` (the window's local times, `HH:MM`).
    public static func followupText(opens: String, closes: String) -> String {
        "no reading \(opens)-\(closes)"
    }

    /// The detail of a VIOLATION of an order another district opened (issue 17): `ordered by district A`.
    public static func orderedByText(_ district: String) -> String {
        "ordered by district \(district)"
    }

    /// The part of `text` after `prefix` and before `suffix`, nil when `text` does not have both.
    private static func between(_ text: String, _ prefix: String, _ suffix: String) -> String? {
        guard text.hasPrefix(prefix), text.hasSuffix(suffix), text.count > prefix.count + suffix.count else {
            return nil
        }
        return String(text.dropFirst(prefix.count).dropLast(suffix.count))
    }
}

/// The reasons of quarantine orders the daemon gives itself, with stable codes (issue 16 point 5). Operators'
/// reasons are their own words and have no code.
public enum OrderReason {
    /// The reason of an order opened by an `ENTRY origin=outside` (stored as it is).
    public static let outsideArrival = "arrival from outside the city"

    /// `outside_arrival` for ``outsideArrival``, nil for an operator's reason.
    public static func code(of reason: String) -> String? {
        reason == outsideArrival ? "outside_arrival" : nil
    }
}
