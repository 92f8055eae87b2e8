import CheckpointTestSupport
import Foundation
import Testing

/// Issue 7: the Debian package built from this checkout with packaging/build-deb, installed with
/// `apt install ./checkpointd_*.deb` into a fresh Debian 12 booted under a real systemd 252 (no network, no Swift
/// toolchain), upgraded under load to a newer build, removed and purged. The checks themselves are
/// packaging/test-package.sh, which runs inside the container (scripts/systemd-container run) and prints one
/// "ok"/"not ok" line per check; each "not ok" becomes an issue here.
@Suite("Debian package (packaging/build-deb) on a clean Debian 12 under systemd", .serialized)
struct DebianPackageTests {
    @Test(
        "installs, starts, takes records, upgrades without losing any, removes and purges",
        .enabled(if: PackageCheck.canTry, "needs root (reason printed)"),
        .timeLimit(.minutes(60)))
    func packageLifecycle() throws {
        let packages: BuiltPackages
        do {
            packages = try BuiltPackages.shared.get()
        } catch {
            try PackageCheck.cannotRun("\(error)")
        }
        #expect(!packages.lintian.contains("\nE: ") && !packages.lintian.hasPrefix("E: "),
                "lintian errors:\n\(packages.lintian)")

        let oldName = URL(fileURLWithPath: packages.old).lastPathComponent
        let newName = URL(fileURLWithPath: packages.new).lastPathComponent
        let artifacts = Checkout.testOutput + "/container-artifacts"
        let (result, seconds) = try measure {
            try ChildProcess.run(
                Checkout.harness,
                [
                    "run", "--timeout", "600", "--artifacts", artifacts,
                    "--copy", "\(packages.old):/srv/test/\(oldName)",
                    "--copy", "\(packages.new):/srv/test/\(newName)",
                    Checkout.containerScript, oldName, newName,
                ],
                seconds: 1500)
        }
        if result.status == .exited(125) {
            try PackageCheck.cannotRun("scripts/systemd-container could not boot:\n\(result.standardError.suffix(3000))")
        }
        let report = Self.failures(in: result.standardOutput)
        for failure in report.failures {
            Issue.record(Comment(rawValue: failure))
        }
        #expect(report.checks > 0, "no check ran:\n\(result.standardOutput.suffix(3000))\n\(result.standardError.suffix(3000))")
        #expect(result.status == .exited(0), """
            test-package.sh: \(result.status) (journal and console in \(artifacts))
            \(result.standardOutput.suffix(6000))
            \(result.standardError.suffix(2000))
            """)
        let build =
            packages.buildSeconds.isEmpty
            ? "the .debs were built before the tests (scripts/test)"
            : "build-deb took " + packages.buildSeconds.map { String(format: "%.0f s", $0) }.joined(separator: " and ")
        print("""
            PackageTests: \(build); \
            container boot, \(report.checks) checks and power-off took \(String(format: "%.0f", seconds)) s
            """)
    }

    /// The "not ok" lines of test-package.sh's output, each with the "#   " detail lines after it.
    static func failures(in output: String) -> (checks: Int, failures: [String]) {
        var checks = 0
        var failures: [String] = []
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("ok ") {
                checks += 1
            } else if line.hasPrefix("not ok ") {
                checks += 1
                failures.append(String(line))
            } else if line.hasPrefix("#   "), !failures.isEmpty {
                failures[failures.count - 1] += "\n" + line.dropFirst(4)
            }
        }
        return (checks, failures)
    }
}
