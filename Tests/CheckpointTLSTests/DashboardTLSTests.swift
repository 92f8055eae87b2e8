import CheckpointTestSupport
import Testing

/// Issue 18 point 1: `http_listen = tls:…` serves the dashboard with the stations' TLS settings; with `tls_client_ca`
/// a browser must show a certificate of the district CA (the dashboard's other way to authenticate).
@Suite struct DashboardTLSTests {
    /// Python's `ssl` and `urllib`: GET `path` over HTTPS; prints the status and the body's first 200 bytes, or
    /// `SSLERROR …` (exit 3).
    static func fetch(
        port: Int, path: String, ca: String, certificate: String? = nil, key: String? = nil
    ) async throws -> ExternalCommand.Result {
        try await ExternalCommand.run(
            ["python3", "-c", script, "\(port)", path, ca, certificate ?? "", key ?? ""])
    }

    private static let script = """
        import ssl, sys, urllib.request, urllib.error
        port, path, ca, cert, key = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
        context = ssl.create_default_context(cafile=ca)
        if cert:
            context.load_cert_chain(cert, key)
        try:
            with urllib.request.urlopen(f"https://localhost:{port}{path}", context=context, timeout=10) as answer:
                print(answer.status, answer.read(200).decode(errors="replace"))
        except urllib.error.HTTPError as error:
            print(error.code)
        except (ssl.SSLError, urllib.error.URLError, ConnectionError) as error:
            print("SSLERROR", error)
            sys.exit(3)
        """

    @Test func tls_servesTheDashboardWithTheStationsCertificate() async throws {
        let district = try District()
        let port = try FreePort.tcp()
        let server = try TLSDaemon(folder: district.folder, extra: ["--http-listen", "tls:127.0.0.1:\(port)"])
        let answer = try await Self.fetch(port: port, path: "/api/dashboard", ca: district.folder.file("ca.pem"))
        #expect(answer.status == 0 && answer.output.hasPrefix("200 {"), "\(answer)")
        _ = server
    }

    @Test func tls_withClientCA_onAllAddresses_servesOnlyAHolderOfADistrictCertificate() async throws {
        let district = try District()
        let port = try FreePort.tcp()
        let server = try TLSDaemon(
            folder: district.folder, clientCA: true, extra: ["--http-listen", "tls:0.0.0.0:\(port)"])
        let without = try await Self.fetch(port: port, path: "/", ca: district.folder.file("ca.pem"))
        #expect(without.status == 3, "no certificate, no page: \(without)")
        let with = try await Self.fetch(
            port: port, path: "/", ca: district.folder.file("ca.pem"),
            certificate: district.folder.file("station-gate-1.pem"), key: district.folder.file("station-gate-1.key"))
        #expect(with.status == 0 && with.output.hasPrefix("200 <!doctype html>"), "\(with)")
        _ = server
    }
}
