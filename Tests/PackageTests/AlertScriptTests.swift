import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// Issue 16 point 3: `packaging/examples/alert-sms.sh`, the `alert_command` the packages ship as an example, run as
/// checkpointd runs it (its fixed PATH and the ALERT_* variables, nothing else) against a real local HTTP
/// listener (Python's `http.server`).
@Suite("packaging/examples/alert-sms.sh")
struct AlertScriptTests {
    static let script = Checkout.path("packaging/examples/alert-sms.sh")
    static let curl = ["/usr/bin/curl", "/bin/curl"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let python = ["/usr/bin/python3", "/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var canPost: Bool {
        if curl == nil { print("AlertScriptTests: skipped: curl is not installed") }
        if python == nil { print("AlertScriptTests: skipped: python3 is not installed (the test's HTTP listener)") }
        return curl != nil && python != nil
    }

    /// What checkpointd sets for a new fever alert (AlertNotice+Environment.swift).
    static let alert = [
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8",
        "ALERT_ID": "12", "ALERT_TYPE": "FEVER", "ALERT_EVENT": "opened", "ALERT_STATE": "open",
        "RECHECK": "pending", "COUNT": "1", "GRID": "g7", "CHECKPOINT": "gate-1", "STATION": "st-1",
        "PERSON_MASKED": "138****8000", "DETAIL": "temp=38.5", "AT": "2026-12-05T10:57:15+08:00",
        "ALERT_TEXT_EN": "New alert: FEVER #12 at gate-1 (grid g7), 2026-12-05 10:57, 138****8000, temp=38.5",
        "ALERT_TEXT_ZH": "【新告警】发热 #12，卡点 gate-1（网格 g7），2026-12-05 10:57，138****8000，temp=38.5",
    ]

    /// A listener answering every POST with `status`, recording each request as a JSON line in `requests`.
    final class Listener {
        let directory: TemporaryDirectory
        let process: ChildProcess
        let port: Int

        init(status: Int) throws {
            directory = try TemporaryDirectory(prefix: "webhook")
            let server = try directory.write(
                """
                import http.server, json, os, sys
                out, status = sys.argv[1], int(sys.argv[2])
                class Handler(http.server.BaseHTTPRequestHandler):
                    def do_POST(self):
                        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                        record = {"path": self.path, "auth": self.headers.get("Authorization"),
                                  "type": self.headers.get("Content-Type"), "body": body.decode("utf-8")}
                        with open(os.path.join(out, "requests"), "a", encoding="utf-8") as f:
                            f.write(json.dumps(record) + "\\n")
                        self.send_response(status)
                        self.end_headers()
                        self.wfile.write(b"answered\\n")
                    def log_message(self, *args):
                        pass
                server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
                with open(os.path.join(out, "port.tmp"), "w") as f:
                    f.write(str(server.server_port))
                os.rename(os.path.join(out, "port.tmp"), os.path.join(out, "port"))
                server.serve_forever()

                """, to: "server.py")
            process = try ChildProcess(
                executable: try #require(AlertScriptTests.python), arguments: [server, directory.path, "\(status)"],
                environment: ChildProcess.cleanEnvironment(), standardOutput: directory.file("stdout"),
                standardError: directory.file("stderr"))
            let portFile = directory.file("port")
            guard Deadline.poll(seconds: 30, until: { FileManager.default.fileExists(atPath: portFile) }),
                let port = Int(try String(contentsOfFile: portFile, encoding: .utf8))
            else { throw TestSupportError("the HTTP listener did not start: \(process.standardError)") }
            self.port = port
        }

        /// The requests received, each `path`, `auth`, `type` and the decoded JSON `body`.
        func requests() throws -> [[String: Any]] {
            let path = directory.file("requests")
            guard FileManager.default.fileExists(atPath: path) else { return [] }
            return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line in
                var request = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
                if let body = request["body"] as? String {
                    request["body"] = try JSONSerialization.jsonObject(with: Data(body.utf8))
                }
                return request
            }
        }
    }

    /// Runs the script with `alert`'s variables and an env file holding `settings`.
    static func run(settings: String, extra: [String: String] = [:]) throws -> CompletedProcess {
        try withTemporaryDirectory(prefix: "alertenv") { directory in
            let envFile = try directory.write(settings, to: "alert-command.env")
            let environment = alert.merging(extra) { _, new in new }.merging(["ALERT_COMMAND_ENV": envFile]) { $1 }
            return try ChildProcess.run(script, [], environment: environment, seconds: 60)
        }
    }

    @Test(.enabled(if: canPost))
    func post_sendsTheAlertAsJSONWithTheChineseTextAndTheToken() throws {
        let listener = try Listener(status: 200)
        let result = try Self.run(
            settings: """
                ALERT_WEBHOOK_URL=http://127.0.0.1:\(listener.port)/sms/send
                ALERT_WEBHOOK_TOKEN=s3cret
                ALERT_SMS_TO=13900000001,13900000002
                """)
        #expect(result.status == .exited(0), "\(result.standardError)")
        let requests = try listener.requests()
        #expect(requests.count == 1)
        let request = try #require(requests.first)
        #expect(request["path"] as? String == "/sms/send" && request["auth"] as? String == "Bearer s3cret")
        #expect(request["type"] as? String == "application/json; charset=utf-8")
        let body = try #require(request["body"] as? [String: String])
        #expect(body["text"] == Self.alert["ALERT_TEXT_ZH"] && body["text_en"] == Self.alert["ALERT_TEXT_EN"])
        #expect(body["to"] == "13900000001,13900000002" && body["id"] == "12" && body["type"] == "FEVER")
        #expect(body["event"] == "opened" && body["grid"] == "g7" && body["person"] == "138****8000")
        #expect(body["at"] == "2026-12-05T10:57:15+08:00" && body["detail"] == "temp=38.5")
    }

    @Test(.enabled(if: canPost))
    func post_inEnglishWithQuotesInTheText_isValidJSON() throws {
        let listener = try Listener(status: 200)
        let text = #"New alert: SILENT #3 at "gate\1", no record for 31 min"#
        let result = try Self.run(
            settings: "ALERT_WEBHOOK_URL=http://127.0.0.1:\(listener.port)/\nALERT_LANG=en\n",
            extra: ["ALERT_TEXT_EN": text])
        #expect(result.status == .exited(0), "\(result.standardError)")
        let body = try #require(try listener.requests().first?["body"] as? [String: String])
        #expect(body["text"] == text)
    }

    @Test(.enabled(if: canPost))
    func post_whenTheGatewayAnswers500_exitsNonZeroSoTheDaemonRetries() throws {
        let listener = try Listener(status: 500)
        let result = try Self.run(settings: "ALERT_WEBHOOK_URL=http://127.0.0.1:\(listener.port)/\n")
        #expect(result.code != 0)
        #expect(result.standardError.contains("500"), "\(result.standardError)")
        #expect(try listener.requests().count == 1)
    }

    @Test(.enabled(if: canPost))
    func post_whenNothingListens_exitsNonZero() throws {
        let port = try FreePort.tcp()
        let result = try Self.run(settings: "ALERT_WEBHOOK_URL=http://127.0.0.1:\(port)/\nALERT_CURL_MAX_TIME=5\n")
        #expect(result.code != 0 && !result.standardError.isEmpty)
    }

    @Test(.enabled(if: canPost))
    func events_notListedInALERT_EVENTS_areNotPosted() throws {
        let listener = try Listener(status: 200)
        let result = try Self.run(
            settings: "ALERT_WEBHOOK_URL=http://127.0.0.1:\(listener.port)/\nALERT_EVENTS=\"escalated\"\n")
        #expect(result.status == .exited(0))
        #expect(try listener.requests().isEmpty)
    }

    @Test func withoutAURL_exits78SayingWhatToSetInBothLanguages() throws {
        let result = try Self.run(settings: "# nothing yet\n")
        #expect(result.status == .exited(78))
        #expect(result.standardError.contains("set ALERT_WEBHOOK_URL in ") && result.standardError.contains("请在"))
    }

    @Test func script_isExecutablePOSIXShell() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.script))
        let text = try String(contentsOfFile: Self.script, encoding: .utf8)
        #expect(text.hasPrefix("#!/bin/sh\n"))
        for shell in ["/bin/dash", "/bin/sh"] where FileManager.default.isExecutableFile(atPath: shell) {
            let result = try ChildProcess.run(shell, ["-n", Self.script])
            #expect(result.status == .exited(0), "\(shell): \(result.standardError)")
        }
        let shellcheck = "/usr/bin/shellcheck"
        guard FileManager.default.isExecutableFile(atPath: shellcheck) else {
            print("AlertScriptTests: shellcheck is not installed; only the shells' -n check ran")
            return
        }
        let result = try ChildProcess.run(shellcheck, ["--shell=sh", Self.script])
        #expect(result.status == .exited(0), "\(result.standardOutput)")
    }
}
