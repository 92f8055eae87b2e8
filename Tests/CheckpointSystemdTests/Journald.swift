import CheckpointTestSupport
import Foundation

/// A journald for the tests to log to: the machine's own when it runs one, else
/// `/lib/systemd/systemd-journald` started standalone (it needs root) and stopped afterwards,
/// with the directories it created removed, so the machine is left as it was.
final class Journald {
    static let socketPath = "/run/systemd/journal/socket"
    static let binary = "/lib/systemd/systemd-journald"
    /// What a standalone journald creates: its sockets, and the volatile journal (no /var/log/journal here).
    private static let createdPaths = ["/run/systemd/journal", "/run/log/journal"]

    /// Whether the journald tests can run: a journald answers, or we may start one.
    static var isAvailable: Bool {
        Self.isAnswering() || (geteuid() == 0 && FileManager.default.isExecutableFile(atPath: Self.binary))
    }

    private let process: ChildProcess?
    private let pathsToRemove: [String]
    private let directory: TemporaryDirectory

    private init(process: ChildProcess?, pathsToRemove: [String], directory: TemporaryDirectory) {
        self.process = process
        self.pathsToRemove = pathsToRemove
        self.directory = directory
    }

    /// Uses the running journald, or starts one and waits (up to 10 s) until its socket answers.
    static func start() throws -> Journald {
        let directory = try TemporaryDirectory(prefix: "cpsd")
        if Self.isAnswering() {
            return Journald(process: nil, pathsToRemove: [], directory: directory)
        }
        let missing = Self.createdPaths.filter { !FileManager.default.fileExists(atPath: $0) }
        let process = try ChildProcess(
            executable: Self.binary,
            arguments: [],
            environment: ChildProcess.cleanEnvironment(),
            standardOutput: directory.file("journald.out"),
            standardError: directory.file("journald.err")
        )
        let journald = Journald(process: process, pathsToRemove: missing, directory: directory)
        let deadline = Date().addingTimeInterval(10)
        while !Self.isAnswering() {
            guard Date() < deadline, process.poll() == nil else {
                let log = (try? String(contentsOfFile: directory.file("journald.err"), encoding: .utf8)) ?? ""
                journald.stop()
                throw JournaldError(message: "systemd-journald did not start: \(log)")
            }
            usleep(50_000)
        }
        return journald
    }

    /// Stops a journald we started (SIGTERM, then SIGKILL after 10 s) and removes what it created. (Its
    /// temporary directory goes with this object.)
    func stop() {
        guard let process = self.process else {
            return
        }
        if process.poll() == nil {
            process.send(signal: SIGTERM)
            if process.wait(seconds: 10) == nil {
                process.send(signal: SIGKILL)
                _ = process.wait(seconds: 60)
            }
        }
        for path in self.pathsToRemove {
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// The journal entries (`journalctl -o json`) that have `field=value`, polling until at least
    /// `count` are there or `seconds` have passed: journald writes asynchronously.
    func entries(matching field: String, _ value: String, count: Int, seconds: Double = 5) throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let result = try ChildProcess.run("/usr/bin/journalctl", ["-o", "json", "--no-pager", "\(field)=\(value)"])
            let entries = result.standardOutput.split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            }
            if entries.count >= count || Date() >= deadline {
                return entries
            }
            usleep(100_000)
        }
    }

    /// Whether a datagram socket can connect to journald's native socket (a stale one refuses).
    static func isAnswering() -> Bool {
        SocketAddress.canConnect(toUnixPath: Self.socketPath, type: Int32(SOCK_DGRAM.rawValue))
    }
}

struct JournaldError: Error, CustomStringConvertible {
    var message: String
    var description: String { self.message }
}
