import CSystemd
import Glibc
import Logging

/// One native journal entry: `NAME=value` fields as `sd_journal_sendv(3)` takes them.
///
/// Field names are made valid journal field names here, so nothing else has to care: journald
/// silently drops a field whose name is not upper-case ASCII letters, digits and `_`, starts
/// with `_` (trusted fields) or a digit, or is longer than 64 bytes (`journal_field_valid`).
struct JournalEntry: Sendable {
    /// The fields in the order they go on the wire; a name may repeat (journald keeps every value).
    private(set) var fields: [(name: String, value: String)] = []

    /// The fields this module sets itself; metadata that would land on one of them gets `META_` in front.
    static let reservedNames: Set<String> = [
        "MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "CODE_FILE", "CODE_LINE", "CODE_FUNC", "LOGGER_LABEL",
    ]

    /// The longest field name journald accepts.
    static let maximumNameLength = 64

    init() {}

    /// The entry for `event`: MESSAGE, PRIORITY, SYSLOG_IDENTIFIER, CODE_*, LOGGER_LABEL, then the
    /// flattened `metadata` with upper-cased names.
    init(event: LogEvent, metadata: Logger.Metadata, identifier: String, label: String) {
        self.append("MESSAGE", event.message.description)
        self.append("PRIORITY", String(Self.priority(event.level)))
        self.append("SYSLOG_IDENTIFIER", identifier)
        self.append("CODE_FILE", event.file)
        self.append("CODE_LINE", String(event.line))
        self.append("CODE_FUNC", event.function)
        if !label.isEmpty {
            self.append("LOGGER_LABEL", label)
        }
        for (key, value) in Self.flatten(metadata) {
            var name = Self.fieldName(key)
            if Self.reservedNames.contains(name) {
                name = "META_" + name
            }
            self.append(name, value)
        }
    }

    /// Appends a field; `name` must already be a valid field name (see ``fieldName(_:)``).
    mutating func append(_ name: String, _ value: String) {
        self.fields.append((name, value))
    }

    /// syslog priority: trace and debug 7, info 6, notice 5, warning 4, error 3, critical 2.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// `station_id` → `STATION_ID`. ASCII letters are upper-cased, anything else that is not a
    /// letter, digit or `_` becomes `_`; leading underscores are dropped, a leading digit gets
    /// `F_` in front, an empty result becomes `FIELD`, and the name is cut at 64 bytes.
    static func fieldName(_ key: String) -> String {
        var name = ""
        name.reserveCapacity(key.utf8.count)
        for scalar in key.unicodeScalars {
            switch scalar {
            case "A"..."Z", "0"..."9", "_":
                name.unicodeScalars.append(scalar)
            case "a"..."z":
                name.unicodeScalars.append(Unicode.Scalar(UInt8(truncatingIfNeeded: scalar.value - 32)))
            default:
                name.unicodeScalars.append("_")
            }
        }
        name = String(name.drop(while: { $0 == "_" }))
        if name.isEmpty {
            return "FIELD"
        }
        if let first = name.utf8.first, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) {
            name = "F_" + name
        }
        // All ASCII by now, so the first 64 characters are the first 64 bytes.
        return String(name.prefix(Self.maximumNameLength))
    }

    /// Flattens metadata into key/value pairs, keys sorted: `["a": ["b": 1]]` → `a_b=1`,
    /// `["c": [x, y]]` → `c_0=x`, `c_1=y`. Strings go as they are, everything else by `description`.
    static func flatten(_ metadata: Logger.Metadata) -> [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            Self.flatten(value, key: key, into: &result)
        }
        return result
    }

    private static func flatten(
        _ value: Logger.Metadata.Value,
        key: String,
        into result: inout [(key: String, value: String)]
    ) {
        switch value {
        case .string(let text):
            result.append((key, text))
        case .stringConvertible(let convertible):
            result.append((key, convertible.description))
        case .dictionary(let dictionary):
            for (nestedKey, nestedValue) in dictionary.sorted(by: { $0.key < $1.key }) {
                Self.flatten(nestedValue, key: key + "_" + nestedKey, into: &result)
            }
        case .array(let array):
            for (index, element) in array.enumerated() {
                Self.flatten(element, key: key + "_" + String(index), into: &result)
            }
        }
    }

    /// Sends the entry with `sd_journal_sendv`: 0 on success, a negative errno when journald
    /// could not be reached (no socket, a stale socket: −ENOENT, −ECONNREFUSED) or refused it.
    func send() -> CInt {
        // One buffer holding every "NAME=value", so that all iovecs point into memory that
        // stays put for the duration of the call.
        var buffer: [UInt8] = []
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(self.fields.count)
        for field in self.fields {
            let start = buffer.count
            buffer.append(contentsOf: field.name.utf8)
            buffer.append(UInt8(ascii: "="))
            buffer.append(contentsOf: field.value.utf8)
            ranges.append(start..<buffer.count)
        }
        return buffer.withUnsafeMutableBytes { bytes -> CInt in
            guard let base = bytes.baseAddress else {
                return -EINVAL
            }
            let vectors = ranges.map { range in
                iovec(iov_base: base + range.lowerBound, iov_len: range.count)
            }
            return vectors.withUnsafeBufferPointer { sd_journal_sendv($0.baseAddress, CInt($0.count)) }
        }
    }
}
