import CheckpointTestSupport
import Foundation

/// What one run of the `checkpointctl` binary did. Compared whole, so a failure shows every difference at once.
struct CtlRun: Equatable, CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    var description: String {
        "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)---"
    }
}

/// Runs the real built `checkpointctl` (STYLE §6 `AssertExecuteCommand`): found next to this test bundle, e.g.
/// `.build/debug/checkpointctl`, or wherever `CHECKPOINTCTL_BIN` says. The directory goes when the fixture goes.
struct CtlFixture {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let directory: TemporaryDirectory
    /// Where the fake daemon listens (`CHECKPOINTD_CONTROL` points here unless a test says otherwise).
    var socketPath: String { directory.file("control.sock") }

    init() throws {
        directory = try TemporaryDirectory(prefix: "cpctl")
    }

    /// A small environment of our own, so nothing from the developer's shell (NO_COLOR, CHECKPOINTD_CONTROL,
    /// XDG_RUNTIME_DIR) leaks in. HOME is inside the temporary directory.
    var baseEnvironment: [String: String] {
        ["PATH": "/usr/bin:/bin", "HOME": directory.file("home"), "CHECKPOINTD_CONTROL": socketPath]
    }

    /// Runs `checkpointctl arguments` against a fake daemon at ``socketPath`` that answers with `replies`, one per
    /// request line. Returns the run and the request lines the daemon got.
    ///
    /// With `interruptAfter`, the fake daemon keeps the connection open after its replies until that text is on
    /// the client's stdout, then sends the client SIGINT (Ctrl-C) and waits for it to exit.
    func run(
        _ arguments: [String],
        replies: [FakeControlServer.Reply],
        environment: [String: String] = [:],
        serverPath: String? = nil,
        onTerminal: Bool = false,
        interruptAfter expectedOutput: String? = nil,
        standardOutput: String? = nil
    ) throws -> (run: CtlRun, requests: [String]) {
        let server = try FakeControlServer(path: serverPath ?? socketPath)
        let stdoutPath = directory.file("stdout")
        return try launch(
            arguments, environment: environment, onTerminal: onTerminal, standardOutput: standardOutput
        ) { child in
            try server.serve(
                replies,
                afterScript: {
                    guard let expectedOutput else {
                        return
                    }
                    try Self.waitFor("\(expectedOutput.debugDescription) on stdout", within: 20) {
                        (try? String(contentsOfFile: stdoutPath, encoding: .utf8))?.contains(expectedOutput) ?? false
                    }
                    child.send(signal: SIGINT)
                    try Self.waitFor("checkpointctl to exit after SIGINT", within: 20) { child.poll() != nil }
                },
                while: { child.poll() == nil }
            )
        }
    }

    private static func waitFor(_ what: String, within seconds: Double, _ condition: () -> Bool) throws {
        guard Deadline.poll(seconds: seconds, interval: 0.01, until: condition) else {
            throw Failure(description: "gave up waiting for \(what) after \(seconds) s")
        }
    }

    /// Runs `checkpointctl arguments` with no daemon listening anywhere.
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> CtlRun {
        try launch(arguments, environment: environment, onTerminal: false) { _ in [] }.run
    }

    private func launch(
        _ arguments: [String],
        environment: [String: String],
        onTerminal: Bool,
        standardOutput: String? = nil,
        whileRunning: (ChildProcess) throws -> [String]
    ) throws -> (run: CtlRun, requests: [String]) {
        let stdoutPath = directory.file("stdout")
        let stderrPath = directory.file("stderr")
        let terminal = onTerminal ? try PseudoTerminal() : nil
        // Each run starts with empty output files (the child appends).
        for path in [stdoutPath, stderrPath] where !FileManager.default.createFile(atPath: path, contents: nil) {
            throw Failure(description: "cannot create \(path)")
        }
        let child = try ChildProcess(
            executable: try BuiltProduct.checkpointctl(),
            arguments: arguments,
            environment: baseEnvironment.merging(environment) { _, new in new }.filter { !$0.value.isEmpty },
            standardOutput: standardOutput ?? terminal?.followerPath ?? stdoutPath,
            standardError: stderrPath,
            workingDirectory: directory.path
        )
        let requests: [String]
        do {
            requests = try whileRunning(child)
        } catch {
            child.send(signal: SIGTERM)
            _ = child.wait(seconds: 60)
            throw error
        }
        guard let status = child.wait(seconds: 300) else {
            throw Failure(description: "checkpointctl \(arguments) did not exit within 300 s")
        }
        let stdout =
            standardOutput != nil ? "" : try terminal?.drain() ?? String(contentsOfFile: stdoutPath, encoding: .utf8)
        let run = CtlRun(
            status: status.foundationCode,
            stdout: stdout,
            stderr: try String(contentsOfFile: stderrPath, encoding: .utf8)
        )
        return (run, requests)
    }
}

extension TerminationStatus {
    /// The exit code, or the signal's number when killed (as Foundation's `Process.terminationStatus` reports).
    fileprivate var foundationCode: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): signal
        }
    }
}

/// A pseudo-terminal pair, so the child's stdout is a terminal (`isatty` true) as an operator's would be.
final class PseudoTerminal {
    private let leader: Int32
    /// The terminal's device path, for the child to open as its stdout (it is not a session leader, so the
    /// terminal never becomes its controlling terminal).
    let followerPath: String
    let follower: FileHandle

    init() throws {
        let device = try PseudoTerminalDevice.open()
        let leader = device.leader
        let path = device.followerPath
        let follower = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard follower >= 0 else {
            close(leader)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        self.leader = leader
        self.followerPath = path
        self.follower = FileHandle(fileDescriptor: follower, closeOnDealloc: true)
    }

    deinit {
        close(leader)
    }

    /// Everything the child wrote, once it has exited; the terminal's CR before each LF is taken out.
    func drain() throws -> String {
        try follower.close()
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(leader, $0.baseAddress, $0.count) }
            guard count > 0 else {
                break
            }
            bytes.append(contentsOf: chunk[..<count])
        }
        return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    }
}
