import CheckpointTLS
import Glibc

/// One non-blocking stream socket to the daemon, with line buffers both ways. Never blocks: the event loop
/// polls `fd` and calls `flush()` on `POLLOUT` and `receive()` on `POLLIN`. With TLS, lines go through the
/// stream's encryption on the way out and its decryption on the way in; the buffers hold ciphertext then.
final class Connection {
    let fd: Int32
    private var tls: TLSClientStream?
    /// A TLS failure met while queueing; the next `flush()` reports it.
    private var broken: ConnectionFailure?
    private var outbound: [UInt8] = []
    private var outboundStart = 0
    private var inbound: [UInt8] = []

    /// The longest reply line we accept; the daemon's are far shorter.
    static let maximumReplyBytes = 64 * 1024

    /// Starts connecting to `endpoint`. Returns once the connection is made or under way (`EINPROGRESS`); the
    /// caller waits for `POLLOUT` and then asks `connectError()`.
    init(endpoint: SocketEndpoint) throws(ConnectionFailure) {
        let kind = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = socket(endpoint.family, kind, 0)
        guard fd >= 0 else { throw ConnectionFailure(errno: errno) }
        if endpoint.family != AF_UNIX {
            Connection.tuneTCP(fd)
        }
        var storage = endpoint.storage
        let result = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, endpoint.length) }
        }
        if result != 0 && errno != EINPROGRESS {
            let failure = errno
            close(fd)
            throw ConnectionFailure(errno: failure)
        }
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    /// After `POLLOUT` on a connecting socket: nil when connected, else why not.
    func connectError() -> ConnectionFailure? {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) == 0 else { return ConnectionFailure(errno: errno) }
        return value == 0 ? nil : ConnectionFailure(errno: value)
    }

    var hasOutbound: Bool { outboundStart < outbound.count }

    /// After the TCP connection is made: begins the TLS handshake (the ClientHello is queued). `flush()` sends it.
    func startTLS(_ stream: TLSClientStream) throws(ConnectionFailure) {
        tls = stream
        do throws(TLSError) {
            try stream.start()
            outbound += try stream.takeOutgoing()
        } catch {
            throw ConnectionFailure(error)
        }
    }

    /// Queues `line` and its line end; `flush()` writes it.
    func queue(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        guard let tls else {
            outbound += bytes
            return
        }
        do throws(TLSError) {
            try tls.write(bytes)
            outbound += try tls.takeOutgoing()
        } catch {
            broken = broken ?? ConnectionFailure(error)
        }
    }

    /// Writes what the socket takes now. Throws when the connection is broken.
    func flush() throws(ConnectionFailure) {
        if let broken { throw broken }
        while outboundStart < outbound.count {
            let written = outbound[outboundStart...].withUnsafeBytes {
                send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { break }
                throw ConnectionFailure(errno: errno)
            }
            outboundStart += written
        }
        if outboundStart == outbound.count {
            outbound.removeAll(keepingCapacity: true)
            outboundStart = 0
        } else if outboundStart > 65_536 {
            outbound.removeFirst(outboundStart)
            outboundStart = 0
        }
    }

    /// Reads what is there and returns the complete lines (without line ends), and, when the daemon closed the
    /// connection or it broke, why. Lines that arrived before the close are returned with it.
    func receive() -> (lines: [String], closed: ConnectionFailure?) {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var closed: ConnectionFailure?
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR { continue }
                if errno != EAGAIN && errno != EWOULDBLOCK { closed = ConnectionFailure(errno: errno) }
                break
            }
            if count == 0 {
                closed = ConnectionFailure(message: "the daemon closed the connection")
                break
            }
            if !append(chunk[0..<count], closed: &closed) { break }
            if count < chunk.count { break }
        }
        if closed == nil, tls != nil, hasOutbound {
            // The handshake (or a key update) has something to answer.
            do throws(ConnectionFailure) { try flush() } catch { closed = error }
        }
        var lines: [String] = []
        var start = 0
        while let newline = inbound[start...].firstIndex(of: UInt8(ascii: "\n")) {
            var end = newline
            if end > start && inbound[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            lines.append(String(decoding: inbound[start..<end], as: UTF8.self))
            start = newline + 1
        }
        inbound.removeFirst(start)
        if closed == nil, inbound.count > Connection.maximumReplyBytes {
            closed = ConnectionFailure(message: "the daemon sent a line longer than 64 KiB; is this checkpointd?")
        }
        return (lines, closed)
    }

    /// Adds what was read to the line buffer, through TLS when there is TLS; false when TLS failed (`closed` says
    /// why).
    private func append(_ bytes: ArraySlice<UInt8>, closed: inout ConnectionFailure?) -> Bool {
        guard let tls else {
            inbound.append(contentsOf: bytes)
            return true
        }
        do throws(TLSError) {
            inbound += try tls.receive(Array(bytes))
            outbound += try tls.takeOutgoing()
            return true
        } catch {
            closed = ConnectionFailure(error)
            return false
        }
    }

    /// Keep-alive probes find a dead link (a pulled cable, a sleeping router) within about a minute.
    private static func tuneTCP(_ fd: Int32) {
        var on: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, socklen_t(MemoryLayout<Int32>.size))
        var idle: Int32 = 30
        var interval: Int32 = 10
        var count: Int32 = 3
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_KEEPIDLE, &idle, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_KEEPINTVL, &interval, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_KEEPCNT, &count, socklen_t(MemoryLayout<Int32>.size))
    }
}

/// Why a connection could not be made or broke.
struct ConnectionFailure: Error, CustomStringConvertible {
    var description: String
    /// For a TLS failure: what kind, for the clerk's message.
    var tlsFailure: TLSFailure?

    init(_ error: TLSError) {
        description = error.message
        tlsFailure = error.failure ?? .other
    }

    init(errno number: Int32) {
        description = String(cString: strerror(number))
    }

    init(message: String) {
        description = message
    }
}
