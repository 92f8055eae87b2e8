import CheckpointCore
public import CheckpointWire
import Glibc

/// A read on a `LineClient` found no complete line within its timeout.
public struct ReadTimeout: Error, CustomStringConvertible, Sendable {
    public var seconds: Double
    public var partial: String
    public var description: String { "no complete line within \(seconds) s (partial: \(partial.debugDescription))" }
}

/// A blocking line-oriented client over a TCP or Unix stream socket, as a station terminal would be.
///
/// One thread may send while another reads: the socket is shared, the read buffer belongs to the reader only.
/// Hence `@unchecked Sendable`: safe because `fd` never changes and only the reading thread touches
/// `buffer`, `start`, `sawEndOfFile` and `wasReset`.
public final class LineClient: @unchecked Sendable {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var sawEndOfFile = false
    private var isOpen = true
    /// The default for `readLine(timeout:)`, in seconds.
    public var timeout: Double

    /// Whether the peer reset the connection (RST) rather than closing it cleanly.
    public private(set) var wasReset = false

    private init(fd: Int32, timeout: Double) {
        self.fd = fd
        self.timeout = timeout
    }

    deinit {
        if isOpen { Glibc.close(fd) }
    }

    /// Connects to `host:port` over TCP, from `source` when given (any of 127/8 is loopback on Linux, so a test
    /// can be several peer addresses at once).
    public static func tcp(
        port: Int, host: String = "127.0.0.1", source: String? = nil, timeout: Double = 15
    ) throws -> LineClient {
        try connect(
            to: .ipv4(host: host, port: port), from: source.map { .ipv4(host: $0, port: 0) }, timeout: timeout,
            name: "\(host):\(port)")
    }

    /// Connects to the Unix stream socket at `path`.
    public static func unix(path: String, timeout: Double = 15) throws -> LineClient {
        try connect(to: try SocketAddress.unix(path: path), timeout: timeout, name: path)
    }

    private static func connect(
        to target: SocketAddress, from source: SocketAddress? = nil, timeout: Double, name: String
    ) throws -> LineClient {
        var address = target
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket", errno: errno) }
        if var source {
            guard source.withSockaddr({ Glibc.bind(fd, $0, $1) }) == 0 else {
                let code = errno
                Glibc.close(fd)
                throw TestSupportError("bind the source address of \(name)", errno: code)
            }
        }
        // A send that cannot make progress for this long is a harness failure, not a hang.
        var sendTimeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
        var result: Int32
        repeat {
            result = address.withSockaddr { Glibc.connect(fd, $0, $1) }
        } while result != 0 && errno == EINTR
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw TestSupportError("connect \(name)", errno: code)
        }
        return LineClient(fd: fd, timeout: timeout)
    }

    // MARK: sending

    /// Sends `line` followed by LF.
    public func send(_ line: String) throws {
        try sendRaw(Array(line.utf8) + [0x0A])
    }

    /// Sends `request` as a station does (Wire's encoder), followed by LF.
    public func send(_ request: StationRequest) throws {
        try send(request.line)
    }

    /// Sends `text` exactly as given (no line end is added).
    public func sendRaw(_ text: String) throws {
        try sendRaw(Array(text.utf8))
    }

    /// Sends `bytes` exactly as given, all of them, blocking while the peer does not read.
    public func sendRaw(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw TestSupportError("send", errno: errno)
            }
            offset += written
        }
    }

    /// Half-closes the connection: the peer reads end-of-file, replies can still be read.
    public func shutdownWrite() {
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Closes the socket (also done when the client is released).
    public func close() {
        guard isOpen else { return }
        isOpen = false
        Glibc.close(fd)
    }

    // MARK: reading

    /// The next line without its LF (a CR before it is kept, so replies are seen byte for byte), or nil at
    /// end of file. Throws `ReadTimeout` when no complete line arrives within `timeout` seconds.
    public func readLine(timeout: Double? = nil) throws -> String? {
        let seconds = timeout ?? self.timeout
        let deadline = Deadline(seconds: seconds)
        while true {
            if let line = takeLine() { return line }
            if sawEndOfFile { return nil }
            guard try fill(until: deadline) else {
                throw ReadTimeout(seconds: seconds, partial: String(decoding: buffer[start...], as: UTF8.self))
            }
        }
    }

    /// Sends `line` and reads its reply; end of file instead of a reply is an error.
    public func request(_ line: String, timeout: Double? = nil) throws -> String {
        try send(line)
        guard let reply = try readLine(timeout: timeout) else {
            throw TestSupportError("connection closed instead of a reply to \(line.prefix(80).debugDescription)")
        }
        return reply
    }

    /// Sends `request` (Wire's encoder) and reads its reply (Wire's decoder); end of file instead of a reply, or a
    /// reply Wire cannot read, is an error.
    public func request(_ request: StationRequest, timeout: Double? = nil) throws -> StationReply {
        let line = request.line
        let reply = try self.request(line, timeout: timeout)
        do throws(StationReplyError) {
            return try StationReply(parsing: reply)
        } catch {
            throw TestSupportError("the reply to \(line.prefix(80).debugDescription) is unreadable: \(error)")
        }
    }

    /// The next line read as a reply (Wire's decoder), or nil at end of file.
    public func readReply(timeout: Double? = nil) throws -> StationReply? {
        guard let line = try readLine(timeout: timeout) else { return nil }
        do throws(StationReplyError) {
            return try StationReply(parsing: line)
        } catch {
            throw TestSupportError("unreadable reply \(line.prefix(80).debugDescription): \(error)")
        }
    }

    /// Reads `count` lines; stops early at end of file.
    public func readLines(_ count: Int, timeout: Double? = nil) throws -> [String] {
        var lines: [String] = []
        lines.reserveCapacity(count)
        while lines.count < count, let line = try readLine(timeout: timeout) {
            lines.append(line)
        }
        return lines
    }

    /// Whether the peer closes the connection within `seconds`. Data that arrives meanwhile is kept for
    /// `readLine`; so `isClosed` after reading everything expected means "and nothing else came".
    public func isClosed(within seconds: Double = 5) -> Bool {
        let deadline = Deadline(seconds: seconds)
        while !sawEndOfFile {
            guard (try? fill(until: deadline)) == true else { return false }
        }
        return true
    }

    /// Reads what arrives within `timeout` seconds and throws it away, returning how many line ends it held, or
    /// nil at end of file (a flood's reader: no line is decoded, so the attacker's own CPU stays small). Lines
    /// already buffered by `readLine` are counted and dropped too.
    public func discardAvailable(timeout: Double) throws -> Int? {
        guard try fill(until: Deadline(seconds: timeout)) else { return 0 }
        let lineEnds = buffer[start...].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        buffer.removeAll(keepingCapacity: true)
        start = 0
        return sawEndOfFile && lineEnds == 0 ? nil : lineEnds
    }

    /// Exactly `count` bytes (an HTTP body after its headers); throws at end of file or after `timeout` seconds.
    public func readBytes(_ count: Int, timeout: Double? = nil) throws -> [UInt8] {
        let seconds = timeout ?? self.timeout
        let deadline = Deadline(seconds: seconds)
        while buffer.count - start < count {
            if sawEndOfFile { throw TestSupportError("end of file after \(buffer.count - start) of \(count) bytes") }
            guard try fill(until: deadline) else {
                throw ReadTimeout(seconds: seconds, partial: String(decoding: buffer[start...], as: UTF8.self))
            }
        }
        let bytes = Array(buffer[start..<start + count])
        start += count
        return bytes
    }

    /// Bytes received but not yet returned as lines.
    public var pendingText: String {
        String(decoding: buffer[start...], as: UTF8.self)
    }

    private func takeLine() -> String? {
        guard let newline = buffer[start...].firstIndex(of: 0x0A) else { return nil }
        let line = String(decoding: buffer[start..<newline], as: UTF8.self)
        start = newline + 1
        if start > 65_536 || start == buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
        return line
    }

    /// Waits for data until `deadline`; true when something (data or end of file) arrived.
    private func fill(until deadline: Deadline) throws -> Bool {
        while true {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(min(deadline.remaining * 1000, Double(Timestamp.millisecondsPerHour)).rounded(.up))
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw TestSupportError("poll", errno: errno)
            }
            if ready == 0 { return false }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let received = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if received > 0 {
                buffer.append(contentsOf: chunk[0..<received])
                return true
            }
            if received == 0 {
                sawEndOfFile = true
                return true
            }
            switch errno {
            case EINTR, EAGAIN:
                continue
            case ECONNRESET, EPIPE:
                wasReset = true
                sawEndOfFile = true
                return true
            default:
                throw TestSupportError("recv", errno: errno)
            }
        }
    }
}
