import CheckpointTestSupport
import Foundation

/// A stand-in for checkpointd's control socket: a real Unix stream socket that accepts one connection and answers
/// each request line with the next canned reply. It checks what `checkpointctl` sends and how it shows what it
/// gets back; the daemon's own answers are tested end to end elsewhere.
final class FakeControlServer {
    /// What to do after reading one request line.
    enum Reply {
        /// Send this line (a newline is added).
        case line(String)
        /// Send these lines, as a stream does (`export`, `watch`).
        case lines([String])
        /// Close the connection without replying.
        case hangUp
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let path: String
    private let listener: Int32

    /// Binds and listens at `path` at once, so the socket exists before the client starts.
    init(path: String) throws {
        let listener: Int32
        do {
            listener = try SocketAddress.boundUnixSocket(path: path, type: Int32(SOCK_STREAM.rawValue))
        } catch {
            throw Failure(description: "bind/listen \(path): \(error)")
        }
        guard listen(listener, 4) == 0 else {
            let text = String(cString: strerror(errno))
            close(listener)
            throw Failure(description: "bind/listen \(path): \(text)")
        }
        self.path = path
        self.listener = listener
    }

    deinit {
        close(listener)
    }

    /// Accepts one connection (giving up when `clientIsRunning` turns false or after 20 s), then for each entry of
    /// `script` reads a request line and acts on it, then runs `afterScript` with the connection still open.
    /// Returns the request lines read, without their newlines.
    func serve(
        _ script: [Reply],
        afterScript: () throws -> Void = {},
        while clientIsRunning: () -> Bool
    ) throws -> [String] {
        let deadline = Date().addingTimeInterval(20)
        var connection: Int32 = -1
        while connection < 0 {
            var ready = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            if poll(&ready, 1, 50) > 0 {
                connection = accept(listener, nil, nil)
            } else if !clientIsRunning() || Date() > deadline {
                throw Failure(description: "checkpointctl never connected to \(path)")
            }
        }
        defer { close(connection) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

        var requests: [String] = []
        var buffer: [UInt8] = []
        for reply in script {
            guard let request = readLine(connection, &buffer) else {
                break
            }
            requests.append(request)
            switch reply {
            case .line(let text):
                write([text], to: connection)
            case .lines(let texts):
                write(texts, to: connection)
            case .hangUp:
                return requests
            }
        }
        try afterScript()
        return requests
    }

    private func write(_ lines: [String], to connection: Int32) {
        let bytes = Array(lines.map { $0 + "\n" }.joined().utf8)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else {
                return
            }
            offset += sent
        }
    }

    private func readLine(_ connection: Int32, _ buffer: inout [UInt8]) -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else {
                return nil
            }
            buffer.append(contentsOf: chunk[..<count])
        }
    }
}
