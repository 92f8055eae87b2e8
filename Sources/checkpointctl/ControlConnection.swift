import CheckpointSockets
import CheckpointWire
import Glibc

/// A blocking client for the control socket (SPEC §4): one JSON request per line, one reply per line.
///
/// Every failure is a ``CtlError`` whose code maps to exit status 1 (the daemon said no) or 3 (cannot reach it).
final class ControlConnection {
    /// How long to wait for a reply (and for a write or a connect to go through) before giving up.
    static let defaultTimeoutSeconds = 30

    let location: SocketLocation
    let timeoutSeconds: Int?
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var reachedEnd = false

    /// Connects to the socket at `location`. `timeoutSeconds` nil waits for ever (for `watch`).
    init(location: SocketLocation, timeoutSeconds: Int? = ControlConnection.defaultTimeoutSeconds) throws(CtlError) {
        self.location = location
        self.timeoutSeconds = timeoutSeconds
        guard let address = UnixSocketAddress(path: location.path) else {
            throw CtlError(
                .unreachable,
                L(
                    "cannot reach checkpointd at {1} ({2}): the path is longer than {3} bytes", location.path,
                    location.origin.phrase, String(UnixSocketAddress.maximumPathLength)),
                hint: L("use a shorter path, e.g. a symbolic link to the socket")
            )
        }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            throw ControlConnection.connectFailure(location, errno: errno)
        }
        if let timeoutSeconds {
            var interval = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            let size = socklen_t(MemoryLayout<timeval>.size)
            // A Unix-socket connect() that has to wait for the backlog obeys the send timeout.
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &interval, size)
            setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &interval, size)
        }
        guard address.connect(descriptor) == 0 else {
            let failure = errno
            close(descriptor)
            throw ControlConnection.connectFailure(location, errno: failure)
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Sends `request` and returns the daemon's `result`; an `ok:false` reply throws a `refused` error.
    func call(_ request: ControlRequest) throws(CtlError) -> JSONObject {
        try send(request)
        guard let line = try readLine() else {
            throw CtlError(
                .disconnected,
                L(
                    "checkpointd at {1} closed the connection before replying to {2}", location.path,
                    request.command),
                hint: L("see the daemon's log (journalctl -u checkpointd) for why")
            )
        }
        return try Self.result(ofReply: line)
    }

    /// The `result` of a reply line; an `ok:false` line throws the daemon's error (exit 1), anything else that
    /// is not a reply a `badReply` (exit 3). Streams (`export`, `watch`) end with such a line too.
    static func result(ofReply line: String) throws(CtlError) -> JSONObject {
        let reply: Result<JSONObject, WireError>
        do throws(WireError) {
            reply = try ControlReply.parse(line)
        } catch {
            throw CtlError(.badReply, L("checkpointd sent a reply that is not a control reply: {1}", error.message))
        }
        switch reply {
        case .success(let result): return result
        case .failure(let error): throw CtlError.refused(error)
        }
    }

    /// Writes one request line.
    func send(_ request: ControlRequest) throws(CtlError) {
        let bytes = Array((request.serialized() + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { raw in
                Glibc.send(descriptor, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR {
                    continue
                }
                throw transferFailure(errno: errno, while: L("sending {1}", request.command))
            }
            offset += written
        }
    }

    /// The next line from the daemon without its line end, or nil when the daemon closed the connection first.
    func readLine() throws(CtlError) -> String? {
        var searchFrom = 0
        while true {
            if let newline = buffer[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.last == UInt8(ascii: "\r") {
                    line.removeLast()
                }
                return String(decoding: line, as: UTF8.self)
            }
            if reachedEnd {
                return nil
            }
            searchFrom = buffer.count
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR {
                    continue
                }
                throw transferFailure(errno: errno, while: L("waiting for the reply"))
            }
            if count == 0 {
                reachedEnd = true
            } else {
                buffer.append(contentsOf: chunk[..<count])
            }
        }
    }

    private func transferFailure(errno code: Int32, while activity: String) -> CtlError {
        if code == EAGAIN || code == EWOULDBLOCK, let timeoutSeconds {
            return CtlError(
                .disconnected,
                L("checkpointd at {1} did not answer within {2} s ({3})", location.path, String(timeoutSeconds), activity),
                hint: L("the daemon may be overloaded or stuck: check `systemctl status checkpointd` and its log")
            )
        }
        return CtlError(
            .disconnected,
            L("lost the connection to checkpointd at {1} while {2}: {3}", location.path, activity, Self.describe(code)),
            hint: L("see the daemon's log (journalctl -u checkpointd) for why")
        )
    }

    private static func connectFailure(_ location: SocketLocation, errno code: Int32) -> CtlError {
        let message = L(
            "cannot reach checkpointd at {1} ({2}): {3}", location.path, location.origin.phrase, describe(code))
        let elsewhere = L("or pass --socket PATH / set CHECKPOINTD_CONTROL")
        let hint: String
        switch code {
        case EACCES, EPERM:
            hint = L("the control socket is for root and the daemon's group: use sudo or join that group, {1}", elsewhere)
        case ECONNREFUSED:
            hint = L(
                "nothing is listening there (a socket left by a stopped daemon?): is checkpointd running? start it, {1}",
                elsewhere)
        default:
            hint = L("is checkpointd running? start it, {1}", elsewhere)
        }
        return CtlError(.unreachable, message, hint: hint)
    }

    /// `strerror` text, e.g. "No such file or directory".
    static func describe(_ code: Int32) -> String {
        guard let text = strerror(code) else {
            return "error \(code)"
        }
        return String(cString: text)
    }
}
