@testable import CheckpointSystemd
import CheckpointTestSupport
import Foundation
import Glibc
import Testing

// How socket activation is tested, and why this way.
//
// `sd_listen_fds` only looks at fds from 3 on, in the process named by LISTEN_PID. Faking that
// inside the test process would mean dup2'ing sockets over fds 3 and 4, which belong to whoever
// opened them first (the test runner, or another module's test running in parallel in the same
// process): a window in which their writes land in our socket. So the happy path runs where it
// does in production: the real `systemd-socket-activate` binds a TCP and a Unix listener, names
// them with --fdname, and on the first connection execs a process. That process is this test
// binary again, told (through `-E`) to run only `SocketActivationChild`, which calls `take()` and
// writes what it got to a report file the parent test reads.
//
// The malformed and not-for-us environments never reach the fds, so they run in process.

/// Where the child writes its report; set by the parent test with `systemd-socket-activate -E`.
private let reportVariable = "CHECKPOINT_SYSTEMD_TEST_REPORT"

extension ProcessGlobalTests {
    @Suite struct InheritedSocketsTests {
        @Test func take_whenNotSocketActivated_isEmpty() throws {
            try withEnvironment(["LISTEN_PID": nil, "LISTEN_FDS": nil, "LISTEN_FDNAMES": nil]) {
                let taken = try InheritedSockets.take()
                #expect(taken.isEmpty)
            }
        }

        @Test func take_whenListenPIDIsAnotherProcess_isEmptyAndUnsetsEnvironment() throws {
            let changes = ["LISTEN_PID": String(getpid() + 1), "LISTEN_FDS": "2", "LISTEN_FDNAMES": "station:control"]
            try withEnvironment(changes) {
                let taken = try InheritedSockets.take()
                #expect(taken.isEmpty)
                #expect(environmentValue("LISTEN_PID") == nil)
                #expect(environmentValue("LISTEN_FDS") == nil)
                #expect(environmentValue("LISTEN_FDNAMES") == nil)
            }
        }

        @Test(arguments: ["abc", "0", "-1"])
        func take_whenListenFDSMalformed_throwsEINVAL(listenFDs: String) {
            withEnvironment(["LISTEN_PID": String(getpid()), "LISTEN_FDS": listenFDs, "LISTEN_FDNAMES": nil]) {
                let error = #expect(throws: SystemdError.self) { try InheritedSockets.take() }
                #expect(error?.errno == EINVAL)
                do {
                    _ = try InheritedSockets.take()
                } catch {
                    Issue.record("environment should be unset after the first call, got \(error)")
                }
            }
            #expect(SystemdError(message: "m", errno: EINVAL).description.contains("Invalid argument"))
        }

        @Test func kind_whenNotAListeningStream_isOther() throws {
            let udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            let tcp = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var ends: [Int32] = [0, 0]
            #expect(pipe(&ends) == 0)
            defer {
                for fd in [udp, tcp, ends[0], ends[1]] {
                    close(fd)
                }
            }
            #expect(InheritedSockets.kind(of: udp) == .other)
            #expect(InheritedSockets.kind(of: tcp) == .other)  // not listening
            #expect(InheritedSockets.kind(of: ends[0]) == .other)
        }

        @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-socket-activate")))
        func take_whenLaunchedBySystemdSocketActivate_returnsNamedTCPAndUnixSockets() throws {
            let directory = try TemporaryDirectory(prefix: "cpsd")
            let report = try SocketActivation.run(in: directory)
            #expect(report == [
                "socket fd=3 name=station kind=tcp cloexec=yes",
                "socket fd=4 name=control kind=unix cloexec=yes",
                "env LISTEN_PID=- LISTEN_FDS=- LISTEN_FDNAMES=-",
                "again count=0",
                "mismatched errno=\(EINVAL)",
                "unnamed fd=3 name=unknown fd=4 name=unknown",
            ])
        }
    }
}

/// Runs in the process `systemd-socket-activate` started (see the comment at the top); does
/// nothing in an ordinary test run.
@Suite struct SocketActivationChild {
    @Test func reportTakenSockets() throws {
        guard let reportPath = environmentValue(reportVariable) else {
            return
        }
        var lines: [String] = []
        for socket in try InheritedSockets.take() {
            let cloexec = fcntl(socket.fd, F_GETFD) & FD_CLOEXEC != 0 ? "yes" : "no"
            lines.append("socket fd=\(socket.fd) name=\(socket.name) kind=\(socket.kind) cloexec=\(cloexec)")
        }
        let left = ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"].map { "\($0)=\(environmentValue($0) ?? "-")" }
        lines.append("env " + left.joined(separator: " "))
        lines.append("again count=\(try InheritedSockets.take().count)")

        // The same two fds, now that this process knows they are there: a name count that does
        // not match LISTEN_FDS is malformed, and no LISTEN_FDNAMES at all means "unknown".
        setenv("LISTEN_PID", String(getpid()), 1)
        setenv("LISTEN_FDS", "2", 1)
        setenv("LISTEN_FDNAMES", "station:control:extra", 1)
        do {
            let taken = try InheritedSockets.take()
            lines.append("mismatched count=\(taken.count)")
        } catch {
            lines.append("mismatched errno=\(error.errno)")
        }
        setenv("LISTEN_PID", String(getpid()), 1)
        setenv("LISTEN_FDS", "2", 1)
        unsetenv("LISTEN_FDNAMES")
        let unnamed = try InheritedSockets.take().map { "fd=\($0.fd) name=\($0.name)" }
        lines.append("unnamed " + unnamed.joined(separator: " "))

        try (lines.joined(separator: "\n") + "\n").write(toFile: reportPath, atomically: true, encoding: .utf8)
    }
}

/// The parent side: start `systemd-socket-activate`, connect once so that it execs the child,
/// wait for the child, and return its report lines.
private enum SocketActivation {
    static func run(in directory: TemporaryDirectory) throws -> [String] {
        let executable = try TestBinary.path()
        let controlPath = directory.file("control.sock")
        let reportPath = directory.file("report")
        // A port that was free a moment ago; if someone takes it in between, try another.
        for _ in 0..<3 {
            unlink(controlPath)
            let port = try FreePort.tcp()
            let process = try ChildProcess(
                executable: "/usr/bin/systemd-socket-activate",
                arguments:
                [
                    "-l", "127.0.0.1:\(port)", "-l", controlPath, "--fdname=station:control",
                    "-E", "\(reportVariable)=\(reportPath)",
                    "--", executable,
                ] + TestBinary.arguments(filter: "SocketActivationChild"),
                environment: ChildProcess.inheritedEnvironment(),
                standardOutput: directory.file("stdout"),
                standardError: directory.file("stderr")
            )
            defer {
                if process.poll() == nil {
                    process.send(signal: SIGTERM)
                    _ = process.wait(seconds: 300)
                }
            }
            let stream = Int32(SOCK_STREAM.rawValue)
            let woken = Self.wait(seconds: 10) {
                process.poll() != nil || SocketAddress.canConnect(toUnixPath: controlPath, type: stream)
            }
            guard woken, process.poll() == nil else {
                continue
            }
            guard Self.wait(seconds: 120, until: { process.poll() != nil }) else {
                Issue.record("the socket-activated child did not finish")
                return []
            }
            let stderr = (try? String(contentsOfFile: directory.file("stderr"), encoding: .utf8)) ?? ""
            #expect(process.poll() == .exited(0), "child failed: \(stderr)")
            let text = try String(contentsOfFile: reportPath, encoding: .utf8)
            return text.split(separator: "\n").map(String.init)
        }
        Issue.record("systemd-socket-activate did not start listening")
        return []
    }

    private static func wait(seconds: Double, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() {
                return true
            }
            usleep(20_000)
        }
        return condition()
    }
}
