/// A response as `HTTPTestClient` read it.
public struct HTTPTestResponse: Sendable {
    public var status: Int
    /// Header names lower-cased; a repeated header keeps its last value.
    public var headers: [String: String]
    public var body: [UInt8]

    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// A blocking HTTP/1.1 client for the dashboard's tests (issue 18): one request per connection, bodies by
/// `Content-Length`; and the event stream read as HTTP/1.0 (no chunks: the lines arrive as the page's do).
public enum HTTPTestClient {
    public static func get(
        port: Int, _ path: String, headers: [String: String] = [:], method: String = "GET", body: String? = nil,
        timeout: Double = 15
    ) throws -> HTTPTestResponse {
        let client = try LineClient.tcp(port: port, timeout: timeout)
        defer { client.close() }
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        if let body { request += "Content-Length: \(body.utf8.count)\r\n" }
        request += "\r\n" + (body ?? "")
        try client.sendRaw(request)
        let (status, fields) = try readHead(client, timeout: timeout)
        var response = HTTPTestResponse(status: status, headers: fields, body: [])
        if method != "HEAD", let length = fields["content-length"].flatMap(Int.init), length > 0 {
            response.body = try client.readBytes(length, timeout: timeout)
        }
        return response
    }

    /// Opens `path` as an event stream; read its events with ``EventStreamReader/next(timeout:)``.
    public static func events(port: Int, _ path: String = "/events", headers: [String: String] = [:]) throws
        -> EventStreamReader
    {
        let client = try LineClient.tcp(port: port)
        var request = "GET \(path) HTTP/1.0\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        try client.sendRaw(request + "\r\n")
        let (status, fields) = try readHead(client, timeout: 15)
        return EventStreamReader(client: client, status: status, headers: fields)
    }

    static func readHead(_ client: LineClient, timeout: Double) throws -> (Int, [String: String]) {
        guard let statusLine = try client.readLine(timeout: timeout) else {
            throw TestSupportError("the connection closed before a status line")
        }
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else {
            throw TestSupportError("not an HTTP status line: \(statusLine.debugDescription)")
        }
        var fields: [String: String] = [:]
        while let line = try client.readLine(timeout: timeout), line != "\r", !line.isEmpty {
            let text = line.hasSuffix("\r") ? String(line.dropLast()) : line
            guard let colon = text.firstIndex(of: ":") else { continue }
            fields[text[..<colon].lowercased()] = text[text.index(after: colon)...].trimmingSpaces()
        }
        return (status, fields)
    }
}

/// One Server-Sent Events stream.
public final class EventStreamReader: @unchecked Sendable {
    // Read from one thread only, as LineClient.
    private let client: LineClient
    public let status: Int
    public let headers: [String: String]

    init(client: LineClient, status: Int, headers: [String: String]) {
        self.client = client
        self.status = status
        self.headers = headers
    }

    /// The next event's name and data (`message` when unnamed); nil at end of stream. Comments and `retry:` are
    /// skipped.
    public func next(timeout: Double = 15) throws -> (event: String, data: String)? {
        var event = "message"
        var data: [String] = []
        while let line = try client.readLine(timeout: timeout) {
            if line.isEmpty {
                if data.isEmpty { continue }
                return (event, data.joined(separator: "\n"))
            }
            if line.hasPrefix(":") { continue }
            if line.hasPrefix("event:") { event = line.dropFirst(6).trimmingSpaces() }
            if line.hasPrefix("data:") { data.append(line.dropFirst(5).trimmingSpaces()) }
        }
        return nil
    }

    /// The next event named `name` within `timeout` seconds (others are skipped), or nil.
    public func next(named name: String, timeout: Double) throws -> String? {
        let deadline = Deadline(seconds: timeout)
        while deadline.remaining > 0 {
            guard let event = try next(timeout: deadline.remaining) else { return nil }
            if event.event == name { return event.data }
        }
        return nil
    }

    public func close() { client.close() }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
