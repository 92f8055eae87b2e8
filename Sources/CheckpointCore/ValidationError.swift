/// The one error type of CheckpointCore: a value from outside (a station line, a control request, a config file)
/// was not a valid person, temperature or time.
///
/// `code` is the contract: other modules map it to wire codes (`E_PERSON`, `E_TEMP`, `E_TIME`). `message` is for
/// people and may change. It is safe for logs and station replies: it never contains the rejected input, only
/// lengths, positions and accepted ranges, and it says what to send instead.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which kind of value was rejected.
    public struct Code: Hashable, Sendable {
        private enum Base: Hashable, Sendable {
            case person
            case temperature
            case time
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// A person identifier (mobile number, resident ID or `other:` ID) was rejected.
        public static let person = Code(.person)
        /// A temperature was rejected.
        public static let temperature = Code(.temperature)
        /// A time (RFC 3339 or Unix milliseconds) was rejected.
        public static let time = Code(.time)
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String {
        message
    }
}

extension ValidationError {
    static func person(_ message: String) -> ValidationError {
        ValidationError(code: .person, message: message)
    }

    static func temperature(_ message: String) -> ValidationError {
        ValidationError(code: .temperature, message: message)
    }

    static func time(_ message: String) -> ValidationError {
        ValidationError(code: .time, message: message)
    }
}
