import CheckpointSockets
import CheckpointWire
import Glibc

/// The real `checkpointd` (release binary) on a directory of its own: started with a `NOTIFY_SOCKET` the bench
/// listens on, so "ready" means the daemon's own `READY=1`, and stopped with SIGTERM (its graceful drain).
final class DaemonUnderTest {
    let binary: String
    let directory: String
    let tcpPort: UInt16
    /// The dashboard and /metrics (issue 18), on a port of its own.
    let httpPort: UInt16
    var stationSocket: String { directory + "/run/station.sock" }
    var controlSocket: String { directory + "/run/control.sock" }
    var databasePath: String
    var logPath: String { directory + "/daemon.log" }
    private(set) var pid: Int32 = 0
    private let extraArguments: [String]
    /// A command put in front of the daemon (`valgrind --tool=callgrind ...`).
    private let wrapper: [String]

    init(
        binary: String, directory: String, databasePath: String? = nil, arguments: [String] = [],
        wrapper: [String] = []
    ) throws(BenchError) {
        self.binary = binary
        self.directory = directory
        self.databasePath = databasePath ?? directory + "/state/checkpointd.db"
        self.extraArguments = arguments
        self.wrapper = wrapper
        self.tcpPort = try Sockets.freePort()
        self.httpPort = try Sockets.freePort()
        try Files.makeDirectory(directory + "/run")
        try Files.makeDirectory(directory + "/state")
    }

    var arguments: [String] {
        [
            "--state-dir", directory + "/state", "--runtime-dir", directory + "/run",
            "--database", databasePath,
            "--listen", "tcp:127.0.0.1:\(tcpPort)", "--listen", "unix:\(stationSocket)",
            "--control", controlSocket, "--log-target", "stderr", "--display-timezone", "UTC",
            "--http-listen", "tcp:127.0.0.1:\(httpPort)",
        ] + extraArguments
    }

    var stationEndpoint: Endpoint { .tcp(port: tcpPort) }

    /// Starts the daemon and waits for `READY=1`; returns nanoseconds from just before `posix_spawn` to it.
    @discardableResult
    func start(timeoutSeconds: Double = 60) throws(BenchError) -> UInt64 {
        let notifyPath = directory + "/notify.sock"
        unlink(notifyPath)
        let notify = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard notify >= 0 else { throw .errno("socket") }
        defer {
            close(notify)
            unlink(notifyPath)
        }
        guard let address = UnixSocketAddress(path: notifyPath) else {
            throw BenchError("path too long: \(notifyPath)")
        }
        guard address.bind(notify) == 0 else { throw .errno("bind \(notifyPath)") }

        var environment = Environment.current().filter {
            !$0.hasPrefix("NOTIFY_SOCKET=") && !$0.hasPrefix("LISTEN_") && !$0.hasPrefix("JOURNAL_STREAM=")
                && !$0.hasPrefix("WATCHDOG_")
        }
        environment.append("NOTIFY_SOCKET=" + notifyPath)
        let started = monotonicNanoseconds()
        pid = try Spawn.run(wrapper + [binary] + arguments, environment: environment, output: logPath)
        let deadline = started + UInt64(timeoutSeconds * 1e9)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let now = monotonicNanoseconds()
            guard now < deadline else { throw BenchError("no READY=1 within \(Int(timeoutSeconds)) s; see \(logPath)") }
            var poller = pollfd(fd: notify, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 100)
            if ready > 0 {
                let count = buffer.withUnsafeMutableBytes { recv(notify, $0.baseAddress, $0.count, 0) }
                let arrived = monotonicNanoseconds()
                if count > 0 {
                    let text = String(decoding: buffer[0..<count], as: UTF8.self)
                    if text.split(separator: "\n").contains("READY=1") { return arrived - started }
                }
            }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                pid = 0
                throw BenchError("checkpointd exited before READY=1 (status \(status)); see \(logPath)")
            }
        }
    }

    /// SIGTERM and wait (the daemon answers what it read, commits, checkpoints the WAL, exits).
    func stop(timeoutSeconds: Double = 60) {
        guard pid > 0 else { return }
        kill(pid, SIGTERM)
        let deadline = monotonicNanoseconds() + UInt64(timeoutSeconds * 1e9)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if monotonicNanoseconds() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            sleepSeconds(0.01)
        }
        pid = 0
    }

    deinit { stop() }

    func control() throws(BenchError) -> ControlConnection { try ControlConnection(path: controlSocket) }

    /// The writer's counters from `health` (`commits`, `committed_records` when the daemon reports them).
    func writerCounters() throws(BenchError) -> (commits: Int64, records: Int64)? {
        let health = try control().call("health")
        guard let commits = health["commits"]?.intValue, let records = health["committed_records"]?.intValue else {
            return nil
        }
        return (commits, records)
    }

    var rssBytes: UInt64 { Proc.status(pid: pid, field: "VmRSS") }
}

enum Spawn {
    /// Starts `arguments[0]` with `arguments`, stdout and stderr appended to `output`. Returns the pid.
    static func run(_ arguments: [String], environment: [String], output: String) throws(BenchError) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var argv = arguments.map { strdup($0) } + [nil]
        var envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, arguments[0], &actions, nil, &argv, &envp)
        guard rc == 0 else { throw BenchError("cannot start \(arguments[0]): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Runs a command to completion, output to `output`; returns its exit status.
    @discardableResult
    static func wait(_ arguments: [String], output: String = "/dev/null") throws(BenchError) -> Int32 {
        let pid = try run(arguments, environment: Environment.current(), output: output)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return (status >> 8) & 0xFF
    }
}

enum Environment {
    static func current() -> [String] {
        var result: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            result.append(String(cString: entry))
            pointer += 1
        }
        return result
    }

    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}

enum Files {
    static func makeDirectory(_ path: String) throws(BenchError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { throw .errno("mkdir \(prefix)") }
        }
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// `rm -rf`, `cp`, via the system tools (the bench is Linux-only, as the daemon is).
    static func remove(_ path: String) { _ = try? Spawn.wait(["rm", "-rf", path]) }

    static func copy(_ source: String, _ destination: String) throws(BenchError) {
        guard try Spawn.wait(["cp", "--reflink=auto", source, destination]) == 0 else {
            throw BenchError("cannot copy \(source) to \(destination)")
        }
    }

    /// The directory of this executable (where SwiftPM also puts `checkpointd`).
    static var executableDirectory: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return "." }
        let path = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }
}
