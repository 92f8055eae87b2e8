import CheckpointTestSupport
import Foundation
import Testing

/// Issue 7, acceptance 5: packaging/rpm/checkpointd.spec builds with rpmbuild on this machine, from the binaries
/// of the Debian package (`--with prebuilt`), and uses the systemd scriptlets.
@Suite("RPM spec (packaging/rpm/checkpointd.spec)")
struct RPMSpecTests {
    @Test(
        "rpmbuild -bb --with prebuilt makes an RPM with every file and the systemd scriptlets",
        .enabled(if: PackageCheck.canTry, "needs root (reason printed)"),
        .timeLimit(.minutes(60)))
    func specBuilds() throws {
        let packages: BuiltPackages
        do {
            packages = try BuiltPackages.shared.get()
        } catch {
            try PackageCheck.cannotRun("\(error)")
        }
        let work = try TemporaryDirectory(prefix: "cpd-rpm")
        let unpacked = try work.makeDirectory("deb")
        let extract = try ChildProcess.run("/usr/bin/dpkg-deb", ["-x", packages.old, unpacked])
        try #require(extract.status == .exited(0), "dpkg-deb -x: \(extract.standardError)")

        let (built, seconds) = try measure {
            try ChildProcess.run(
                Checkout.buildRPM, ["--binaries", unpacked, "--output", work.file("rpms")], seconds: 900)
        }
        try #require(built.status == .exited(0), "build-rpm: \(built.status)\n\(built.standardError.suffix(4000))")
        let rpm = try #require(
            built.standardOutput.split(separator: "\n").last.map(String.init), "build-rpm printed no RPM")
        print("PackageTests: \(URL(fileURLWithPath: rpm).lastPathComponent) built in \(String(format: "%.0f", seconds)) s")

        let rpmTool = "/usr/bin/rpm"
        let files = try ChildProcess.run(rpmTool, ["-qpl", rpm]).standardOutput
        for path in [
            "/usr/sbin/checkpointd", "/usr/bin/checkpointctl", "/usr/bin/checkpoint-station",
            "/usr/lib/systemd/system/checkpointd.service", "/usr/lib/systemd/system/checkpointd.socket",
            "/usr/lib/systemd/system/checkpointd-control.socket", "/usr/lib/sysusers.d/checkpointd.conf",
            "/usr/lib/systemd/catalog/checkpointd.catalog", "/etc/checkpointd/checkpointd.conf",
            "/usr/share/man/man8/checkpointd.8", "/usr/share/man/man5/checkpointd.conf.5",
            "/usr/share/man/man1/checkpointctl.1", "/usr/share/man/man1/checkpoint-station.1",
            "/usr/share/bash-completion/completions/checkpointctl",
        ] {
            #expect(files.split(separator: "\n").contains { $0 == path || $0.hasPrefix(path + ".") },
                    "\(path) is not in the RPM")
        }
        let configFiles = try ChildProcess.run(rpmTool, ["-qpc", rpm]).standardOutput
        #expect(configFiles.contains("/etc/checkpointd/checkpointd.conf"), "the configuration is %config")

        let scripts = try ChildProcess.run(rpmTool, ["-qp", "--scripts", rpm]).standardOutput
        #expect(scripts.contains("systemd-sysusers"), "preinstall creates the user:\n\(scripts)")
        #expect(scripts.contains("preset checkpointd.socket checkpointd-control.socket checkpointd.service"),
                "%systemd_post:\n\(scripts)")
        #expect(scripts.contains("disable --now checkpointd.service"), "%systemd_preun:\n\(scripts)")
        #expect(scripts.contains("try-restart checkpointd.service"), "%systemd_postun_with_restart:\n\(scripts)")
        #expect(!scripts.contains("try-restart checkpointd.socket"), "an upgrade must not restart the sockets")

        let requires = try ChildProcess.run(rpmTool, ["-qp", "--requires", rpm]).standardOutput
        for library in ["libsqlite3.so.0", "libsystemd.so.0", "libstdc++.so.6", "libc.so.6"] {
            #expect(requires.contains(library), "Requires lacks \(library):\n\(requires)")
        }
        #expect(!requires.lowercased().contains("swift"), "the RPM must not need a Swift runtime:\n\(requires)")
    }
}
