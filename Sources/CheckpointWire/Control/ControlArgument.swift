/// The name of a control command's argument (SPEC §4), spelled once here: the server reads it, `checkpointctl`
/// sends it, and ``ControlCommandTable`` says which command takes which.
public struct ControlArgumentName: Sendable, Hashable, CustomStringConvertible {
    public let text: String

    private init(_ text: String) { self.text = text }

    public var description: String { text }

    public static let by = ControlArgumentName("by")
    public static let category = ControlArgumentName("category")
    public static let final = ControlArgumentName("final")
    public static let recheckBy = ControlArgumentName("recheck_by")
    public static let replace = ControlArgumentName("replace")
    public static let rows = ControlArgumentName("rows")
    public static let site = ControlArgumentName("site")
    public static let source = ControlArgumentName("source")
    public static let tag = ControlArgumentName("tag")
    public static let checkpoint = ControlArgumentName("checkpoint")
    public static let date = ControlArgumentName("date")
    public static let days = ControlArgumentName("days")
    public static let force = ControlArgumentName("force")
    public static let format = ControlArgumentName("format")
    public static let grid = ControlArgumentName("grid")
    public static let id = ControlArgumentName("id")
    public static let kind = ControlArgumentName("kind")
    public static let limit = ControlArgumentName("limit")
    public static let name = ControlArgumentName("name")
    public static let note = ControlArgumentName("note")
    public static let path = ControlArgumentName("path")
    public static let person = ControlArgumentName("person")
    public static let reason = ControlArgumentName("reason")
    public static let reveal = ControlArgumentName("reveal")
    public static let since = ControlArgumentName("since")
    public static let staffed = ControlArgumentName("staffed")
    public static let start = ControlArgumentName("start")
    public static let state = ControlArgumentName("state")
    public static let type = ControlArgumentName("type")
    public static let types = ControlArgumentName("types")
    public static let until = ControlArgumentName("until")
}

/// What an argument's value must look like. The server checks it (with the messages the tests pin); the table
/// says it for people and for `checkpointctl`'s help.
public enum ControlArgumentGrammar: Sendable, Equatable {
    /// An id: 1-32 of `A-Z a-z 0-9 _ . -`, starting with a letter or digit (SPEC §2).
    case identifier
    /// Free text.
    case text
    /// A whole number in this range.
    case wholeNumber(ClosedRange<Int64>)
    /// `true`/`false` (or `yes`/`no`, `1`/`0` when typed).
    case flag
    /// RFC 3339, Unix milliseconds, `now`, `today`, or a time ago (`90m`, `24h`, `7d`).
    case time
    /// A mobile number, an 18-character resident ID, or `other:` and a document number.
    case person
    /// One of these words.
    case choice([String])
    /// Some of these words: a JSON array of strings, or one comma-separated string (`ControlRequest.words`).
    case list([String])
    /// `24h` or `HH:MM-HH:MM`.
    case staffedHours
    /// A file name (no `/`) inside a folder the daemon's configuration names.
    case fileName
    /// A JSON array of objects of strings: the lines of a file `checkpointctl` read (issue 19), each with `line`,
    /// its number in the file.
    case rows
}

/// One argument of one command.
public struct ControlArgument: Sendable, Equatable {
    public let name: ControlArgumentName
    public let grammar: ControlArgumentGrammar
    /// Refused with `E_ARGUMENT` ("... needs ...") when missing.
    public let isRequired: Bool

    public static func required(_ name: ControlArgumentName, _ grammar: ControlArgumentGrammar) -> ControlArgument {
        ControlArgument(name: name, grammar: grammar, isRequired: true)
    }

    public static func optional(_ name: ControlArgumentName, _ grammar: ControlArgumentGrammar) -> ControlArgument {
        ControlArgument(name: name, grammar: grammar, isRequired: false)
    }
}
