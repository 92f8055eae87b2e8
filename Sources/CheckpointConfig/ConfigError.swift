/// The one error type of CheckpointConfig: the configuration file or the command line could not be used.
///
/// `code` is the contract; `message` is for people and may change. `description` names where the problem is
/// (file and line, or "command line") and which key or flag, then says what to write instead:
///
/// ```
/// /etc/checkpointd/checkpointd.conf:12: fever_threshold: expected a temperature like 37.3 (30.0–45.0), got '38.25'
/// command line: --idle-timeout: a duration needs a unit (ms, s, m, h, d), e.g. 300s
/// ```
///
/// Config values are operator settings, never personal data, so echoing them is safe for logs.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case syntax
            case unknownKey
            case badValue
            case duplicateKey
            case unreadableFile
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// A line is not `key = value`, a quoted value is unterminated, or an argument is not a `--flag`.
        public static let syntax = Code(.syntax)
        /// A key (or flag) that checkpointd does not know.
        public static let unknownKey = Code(.unknownKey)
        /// A value that does not parse or is out of range, or settings that contradict each other.
        public static let badValue = Code(.badValue)
        /// A key that takes one value was given twice in the same place (file or command line).
        public static let duplicateKey = Code(.duplicateKey)
        /// The configuration file could not be opened or read.
        public static let unreadableFile = Code(.unreadableFile)

        public var description: String {
            switch base {
            case .syntax: "syntax"
            case .unknownKey: "unknownKey"
            case .badValue: "badValue"
            case .duplicateKey: "duplicateKey"
            case .unreadableFile: "unreadableFile"
            }
        }
    }

    public var code: Code
    public var message: String
    /// The file path, `"command line"`, `"environment"`, or `"built-in default"`. Empty when a value was parsed
    /// on its own (`ListenAddress(parsing:)`) and the caller has not said where it came from.
    public var source: String
    /// The 1-based line in `source`; nil for the command line and for problems with the file as a whole.
    public var line: Int?
    /// The key as written in a file (`idle_timeout`), or the flag on the command line (`--idle-timeout`).
    public var key: String?

    public init(code: Code, message: String, source: String = "", line: Int? = nil, key: String? = nil) {
        self.code = code
        self.message = message
        self.source = source
        self.line = line
        self.key = key
    }

    public var description: String {
        var parts: [String] = []
        if !source.isEmpty {
            parts.append(line.map { "\(source):\($0)" } ?? source)
        }
        if let key {
            parts.append(key)
        }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}

extension ConfigError {
    static func badValue(_ message: String) -> ConfigError {
        ConfigError(code: .badValue, message: message)
    }

    static func syntax(_ message: String) -> ConfigError {
        ConfigError(code: .syntax, message: message)
    }

    /// The same error, placed: used when a value parser's error reaches the code that knows the file and line.
    func located(at place: ValueOrigin) -> ConfigError {
        var copy = self
        copy.source = place.source
        copy.line = place.line
        copy.key = place.label
        return copy
    }
}
