import CheckpointCore
import CheckpointWire

extension JSONValue {
    /// The value as a table cell: strings as the daemon sent them with any control character written visibly
    /// (`\x1B`), times as a clerk reads them (``LocalTimeText``), `-` for null or empty.
    var displayText: String {
        switch self {
        case .null: "-"
        case .bool(let value): value ? L("yes") : L("no")
        case .int(let value): String(value)
        case .double: serialized()
        case .string(let text): text.isEmpty ? "-" : LocalTimeText.shortened(text) ?? InertText.escaped(text)
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

    /// The string of `key` as the daemon sent it (control characters written visibly), not shortened as a time:
    /// `watch` shows seconds. `-` when it is missing or not a string.
    func rawText(_ key: String) -> String {
        guard let text = self[key]?.stringValue, !text.isEmpty else {
            return text(key)
        }
        return InertText.escaped(text)
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
            return L("{1}d{2}h", String(days), String(hours))
        }
        if hours > 0 {
            return L("{1}h{2}m", String(hours), String(minutes))
        }
        if minutes > 0 {
            return L("{1}m{2}s", String(minutes), String(seconds))
        }
        return L("{1}s", String(seconds))
    }

    /// Milliseconds as `120 ms` up to ten seconds, then as ``seconds(_:)``.
    static func milliseconds(_ total: Int64) -> String {
        total < 10_000 ? L("{1} ms", String(max(total, 0))) : seconds(total / 1_000)
    }
}
