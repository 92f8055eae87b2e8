import Foundation
import Glibc

/// A stand-in for `checkpointd` that answers a station's lines from a script: for tests of what
/// `checkpoint-station` does with replies the real daemon would never send (a lying or hostile server). Listens
/// on 127.0.0.1 on a free port and serves connections one after another until it is stopped.
public final class ScriptedStationServer: Sendable {
    public let port: Int
    private let listener: Int32
    private let received = Locked<[String]>([])
    private let stopping = Locked(false)
    private let thread: BackgroundThread

    /// `answer` gets each line the station sent (without its line end) and returns the reply line, or nil to
    /// close the connection.
    public init(answer: @escaping @Sendable (String) -> String?) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket", errno: errno) }
        var address = SocketAddress.ipv4(host: "127.0.0.1", port: 0)
        guard address.withSockaddr({ bind(fd, $0, $1) }) == 0, listen(fd, 8) == 0 else {
            let code = errno
            close(fd)
            throw TestSupportError("bind/listen on 127.0.0.1", errno: code)
        }
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: bound.sin_port))
        listener = fd
        let received = self.received
        let stopping = self.stopping
        thread = BackgroundThread("scripted-station-server") {
            while !stopping.current {
                var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&descriptor, 1, 50) > 0 else { continue }
                let connection = accept(fd, nil, nil)
                guard connection >= 0 else { continue }
                Self.serve(connection, answer: answer, received: received, stopping: stopping)
                close(connection)
            }
        }
    }

    deinit {
        stop()
    }

    /// Every line the stations sent so far.
    public var lines: [String] { received.current }

    public func stop() {
        guard !stopping.current else { return }
        stopping.withLock { $0 = true }
        _ = try? thread.join(seconds: 10)
        close(listener)
    }

    private static func serve(
        _ connection: Int32, answer: (String) -> String?, received: Locked<[String]>, stopping: Locked<Bool>
    ) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !stopping.current {
            var descriptor = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 50) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(connection, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            pending.append(contentsOf: buffer[0..<count])
            while let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                var line = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeSubrange(...end)
                if line.hasSuffix("\r") { line.removeLast() }
                received.withLock { $0.append(line) }
                guard let reply = answer(line) else { return }
                let bytes = Array((reply + "\n").utf8)
                guard bytes.withUnsafeBytes({ write(connection, $0.baseAddress, $0.count) }) == bytes.count else {
                    return
                }
            }
        }
    }
}
