import CheckpointTLS
import CheckpointWire
import Glibc
import Synchronization

/// Station connections sending pre-rendered record lines, driven by one thread with poll (so the client costs
/// little of the two cores the daemon also needs). Two pacings:
/// * `.window(W)`: pipelining, each connection keeps at most W lines unanswered (`ingest`);
/// * `.rate(R)`: open loop, line k of all is due at start + k/R, round-robin over the connections, sent when due
///   whatever the replies (`steady`).
/// A line's send time is taken when the `write` that completed it returns; its reply time when the `read` that
/// brought its reply returns; the difference is its ack latency.
final class StationLoad: @unchecked Sendable {
    enum Pacing {
        case window(Int)
        case rate(perSecond: Double)
    }

    // Safe because `run` is called once, on one thread, and the results are read after it returns.
    final class Connection {
        let fd: Int32
        let index: Int
        let bytes: [UInt8]
        /// Offset just past each line's LF.
        let lineEnds: [Int]
        var written = 0
        var stamped = 0
        var sendTimes: [UInt64]
        var replies = 0
        var errors = 0
        var firstError: [UInt8] = []
        var replyStart = true
        /// A write hit EAGAIN: poll for POLLOUT.
        var blocked = false
        var capturingError = false
        /// With TLS: the stream, and ciphertext not yet taken by the socket.
        let tls: TLSClientStream?
        var cipher: [UInt8] = []
        var cipherSent = 0

        init(fd: Int32, index: Int, lines: [String], tls: TLSClientStream? = nil) {
            self.fd = fd
            self.index = index
            self.tls = tls
            var bytes: [UInt8] = []
            var ends: [Int] = []
            bytes.reserveCapacity(lines.count * 48)
            for line in lines {
                bytes.append(contentsOf: line.utf8)
                bytes.append(UInt8(ascii: "\n"))
                ends.append(bytes.count)
            }
            self.bytes = bytes
            self.lineEnds = ends
            self.sendTimes = [UInt64](repeating: 0, count: lines.count)
        }

        var total: Int { lineEnds.count }
    }

    let connections: [Connection]
    let pacing: Pacing
    /// Lines due so far (`.rate`).
    private var due = 0
    /// The largest delay between a line's due time and its write (`.rate`): the client's own lateness.
    private(set) var maxLateness: UInt64 = 0
    private(set) var latencies: [UInt64] = []
    private(set) var startedAt: UInt64 = 0
    private(set) var finishedAt: UInt64 = 0
    let stopRequested = Atomic<Bool>(false)
    /// Replies received so far (readable while `run` goes on).
    let progress = Atomic<Int>(0)

    /// Connects every station and says `HELLO` (blocking, before anything is timed).
    init(
        endpoint: Endpoint, stations: [StationCredentials], lines: [[String]], pacing: Pacing, sendToken: Bool,
        tls: BenchTLS? = nil
    ) throws(BenchError) {
        var connections: [Connection] = []
        for (index, station) in stations.enumerated() {
            let fd = try Sockets.connect(endpoint)
            // As the bench always said it: without `proto=` (the daemon takes that as protocol 1).
            var hello = ""
            StationRequest.hello(station: station.code, token: sendToken ? station.token : nil)
                .append(to: &hello, announcingProtocol: false)
            var stream: TLSClientStream?
            let reply: String?
            if let tls, case .tcp(let port) = endpoint {
                let opened = try tls.stream(port: port)
                stream = opened
                reply = try BenchTLS.exchange(fd, opened, line: hello + "\n")
            } else {
                try Sockets.writeAll(fd, Array((hello + "\n").utf8))
                var reader = LineReader(fd: fd)
                reply = try reader.readLine()
            }
            guard let reply, case .hello? = try? StationReply(parsing: reply) else {
                close(fd)
                throw BenchError("HELLO for \(station.code) was not answered OK")
            }
            Sockets.setNonBlocking(fd)
            connections.append(Connection(fd: fd, index: index, lines: lines[index], tls: stream))
        }
        self.connections = connections
        self.pacing = pacing
    }

    deinit {
        for connection in connections { close(connection.fd) }
    }

    var totalLines: Int { connections.reduce(0) { $0 + $1.total } }
    var errors: Int { connections.reduce(0) { $0 + $1.errors } }
    var replies: Int { connections.reduce(0) { $0 + $1.replies } }
    var firstError: String? {
        connections.first { !$0.firstError.isEmpty }.map { String(decoding: $0.firstError, as: UTF8.self) }
    }

    /// Sends everything and waits for every reply (or for `stopRequested`, or `timeoutSeconds`).
    func run(timeoutSeconds: Double = 3600) throws(BenchError) {
        latencies.reserveCapacity(totalLines)
        let expected = totalLines
        var received = 0
        var polled = connections.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        startedAt = monotonicNanoseconds()
        let deadline = startedAt + UInt64(timeoutSeconds * 1e9)
        try release()
        for connection in connections { try send(connection) }
        while received < expected && !stopRequested.load(ordering: .relaxed) {
            for (index, connection) in connections.enumerated() {
                polled[index].events = Int16(POLLIN) | (connection.blocked ? Int16(POLLOUT) : 0)
            }
            let count = poll(&polled, nfds_t(polled.count), try timeoutMilliseconds())
            if count < 0 {
                if errno == EINTR { continue }
                throw .errno("poll")
            }
            if monotonicNanoseconds() > deadline { throw BenchError("the load did not finish in \(Int(timeoutSeconds)) s") }
            try release()
            guard count > 0 else { continue }
            for (index, connection) in connections.enumerated() where polled[index].revents != 0 {
                let events = polled[index].revents
                if events & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                    received += try receive(connection, buffer: &buffer)
                    progress.store(received, ordering: .relaxed)
                }
                try send(connection)
            }
        }
        finishedAt = monotonicNanoseconds()
    }

    /// `.window`: wake up at least every 200 ms; `.rate`: when the next line is due (rounded up to a
    /// millisecond, so a line is at most ~1 ms late: `maxLateness` says how late).
    private func timeoutMilliseconds() throws(BenchError) -> Int32 {
        guard case .rate(let perSecond) = pacing, due < totalLines else { return 200 }
        let next = startedAt + UInt64(Double(due) * 1e9 / perSecond)
        let now = monotonicNanoseconds()
        guard next > now else { return 0 }
        return Int32(min(200, (next - now + 999_999) / 1_000_000))
    }

    /// `.rate`: sends every line due by now.
    private func release() throws(BenchError) {
        guard case .rate(let perSecond) = pacing else { return }
        let interval = 1e9 / perSecond
        let dueNow = min(totalLines, Int(Double(monotonicNanoseconds() - startedAt) / interval) + 1)
        let stations = connections.count
        while due < dueNow {
            let connection = connections[due % stations]
            due += 1
            try send(connection)
        }
    }

    /// How many of this connection's lines may have been written by now.
    private func allowedLines(_ connection: Connection, index: Int) -> Int {
        switch pacing {
        case .window(let window):
            return min(connection.replies + max(1, window), connection.total)
        case .rate:
            let stations = connections.count
            return min(connection.total, due > index ? (due - index + stations - 1) / stations : 0)
        }
    }

    private func send(_ connection: Connection) throws(BenchError) {
        let allowedLines = allowedLines(connection, index: connection.index)
        guard allowedLines > 0 else { return }
        let limit = connection.lineEnds[allowedLines - 1]
        connection.blocked = false
        if let tls = connection.tls {
            try sendTLS(connection, tls, limit: limit)
            return
        }
        while connection.written < limit {
            let count = connection.bytes.withUnsafeBytes { raw in
                // Safe because written < limit <= count: the buffer is not empty.
                write(connection.fd, raw.baseAddress! + connection.written, limit - connection.written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN {
                    connection.blocked = true
                    return
                }
                throw .errno("write to the daemon")
            }
            connection.written += count
            stamp(connection)
        }
    }

    /// TLS: encrypts the lines allowed now (their send time is taken then) and writes what the socket takes; the
    /// rest waits for POLLOUT.
    private func sendTLS(_ connection: Connection, _ tls: TLSClientStream, limit: Int) throws(BenchError) {
        if connection.written < limit {
            do throws(TLSError) {
                try tls.write(Array(connection.bytes[connection.written..<limit]))
                connection.cipher += try tls.takeOutgoing()
            } catch {
                throw BenchError("TLS: \(error)")
            }
            connection.written = limit
        }
        while connection.cipherSent < connection.cipher.count {
            let count = connection.cipher.withUnsafeBytes { raw in
                // Safe because cipherSent < count: the buffer is not empty.
                write(connection.fd, raw.baseAddress! + connection.cipherSent, raw.count - connection.cipherSent)
            }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN {
                    connection.blocked = true
                    break
                }
                throw .errno("write to the daemon")
            }
            connection.cipherSent += count
        }
        if connection.cipherSent == connection.cipher.count {
            connection.cipher.removeAll(keepingCapacity: true)
            connection.cipherSent = 0
        }
        stamp(connection)
    }

    /// Stamps the send time of every line written completely so far.
    private func stamp(_ connection: Connection) {
        let now = monotonicNanoseconds()
        while connection.stamped < connection.total && connection.lineEnds[connection.stamped] <= connection.written {
            connection.sendTimes[connection.stamped] = now
            if case .rate(let perSecond) = pacing {
                let dueAt = startedAt + UInt64(Double(connection.stamped * connections.count + connection.index) * 1e9 / perSecond)
                if now > dueAt { maxLateness = max(maxLateness, now - dueAt) }
            }
            connection.stamped += 1
        }
    }

    /// Reads until EAGAIN; returns the replies completed.
    private func receive(_ connection: Connection, buffer: inout [UInt8]) throws(BenchError) -> Int {
        var completed = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { read(connection.fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN { return completed }
                throw .errno("read from the daemon")
            }
            if count == 0 {
                if connection.replies < connection.total {
                    throw BenchError("the daemon closed a station connection after \(connection.replies) replies")
                }
                return completed
            }
            if let tls = connection.tls {
                let plaintext: [UInt8]
                do throws(TLSError) {
                    plaintext = try tls.receive(Array(buffer[0..<count]))
                    connection.cipher += try tls.takeOutgoing()
                } catch {
                    throw BenchError("TLS: \(error)")
                }
                completed += consume(connection, plaintext[...])
            } else {
                completed += consume(connection, buffer[0..<count])
            }
        }
    }

    /// Counts the replies in `bytes`; returns how many completed.
    private func consume(_ connection: Connection, _ bytes: ArraySlice<UInt8>) -> Int {
        var completed = 0
        let now = monotonicNanoseconds()
        for byte in bytes {
            if connection.replyStart {
                connection.replyStart = false
                if byte == UInt8(ascii: "E") {
                    connection.errors += 1
                    connection.capturingError = connection.firstError.isEmpty
                }
            }
            if byte == UInt8(ascii: "\n") {
                let index = connection.replies
                if index < connection.total { latencies.append(now &- connection.sendTimes[index]) }
                connection.replies += 1
                connection.replyStart = true
                connection.capturingError = false
                completed += 1
            } else if connection.capturingError && connection.firstError.count < 300 {
                connection.firstError.append(byte)
            }
        }
        return completed
    }
}
