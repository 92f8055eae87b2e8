import CheckpointTestSupport
import CheckpointWire
import Foundation
import Testing

/// Issue 18 point 4: headless Chromium (Debian's `chromium` and `chromium-driver`, driven by `python3-selenium`)
/// opens the dashboard of a real daemon and sees a fever alert appear without a reload, within 2 s of the `TEMP`
/// line, with no console error and the person masked. Tests/Browser/dashboard_check.py does the browser's part; its
/// screenshot is kept in `.build/screenshots/`.
@Suite(
    .serialized,
    .enabled(if: DashboardTools.browserAvailable, "chromium-driver or python3-selenium is not installed (CHECKPOINTD_DASHBOARD)"))
struct DashboardBrowserTests {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    @Test(arguments: ["zh", "en"])
    func browser_seesAFeverAppearWithinTwoSecondsWithoutAReload(language: String) throws {
        let daemon = try DaemonProcess.started()
        let token = try daemon.registerStation(checkpoint: "gate-1", grid: "g1", station: "st-1")
        let screenshots = Self.root + "/.build/screenshots"
        try FileManager.default.createDirectory(atPath: screenshots, withIntermediateDirectories: true)
        let screenshot = "\(screenshots)/dashboard-\(language).png"
        let phone = TestPerson.phone(42)
        let result = try ChildProcess.run(
            "/usr/bin/python3",
            [
                Self.root + "/Tests/Browser/dashboard_check.py", "--url", "http://127.0.0.1:\(daemon.httpPort)/",
                "--station-host", "127.0.0.1", "--station-port", String(daemon.tcpPort), "--station-id", "st-1",
                "--token", token, "--person", phone, "--screenshot", screenshot, "--lang", language,
                "--timeout", "2.0",
            ],
            environment: ChildProcess.cleanEnvironment(), seconds: 240)
        let last = result.standardOutput.split(separator: "\n").last.map(String.init) ?? ""
        guard case .object(let report)? = try? JSONParser.parse(last) else {
            let output = "\(result.standardOutput.suffix(2000)) \(result.standardError.suffix(2000))"
            Issue.record("no report from the browser check (\(result.status)): \(output)")
            return
        }
        print("dashboard in Chromium (\(language)): \(last)")
        #expect(result.status == .exited(0), "\(last)\n\(result.standardError.suffix(2000))")
        #expect(report["ok"] == .bool(true), "\(last)")
        let seconds = report["alert_s"].flatMap { value -> Double? in
            if case .double(let number) = value { return number }
            return value.intValue.map(Double.init)
        }
        #expect((seconds ?? 99) < 2, "the alert appeared after \(String(describing: seconds)) s")
        #expect(report["console_errors"] == .array([]), "\(last)")
        #expect(report["masked"] == .bool(true))
        #expect(report["lang"]?.stringValue == language)
        #expect(FileManager.default.fileExists(atPath: screenshot), "no screenshot at \(screenshot)")
    }
}
