import CheckpointTestSupport
import Foundation
import Testing

/// The unit files themselves, on the host: what SPEC §6 asks of them, and systemd's own exposure rating.
/// No container needed (these run everywhere systemd-analyze is installed).
@Suite("systemd/ unit files")
struct UnitFileTests {
    /// `KEY=value` lines of a unit file, by section; values of repeated keys in order.
    static func directives(_ name: String) throws -> [String: [String: [String]]] {
        let text = try String(contentsOfFile: Checkout.unit(name), encoding: .utf8)
        var sections: [String: [String: [String]]] = [:]
        var section = ""
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                section = String(line.dropFirst().dropLast())
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals])
            sections[section, default: [:]][key, default: []].append(String(line[line.index(after: equals)...]))
        }
        return sections
    }

    static var analyzer: String? {
        ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(
        "systemd-analyze security --offline rates checkpointd.service 1.5 or lower",
        .enabled(if: UnitFileTests.analyzer != nil, "systemd-analyze is not installed"))
    func offlineExposure() throws {
        let analyzer = try #require(Self.analyzer)
        let result = try ChildProcess.run(
            analyzer,
            ["security", "--offline=yes", "--threshold=15", "--no-pager", Checkout.unit("checkpointd.service")])
        let score = Session.exposure(in: result.standardOutput)
        print("UnitFileTests: systemd-analyze security --offline=yes: \(score.map { "\($0)" } ?? "?")")
        #expect(result.status == .exited(0), "\(result.standardOutput.suffix(2000))\(result.standardError)")
        #expect((score ?? 99) <= 1.5)
    }

    @Test("checkpointd.service: Type=notify, reload, watchdog, directories, user, both sockets")
    func service() throws {
        let unit = try Self.directives("checkpointd.service")
        let service = unit["Service"] ?? [:]
        #expect(service["Type"] == ["notify"])
        #expect(service["ExecStart"] == ["/usr/sbin/checkpointd"])
        #expect(service["ExecReload"] == ["/bin/kill -HUP $MAINPID"])
        #expect(service["WatchdogSec"] == ["30s"])
        #expect(service["Restart"] == ["on-failure"])
        #expect(service["TimeoutStopSec"] != nil)
        #expect(service["User"] == ["checkpointd"] && service["Group"] == ["checkpointd"])
        #expect(service["StateDirectory"] == ["checkpointd"])
        // The socket units own /run/checkpointd and its sockets' groups: a RuntimeDirectory= of the service would
        // hand them all to checkpointd:checkpointd at start (docs/security.md).
        #expect(service["RuntimeDirectory"] == nil)
        #expect(service["ConfigurationDirectory"] == ["checkpointd"])
        #expect(service["LimitNOFILE"] == ["65536"])
        #expect(service["MemoryDenyWriteExecute"] == ["yes"])
        // A runaway is stopped by the kernel, not by the machine running out (docs/security.md).
        #expect(service["MemoryHigh"] == ["768M"] && service["MemoryMax"] == ["1G"] && service["TasksMax"] == ["256"])
        // The database and its WAL hold phone and ID numbers: readable by the daemon's user only.
        #expect(service["UMask"] == ["0077"])
        #expect(service["RestrictAddressFamilies"] == ["AF_UNIX AF_INET AF_INET6"])
        // It serves TCP: no private network, and no IP deny list without an allow list.
        #expect(service["PrivateNetwork"] == nil)
        #expect(service["IPAddressDeny"] == nil || service["IPAddressAllow"] != nil)
        // DynamicUser= would hide the sysusers user (and its group for the sockets).
        #expect(service["DynamicUser"] == nil)
        let requires = (unit["Unit"]?["Requires"] ?? []).joined(separator: " ").split(separator: " ")
        let after = (unit["Unit"]?["After"] ?? []).joined(separator: " ").split(separator: " ")
        for socket in ["checkpointd.socket", "checkpointd-control.socket"] {
            #expect(requires.contains(Substring(socket)) && after.contains(Substring(socket)), "\(socket)")
        }
    }

    @Test("checkpointd.socket: TCP 7117 and station.sock, named station, 0660")
    func stationSocket() throws {
        let socket = try Self.directives("checkpointd.socket")["Socket"] ?? [:]
        #expect(socket["ListenStream"] == ["7117", "/run/checkpointd/station.sock"])
        #expect(socket["FileDescriptorName"] == ["station"])
        #expect(socket["SocketMode"] == ["0660"])
        #expect(socket["SocketGroup"] == ["checkpointd-station"])
        #expect(socket["Service"] == ["checkpointd.service"])
    }

    @Test("checkpointd-control.socket: control.sock, named control, 0660")
    func controlSocket() throws {
        let socket = try Self.directives("checkpointd-control.socket")["Socket"] ?? [:]
        #expect(socket["ListenStream"] == ["/run/checkpointd/control.sock"])
        #expect(socket["FileDescriptorName"] == ["control"])
        #expect(socket["SocketMode"] == ["0660"])
        #expect(socket["SocketGroup"] == ["checkpointd"])
        #expect(socket["Service"] == ["checkpointd.service"])
    }

    @Test("checkpointd.sysusers: one system user with home /var/lib/checkpointd, the station and admin groups")
    func sysusers() throws {
        let text = try String(contentsOfFile: Checkout.unit("checkpointd.sysusers"), encoding: .utf8)
        let entries = text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.allSatisfy(\.isWhitespace) }
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(entries.count == 3)
        let user = entries.first ?? ""
        #expect(user.hasPrefix("u") && user.contains(" checkpointd ") && user.contains("\"checkpointd daemon\"")
            && user.hasSuffix("/var/lib/checkpointd"), "\(user)")
        #expect(entries.dropFirst() == ["g checkpointd-station -", "g checkpointd-admin -"])
    }
}
