import CheckpointTestSupport
import CheckpointWire
import Foundation
import Testing

/// Issue 18 points 1 and 3: the daemon's HTTP listener serves the dashboard, its data and its live feed, read-only,
/// in Chinese or English, with nothing from elsewhere and no person in full.
@Suite struct DashboardHTTPTests {
    /// Two gates in two grids; a passing reading, an entry and a fever. Returns the daemon and its sessions.
    static func gatesWithAFever() throws -> (DaemonProcess, [LineClient]) {
        let daemon = try DaemonProcess.started()
        let first = try daemon.session(station: "st-1", token: try daemon.registerStation(
            checkpoint: "gate-1", grid: "g1", station: "st-1"))
        let second = try daemon.session(station: "st-2", token: try daemon.registerStation(
            checkpoint: "gate-2", grid: "g2", station: "st-2"))
        expectRecordOK(try first.request("TEMP seq=1 person=\(TestPerson.phone(1)) temp=36.5"), seq: 1)
        expectRecordOK(try first.request("ENTRY seq=2 person=\(TestPerson.phone(1))"), seq: 2)
        expectRecordOK(
            try second.request("TEMP seq=1 person=\(TestPerson.phone(2)) temp=38.5"), seq: 1, verdict: "fever",
            alert: true)
        return (daemon, [first, second])
    }

    static func object(_ response: HTTPTestResponse) throws -> JSONObject {
        guard case .object(let object) = try JSONParser.parse(response.text) else {
            throw TestSupportError("not a JSON object: \(response.text.prefix(300))")
        }
        return object
    }

    @Test func page_isInTheLanguageAskedAndLoadsNothingFromElsewhere() throws {
        let daemon = try DaemonProcess.started()
        let chinese = try HTTPTestClient.get(
            port: daemon.httpPort, "/", headers: ["Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"])
        let english = try HTTPTestClient.get(
            port: daemon.httpPort, "/", headers: ["Accept-Language": "en-GB,en;q=0.9,zh;q=0.5"])
        let unsaid = try HTTPTestClient.get(port: daemon.httpPort, "/")
        let chosen = try HTTPTestClient.get(port: daemon.httpPort, "/?lang=en", headers: ["Accept-Language": "zh"])
        #expect(chinese.status == 200 && chinese.headers["content-type"] == "text/html; charset=utf-8")
        #expect(chinese.text.contains(#"<html lang="zh">"#), "\(chinese.text.prefix(200))")
        #expect(english.text.contains(#"<html lang="en">"#), "\(english.text.prefix(200))")
        #expect(unsaid.text.contains(#"<html lang="zh">"#), "without Accept-Language: Chinese")
        #expect(chosen.text.contains(#"<html lang="en">"#), "?lang= wins over the header")
        #expect(chinese.headers["content-language"] == "zh" && english.headers["content-language"] == "en")
        let policy = chinese.headers["content-security-policy"] ?? ""
        #expect(policy.contains("default-src 'none'") && policy.contains("script-src 'self'"), "\(policy)")
        let script = try HTTPTestClient.get(port: daemon.httpPort, "/dashboard.js")
        #expect(script.status == 200 && script.headers["content-type"] == "text/javascript; charset=utf-8")
        #expect(script.text.contains("EventSource"), "the page's script is served apart")
        #expect(!chinese.text.contains("<script>"), "no inline script (the policy forbids it)")
        // Nothing is loaded from another origin: the page names no URL but its own script and a data: icon.
        for (name, text) in [("page", chinese.text), ("script", script.text)] {
            for pattern in [#"src="http"#, #"href="http"#, "url(http", "url(//", #"src="//"#, "fetch(\"http", "@import"] {
                #expect(!text.contains(pattern), "the \(name) loads from elsewhere: \(pattern)")
            }
        }
        let sources = chinese.text.components(separatedBy: "src=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(sources == ["dashboard.js"], "\(sources)")
    }

    @Test func apiDashboard_givesTodayByGridWithPeopleMasked() throws {
        let (daemon, sessions) = try Self.gatesWithAFever()
        defer { withExtendedLifetime(sessions) {} }
        // An arrival from outside the city opens a quarantine order at gate-1 (grid g1).
        let arrival = try sessions[0].request("ENTRY seq=3 person=\(TestPerson.phone(5)) origin=outside")
        #expect(arrival.contains("verdict=quarantine"), "\(arrival)")
        let response = try HTTPTestClient.get(port: daemon.httpPort, "/api/dashboard")
        #expect(response.status == 200 && response.headers["content-type"] == "application/json")
        #expect(response.headers["cache-control"] == "no-store")
        let object = try Self.object(response)
        let totals = try #require(object["totals"]?.objectValue)
        #expect(totals["records"]?.intValue == 4 && totals["fevers"]?.intValue == 1 && totals["entry"]?.intValue == 2)
        #expect(totals["new_orders"]?.intValue == 1 && totals["active_orders"]?.intValue == 1, "\(totals)")
        let grids = try #require(object["grids"]?.arrayValue).compactMap(\.objectValue)
        let byName = Dictionary(uniqueKeysWithValues: grids.compactMap { grid in grid["grid"]?.stringValue.map { ($0, grid) } })
        #expect(byName["g1"]?["state"]?.stringValue == "ok" && byName["g1"]?["records"]?.intValue == 3)
        #expect(byName["g1"]?["active_orders"]?.intValue == 1 && byName["g2"]?["active_orders"]?.intValue == 0)
        #expect(byName["g1"]?["checkpoints"]?.intValue == 1 && byName["g1"]?["silent_checkpoints"]?.intValue == 0)
        #expect(byName["g2"]?["state"]?.stringValue == "alarm" && byName["g2"]?["fevers"]?.intValue == 1)
        let alerts = try #require(object["alerts"]?.arrayValue).compactMap(\.objectValue)
        #expect(alerts.count == 1 && alerts.first?["type"]?.stringValue == "FEVER")
        #expect(alerts.first?["person"]?.stringValue == "138****0002", "\(alerts)")
        #expect(alerts.first?["station"] == nil, "no station, record or note on the dashboard")
        let stations = try #require(object["stations"]?.arrayValue).compactMap(\.objectValue)
        #expect(stations.count == 2 && stations.allSatisfy { $0["online"] == .bool(true) })
        let hours = try #require(object["hours"]?.arrayValue).compactMap(\.objectValue)
        #expect(hours.count == 24, "every hour of the day (UTC has no clock change)")
        #expect(hours.compactMap { $0["records"]?.intValue }.reduce(0, +) == 4)
        #expect(hours.compactMap { $0["fevers"]?.intValue }.reduce(0, +) == 1)
        for phone in [TestPerson.phone(1), TestPerson.phone(2), TestPerson.phone(5)] {
            #expect(!response.text.contains(phone), "a full phone number on the dashboard")
        }
    }

    @Test func events_sendThePictureAtOnceAndAFeverWithinTwoSeconds() throws {
        let (daemon, sessions) = try Self.gatesWithAFever()
        let stream = try HTTPTestClient.events(port: daemon.httpPort)
        defer { stream.close() }
        #expect(stream.status == 200 && stream.headers["content-type"] == "text/event-stream; charset=utf-8")
        let first = try #require(try stream.next(named: "dashboard", timeout: 5), "no picture at once")
        #expect(first.contains("\"grids\""))
        let sent = Deadline.now()
        expectRecordOK(
            try sessions[0].request("TEMP seq=3 person=\(TestPerson.phone(3)) temp=38.6"), seq: 3, verdict: "fever",
            alert: true)
        let alert = try #require(try stream.next(named: "alert", timeout: 5), "no alert event")
        let elapsed = Deadline.now() - sent
        #expect(elapsed < 2, "the alert took \(elapsed) s")
        guard case .object(let row) = try JSONParser.parse(alert) else { throw TestSupportError("alert: \(alert)") }
        #expect(row["type"]?.stringValue == "FEVER" && row["person"]?.stringValue == "138****0003")
        #expect(!alert.contains(TestPerson.phone(3)))
        // The picture follows within a couple of ticks, with the new record counted.
        let later = try #require(try stream.next(named: "dashboard", timeout: 5))
        guard case .object(let picture) = try JSONParser.parse(later) else { throw TestSupportError(later) }
        #expect(picture["totals"]?.objectValue?["records"]?.intValue == 4, "\(later.prefix(300))")
    }

    @Test func writes_unknownPathsAndBigBodies_areRefused() throws {
        let daemon = try DaemonProcess.started()
        let post = try HTTPTestClient.get(port: daemon.httpPort, "/api/dashboard", method: "POST", body: "{}")
        #expect(post.status == 405 && post.headers["allow"] == "GET, HEAD")
        let missing = try HTTPTestClient.get(port: daemon.httpPort, "/../../etc/passwd")
        #expect(missing.status == 404)
        let head = try HTTPTestClient.get(port: daemon.httpPort, "/metrics", method: "HEAD")
        #expect(head.status == 200 && head.body.isEmpty)
        let big = try HTTPTestClient.get(
            port: daemon.httpPort, "/", method: "GET", body: String(repeating: "x", count: 100_000))
        #expect(big.status == 413)
        #expect((try? daemon.control().result("health")) != nil, "the daemon is still there")
    }
}
