import CheckpointTestSupport
import Foundation
import Glibc

/// A control reply read with Foundation, not with the daemon's own codec, so a bug there cannot hide.
struct Reply: @unchecked Sendable, CustomStringConvertible {
    // Safe because: the dictionaries hold only JSON values and are never mutated.
    let line: String
    let object: [String: Any]

    init(_ line: String) throws {
        self.line = line
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw TestSupportError("the reply is not a JSON object: \(line)")
        }
        self.object = object
    }

    var ok: Bool { object["ok"] as? Bool == true }
    var result: [String: Any] { object["result"] as? [String: Any] ?? [:] }
    var error: [String: Any]? { object["error"] as? [String: Any] }
    var errorCode: String? { error?["code"] as? String }
    var errorMessage: String { error?["message"] as? String ?? "" }
    var items: [[String: Any]] { result["items"] as? [[String: Any]] ?? [] }
    var description: String { line }

    subscript(key: String) -> Any? { result[key] }
}

/// A JSON object as one line with sorted keys (what an operator's script would send).
func jsonLine(_ object: [String: Any]) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
}

/// Whether two JSON values are equal (numbers, strings, arrays, objects, null).
func sameJSON(_ lhs: Any?, _ rhs: Any?) -> Bool {
    guard let lhs, let rhs else { return lhs == nil && rhs == nil }
    return NSArray(array: [lhs]).isEqual(to: [rhs])
}

extension ControlClient {
    /// Sends one request line as it is (JSON or `cmd key=value`) and reads the reply.
    func ask(_ line: String) throws -> Reply {
        try Reply(requestLine(line))
    }

    /// Sends `{"cmd": command, ...arguments}`.
    func ask(_ command: String, _ arguments: [String: Any] = [:]) throws -> Reply {
        var object = arguments
        object["cmd"] = command
        return try ask(jsonLine(object))
    }

    /// The reply to `command`, which must succeed.
    func must(_ command: String, _ arguments: [String: Any] = [:]) throws -> Reply {
        let reply = try ask(command, arguments)
        guard reply.ok else {
            throw TestSupportError("\(command) \(arguments) failed: \(reply.line)")
        }
        return reply
    }
}

/// A daemon with a control connection and station sessions, numbering each station's records itself.
final class Centre {
    let daemon: DaemonProcess
    let control: ControlClient
    private var sessions: [String: LineClient] = [:]
    private var seqs: [String: Int] = [:]

    init(_ arguments: [String] = []) throws {
        daemon = try DaemonProcess.started(arguments)
        control = try daemon.control()
    }

    /// Around a daemon the test started itself (with an environment of its own, say).
    init(daemon: DaemonProcess) throws {
        self.daemon = daemon
        control = try daemon.control()
    }

    /// The session of `station` (registered at `checkpoint` in `grid` on first use).
    func station(_ station: String = "st-1", checkpoint: String = "gate-1", grid: String = "g1") throws -> LineClient {
        if let session = sessions[station] { return session }
        let token = try daemon.registerStation(checkpoint: checkpoint, grid: grid, station: station)
        let session = try daemon.session(station: station, token: token)
        sessions[station] = session
        return session
    }

    /// Sends `VERB seq=<next> fields` from `station` and returns the parsed reply.
    @discardableResult
    func send(_ verb: String, _ fields: String, station name: String = "st-1") throws -> ReplyLine {
        let client = try station(name)
        let seq = (seqs[name] ?? 0) + 1
        seqs[name] = seq
        let reply = try client.request("\(verb) seq=\(seq) \(fields)")
        guard let line = ReplyLine(reply), line.verb == "OK" else {
            throw TestSupportError("\(verb) \(fields) was not stored: \(reply)")
        }
        return line
    }

    /// The id of the first alert a record reply names.
    func alert(of reply: ReplyLine) throws -> Int {
        guard let text = reply["alert"]?.split(separator: ",").first, let id = Int(text) else {
            throw TestSupportError("no alert in \(reply)")
        }
        return id
    }
}

/// The user name of this process's uid.
func currentUserName() -> String? {
    guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return nil }
    return String(cString: name)
}

/// Unix milliseconds `milliseconds` ago, on whole seconds.
func ago(_ milliseconds: Int64) -> Int64 {
    WallTime.wholeSecondsAgo(milliseconds)
}

// MARK: the daemon process from outside

/// The pid of the daemon whose command line names `daemon`'s control socket (read from /proc).
func pid(of daemon: DaemonProcess) throws -> Int32 {
    let entries = try FileManager.default.contentsOfDirectory(atPath: "/proc")
    for entry in entries {
        guard let pid = Int32(entry),
            let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
        else { continue }
        let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        if arguments.first == daemon.executable, arguments.contains(daemon.controlSocketPath) { return pid }
    }
    throw TestSupportError("no process runs \(daemon.executable) with \(daemon.controlSocketPath)")
}

/// `VmRSS` of `pid` in KiB.
func residentKiB(_ pid: Int32) throws -> Int {
    let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        if let value = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) { return value }
    }
    throw TestSupportError("no VmRSS in /proc/\(pid)/status")
}

/// Sends `lines` on `client` from a background thread in chunks while reading one reply per line here;
/// `progress` counts the replies.
func pipeline(_ lines: [String], on client: LineClient, chunk: Int = 200, progress: Locked<Int>? = nil)
    throws -> [String]
{
    let writer = BackgroundThread("pipeline-writer") {
        var index = 0
        while index < lines.count {
            let end = min(index + chunk, lines.count)
            try client.sendRaw(lines[index..<end].map { $0 + "\n" }.joined())
            index = end
        }
    }
    var replies: [String] = []
    replies.reserveCapacity(lines.count)
    while replies.count < lines.count, let reply = try client.readLine(timeout: 60) {
        replies.append(reply)
        progress?.withLock { $0 += 1 }
    }
    guard try writer.join(seconds: 60) else { throw TestSupportError("the pipeline writer is stuck") }
    return replies
}

/// The lines of a streamed reply (`export`) up to and including its final `{"ok":...}` line.
func readStream(_ client: ControlClient, every: Int = 0, _ each: (Int) throws -> Void = { _ in })
    throws -> (lines: [String], final: Reply)
{
    var lines: [String] = []
    while let line = try client.connection.readLine(timeout: 60) {
        if line.hasPrefix("{\"ok\":") { return (lines, try Reply(line)) }
        lines.append(line)
        if every > 0, lines.count % every == 0 { try each(lines.count) }
    }
    throw TestSupportError("the stream ended without a final line after \(lines.count) lines")
}

// MARK: another user

enum OtherUser {
    /// `nobody` and `nogroup`: a user that is not root and not in any group the daemon is given.
    static let uid = 65_534
    static let gid = 65_534

    /// Why requests cannot be sent as another user here, or nil when they can.
    static var unavailable: String? {
        guard getuid() == 0 else { return "the tests do not run as root, so they cannot switch to another user" }
        for tool in ["/usr/bin/setpriv", "/usr/bin/socat", "/bin/sh"] where !FileManager.default.isExecutableFile(
            atPath: tool)
        {
            return "\(tool) is not installed"
        }
        return nil
    }

    /// Sends `request` to the control socket at `path` as `uid`/`gid` (no supplementary groups) with socat;
    /// returns socat's output and exit status.
    static func request(_ request: String, socket path: String, uid: Int = uid, gid: Int = gid) throws
        -> CompletedProcess
    {
        try ChildProcess.run(
            "/usr/bin/setpriv",
            [
                "--reuid=\(uid)", "--regid=\(gid)", "--clear-groups", "/bin/sh", "-c",
                #"printf '%s\n' "$REQUEST" | /usr/bin/socat -t 10 - UNIX-CONNECT:"$SOCKET""#,
            ],
            environment: ChildProcess.cleanEnvironment(adding: ["REQUEST": request, "SOCKET": path]),
            seconds: 30)
    }

    /// The reply to `request` sent as `nobody`.
    static func ask(_ request: String, socket path: String) throws -> Reply {
        let run = try Self.request(request, socket: path)
        guard run.status == .exited(0), let line = run.standardOutput.split(separator: "\n").first else {
            throw TestSupportError("socat as nobody: \(run.status), \(run.standardError)")
        }
        return try Reply(String(line))
    }
}
