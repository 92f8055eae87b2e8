import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// Paths in this checkout (the tests run from a build of it).
enum Checkout {
    /// The repository root: three levels above this file (Tests/RealSystemdTests/Container.swift).
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let harness = root + "/scripts/systemd-container"
    static func unit(_ name: String) -> String { root + "/systemd/" + name }
}

/// Why the container tests cannot run here, or nil when they can try. `CHECKPOINTD_REAL_SYSTEMD=skip` skips
/// them on purpose; `=require` (for CI) turns every "cannot run here" into a failure instead of a skip.
enum RealSystemd {
    static var mode: String { ProcessInfo.processInfo.environment["CHECKPOINTD_REAL_SYSTEMD"] ?? "" }

    static var unavailableReason: String? {
        if mode == "skip" { return "CHECKPOINTD_REAL_SYSTEMD=skip" }
        if getuid() != 0 { return "needs root (systemd-nspawn, overlay mounts, cgroups)" }
        if !FileManager.default.isExecutableFile(atPath: Checkout.harness) {
            return "\(Checkout.harness) is missing"
        }
        return nil
    }

    static var canTry: Bool {
        if mode == "require" { return true }
        if let reason = unavailableReason {
            print("RealSystemdTests: skipped: \(reason)")
            return false
        }
        return true
    }

    /// Skips (or, under `=require`, fails) the running test with `reason` printed.
    static func cannotRun(_ reason: String) throws -> Never {
        print("RealSystemdTests: cannot run here: \(reason)")
        if mode == "require" {
            throw TestSupportError("CHECKPOINTD_REAL_SYSTEMD=require, but: \(reason)")
        }
        try Test.cancel(Comment(rawValue: reason))
    }
}

/// A Debian 12 container booted by `scripts/systemd-container boot`, powered off (and everything it used
/// removed) by `powerOff()` or when released. If this process dies, the harness powers it off by itself.
final class Container {
    let statePath: String
    private let holder: TemporaryDirectory
    private var poweredOff = false
    /// Seconds the boot took (root build excluded when it was cached).
    let bootSeconds: Double

    /// Boots; throws with the harness's own words when that fails.
    init(bindReadOnly: [String]) throws {
        holder = try TemporaryDirectory(prefix: "cpd-nspawn")
        statePath = holder.file("state")
        var arguments = ["boot", "--state", statePath, "--timeout", "90"]
        for path in bindReadOnly { arguments += ["--bind-ro", path] }
        let (result, seconds) = try measure {
            // The first run builds the root file system (mmdebstrap, about a minute).
            try ChildProcess.run(Checkout.harness, arguments, seconds: 900)
        }
        bootSeconds = seconds
        guard result.status == .exited(0) else {
            poweredOff = true
            throw TestSupportError("""
                scripts/systemd-container boot failed (\(result.status)):
                \(result.standardError.suffix(3000))
                """)
        }
    }

    deinit { powerOff() }

    /// Runs `script` with bash as root inside the container (a clean environment, the container's PATH).
    func shell(_ script: String, seconds: Double = 60) throws -> CompletedProcess {
        try ChildProcess.run(
            Checkout.harness,
            ["exec", "--state", statePath, "--timeout", String(Int(seconds)), "--", "bash", "-c", script],
            seconds: seconds + 15)
    }

    /// Copies a host file or directory to `destination` inside.
    func copy(_ source: String, to destination: String) throws {
        let result = try ChildProcess.run(Checkout.harness, ["copy", "--state", statePath, source, destination])
        guard result.status == .exited(0) else {
            throw TestSupportError("copy \(source) → \(destination): \(result.standardError)")
        }
    }

    /// Powers off and removes processes, cgroup, overlay and state. Safe to call twice.
    func powerOff() {
        guard !poweredOff else { return }
        poweredOff = true
        _ = try? ChildProcess.run(Checkout.harness, ["poweroff", "--state", statePath], seconds: 60)
    }
}
