import CheckpointTestSupport
import Foundation
import Testing

/// Issue 18 point 3: beyond loopback the dashboard needs authentication: `http_auth = basic` with scrypt hashes made
/// by `checkpointctl http passwd`; a listener other machines can reach without it is refused at start.
@Suite struct DashboardAuthTests {
    static func usersFile(_ directory: TemporaryDirectory, _ users: [(String, String)]) throws -> String {
        let path = directory.file("http-users")
        for (name, password) in users {
            let input = directory.file("password-\(name)")
            try (password + "\n").write(toFile: input, atomically: true, encoding: .utf8)
            let result = try ChildProcess.run(
                try BuiltProduct.checkpointctl(), ["http", "passwd", name, "--file", path], standardInput: input,
                seconds: 60)
            guard result.status == .exited(0) else {
                throw TestSupportError("http passwd \(name): \(result.standardError)")
            }
        }
        return path
    }

    static func basic(_ user: String, _ password: String) -> [String: String] {
        ["Authorization": "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()]
    }

    @Test func basic_asksForAUserLetsTheRightPasswordInAndThrottlesGuessing() throws {
        let directory = try TemporaryDirectory(prefix: "cpd-auth")
        let users = try Self.usersFile(directory, [("duty", "correct horse"), ("scraper", "battery staple")])
        let file = try String(contentsOfFile: users, encoding: .utf8)
        #expect(!file.contains("correct horse") && file.contains("duty:$scrypt$ln=15,r=8,p=1$"), "\(file)")
        let daemon = try DaemonProcess.started(["--http-auth", "basic", "--http-users-file", users])
        let port = daemon.httpPort
        let none = try HTTPTestClient.get(port: port, "/api/dashboard")
        #expect(none.status == 401)
        #expect(none.headers["www-authenticate"] == #"Basic realm="checkpointd", charset="UTF-8""#)
        #expect(try HTTPTestClient.get(port: port, "/", headers: Self.basic("duty", "correct horse")).status == 200)
        #expect(try HTTPTestClient.get(port: port, "/metrics", headers: Self.basic("scraper", "battery staple")).status == 200)
        #expect(try HTTPTestClient.get(port: port, "/", headers: Self.basic("duty", "battery staple")).status == 401)
        #expect(try HTTPTestClient.get(port: port, "/", headers: Self.basic("nobody", "x")).status == 401)
        #expect(try HTTPTestClient.get(port: port, "/", headers: ["Authorization": "Bearer abc"]).status == 401)
        // Eight more wrong guesses make ten from this address within a minute: then 429, even with the right one.
        // (Names nobody has: refused without scrypt, so the ten fit in the minute on any machine, a sanitized one too.)
        for guess in 0..<8 {
            #expect(try HTTPTestClient.get(port: port, "/", headers: Self.basic("guess\(guess)", "guess \(guess)")).status == 401)
        }
        let throttled = try HTTPTestClient.get(port: port, "/", headers: Self.basic("duty", "correct horse"))
        #expect(throttled.status == 429 && throttled.headers["retry-after"] == "60")
        // Another address is not throttled (any 127/8 address is this machine).
        let other = try LineClient.tcp(port: port, source: "127.0.0.2")
        try other.sendRaw(
            "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: "
                + (Self.basic("duty", "correct horse")["Authorization"] ?? "") + "\r\n\r\n")
        #expect(try other.readLine(timeout: 15)?.hasPrefix("HTTP/1.1 200") == true)
        // The journal says who failed, never with what.
        let log = daemon.stderrText
        #expect(log.contains("dashboard login refused") && log.contains("user=duty"))
        #expect(log.contains("user=guess3") && !log.contains("guess 3") && !log.contains("battery staple"))
    }

    @Test func prometheus_scrapesThroughBasicAuthentication() throws {
        guard DashboardTools.prometheusAvailable else { return }
        let directory = try TemporaryDirectory(prefix: "cpd-auth")
        let users = try Self.usersFile(directory, [("prometheus", "scrape-secret")])
        let daemon = try DaemonProcess.started(["--http-auth", "basic", "--http-users-file", users])
        let client = try daemon.openSession()
        expectRecordOK(try client.request("TEMP seq=1 person=\(TestPerson.phone(1)) temp=36.6"), seq: 1)
        let prometheus = try PrometheusServer(
            scraping: ["127.0.0.1:\(daemon.httpPort)"], basicAuth: ("prometheus", "scrape-secret"))
        var total: Double?
        let counted = Deadline.poll(seconds: 60, interval: 0.5) {
            total = try? prometheus.scalar("sum(checkpointd_records_total)")
            return total == 1
        }
        #expect(counted, "\(String(describing: total)): \(prometheus.targets().prefix(1500))")
    }

    @Test func start_whenTheListenerIsOpenToOthersWithoutAuthentication_exits78AndSaysWhatToDo() throws {
        let daemon = try DaemonProcess(arguments: ["--http-listen", "tcp:0.0.0.0:\(try FreePort.tcp())"])
        try daemon.spawn()
        let status = daemon.exitStatus(within: 30)
        #expect(status == .exited(78), "\(String(describing: status))")
        let text = daemon.stderrText
        #expect(text.contains("http_auth = basic") && text.contains("127.0.0.1"), "\(text)")
    }

    @Test func start_withBasicButNoUsersFile_orAnUnreadableOne_saysWhatToDo() throws {
        let missing = try DaemonProcess(arguments: ["--http-auth", "basic"])
        try missing.spawn()
        #expect(missing.exitStatus(within: 30) == .exited(78))
        #expect(missing.stderrText.contains("http_users_file"), "\(missing.stderrText)")
        let directory = try TemporaryDirectory(prefix: "cpd-auth")
        let broken = directory.file("users")
        try "duty:not-a-hash\n".write(toFile: broken, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--http-auth", "basic", "--http-users-file", broken])
        try daemon.spawn()
        #expect(daemon.exitStatus(within: 30) != nil)
        #expect(daemon.stderrText.contains("line 1") && daemon.stderrText.contains("not a scrypt hash"), "\(daemon.stderrText)")
    }

    @Test func open_withBasicOnAllAddresses_starts() throws {
        let directory = try TemporaryDirectory(prefix: "cpd-auth")
        let users = try Self.usersFile(directory, [("duty", "correct horse")])
        // Port 0: the kernel's choice (a port picked beforehand may be taken by another test's listener on 127.0.0.1
        // meanwhile); the daemon's ready line says which.
        let daemon = try DaemonProcess.started([
            "--http-listen", "tcp:0.0.0.0:0", "--http-auth", "basic", "--http-users-file", users,
        ])
        let ready = try #require(daemon.stderrText.firstMatch(of: /http=0\.0\.0\.0:(\d+)/), "\(daemon.stderrText)")
        let port = try #require(Int(ready.output.1))
        #expect(try HTTPTestClient.get(port: port, "/").status == 401)
        #expect(try HTTPTestClient.get(port: port, "/", headers: Self.basic("duty", "correct horse")).status == 200)
        _ = daemon
    }
}
