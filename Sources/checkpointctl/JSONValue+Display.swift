import CheckpointCore
import CheckpointWire

extension JSONValue {
    /// The value as a table cell: strings and times as the daemon sent them with any control character written
    /// visibly (`\x1B`), `-` for null or empty.
    var displayText: String {
        switch self {
        case .null: "-"
        case .bool(let value): value ? "yes" : "no"
        case .int(let value): String(value)
        case .double: serialized()
        case .string(let text): text.isEmpty ? "-" : InertText.escaped(text)
        case .array(let items): items.isEmpty ? "-" : items.map(\.displayText).joined(separator: ",")
        case .object: serialized()
        }
    }

    /// True for a present, non-null value (a time such as `removed_at` that is set).
    var isPresent: Bool {
        if case .null = self {
            return false
        }
        return true
    }
}

extension JSONObject {
    /// The display text of `key`, `-` when it is missing.
    func text(_ key: String) -> String {
        self[key]?.displayText ?? "-"
    }

    /// Whether `key` is present and not null.
    func has(_ key: String) -> Bool {
        self[key]?.isPresent ?? false
    }

    /// The rows of a list result (`{"items": [...]}`); entries that are not objects are skipped.
    var items: [JSONObject] {
        (self["items"]?.arrayValue ?? []).compactMap(\.objectValue)
    }
}

/// Short human durations: `42s`, `5m12s`, `2h13m`, `3d4h`.
enum DurationText {
    static func seconds(_ total: Int64) -> String {
        let total = max(total, 0)
        let days = total / 86_400
        let hours = total % 86_400 / 3_600
        let minutes = total % 3_600 / 60
        let seconds = total % 60
        if days > 0 {
            return "\(days)d\(hours)h"
        }
        if hours > 0 {
            return "\(hours)h\(minutes)m"
        }
        if minutes > 0 {
            return "\(minutes)m\(seconds)s"
        }
        return "\(seconds)s"
    }

    /// Milliseconds as `120 ms` up to ten seconds, then as ``seconds(_:)``.
    static func milliseconds(_ total: Int64) -> String {
        total < 10_000 ? "\(max(total, 0)) ms" : seconds(total / 1_000)
    }
}
