import CheckpointTestSupport
import Foundation
import Testing

/// Issue 13, acceptance 1: `plaintext_tcp = loopback-only` (the default) refuses a HELLO over plain TCP from
/// another host with `E_AUTH` saying to use TLS; `allow` lets it through. "Another host" is a network namespace the
/// test makes: a veth pair with two private addresses, the daemon on the host's end, the client run with
/// `ip netns exec`.
///
/// The namespace is test support's `NetworkNamespace` (`CHECKPOINTD_NETNS=skip|require`).
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

extension NetworkNamespace {
    /// Runs `body` in a fresh namespace, or cancels the test saying why one cannot be made.
    static func with(_ body: (NetworkNamespace) throws -> Void) throws {
        try with("PlaintextTCPTests", skip: { try Test.cancel(Comment(rawValue: $0)) }, body)
    }
}
