import Foundation
import Glibc

/// How a child process ended.
public enum TerminationStatus: Equatable, Sendable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    /// Decodes a `waitpid` status word (the `WIFEXITED`/`WEXITSTATUS` macros are not imported into Swift).
    init(waitStatus status: Int32) {
        if status & 0x7f == 0 {
            self = .exited((status >> 8) & 0xff)
        } else {
            self = .signaled(status & 0x7f)
        }
    }

    public var description: String {
        switch self {
        case .exited(let code): "exit status \(code)"
        case .signaled(let signal): "killed by signal \(signal)"
        }
    }
}

/// Where a child's standard streams go.
public enum StandardStreams: Sendable {
    /// stdin read from `input`; stdout and stderr appended to the files `output` and `error` (created if needed).
    case files(input: String = "/dev/null", output: String, error: String)
    /// All three on the terminal device at `path` (opened read-write), the child leading a new session, so the
    /// terminal becomes its controlling terminal.
    case terminal(String)
}

/// A child process started with `posix_spawn` (never `fork` in a threaded test process): the one way tests run a
/// program. stdin from /dev/null unless given, stdout and stderr to files (a chatty child can never block on a
/// full pipe) or all three on a pseudo-terminal, a clean signal mask and default signal dispositions, and no file
/// descriptor of ours beyond 0–2 (so a test's sockets never leak into a daemon of another test).
public final class ChildProcess: @unchecked Sendable {
    // Safe because: `status` is only touched by the thread that owns the test (reaping happens in `wait`).
    public let pid: Int32
    /// Where stdout and stderr go (both the terminal's path for `.terminal`).
    public let standardOutputPath: String
    public let standardErrorPath: String
    private var status: TerminationStatus?

    /// `POSIX_SPAWN_SETSID` (glibc 2.26+), which the Glibc module does not import.
    private static let spawnSetSID: Int32 = 0x80

    public convenience init(
        executable: String,
        arguments: [String],
        environment: [String: String],
        standardInput: String = "/dev/null",
        standardOutput: String,
        standardError: String,
        workingDirectory: String? = nil
    ) throws {
        try self.init(
            executable: executable, arguments: arguments, environment: environment,
            streams: .files(input: standardInput, output: standardOutput, error: standardError),
            workingDirectory: workingDirectory)
    }

    public init(
        executable: String,
        arguments: [String],
        environment: [String: String],
        streams: StandardStreams,
        workingDirectory: String? = nil
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        switch streams {
        case .files(let input, let output, let error):
            posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            posix_spawn_file_actions_addopen(&actions, 2, error, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            self.standardOutputPath = output
            self.standardErrorPath = error
        case .terminal(let path):
            posix_spawn_file_actions_addopen(&actions, 0, path, O_RDWR, 0)
            posix_spawn_file_actions_adddup2(&actions, 0, 1)
            posix_spawn_file_actions_adddup2(&actions, 0, 2)
            flags |= ChildProcess.spawnSetSID
            self.standardOutputPath = path
            self.standardErrorPath = path
        }
        ChildProcess.closeFrom(3, in: &actions)
        if let workingDirectory {
            try ChildProcess.changeDirectory(to: workingDirectory, in: &actions)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGWINCH] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = ChildProcess.addingSanitizerOptions(to: environment).map { strdup("\($0.key)=\($0.value)") }
            + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child = pid_t()
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw TestSupportError("posix_spawn \(executable)", errno: result) }
        self.pid = child
    }

    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29+), looked up at run time like `closeFrom`.
    private static func changeDirectory(to path: String, in actions: inout posix_spawn_file_actions_t) throws {
        typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>)
            -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np")
        else { throw TestSupportError("this C library cannot start a child in another directory") }
        let result = unsafeBitCast(symbol, to: AddChdir.self)(&actions, path)
        guard result == 0 else { throw TestSupportError("posix_spawn_file_actions_addchdir_np", errno: result) }
    }

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+), looked up at run time because the Glibc module
    /// does not import it. Our own sockets are close-on-exec anyway; this also covers files others opened.
    private static func closeFrom(_ first: Int32, in actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, first)
    }

    deinit {
        if status == nil {
            Glibc.kill(pid, SIGKILL)
            var raw: Int32 = 0
            _ = waitpid(pid, &raw, 0)
        }
    }

    /// The environment of this test process, minus what would make a child think it runs under systemd.
    public static func cleanEnvironment(adding extra: [String: String] = [:]) -> [String: String] {
        var environment: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        let systemd = [
            "NOTIFY_SOCKET", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "WATCHDOG_USEC", "WATCHDOG_PID",
            "JOURNAL_STREAM", "STATE_DIRECTORY", "RUNTIME_DIRECTORY", "CONFIGURATION_DIRECTORY", "INVOCATION_ID",
            "CHECKPOINTD_CONTROL",
        ]
        for key in systemd { environment[key] = nil }
        return environment.merging(extra) { _, new in new }
    }

    /// Sends `signal` to the child (ignored once it has been reaped).
    public func send(signal: Int32) {
        guard status == nil else { return }
        Glibc.kill(pid, signal)
    }

    /// The exit status if the child has ended (reaping it), else nil.
    public func poll() -> TerminationStatus? {
        if let status { return status }
        var raw: Int32 = 0
        let result = waitpid(pid, &raw, WNOHANG)
        if result == pid {
            status = TerminationStatus(waitStatus: raw)
        }
        return status
    }

    /// Waits up to `seconds` for the child to end; nil if it is still running then.
    public func wait(seconds: Double) -> TerminationStatus? {
        let deadline = Deadline(seconds: seconds)
        while true {
            if let status = poll() { return status }
            if deadline.hasPassed { return nil }
            Deadline.sleep(min(0.01, deadline.remaining))
        }
    }

    public var standardOutput: String { Self.contents(of: standardOutputPath) }
    public var standardError: String { Self.contents(of: standardErrorPath) }

    static func contents(of path: String) -> String {
        guard let file = fopen(path, "r") else { return "" }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// What a program that ran to completion wrote, and how it ended.
public struct CompletedProcess: Sendable {
    public var status: TerminationStatus
    public var standardOutput: String
    public var standardError: String

    /// The exit code, or 128 + signal (as a shell reports it).
    public var code: Int32 {
        switch status {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }
}

extension ChildProcess {
    /// Runs `executable` to completion (at most `seconds`, then it is killed and this throws). Its output goes to
    /// files in a temporary directory of its own, read back once it has ended.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = ChildProcess.cleanEnvironment(),
        standardInput: String = "/dev/null",
        workingDirectory: String? = nil,
        seconds: Double = 60
    ) throws -> CompletedProcess {
        try withTemporaryDirectory(prefix: "cprun") { directory in
            let child = try ChildProcess(
                executable: executable,
                arguments: arguments,
                environment: environment,
                standardInput: standardInput,
                standardOutput: directory.file("stdout"),
                standardError: directory.file("stderr"),
                workingDirectory: workingDirectory
            )
            guard let status = child.wait(seconds: seconds) else {
                child.send(signal: SIGKILL)
                _ = child.wait(seconds: 10)
                throw TestSupportError("\(executable) \(arguments) did not finish within \(seconds) s")
            }
            return CompletedProcess(status: status, standardOutput: child.standardOutput,
                                    standardError: child.standardError)
        }
    }

    /// The environment of this test process as it is (only Swift Testing's own `SWT_` variables left out), with
    /// `extra` on top: for running this test binary again in a child.
    public static func inheritedEnvironment(adding extra: [String: String] = [:]) -> [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SWT_") }.merging(extra) { _, new in new }
    }
}
