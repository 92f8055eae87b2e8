import CheckpointCore

/// One request on the control socket (SPEC §4): a JSON object `{"cmd": "...", ...}`, or for people typing into
/// `socat` a line not starting with `{`, read as `cmd key=value ...` with the same keys (values are strings
/// there and are converted by the typed accessors below).
public struct ControlRequest: Sendable, Equatable {
    public var command: String
    public var arguments: JSONObject

    public init(command: String, arguments: JSONObject = JSONObject()) {
        self.command = command
        self.arguments = arguments
    }

    public static func parse(_ line: String) throws(WireError) -> ControlRequest {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        if trimmed.first == "{" {
            guard case .object(var object) = try JSONParser.parse(String(trimmed)) else {
                throw WireError(.syntax, "a request is one JSON object per line")
            }
            guard let command = object["cmd"]?.stringValue, !command.isEmpty else {
                throw WireError(.argument, "the request has no \"cmd\" string, e.g. {\"cmd\":\"health\"}")
            }
            object["cmd"] = nil
            return ControlRequest(command: command, arguments: object)
        }
        let tokens: TokenizedLine
        do throws(LineTokenizer.Failure) {
            tokens = try LineTokenizer.tokenize(trimmed.utf8)
        } catch {
            throw error.error
        }
        var arguments = JSONObject()
        for (key, value) in tokens.fields {
            // In this form the command is the first word; a `cmd=` field would be a second command name.
            guard key != "cmd" else {
                throw WireError(.argument, "cmd= is not an argument here: the command is the first word, e.g. health")
            }
            guard arguments[key] == nil else { throw WireError(.argument, "\(key) is given twice") }
            arguments[key] = .string(value)
        }
        return ControlRequest(command: tokens.verb, arguments: arguments)
    }

    /// The JSON line for this request (what `checkpointctl` sends).
    public func serialized() -> String {
        var object: JSONObject = ["cmd": .string(command)]
        for (key, value) in arguments.pairs { object[key] = value }
        return JSONValue.object(object).serialized()
    }

    // MARK: typed arguments

    /// Refuses arguments the command does not take (SPEC: unknown fields are errors).
    public func allowOnly(_ keys: Set<String>) throws(WireError) {
        for key in arguments.keys where !keys.contains(key) {
            let allowed = keys.isEmpty ? "it takes no arguments" : "it takes \(keys.sorted().joined(separator: ", "))"
            throw WireError(.argument, "\(command) has no argument \"\(key.prefix(40))\": \(allowed)")
        }
    }

    public func string(_ key: String) throws(WireError) -> String? {
        switch arguments[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case .int(let value)?: return String(value)
        default: throw WireError(.argument, "\(key) must be a string")
        }
    }

    /// A list of words: a JSON array of strings (`["alert","record"]`), or one string with the words separated by
    /// commas (`alert,record`, what the typed form can say), white space around each word ignored. Nil when absent.
    public func words(_ key: String) throws(WireError) -> [String]? {
        switch arguments[key] {
        case nil, .null?:
            return nil
        case .string(let text)?:
            return text.split(separator: ",", omittingEmptySubsequences: false).map {
                String(InertText.trimmed(String($0)))
            }
        case .array(let items)?:
            var words: [String] = []
            for item in items {
                guard case .string(let word) = item else {
                    throw WireError(.argument, "\(key) must be an array of strings or a comma-separated string")
                }
                words.append(word)
            }
            return words
        default:
            throw WireError(.argument, "\(key) must be an array of strings or a comma-separated string")
        }
    }

    public func requiredString(_ key: String) throws(WireError) -> String {
        guard let text = try string(key), !text.isEmpty else {
            throw WireError(.argument, "\(command) needs \(key)")
        }
        return text
    }

    public func int(_ key: String) throws(WireError) -> Int64? {
        switch arguments[key] {
        case nil, .null?: return nil
        case .string(let text)?:
            guard let value = Int64(text) else { throw WireError(.argument, "\(key) must be a whole number") }
            return value
        case let value?:
            guard let number = value.intValue else { throw WireError(.argument, "\(key) must be a whole number") }
            return number
        }
    }

    public func bool(_ key: String) throws(WireError) -> Bool? {
        switch arguments[key] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        case .string(let text)?:
            switch text.lowercased() {
            case "true", "yes", "1": return true
            case "false", "no", "0": return false
            default: throw WireError(.argument, "\(key) must be true or false")
            }
        default: throw WireError(.argument, "\(key) must be true or false")
        }
    }
}

/// Reply lines on the control socket: `{"ok":true,"result":{...}}` or
/// `{"ok":false,"error":{"code":"E_...","message":"..."}}`.
public enum ControlReply {
    public static func success(_ result: JSONObject) -> String {
        JSONValue.object(["ok": .bool(true), "result": .object(result)]).serialized()
    }

    public static func failure(_ error: WireError) -> String {
        JSONValue.object([
            "ok": .bool(false),
            "error": .object(["code": .string(error.code.name), "message": .string(error.message)]),
        ]).serialized()
    }

    /// Reads a reply line (for `checkpointctl` and tests): the result object, or the error.
    public static func parse(_ line: String) throws(WireError) -> Result<JSONObject, WireError> {
        guard case .object(let object) = try JSONParser.parse(line) else {
            throw WireError(.syntax, "the reply is not a JSON object")
        }
        if case .bool(true)? = object["ok"] {
            return .success(object["result"]?.objectValue ?? JSONObject())
        }
        let error = object["error"]?.objectValue
        let code = error?["code"]?.stringValue ?? "E_INTERNAL"
        let message = error?["message"]?.stringValue ?? "the daemon gave no message"
        return .failure(WireError(WireErrorCode.named(code), message))
    }
}

extension WireErrorCode {
    static let all: [WireErrorCode] = [
        .syntax, .verb, .field, .person, .temperature, .time, .seq, .auth, .tooLong, .busy, .unavailable,
        .unknownCommand, .argument, .notFound, .conflict, .denied, .internalError,
    ]

    /// The code with this name; an unknown name (from a newer daemon) is kept as it is.
    public static func named(_ name: String) -> WireErrorCode {
        all.first { $0.name == name } ?? WireErrorCode(name)
    }
}

// MARK: - Through the command table

extension ControlRequest {
    /// A request for `command` with the arguments `build` sets, in the order it sets them (what `checkpointctl`
    /// sends). Only the arguments the table lists for the command can be set.
    public init(_ command: ControlCommandSpec, _ build: (inout ControlArguments) -> Void = { _ in }) {
        var arguments = ControlArguments(command: command)
        build(&arguments)
        self.init(command: command.name, arguments: arguments.object)
    }

    /// The command's entry in the table; nil for a command it does not list.
    public var spec: ControlCommandSpec? { ControlCommandTable.named(command) }

    public func has(_ name: ControlArgumentName) -> Bool { arguments[checked(name)] != nil }

    public func string(_ name: ControlArgumentName) throws(WireError) -> String? { try string(checked(name)) }

    public func requiredString(_ name: ControlArgumentName) throws(WireError) -> String {
        try requiredString(checked(name))
    }

    public func words(_ name: ControlArgumentName) throws(WireError) -> [String]? { try words(checked(name)) }

    public func int(_ name: ControlArgumentName) throws(WireError) -> Int64? { try int(checked(name)) }

    public func bool(_ name: ControlArgumentName) throws(WireError) -> Bool? { try bool(checked(name)) }

    /// The argument's key; a debug build stops when the server reads an argument the table does not give the
    /// command (the table and the handler would disagree).
    private func checked(_ name: ControlArgumentName) -> String {
        assert(spec?.takes(name) ?? true, "\(command) reads \(name), which the command table does not list")
        return name.text
    }
}

/// The arguments of a request being built: only names the command's table entry lists.
public struct ControlArguments {
    public let command: ControlCommandSpec
    public private(set) var object = JSONObject()

    init(command: ControlCommandSpec) {
        self.command = command
    }

    public subscript(_ name: ControlArgumentName) -> JSONValue? {
        get { object[name.text] }
        set {
            assert(command.takes(name), "\(command.name) takes no argument \(name)")
            object[name.text] = newValue
        }
    }

    /// Sets the argument when there is a value; a missing option is left to the daemon's default.
    public mutating func setIfPresent(_ name: ControlArgumentName, _ value: String?) {
        if let value { self[name] = .string(value) }
    }

    public mutating func setIfPresent(_ name: ControlArgumentName, _ value: Int?) {
        if let value { self[name] = .int(Int64(value)) }
    }
}
