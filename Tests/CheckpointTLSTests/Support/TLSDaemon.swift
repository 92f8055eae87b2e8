import CheckpointTestSupport
import Foundation

/// The real `checkpointd` with a `tls:` listener on certificates in a district folder (beside its plain TCP and Unix
/// listeners, as `DaemonProcess` sets them up).
struct TLSDaemon {
    let daemon: DaemonProcess
    let tlsPort: Int

    /// `clientCA`: also pass `--tls-client-ca <folder>/ca.pem` (station certificates required).
    init(folder: TemporaryDirectory, clientCA: Bool = false, extra: [String] = []) throws {
        tlsPort = try FreePort.tcp()
        var arguments = [
            "--listen", "tls:127.0.0.1:\(tlsPort)",
            "--tls-cert", folder.file("server.pem"), "--tls-key", folder.file("server.key"),
            // These tests hold connections open across awaits; on a loaded machine a test task can wait longer
            // than the default 10 s before its HELLO, which is not what they test (LimitTests and UnauthenticatedBudgetTests do).
            "--hello-timeout", "120s",
            // And across a reload, an open session may sit idle longer than the default 300 s while the whole suite
            // runs on two cores (a full run saw "I/O on closed channel" after 350 s); idle closing is tested elsewhere.
            "--idle-timeout", "30m",
        ]
        if clientCA { arguments += ["--tls-client-ca", folder.file("ca.pem")] }
        daemon = try DaemonProcess(arguments: arguments + extra)
        try daemon.start()
    }

    func register(_ station: String) throws -> String {
        try daemon.registerStation(checkpoint: "gate-\(station)", station: station)
    }
}

/// Real clients speaking the station protocol over TLS to the daemon.
enum StationOverTLS {
    /// Python's `ssl`: sends each of `lines` and prints one reply line per request, then `VERSION`; exits 0. A TLS
    /// failure prints `SSLERROR ...` and exits 3; a connection closed early prints `CLOSED` and exits 6.
    static func python(
        port: Int, ca: String, host: String = "localhost", certificate: String? = nil, key: String? = nil,
        lines: [String]
    ) async throws -> ExternalCommand.Result {
        var arguments = ["python3", "-c", script, "\(port)", ca, host, certificate ?? "", key ?? ""]
        arguments += lines
        return try await ExternalCommand.run(arguments)
    }

    /// `openssl s_client` with `options`, sending `lines` and keeping its input open for a second.
    static func openssl(port: Int, ca: String, host: String = "localhost", lines: [String], options: [String])
        async throws -> ExternalCommand.Result
    {
        let flags = (["-connect", "127.0.0.1:\(port)", "-CAfile", ca, "-verify_return_error",
            "-verify_hostname", host, "-servername", host, "-brief"] + options).map { "'\($0)'" }
        let input = lines.map { $0 + "\\n" }.joined()
        let line = "(printf '\(input)'; sleep 1) | openssl s_client " + flags.joined(separator: " ")
        return try await ExternalCommand.shell(line)
    }

    private static let script = """
        import socket, ssl, sys
        port, ca, host, cert, key = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.load_verify_locations(ca)
        if cert:
            context.load_cert_chain(cert, key)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
                with context.wrap_socket(raw, server_hostname=host) as tls:
                    stream = tls.makefile("rwb")
                    for line in sys.argv[6:]:
                        tls.sendall(line.encode() + b"\\n")
                        reply = stream.readline().decode().strip()
                        if not reply:
                            print("CLOSED")
                            sys.exit(6)
                        print(reply)
                    print(tls.version())
                    sys.exit(0)
        except ssl.SSLError as error:
            print("SSLERROR", error)
            sys.exit(3)
        except OSError as error:
            print("OSERROR", error)
            sys.exit(5)
        """
}
