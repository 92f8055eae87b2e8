import CheckpointCore
import Glibc

/// One run of `alert_command`, on the calling thread (a runner worker's, never an event loop or the writer): started
/// with `posix_spawn` in a process group of its own, stdin `/dev/null`, stdout and stderr into a pipe of which the
/// first `outputLimit` bytes are kept (the rest is read and discarded, so a chatty command never blocks), a clean
/// signal mask and default dispositions, no descriptor of the daemon's beyond 0–2, and only `environment`.
///
/// At its deadline the whole group gets SIGTERM, and SIGKILL `killGrace` later: a shell's children die with it.
/// Only this child is reaped (`waitid`/`waitpid` on its pid), never "any child": nothing else's children are taken.
enum AlertCommandProcess {
    enum Outcome: Sendable, Equatable {
        case succeeded
        /// Ended with a non-zero status, or by a signal it was not sent by us (`128 + signal`, as a shell says).
        case failed(status: Int32, output: String)
        /// Killed at its deadline.
        case timedOut(output: String)
        /// Could not be started (`errno`).
        case notStarted(String)
    }

    static let killGraceNanoseconds: UInt64 = 2_000_000_000
    static let outputLimit = 4096

    /// Runs `path` with `environment` until it ends or `deadline()` (uptime nanoseconds; asked again on every turn,
    /// so a stopping daemon can bring it forward) passes.
    static func run(path: String, environment: [String: String], deadline: () -> UInt64) -> Outcome {
        var pipeEnds: [Int32] = [-1, -1]
        // pipe2 is not imported (a GNU extension); the ends are close-on-exec a moment later, and a child spawned
        // meanwhile by another thread closes every descriptor beyond 2 anyway (`closeFrom`).
        guard pipe(&pipeEnds) == 0 else { return .notStarted(errnoText(errno)) }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let spawned = spawn(path: path, environment: environment, output: writeEnd)
        close(writeEnd)
        guard case .success(let pid) = spawned else {
            close(readEnd)
            if case .failure(let error) = spawned { return .notStarted(error.text) }
            return .notStarted("unknown")
        }
        _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
        var output = OutputCapture(descriptor: readEnd)
        defer { output.close() }

        var terminatedAt: UInt64?
        var killed = false
        while !hasEnded(pid) {
            let now = Monotonic.nanoseconds()
            if let terminatedAt {
                if !killed && now >= terminatedAt + killGraceNanoseconds {
                    kill(-pid, SIGKILL)
                    killed = true
                }
            } else if now >= deadline() {
                kill(-pid, SIGTERM)
                terminatedAt = now
            }
            output.wait(milliseconds: 50)
        }
        output.drain()
        // The leader has ended but is not reaped yet, so its pid (the group's id) cannot have been reused: clear
        // what is left of a timed-out group, then reap.
        if terminatedAt != nil { kill(-pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if terminatedAt != nil { return .timedOut(output: output.text) }
        if status & 0x7f == 0 {
            let code = (status >> 8) & 0xff
            return code == 0 ? .succeeded : .failed(status: code, output: output.text)
        }
        return .failed(status: 128 + (status & 0x7f), output: output.text)
    }

    /// Whether the child has ended, without reaping it (`WNOWAIT`).
    private static func hasEnded(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        let result = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
        // With WNOHANG and no change, waitid returns 0 and leaves si_pid 0.
        return result == 0 ? info._sifields._sigchld.si_pid == pid : errno != EINTR
    }

    private struct SpawnError: Error {
        var text: String
    }

    private static func spawn(
        path: String, environment: [String: String], output: Int32
    ) -> Result<pid_t, SpawnError> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        closeFrom(3, in: &actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM, SIGWINCH] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // Group 0: a new process group whose id is the child's pid.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = [strdup(path)] + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else { return .failure(SpawnError(text: errnoText(result))) }
        return .success(pid)
    }

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+), looked up at run time because the Glibc module
    /// does not import it. The daemon's own descriptors are close-on-exec anyway; this covers any that are not.
    private static func closeFrom(_ first: Int32, in actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, first)
    }

    static func errnoText(_ code: Int32) -> String {
        strerror(code).map { String(cString: $0) } ?? "error \(code)"
    }
}

/// The command's stdout and stderr: the first `AlertCommandProcess.outputLimit` bytes kept, the rest discarded.
private struct OutputCapture {
    private var descriptor: Int32
    private var kept: [UInt8] = []

    init(descriptor: Int32) { self.descriptor = descriptor }

    var text: String { String(decoding: kept, as: UTF8.self) }

    /// Waits up to `milliseconds` for output (or just sleeps once the pipe is closed), then reads what is there.
    mutating func wait(milliseconds: Int32) {
        guard descriptor >= 0 else {
            usleep(UInt32(milliseconds) * 1000)
            return
        }
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        _ = poll(&poller, 1, milliseconds)
        drain()
    }

    /// Reads everything available now; at end of file the pipe is closed.
    mutating func drain() {
        guard descriptor >= 0 else { return }
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                kept.append(contentsOf: chunk[..<min(count, max(0, AlertCommandProcess.outputLimit - kept.count))])
                continue
            }
            if count == 0 { close() }
            if count < 0 && errno == EINTR { continue }
            return
        }
    }

    mutating func close() {
        guard descriptor >= 0 else { return }
        Glibc.close(descriptor)
        descriptor = -1
    }
}
