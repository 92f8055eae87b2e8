import CheckpointTestSupport
import Foundation
import Testing

/// Issue 18 point 2: `/metrics` in Prometheus' text format, checked by `promtool` and scraped by a real Prometheus.
@Suite(.enabled(if: DashboardTools.prometheusAvailable, "prometheus/promtool are not installed (CHECKPOINTD_DASHBOARD)"))
struct MetricsTests {
    /// The sample lines of `name` (with labels), as `labels -> value`.
    static func samples(_ text: String, _ name: String) -> [String: Double] {
        var found: [String: Double] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix(name) && !line.hasPrefix("#") {
            let rest = line.dropFirst(name.count)
            guard rest.first == "{" || rest.first == " " else { continue }
            let parts = line.split(separator: " ")
            guard parts.count >= 2, let value = Double(parts[parts.count - 1]) else { continue }
            found[String(parts[0].dropFirst(name.count))] = value
        }
        return found
    }

    @Test func metrics_countWhatHappenedAndPassPromtool() throws {
        let (daemon, sessions) = try DashboardHTTPTests.gatesWithAFever()
        defer { withExtendedLifetime(sessions) {} }
        let response = try HTTPTestClient.get(port: daemon.httpPort, "/metrics")
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        let text = response.text
        #expect(try DashboardTools.promtoolProblems(text) == "", "promtool check metrics complains")
        let records = Self.samples(text, "checkpointd_records_total")
        #expect(records[#"{kind="TEMP",checkpoint="gate-1"}"#] == 1, "\(records)")
        #expect(records[#"{kind="ENTRY",checkpoint="gate-1"}"#] == 1, "\(records)")
        #expect(records[#"{kind="TEMP",checkpoint="gate-2"}"#] == 1, "\(records)")
        #expect(Self.samples(text, "checkpointd_alerts_total")[#"{type="FEVER"}"#] == 1)
        #expect(Self.samples(text, "checkpointd_alerts_open")[#"{type="FEVER"}"#] == 1)
        #expect(Self.samples(text, "checkpointd_stations_connected")[""] == 2)
        #expect(Self.samples(text, "checkpointd_ack_latency_seconds_count")[""] == 3)
        #expect((Self.samples(text, "checkpointd_commit_duration_seconds_count")[""] ?? 0) >= 3)
        #expect(Self.samples(text, "checkpointd_records_per_commit_sum")[""] == 3)
        #expect(Self.samples(text, "checkpointd_storage_writable")[""] == 1)
        #expect((Self.samples(text, "checkpointd_wal_size_bytes")[""] ?? 0) > 0)
        #expect((Self.samples(text, "process_resident_memory_bytes")[""] ?? 0) > 1_000_000)
        #expect((Self.samples(text, "process_open_fds")[""] ?? 0) > 5)
        #expect(Self.samples(text, "checkpointd_quarantine_orders_active")[""] == 0)
        #expect(!text.contains("checkpointd_city_uplink"), "no city, no uplink gauges")
        for phone in [TestPerson.phone(1), TestPerson.phone(2)] { #expect(!text.contains(phone)) }
    }

    @Test func prometheus_scrapesTheDaemonAndCountsTheRecords() throws {
        let (daemon, sessions) = try DashboardHTTPTests.gatesWithAFever()
        for seq in 3...12 {
            expectRecordOK(try sessions[0].request("ENTRY seq=\(seq) person=\(TestPerson.phone(seq))"), seq: seq)
        }
        let prometheus = try PrometheusServer(scraping: ["127.0.0.1:\(daemon.httpPort)"])
        var total: Double?
        var fevers: Double?
        let counted = Deadline.poll(seconds: 60, interval: 0.5) {
            total = try? prometheus.scalar(#"sum(checkpointd_records_total{job="checkpointd"})"#)
            fevers = try? prometheus.scalar(#"checkpointd_alerts_open{type="FEVER"}"#)
            return total == 13 && fevers == 1
        }
        let answered = "\(String(describing: total)) records, \(String(describing: fevers)) open fevers"
        #expect(counted, "Prometheus answered \(answered): \(prometheus.targets().prefix(1500))")
        let entries = try prometheus.scalar(#"sum by (kind) (checkpointd_records_total{kind="ENTRY"})"#)
        #expect(entries == 11)
    }
}
