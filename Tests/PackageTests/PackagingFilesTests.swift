import CheckpointTestSupport
import Foundation
import Testing

/// The packaging files themselves, checked on the host without building anything (these run everywhere).
@Suite("packaging/ files")
struct PackagingFilesTests {
    /// What debian/rules and the RPM spec install, as paths in the checkout.
    static let installed = [
        "systemd/checkpointd.service", "systemd/checkpointd.socket", "systemd/checkpointd-control.socket",
        "systemd/checkpointd.sysusers", "systemd/checkpointd.catalog", "packaging/checkpointd.conf",
        "packaging/man/checkpointd.8", "packaging/man/checkpointd.conf.5", "packaging/man/checkpoint-station.1",
        "packaging/man/checkpointctl.1", "packaging/completions/checkpointctl.bash",
        "packaging/completions/_checkpointctl", "packaging/completions/checkpointctl.fish", "README.md",
        "packaging/examples/alert-sms.sh",
    ]

    @Test("every file the packages install is in the checkout", arguments: installed)
    func sourceExists(_ path: String) {
        #expect(FileManager.default.fileExists(atPath: Checkout.path(path)), "\(path) is missing")
    }

    static let manPages = ["checkpointd.8", "checkpointd.conf.5", "checkpoint-station.1", "checkpointctl.1"]

    static var man: String? {
        ["/usr/bin/man"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// lintian renders every man page the same way and reports each warning.
    @Test(
        "man pages render without warnings", .enabled(if: man != nil, "man is not installed"),
        arguments: manPages)
    func manPageRenders(_ page: String) throws {
        let man = try #require(Self.man)
        let result = try ChildProcess.run(
            man, ["--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z", Checkout.path("packaging/man/" + page)],
            environment: ChildProcess.cleanEnvironment(adding: ["LC_ALL": "C.UTF-8", "MANWIDTH": "80"]))
        #expect(result.status == .exited(0), "\(page): \(result.standardError)")
        #expect(result.standardError.isEmpty, "\(page) has warnings:\n\(result.standardError)")
    }

    /// packaging/build-deb and build-rpm read the version from this line (and only from here).
    @Test("ProductVersion.swift has the line the packaging scripts parse")
    func versionLine() throws {
        let text = try String(
            contentsOfFile: Checkout.path("Sources/CheckpointCore/ProductVersion.swift"), encoding: .utf8)
        let lines = text.split(separator: "\n").filter {
            $0.trimmingCharacters(in: .whitespaces).hasPrefix("public static let current = \"")
        }
        #expect(lines.count == 1, "expected one `public static let current = \"X.Y.Z\"` line, found \(lines.count)")
        let version = lines.first?.split(separator: "\"").dropFirst().first.map(String.init) ?? ""
        #expect(version.first?.isNumber == true && version.allSatisfy { $0.isLetter || $0.isNumber || ".+~".contains($0) },
                "'\(version)' cannot be a Debian upstream version")
    }

    @Test(
        "the packaging scripts are valid bash",
        arguments: ["packaging/build-deb", "packaging/rpm/build-rpm", "packaging/test-package.sh"])
    func scriptSyntax(_ script: String) throws {
        let result = try ChildProcess.run("/bin/bash", ["-n", Checkout.path(script)])
        #expect(result.status == .exited(0), "\(script): \(result.standardError)")
    }

    /// Debian keeps local changes to a conffile; the daemon must accept the file as shipped.
    @Test("debian/rules installs the default configuration under /etc (a conffile) and the units under /lib")
    func rulesLayout() throws {
        let rules = try String(contentsOfFile: Checkout.path("packaging/debian/rules"), encoding: .utf8)
        #expect(rules.contains("$(PKG)/etc/checkpointd/checkpointd.conf"))
        #expect(rules.contains("$(PKG)/lib/systemd/system"))
        #expect(rules.contains("--static-swift-stdlib"))
    }

    /// Issue 16 point 3: the alert_command example goes to the documentation's examples in both packages
    /// (`/usr/share/doc/checkpointd/examples/alert-sms.sh`).
    @Test("both packages ship packaging/examples/alert-sms.sh as an example")
    func alertScriptIsAnExample() throws {
        let examples = try String(
            contentsOfFile: Checkout.path("packaging/debian/checkpointd.examples"), encoding: .utf8)
        #expect(examples.split(separator: "\n").contains("packaging/examples/alert-sms.sh"))
        let spec = try String(contentsOfFile: Checkout.path("packaging/rpm/checkpointd.spec"), encoding: .utf8)
        #expect(spec.split(separator: "\n").contains { $0.hasPrefix("%doc ") && $0.contains("packaging/examples") })
    }

    /// Issue 18 point 2: the Grafana dashboard for `/metrics` is an example in both packages, and valid JSON that
    /// names only metrics the daemon exports.
    @Test("both packages ship the Grafana dashboard, whose queries use the daemon's metric names")
    func grafanaDashboardIsAnExample() throws {
        let path = "packaging/grafana/checkpointd-dashboard.json"
        let examples = try String(
            contentsOfFile: Checkout.path("packaging/debian/checkpointd.examples"), encoding: .utf8)
        #expect(examples.split(separator: "\n").contains(Substring(path)))
        let spec = try String(contentsOfFile: Checkout.path("packaging/rpm/checkpointd.spec"), encoding: .utf8)
        #expect(spec.split(separator: "\n").contains { $0.hasPrefix("%doc ") && $0.contains("packaging/grafana") })
        let text = try String(contentsOfFile: Checkout.path(path), encoding: .utf8)
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(json?["uid"] as? String == "checkpointd")
        let exported = [
            "checkpointd_records_total", "checkpointd_alerts_total", "checkpointd_alerts_open",
            "checkpointd_quarantine_orders_active", "checkpointd_stations_connected",
            "checkpointd_ack_latency_seconds", "checkpointd_ack_latency_seconds_bucket",
            "checkpointd_commit_duration_seconds", "checkpointd_commit_duration_seconds_bucket",
            "checkpointd_records_per_commit",
            "checkpointd_records_per_commit_sum", "checkpointd_records_per_commit_count",
            "checkpointd_writer_queue_depth", "checkpointd_wal_size_bytes", "checkpointd_storage_writable",
            "checkpointd_city_uplink_lag_records", "checkpointd_city_uplink_lag_seconds", "checkpointd_build_info",
            "process_resident_memory_bytes", "process_open_fds",
        ]
        let named = Set(text.matches(of: /(checkpointd|process)_[a-z_]+/).map { String($0.output.0) })
        #expect(named.subtracting(exported).isEmpty, "not exported by the daemon: \(named.subtracting(exported))")
    }
}
