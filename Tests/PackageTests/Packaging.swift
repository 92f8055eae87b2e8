import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// Paths in this checkout (the tests run from a build of it).
enum Checkout {
    /// The repository root: three levels above this file (Tests/PackageTests/Packaging.swift).
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func path(_ relative: String) -> String { root + "/" + relative }

    static let buildDeb = path("packaging/build-deb")
    static let buildRPM = path("packaging/rpm/build-rpm")
    static let containerScript = path("packaging/test-package.sh")
    static let harness = path("scripts/systemd-container")
    /// Where the tests keep the packages they build (ignored by git, like every `.build-*`).
    static let testOutput = path(".build-package/test")
}

/// Whether the packaging tests can run here. They build a release with `--static-swift-stdlib` (several minutes the
/// first time), install build dependencies with apt and boot a container, so they need root.
/// `CHECKPOINTD_PACKAGE_TEST=skip` skips them on purpose; `=require` (for CI) turns "cannot run here" into a failure.
enum PackageCheck {
    static var mode: String { ProcessInfo.processInfo.environment["CHECKPOINTD_PACKAGE_TEST"] ?? "" }

    static var unavailableReason: String? {
        if mode == "skip" { return "CHECKPOINTD_PACKAGE_TEST=skip" }
        if getuid() != 0 { return "needs root (apt for the build dependencies, systemd-nspawn, overlay mounts)" }
        for tool in [Checkout.buildDeb, Checkout.buildRPM, Checkout.containerScript, Checkout.harness]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is missing"
        }
        return nil
    }

    static var canTry: Bool {
        if mode == "require" { return true }
        if let reason = unavailableReason {
            print("PackageTests: skipped: \(reason)")
            return false
        }
        return true
    }

    /// Skips (or, under `=require`, fails) the running test with `reason` printed.
    static func cannotRun(_ reason: String) throws -> Never {
        print("PackageTests: cannot run here: \(reason)")
        if mode == "require" {
            throw TestSupportError("CHECKPOINTD_PACKAGE_TEST=require, but: \(reason)")
        }
        try Test.cancel(Comment(rawValue: reason))
    }
}

/// The two Debian packages the tests use, built once per test run with packaging/build-deb: the version of
/// ProductVersion.swift, and the same sources as a newer version (`--version-suffix +test1`) to upgrade to.
struct BuiltPackages: Sendable {
    var old: String
    var new: String
    /// lintian's report on the first build (packaging/build-deb fails when it has errors).
    var lintian: String
    var buildSeconds: [Double]

    /// Built by the first test that asks; the others wait for it and share the result.
    static let shared: Result<BuiltPackages, any Error> = Result { try build() }

    static func build() throws -> BuiltPackages {
        if let reason = PackageCheck.unavailableReason, PackageCheck.mode != "require" {
            throw TestSupportError(reason)
        }
        // scripts/test builds both before `swift test` starts (a release build of minutes would otherwise starve
        // the tests running beside it) and says where: CHECKPOINTD_DEB_OLD and CHECKPOINTD_DEB_NEW.
        let environment = ProcessInfo.processInfo.environment
        if let old = environment["CHECKPOINTD_DEB_OLD"], let new = environment["CHECKPOINTD_DEB_NEW"],
            FileManager.default.fileExists(atPath: old), FileManager.default.fileExists(atPath: new)
        {
            let lintian =
                (try? String(contentsOfFile: Checkout.path(".build-package/lintian.txt"), encoding: .utf8)) ?? ""
            print("PackageTests: using the packages scripts/test built: \(old), \(new)")
            return BuiltPackages(old: old, new: new, lintian: lintian, buildSeconds: [])
        }
        let old = try buildDeb(output: Checkout.testOutput + "/old", arguments: [])
        let new = try buildDeb(output: Checkout.testOutput + "/new", arguments: ["--version-suffix", "+test1"])
        let lintian = (try? String(contentsOfFile: Checkout.path(".build-package/lintian.txt"), encoding: .utf8)) ?? ""
        return BuiltPackages(old: old.path, new: new.path, lintian: lintian, buildSeconds: [old.seconds, new.seconds])
    }

    /// Runs packaging/build-deb; returns the path of the .deb it printed last. `--skip-docs`: scripts/generate-docs
    /// builds in the checkout's .build, which `swift test` holds locked while the tests run (the generated files
    /// are committed; build-deb without the flag regenerates them first).
    static func buildDeb(output: String, arguments: [String]) throws -> (path: String, seconds: Double) {
        let (result, seconds) = try measure {
            try ChildProcess.run(
                Checkout.buildDeb, ["--skip-docs", "--output", output] + arguments, seconds: 3600)
        }
        guard result.status == .exited(0),
            let path = result.standardOutput.split(separator: "\n").last.map(String.init),
            path.hasSuffix(".deb"), FileManager.default.fileExists(atPath: path)
        else {
            throw TestSupportError("""
                packaging/build-deb \(arguments.joined(separator: " ")) failed (\(result.status)):
                \(result.standardError.suffix(4000))
                """)
        }
        print("PackageTests: built \(path) in \(String(format: "%.0f", seconds)) s")
        return (path, seconds)
    }
}
