import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// What the failing-disk and clock tests (issue 14, points 5 and 7) share: their environment switches, sending
/// records one at a time while the fault is on, and the `LD_PRELOAD` shim that fails `fsync`.

/// An environment switch like `CHECKPOINTD_REAL_SYSTEMD`: `require` runs the test and fails it when its
/// prerequisite is missing (CI, as root), `skip` never runs it, anything else runs it when the prerequisite holds.
struct FaultSwitch: Sendable {
    let name: String

    var mode: String { ProcessInfo.processInfo.environment[name] ?? "" }

    /// Whether the test runs; the reason for a skip is the trait's comment, which the test log prints.
    func enabled(when possible: @autoclosure () -> Bool) -> Bool {
        switch mode {
        case "require": return true
        case "skip": return false
        default: return possible()
        }
    }

    static let mounts = FaultSwitch(name: "CHECKPOINTD_MOUNTS")
}

/// The reply to each of `seqs`, sent one at a time (nil once the connection ended or answered nothing in
/// `timeout` seconds: the daemon stopped). Stops at the first nil.
func sendEach(_ seqs: ClosedRange<Int>, on client: LineClient, timeout: Double = 20) -> [Int: String?] {
    var replies: [Int: String?] = [:]
    for seq in seqs {
        let reply = try? client.request(passingTemp(seq: seq, person: seq), timeout: timeout)
        replies[seq] = reply
        if reply == nil { break }
    }
    return replies
}

/// Replies that acknowledged a record (`OK`/`DUP`): none may come while the disk fails.
func acknowledgements(_ replies: [Int: String?]) -> [String] {
    replies.values.compactMap { $0 }.filter { $0.hasPrefix("OK ") || $0.hasPrefix("DUP ") }.sorted()
}

/// How many rows each of `seqs` has in `records` (exactly once is 1 each).
func storedCounts(_ database: String, _ seqs: ClosedRange<Int>) throws -> [Int: Int] {
    let rows = try SQLiteShell.query(
        database,
        "SELECT seq, COUNT(*) FROM records WHERE seq BETWEEN \(seqs.lowerBound) AND \(seqs.upperBound) GROUP BY seq")
    var counts: [Int: Int] = [:]
    for row in rows where row.count == 2 {
        if let seq = Int(row[0]), let count = Int(row[1]) { counts[seq] = count }
    }
    return counts
}

/// `Tests/Fixtures/sync-fault.c` compiled into `directory`: an `LD_PRELOAD` shim failing `fsync`/`fdatasync`
/// with `EIO` on files whose path contains `pattern`, while the trigger file exists.
struct SyncFaultShim {
    let library: String
    let trigger: String
    let log: String
    let pattern: String

    static var source: String {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()  // EndToEndTests
        url.deleteLastPathComponent()  // Tests
        return url.appendingPathComponent("Fixtures/sync-fault.c").path
    }

    static var compilerExists: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/cc") }

    init(in directory: TemporaryDirectory, pattern: String = "checkpointd.db") throws {
        library = directory.file("libsyncfault.so")
        trigger = directory.file("sync-fault.on")
        log = directory.file("sync-fault.log")
        self.pattern = pattern
        let build = try ChildProcess.run(
            "/usr/bin/cc", ["-shared", "-fPIC", "-Wall", "-Werror", "-o", library, Self.source, "-ldl"])
        guard build.status == .exited(0) else {
            throw TestSupportError("cc \(Self.source) failed (\(build.status)): \(build.standardError)")
        }
    }

    var environment: [String: String] {
        ["LD_PRELOAD": library, "SYNC_FAULT_TRIGGER": trigger, "SYNC_FAULT_PATTERN": pattern, "SYNC_FAULT_LOG": log]
    }

    func failSyncs() throws {
        guard FileManager.default.createFile(atPath: trigger, contents: Data()) else {
            throw TestSupportError("cannot create \(trigger)")
        }
    }

    func healSyncs() throws { try FileManager.default.removeItem(atPath: trigger) }

    /// The syncs the shim failed, one line each (`fdatasync <path>`).
    var failures: [String] {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}
