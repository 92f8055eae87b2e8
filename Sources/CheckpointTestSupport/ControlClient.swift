public import CheckpointWire

/// A client of the daemon's control socket (SPEC §4): one JSON line per request, one JSON line per reply,
/// parsed with the wire codec's `ControlReply.parse`.
public final class ControlClient: @unchecked Sendable {
    // Safe because: used by one thread at a time, like the LineClient it wraps.
    public let connection: LineClient

    public init(path: String, timeout: Double = 30) throws {
        self.connection = try LineClient.unix(path: path, timeout: timeout)
    }

    /// Sends one request line (JSON or `cmd key=value`) and returns the reply line.
    public func requestLine(_ line: String) throws -> String {
        try connection.request(line)
    }

    /// Sends `{"cmd": command, ...arguments}` and returns the result object or the daemon's error.
    public func send(
        _ command: String,
        _ arguments: JSONObject = JSONObject()
    ) throws -> Result<JSONObject, WireError> {
        let line = try requestLine(ControlRequest(command: command, arguments: arguments).serialized())
        return try ControlReply.parse(line)
    }

    /// The `result` of a request that must succeed (its error is thrown otherwise).
    public func result(_ command: String, _ arguments: JSONObject = JSONObject()) throws -> JSONObject {
        try send(command, arguments).get()
    }

    public func close() {
        connection.close()
    }
}
