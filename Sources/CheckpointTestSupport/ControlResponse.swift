import Foundation

extension ControlClient {
    /// Sends `{"cmd": command, ...arguments}` with string arguments and returns the reply read with Foundation.
    public func call(_ command: String, _ arguments: [String: String] = [:]) throws -> ControlResponse {
        var object: [String: String] = arguments
        object["cmd"] = command
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return try ControlResponse(line: try requestLine(String(decoding: data, as: UTF8.self)))
    }
}

/// A control reply read with Foundation: `ok`, and `result` or the error's `code`.
public struct ControlResponse: @unchecked Sendable {
    // Safe because: the dictionary holds only JSON values (strings, numbers, arrays, dictionaries), never mutated.
    public let line: String
    public let ok: Bool
    public let result: [String: Any]
    public let errorCode: String?

    init(line: String) throws {
        self.line = line
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw TestSupportError("control reply is not a JSON object: \(line)")
        }
        self.ok = object["ok"] as? Bool ?? false
        self.result = object["result"] as? [String: Any] ?? [:]
        self.errorCode = (object["error"] as? [String: Any])?["code"] as? String
    }

    /// `result[key]` as a string, or nil.
    public func string(_ key: String) -> String? {
        result[key] as? String
    }

    /// `result[key]` as a boolean, or nil.
    public func bool(_ key: String) -> Bool? {
        result[key] as? Bool
    }
}
