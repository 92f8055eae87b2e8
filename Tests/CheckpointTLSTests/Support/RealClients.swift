import Foundation

/// The real clients: `openssl s_client` and Python's `ssl` module, against the in-process server.
enum RealClients {
    /// `openssl s_client` sending `ping` and keeping its input open for a second, so the greeting and the echo
    /// come back before it closes. `options` are extra flags (`-tls1_3`, `-cert F -key F`, ...).
    static func openssl(port: Int, ca: String, host: String = "localhost", options: [String]) async throws
        -> ExternalCommand.Result
    {
        let flags = (["-connect", "127.0.0.1:\(port)", "-CAfile", ca, "-verify_return_error",
            "-verify_hostname", host, "-servername", host, "-brief"] + options).map { "'\($0)'" }
        let line = "(printf 'ping\\n'; sleep 1) | openssl s_client " + flags.joined(separator: " ")
        return try await ExternalCommand.shell(line)
    }

    /// Python's `ssl`: prints `VERSION GREETING ECHO` and exits 0, or prints `SSLERROR ...` and exits 3.
    static func python(port: Int, ca: String, host: String = "localhost", certificate: String? = nil,
        key: String? = nil) async throws -> ExternalCommand.Result
    {
        var arguments = ["python3", "-c", script, "\(port)", ca, host]
        if let certificate, let key {
            arguments += [certificate, key]
        }
        return try await ExternalCommand.run(arguments)
    }

    private static let script = """
        import socket, ssl, sys
        port, ca, host = int(sys.argv[1]), sys.argv[2], sys.argv[3]
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.load_verify_locations(ca)
        if len(sys.argv) > 5:
            context.load_cert_chain(sys.argv[4], sys.argv[5])
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
                with context.wrap_socket(raw, server_hostname=host) as tls:
                    stream = tls.makefile("rwb")
                    greeting = stream.readline().decode().strip()
                    tls.sendall(b"ping\\n")
                    echo = stream.readline().decode().strip()
                    print(tls.version(), greeting, echo)
                    sys.exit(0 if greeting and echo == "ping" else 4)
        except ssl.SSLError as error:
            print("SSLERROR", error)
            sys.exit(3)
        except OSError as error:
            print("OSERROR", error)
            sys.exit(5)
        """
}
