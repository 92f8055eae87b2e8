/// The closed table of error codes on both sockets. Codes are the contract; messages are for people.
///
/// Protocol history (a code is never reused or removed; additions bump `protocolVersion` only when a client
/// could misread them):
/// * station protocol 1: E_SYNTAX, E_VERB, E_FIELD, E_PERSON, E_TEMP, E_TIME, E_SEQ, E_AUTH, E_TOOLONG,
///   E_BUSY, E_UNAVAILABLE.
/// * control protocol 1: E_UNKNOWN_CMD, E_ARG, E_NOT_FOUND, E_CONFLICT, E_DENIED, E_UNAVAILABLE, E_SYNTAX,
///   E_TOOLONG, E_INTERNAL.
public struct WireErrorCode: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    init(_ name: String) { self.name = name }

    // Station protocol (SPEC §3).
    /// The line is malformed (empty, bad quoting, a token that is not key=value, not UTF-8).
    public static let syntax = WireErrorCode("E_SYNTAX")
    /// Unknown or lower-case verb.
    public static let verb = WireErrorCode("E_VERB")
    /// Unknown, missing or duplicate key, or a bad value for a key with no code of its own.
    public static let field = WireErrorCode("E_FIELD")
    public static let person = WireErrorCode("E_PERSON")
    public static let temperature = WireErrorCode("E_TEMP")
    public static let time = WireErrorCode("E_TIME")
    public static let seq = WireErrorCode("E_SEQ")
    public static let auth = WireErrorCode("E_AUTH")
    public static let tooLong = WireErrorCode("E_TOOLONG")
    public static let busy = WireErrorCode("E_BUSY")
    public static let unavailable = WireErrorCode("E_UNAVAILABLE")

    // Control protocol (SPEC §4).
    public static let unknownCommand = WireErrorCode("E_UNKNOWN_CMD")
    public static let argument = WireErrorCode("E_ARG")
    public static let notFound = WireErrorCode("E_NOT_FOUND")
    public static let conflict = WireErrorCode("E_CONFLICT")
    public static let denied = WireErrorCode("E_DENIED")
    public static let internalError = WireErrorCode("E_INTERNAL")

    public var description: String { name }
}

/// An error to send back: a code from the table and a message for people (never a full person identifier).
public struct WireError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: WireErrorCode
    public var message: String

    public init(_ code: WireErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.name): \(message)" }
}

public enum WireProtocol {
    /// The station protocol version this build speaks (`HELLO ... proto=1`).
    public static let stationVersion = 1
    /// The control protocol version (`version` reports it).
    public static let controlVersion = 1
}
