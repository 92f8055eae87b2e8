import Foundation
import Glibc

/// A network namespace joined to the host by a veth pair: `hostAddress` on the host's end (`hostLink`),
/// `namespaceAddress` inside (`namespaceLink`). "Another host" for tests of remote stations (plain TCP from
/// elsewhere; a lossy link, `withImpairableLink`). Needs root and `ip netns`; removed again by `with` however the
/// body ends.
///
/// `CHECKPOINTD_NETNS=skip` skips the tests that use it; `=require` (CI) makes a missing `ip netns` a failure; unset,
/// they run when they can and print why they cannot.
public struct NetworkNamespace: Sendable {
    public let name: String
    public let hostLink: String
    public let namespaceLink: String
    public let hostAddress: String
    public let namespaceAddress: String
    /// What makes this namespace's names and addresses unique: `cpk-TAG`, `10.213.SUBNET.1` and `.2`.
    let tag: String
    let subnet: (third: Int, base: Int)

    public static var mode: String { ProcessInfo.processInfo.environment["CHECKPOINTD_NETNS"] ?? "" }

    /// Runs `body` with a fresh namespace. When one cannot be made (or `CHECKPOINTD_NETNS=skip`), prints why as
    /// `label` and calls `skip` with the reason (a test passes `Test.cancel`); under `require` that is a failure.
    public static func with(
        _ label: String, skip: (String) throws -> Void, _ body: (NetworkNamespace) throws -> Void
    ) throws {
        if mode == "skip" {
            print("\(label): skipped: CHECKPOINTD_NETNS=skip")
            try skip("CHECKPOINTD_NETNS=skip")
            return
        }
        let tag = String(UInt32.random(in: 0..<0xFFF_FFFF), radix: 16)
        let third = Int.random(in: 1..<250)
        let base = Int.random(in: 0..<64) * 4
        let ready = NetworkNamespace(
            name: "cpk-\(tag)", hostLink: "cpkh\(tag)", namespaceLink: "cpkn\(tag)",
            hostAddress: "10.213.\(third).\(base + 1)", namespaceAddress: "10.213.\(third).\(base + 2)",
            tag: tag, subnet: (third, base))
        defer { ready.remove() }
        if let reason = ready.create() {
            print("\(label): cannot run here: \(reason)")
            if mode == "require" { throw TestSupportError("CHECKPOINTD_NETNS=require, but: \(reason)") }
            try skip(reason)
            return
        }
        try body(ready)
    }

    /// Creates the namespace and the pair; the reason it could not, or nil.
    private func create() -> String? {
        if getuid() != 0 { return "needs root (ip netns add)" }
        let steps: [[String]] = [
            ["netns", "add", name],
            ["link", "add", hostLink, "type", "veth", "peer", "name", namespaceLink],
            ["link", "set", namespaceLink, "netns", name],
            ["addr", "add", hostAddress + "/30", "dev", hostLink],
            ["link", "set", hostLink, "up"],
            ["netns", "exec", name, "ip", "addr", "add", namespaceAddress + "/30", "dev", namespaceLink],
            ["netns", "exec", name, "ip", "link", "set", namespaceLink, "up"],
            ["netns", "exec", name, "ip", "link", "set", "lo", "up"],
        ]
        for step in steps {
            guard let result = try? Self.ip(step) else { return "ip \(step.joined(separator: " ")): cannot run ip" }
            if result.code != 0 {
                return "ip \(step.joined(separator: " ")) failed: \(result.standardError)"
            }
        }
        return nil
    }

    private func remove() {
        _ = try? Self.ip(["netns", "del", name])
        _ = try? Self.ip(["link", "del", hostLink])
    }

    /// Sends `line` over plain TCP from inside the namespace and returns the reply line.
    public func say(_ line: String, to host: String, port: Int) throws -> String {
        let script = """
            import socket, sys
            with socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10) as s:
                s.sendall(sys.argv[3].encode() + b"\\n")
                print(s.makefile("rb").readline().decode().strip())
            """
        let result = try Self.ip(["netns", "exec", name, "python3", "-c", script, host, "\(port)", line])
        guard result.code == 0 else {
            throw TestSupportError("the client in \(name) failed: \(result.standardOutput) \(result.standardError)")
        }
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The command line that runs `executable arguments` inside the namespace (for a `ChildProcess`).
    public func command(_ executable: String, _ arguments: [String]) throws -> (String, [String]) {
        (try Self.executable("ip"), ["netns", "exec", name, executable] + arguments)
    }

    /// `tc qdisc replace dev <link> root <qdisc...>` on the host's end (traffic to the namespace) and inside the
    /// namespace on its end (traffic to the host): both directions get `qdisc`.
    public func shape(_ qdisc: [String]) throws {
        for (prefix, link) in [([String](), hostLink), (["netns", "exec", name, "tc"], namespaceLink)] {
            let arguments = ["qdisc", "replace", "dev", link, "root"] + qdisc
            let result = prefix.isEmpty
                ? try ChildProcess.run(try Self.executable("tc"), arguments, seconds: 30)
                : try Self.ip(prefix + arguments)
            guard result.code == 0 else {
                throw TestSupportError("tc \(arguments.joined(separator: " ")) failed: \(result.standardError)")
            }
        }
    }

    /// Why `tc netem` cannot shape a link here (no `tc`, a kernel without `sch_netem`), or nil when it can: tried
    /// on the host's end, then removed.
    public func netemUnavailableReason() -> String? {
        guard let tc = try? Self.executable("tc") else { return "no tc (iproute2)" }
        guard let result = try? ChildProcess.run(tc, ["qdisc", "replace", "dev", hostLink, "root", "netem", "delay",
            "1ms"], seconds: 30)
        else { return "tc did not run" }
        if result.code != 0 {
            let said = result.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
            return "tc qdisc ... netem failed: \(said) (the kernel has no sch_netem)"
        }
        _ = try? ChildProcess.run(tc, ["qdisc", "del", "dev", hostLink, "root"], seconds: 30)
        return nil
    }

    /// The TCP segments retransmitted so far by the namespace's own stack (`RetransSegs` in its /proc/net/snmp).
    public func retransmittedSegments() throws -> Int {
        let result = try Self.ip(["netns", "exec", name, "cat", "/proc/net/snmp"])
        let tcp = result.standardOutput.split(separator: "\n").filter { $0.hasPrefix("Tcp:") }
        guard tcp.count == 2 else { throw TestSupportError("no Tcp lines in /proc/net/snmp: \(result.standardOutput)") }
        let names = tcp[0].split(separator: " ")
        let values = tcp[1].split(separator: " ")
        guard let index = names.firstIndex(of: "RetransSegs"), index < values.count, let count = Int(values[index])
        else { throw TestSupportError("no RetransSegs in /proc/net/snmp") }
        return count
    }

    static func ip(_ arguments: [String]) throws -> CompletedProcess {
        try ChildProcess.run(
            try executable("ip"), arguments, environment: ChildProcess.inheritedEnvironment(), seconds: 30)
    }

    /// `name` found on PATH (and the sbin folders, which a test's PATH may leave out).
    static func executable(_ name: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"] {
            let candidate = folder + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw TestSupportError("\(name) is not installed (iproute2)")
    }
}
