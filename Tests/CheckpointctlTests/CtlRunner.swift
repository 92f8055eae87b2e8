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
/// `.build/debug/checkpointctl`, or wherever `CHECKPOINTCTL_BIN` says.
struct CtlFixture {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let directory: TemporaryDirectory
    /// Where the fake daemon listens (`CHECKPOINTD_CONTROL` points here unless a test says otherwise).
    var socketPath: String { directory.file("control.sock") }

    init() throws {
        directory = try TemporaryDirectory()
    }

    func remove() {
        directory.remove()
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
        ) { process in
            try server.serve(
                replies,
                afterScript: {
                    guard let expectedOutput else {
                        return
                    }
                    try Self.waitFor("\(expectedOutput.debugDescription) on stdout", within: 20) {
                        (try? String(contentsOfFile: stdoutPath, encoding: .utf8))?.contains(expectedOutput) ?? false
                    }
                    process.interrupt()
                    try Self.waitFor("checkpointctl to exit after SIGINT", within: 20) { !process.isRunning }
                },
                while: { process.isRunning }
            )
        }
    }

    private static func waitFor(_ what: String, within seconds: TimeInterval, _ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            guard Date() < deadline else {
                throw Failure(description: "gave up waiting for \(what) after \(seconds) s")
            }
            usleep(10_000)
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
        whileRunning: (Process) throws -> [String]
    ) throws -> (run: CtlRun, requests: [String]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.binaryPath())
        process.arguments = arguments
        process.environment = baseEnvironment.merging(environment) { _, new in new }.filter { !$0.value.isEmpty }
        process.standardInput = FileHandle.nullDevice
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        let stdoutPath = directory.file("stdout")
        let stderrPath = directory.file("stderr")
        let terminal = onTerminal ? try PseudoTerminal() : nil
        if let standardOutput {
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: standardOutput))
        } else {
            process.standardOutput = try terminal?.follower ?? Self.truncatedFile(stdoutPath)
        }
        process.standardError = try Self.truncatedFile(stderrPath)
        try process.run()
        let requests: [String]
        do {
            requests = try whileRunning(process)
        } catch {
            process.terminate()
            process.waitUntilExit()
            throw error
        }
        process.waitUntilExit()
        let stdout =
            standardOutput != nil ? "" : try terminal?.drain() ?? String(contentsOfFile: stdoutPath, encoding: .utf8)
        let run = CtlRun(
            status: process.terminationStatus,
            stdout: stdout,
            stderr: try String(contentsOfFile: stderrPath, encoding: .utf8)
        )
        return (run, requests)
    }

    static func binaryPath() throws -> String {
        if let override = ProcessInfo.processInfo.environment["CHECKPOINTCTL_BIN"], !override.isEmpty {
            return override
        }
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for directory in [bundleDirectory, bundleDirectory.deletingLastPathComponent()] {
            let candidate = directory.appendingPathComponent("checkpointctl").path
            if FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        throw Failure(
            description: "no checkpointctl next to \(CommandLine.arguments[0]): run `swift build --build-tests` "
                + "or set CHECKPOINTCTL_BIN"
        )
    }

    private static func truncatedFile(_ path: String) throws -> FileHandle {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw POSIXError(.EIO)
        }
        return try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    }
}

/// A pseudo-terminal pair, so the child's stdout is a terminal (`isatty` true) as an operator's would be.
final class PseudoTerminal {
    private let leader: Int32
    let follower: FileHandle

    init() throws {
        // posix_openpt, unlockpt and ptsname are hidden from the Glibc module (they need _XOPEN_SOURCE), so they
        // are looked up in the C library by name.
        let openLeader = try Self.function("posix_openpt", as: (@convention(c) (CInt) -> CInt).self)
        let unlock = try Self.function("unlockpt", as: (@convention(c) (CInt) -> CInt).self)
        let name = try Self.function("ptsname", as: (@convention(c) (CInt) -> UnsafeMutablePointer<CChar>?).self)
        let leader = openLeader(O_RDWR | O_NOCTTY)
        guard leader >= 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        guard unlock(leader) == 0, let path = name(leader) else {
            close(leader)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        let follower = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard follower >= 0 else {
            close(leader)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        self.leader = leader
        self.follower = FileHandle(fileDescriptor: follower, closeOnDealloc: true)
    }

    deinit {
        close(leader)
    }

    private static func function<Function>(_ name: String, as type: Function.Type) throws -> Function {
        guard let symbol = dlsym(nil, name) else {
            throw POSIXError(.ENOSYS)
        }
        return unsafeBitCast(symbol, to: type)
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
