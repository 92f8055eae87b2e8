import CheckpointConfig
import Testing

struct ListenAddressTests {
    @Test(arguments: [
        ("tcp:127.0.0.1:7117", ListenAddress.tcp(host: "127.0.0.1", port: 7117)),
        ("tcp:0.0.0.0:0", .tcp(host: "0.0.0.0", port: 0)),
        ("tcp:0.0.0.0:65535", .tcp(host: "0.0.0.0", port: 65535)),
        ("tcp:localhost:80", .tcp(host: "localhost", port: 80)),
        ("tcp:station-gw.example.org:7117", .tcp(host: "station-gw.example.org", port: 7117)),
        ("tcp:[::1]:7117", .tcp(host: "::1", port: 7117)),
        ("tcp:[::]:7117", .tcp(host: "::", port: 7117)),
        ("tcp:[fe80::1%eth0]:7117", .tcp(host: "fe80::1%eth0", port: 7117)),
        ("tcp:[::ffff:192.0.2.1]:7117", .tcp(host: "::ffff:192.0.2.1", port: 7117)),
        ("unix:/run/checkpointd/station.sock", .unix(path: "/run/checkpointd/station.sock")),
        ("unix:station.sock", .unix(path: "station.sock")),
        ("tls:0.0.0.0:7118", .tls(host: "0.0.0.0", port: 7118)),
        ("tls:[::]:7118", .tls(host: "::", port: 7118)),
        ("tls:checkpointd.example:443", .tls(host: "checkpointd.example", port: 443)),
    ])
    func parsing_whenWellFormed_returnsAddressAndRoundTrips(text: String, expected: ListenAddress) throws {
        let address = try ListenAddress(parsing: text)
        #expect(address == expected)
        #expect(address.description == text)
    }

    @Test(arguments: [
        ("tcp:127.0.0.1", "expected tcp:HOST:PORT, tls:HOST:PORT or unix:PATH"),
        ("tcp:127.0.0.1:", "the port must be a number 0–65535"),
        ("tcp:127.0.0.1:65536", "the port must be a number 0–65535"),
        ("tcp:127.0.0.1:-1", "the port must be a number 0–65535"),
        ("tcp:127.0.0.1:7117x", "the port must be a number 0–65535"),
        ("tcp:127.0.0.1:0065536", "the port must be a number 0–65535"),
        ("tcp::7117", "is not a host"),
        ("tcp:host name:7117", "is not a host"),
        ("tcp:::1:7117", "put an IPv6 address in brackets"),
        ("tcp:[::1]7117", "expected tcp:HOST:PORT, tls:HOST:PORT or unix:PATH"),
        ("tcp:[::1:7117", "needs a closing ']'"),
        ("tcp:[zz::1]:7117", "is not an IPv6 address"),
        ("tcp:[127.0.0.1]:7117", "is not an IPv6 address"),
        ("tcp:[]:7117", "is not an IPv6 address"),
        ("udp:127.0.0.1:7117", "expected tcp:HOST:PORT, tls:HOST:PORT or unix:PATH"),
        ("127.0.0.1:7117", "expected tcp:HOST:PORT, tls:HOST:PORT or unix:PATH"),
        ("TCP:127.0.0.1:7117", "expected tcp:HOST:PORT, tls:HOST:PORT or unix:PATH"),
        ("", "expected tcp:HOST:PORT, tls:HOST:PORT or unix:PATH"),
        ("unix:", "unix: needs a socket path"),
        ("unix:/" + String(repeating: "d", count: 107), "is 108 bytes; a Unix socket path can have at most 107"),
    ])
    func parsing_whenMalformed_explainsTheExpectedForm(text: String, fragment: String) {
        let error = #expect(throws: ConfigError.self) { try ListenAddress(parsing: text) }
        #expect(error?.code == .badValue)
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "no error")")
        #expect(error?.source == "")
    }

    @Test func parsing_whenUnixPathIsExactly107Bytes_accepts() throws {
        let path = "/" + String(repeating: "d", count: 106)
        #expect(try ListenAddress(parsing: "unix:" + path) == .unix(path: path))
    }
}
