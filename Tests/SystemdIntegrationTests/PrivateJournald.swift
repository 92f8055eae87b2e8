import CheckpointTestSupport
import Foundation
import Glibc

/// A `systemd-journald` of the test's own, in a private mount namespace with tmpfs over `/run` and
/// `/var/log/journal`: its sockets and journal files exist only in there and vanish with it, so tests can run
/// side by side, the machine's own journal (if any) is not touched, and nothing is left behind.
///
/// Programs reach it by running in its namespace (``command(_:)`` prefixes `nsenter -t <pid> -m --`, which
/// `exec`s, so the pid stays the program's). Needs root (mounts) and `/lib/systemd/systemd-journald`.
final class PrivateJournald: @unchecked Sendable {
    // Safe because: driven by the test's own thread only.
    static let binary = "/lib/systemd/systemd-journald"
    static let unshare = "/usr/bin/unshare"
    static let nsenter = "/usr/bin/nsenter"
    static let journalctl = "/usr/bin/journalctl"

    /// Why the journald tests cannot run here, or nil when they can.
    static let unavailableReason: String? = {
        if geteuid() != 0 { return "not root: cannot mount a private /run for a journald of our own" }
        for tool in [binary, unshare, nsenter, journalctl] where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is not installed"
        }
        return nil
    }()

    static var isAvailable: Bool {
        if let reason = unavailableReason { print("SystemdIntegrationTests: skipping journald tests: \(reason)") }
        return unavailableReason == nil
    }

    private let child: ChildProcess
    var pid: Int32 { child.pid }

    /// Starts journald and waits (up to 10 s) until its native socket exists.
    init(directory: TemporaryDirectory) throws {
        let script = """
            set -e
            mount -t tmpfs -o mode=0755 tmpfs /run
            mkdir -p /run/systemd/journal /run/log/journal
            if [ -d /var/log/journal ]; then mount -t tmpfs -o mode=0755 tmpfs /var/log/journal; fi
            exec \(Self.binary)
            """
        child = try ChildProcess(
            executable: Self.unshare,
            arguments: ["--mount", "--propagation", "private", "--", "/bin/sh", "-c", script],
            environment: ChildProcess.cleanEnvironment(),
            standardOutput: directory.file("journald.stdout"),
            standardError: directory.file("journald.stderr")
        )
        let socket = "/proc/\(child.pid)/root/run/systemd/journal/socket"
        let up = Deadline.poll(seconds: 10) { child.poll() != nil || isSocketFile(socket) }
        guard up, child.poll() == nil else {
            let log = (try? String(contentsOfFile: directory.file("journald.stderr"), encoding: .utf8)) ?? ""
            child.send(signal: SIGKILL)
            _ = child.wait(seconds: 5)
            throw TestSupportError("private systemd-journald did not start: \(log)")
        }
    }

    deinit {
        child.send(signal: SIGTERM)
        if child.wait(seconds: 10) == nil {
            child.send(signal: SIGKILL)
            _ = child.wait(seconds: 5)
        }
    }

    /// `command` run inside journald's mount namespace (where `/run/systemd/journal/socket` is this journald).
    func command(_ command: [String]) -> [String] {
        [Self.nsenter, "-t", String(pid), "-m", "--"] + command
    }

    /// `journalctl -o json --no-pager <matches>` in the namespace: every entry, each as its raw JSON line and
    /// parsed.
    func entries(_ matches: [String]) throws -> [JournalRecord] {
        let result = try ChildProcess.run(
            Self.nsenter, ["-t", String(pid), "-m", "--", Self.journalctl, "-o", "json", "--no-pager"] + matches)
        guard result.status == .exited(0) || result.standardOutput.isEmpty else {
            throw TestSupportError("journalctl failed (\(result.status)): \(result.standardError)")
        }
        return result.standardOutput.split(separator: "\n").compactMap { JournalRecord(line: String($0)) }
    }

    /// ``entries(_:)`` polled until `condition` holds for them or `seconds` pass (journald writes asynchronously).
    func entries(
        _ matches: [String],
        within seconds: Double,
        until condition: ([JournalRecord]) -> Bool
    ) throws -> [JournalRecord] {
        var found: [JournalRecord] = []
        _ = try Deadline.poll(seconds: seconds, interval: 0.1) {
            found = try entries(matches)
            return condition(found)
        }
        return found
    }
}

/// One entry of `journalctl -o json`: the raw line and its string fields (binary ones are left out).
struct JournalRecord: Sendable {
    let raw: String
    let fields: [String: String]

    init?(line: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            return nil
        }
        raw = line
        fields = object.compactMapValues { $0 as? String }
    }

    subscript(name: String) -> String? { fields[name] }
}
