import CheckpointTestSupport
import Foundation
import Testing

/// Issue 13, acceptance 1: `plaintext_tcp = loopback-only` (the default) refuses a HELLO over plain TCP from
/// another host with `E_AUTH` saying to use TLS; `allow` lets it through. "Another host" is a network namespace the
/// test makes: a veth pair with two private addresses, the daemon on the host's end, the client run with
/// `ip netns exec`.
///
/// `CHECKPOINTD_NETNS=skip` skips these tests; `=require` (CI) makes a missing `ip netns` a failure; unset, they
/// run when they can and print why they cannot.
@Suite("plain TCP from another host", .serialized)
struct PlaintextTCPTests {
    @Test func hello_whenPlainTCPComesFromAnotherHost_isRefusedWithEAuthSayingUseTLS() throws {
        try NetworkNamespace.with { namespace in
            let port = try FreePort.tcp()
            let daemon = try DaemonProcess(arguments: ["--listen", "tcp:\(namespace.hostAddress):\(port)"])
            try daemon.start()
            let token = try daemon.registerStation(station: "st-1")
            let reply = try namespace.say("HELLO station=st-1 token=\(token)", to: namespace.hostAddress, port: port)
            #expect(reply.hasPrefix("ERR seq=- code=E_AUTH"), "\(reply)")
            #expect(reply.contains("plaintext_tcp = loopback-only"), "\(reply)")
            #expect(reply.contains("connect with TLS"), "\(reply)")
            // Loopback and the Unix socket are served as before.
            _ = try daemon.session(station: "st-1", token: token)
            _ = try daemon.unixSession(station: "st-1")
            #expect(daemon.stderrText.contains("HELLO refused"), "\(daemon.stderrText)")
        }
    }

    @Test func hello_whenPlaintextTCPIsAllowed_isAcceptedFromAnotherHost() throws {
        try NetworkNamespace.with { namespace in
            let port = try FreePort.tcp()
            let daemon = try DaemonProcess(arguments: [
                "--listen", "tcp:\(namespace.hostAddress):\(port)", "--plaintext-tcp", "allow",
            ])
            try daemon.start()
            let token = try daemon.registerStation(station: "st-1")
            let reply = try namespace.say("HELLO station=st-1 token=\(token)", to: namespace.hostAddress, port: port)
            #expect(reply.hasPrefix("OK HELLO station=st-1"), "\(reply)")
        }
    }
}

/// A network namespace with a veth pair to the host: `hostAddress` on the host's end, `namespaceAddress` inside.
/// Removed again however the body ends.
struct NetworkNamespace {
    let name: String
    let hostLink: String
    let hostAddress: String
    let namespaceAddress: String

    static var mode: String { ProcessInfo.processInfo.environment["CHECKPOINTD_NETNS"] ?? "" }

    static func with(_ body: (NetworkNamespace) throws -> Void) throws {
        if mode == "skip" {
            print("PlaintextTCPTests: skipped: CHECKPOINTD_NETNS=skip")
            try Test.cancel("CHECKPOINTD_NETNS=skip")
        }
        let tag = String(UInt32.random(in: 0..<0xFFF_FFFF), radix: 16)
        let third = Int.random(in: 1..<250)
        let base = Int.random(in: 0..<64) * 4
        let ready = NetworkNamespace(
            name: "cpk-\(tag)", hostLink: "cpkh\(tag)", hostAddress: "10.213.\(third).\(base + 1)",
            namespaceAddress: "10.213.\(third).\(base + 2)")
        defer { ready.remove() }
        if let reason = ready.create() {
            print("PlaintextTCPTests: cannot run here: \(reason)")
            if mode == "require" { throw TestSupportError("CHECKPOINTD_NETNS=require, but: \(reason)") }
            try Test.cancel(Comment(rawValue: reason))
        }
        try body(ready)
    }

    /// Creates the namespace and the pair; the reason it could not, or nil.
    private func create() -> String? {
        if getuid() != 0 { return "needs root (ip netns add)" }
        let peer = "cpkn" + hostLink.dropFirst(4)
        let steps: [[String]] = [
            ["netns", "add", name],
            ["link", "add", hostLink, "type", "veth", "peer", "name", peer],
            ["link", "set", peer, "netns", name],
            ["addr", "add", hostAddress + "/30", "dev", hostLink],
            ["link", "set", hostLink, "up"],
            ["netns", "exec", name, "ip", "addr", "add", namespaceAddress + "/30", "dev", peer],
            ["netns", "exec", name, "ip", "link", "set", peer, "up"],
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
    func say(_ line: String, to host: String, port: Int) throws -> String {
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

    private static func ip(_ arguments: [String]) throws -> CompletedProcess {
        try ChildProcess.run(
            "/usr/bin/env", ["ip"] + arguments, environment: ChildProcess.inheritedEnvironment(), seconds: 30)
    }
}
