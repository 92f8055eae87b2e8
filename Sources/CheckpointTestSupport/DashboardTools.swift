import Foundation

/// The real programs the dashboard's tests run (issue 18): Debian's `prometheus` and `promtool`, and headless
/// Chromium driven by `python3-selenium`. `CHECKPOINTD_DASHBOARD=require` (CI) fails a test whose program is
/// missing instead of skipping it; `skip` skips them.
public enum DashboardTools {
    public static let prometheusPath = "/usr/bin/prometheus"
    public static let promtoolPath = "/usr/bin/promtool"
    public static let chromedriverPath = "/usr/bin/chromedriver"

    static var switchValue: String { ProcessInfo.processInfo.environment["CHECKPOINTD_DASHBOARD"] ?? "" }

    public static var prometheusAvailable: Bool {
        available(FileManager.default.isExecutableFile(atPath: prometheusPath)
            && FileManager.default.isExecutableFile(atPath: promtoolPath))
    }

    public static var browserAvailable: Bool {
        available(FileManager.default.isExecutableFile(atPath: chromedriverPath) && seleniumImports)
    }

    private static func available(_ present: Bool) -> Bool {
        switch switchValue {
        case "require": return true
        case "skip": return false
        default: return present
        }
    }

    private static var seleniumImports: Bool {
        (try? ChildProcess.run("/usr/bin/python3", ["-c", "import selenium"], seconds: 30).status == .exited(0)) ?? false
    }

    /// `promtool check metrics` on `text`: its complaints (empty when clean).
    public static func promtoolProblems(_ text: String) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: promtoolPath) else {
            throw TestSupportError("promtool is not installed: scripts/install-deps --test installs prometheus")
        }
        let directory = try TemporaryDirectory(prefix: "cpd-promtool")
        let input = directory.file("metrics.txt")
        try text.write(toFile: input, atomically: true, encoding: .utf8)
        let result = try ChildProcess.run(
            "/bin/sh", ["-c", "\(promtoolPath) check metrics < '\(input)'"], seconds: 60)
        return result.status == .exited(0) ? "" : result.standardOutput + result.standardError
    }
}

/// A real Prometheus server of the test's own: its data in a temporary directory, on a free loopback port, scraping
/// the given targets every second.
public final class PrometheusServer: @unchecked Sendable {
    public let port: Int
    private let directory: TemporaryDirectory
    private let process: ChildProcess

    public init(scraping targets: [String], basicAuth: (user: String, password: String)? = nil) throws {
        guard FileManager.default.isExecutableFile(atPath: DashboardTools.prometheusPath) else {
            throw TestSupportError("prometheus is not installed: scripts/install-deps --test installs it")
        }
        directory = try TemporaryDirectory(prefix: "cpd-prom")
        port = try FreePort.tcp()
        var config = """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: checkpointd
                static_configs:
                  - targets: [\(targets.map { "'\($0)'" }.joined(separator: ", "))]

            """
        if let basicAuth {
            let passwordFile = directory.file("password")
            try basicAuth.password.write(toFile: passwordFile, atomically: true, encoding: .utf8)
            config += """
                    basic_auth:
                      username: \(basicAuth.user)
                      password_file: \(passwordFile)

                """
        }
        try config.write(toFile: directory.file("prometheus.yml"), atomically: true, encoding: .utf8)
        _ = try directory.makeDirectory("data")
        process = try ChildProcess(
            executable: DashboardTools.prometheusPath,
            arguments: [
                "--config.file=\(directory.file("prometheus.yml"))", "--storage.tsdb.path=\(directory.file("data"))",
                "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
            ],
            environment: ["PATH": "/usr/bin:/bin", "HOME": directory.path],
            standardInput: "/dev/null", standardOutput: directory.file("stdout"),
            standardError: directory.file("stderr"))
        let ready = Deadline.poll(seconds: 60, interval: 0.2) {
            (try? HTTPTestClient.get(port: self.port, "/-/ready", timeout: 2).status) == 200
                || self.process.poll() != nil
        }
        guard ready, process.poll() == nil else {
            throw TestSupportError("prometheus did not become ready: \(process.standardError.suffix(2000))")
        }
    }

    deinit {
        process.send(signal: SIGTERM)
        if process.wait(seconds: 30) == nil { process.send(signal: SIGKILL) }
    }

    /// The value of an instant PromQL query that yields one sample; nil when it yields none.
    public func scalar(_ query: String) throws -> Double? {
        let escaped = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
        let response = try HTTPTestClient.get(port: port, "/api/v1/query?query=\(escaped)")
        guard response.status == 200,
            let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
            let data = object["data"] as? [String: Any], let result = data["result"] as? [[String: Any]]
        else {
            throw TestSupportError("prometheus answered \(response.status): \(response.text.prefix(500))")
        }
        guard let first = result.first, let value = first["value"] as? [Any], value.count == 2,
            let text = value[1] as? String
        else { return nil }
        return Double(text)
    }

    /// What Prometheus says of its scrape targets (`/api/v1/targets`), for a failure's message.
    public func targets() -> String {
        (try? HTTPTestClient.get(port: port, "/api/v1/targets").text) ?? "?"
    }
}
