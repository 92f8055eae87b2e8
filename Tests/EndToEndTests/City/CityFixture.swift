import CheckpointTestSupport
import CheckpointWire
import Foundation
import Glibc
import Testing

/// A city for the tests of issue 17: a PostgreSQL cluster of its own with the city schema (made by
/// `checkpointctl city migrate`, as an operator would), and district daemons each logging in as its own role.
final class CityFixture: @unchecked Sendable {
    // Safe because: one test owns a fixture.
    let cluster: PostgresCluster
    let checkpointctl: String
    private(set) var districts: [String: DaemonProcess] = [:]
    private var tokens: [String: String] = [:]

    init() throws {
        cluster = try PostgresCluster()
        checkpointctl = try BuiltProduct.checkpointctl()
        try cluster.psql("CREATE DATABASE city", database: "postgres")
        let migrated = try ctl(["city", "migrate", "--url", cluster.url(role: "postgres")])
        guard migrated.status == .exited(0) else {
            throw TestSupportError("city migrate failed: \(migrated.standardOutput) \(migrated.standardError)")
        }
    }

    /// Runs checkpointctl with a clean environment.
    func ctl(_ arguments: [String], environment: [String: String] = [:]) throws -> CompletedProcess {
        var merged = ChildProcess.cleanEnvironment()
        merged.merge(environment) { $1 }
        return try ChildProcess.run(checkpointctl, arguments, environment: merged, seconds: 120)
    }

    /// Makes the district's role, registers it with the city, and starts its daemon (not waiting for the city).
    @discardableResult
    func startDistrict(_ name: String, extraArguments: [String] = []) throws -> DaemonProcess {
        let role = "district_" + name.lowercased()
        try cluster.psql("CREATE ROLE \(role) LOGIN")
        let added = try ctl(["city", "add-district", name, "--role", role, "--url", cluster.url(role: "postgres")])
        guard added.status == .exited(0) else { throw TestSupportError("add-district: \(added.standardError)") }
        let daemon = try DaemonProcess(
            arguments: ["--district", name, "--city-url", cluster.url(role: role), "--quarantine-grace", "0s"]
                + extraArguments)
        try daemon.start()
        districts[name] = daemon
        return daemon
    }

    /// Counts `daemon` as district `name` (one the test started itself).
    func track(_ name: String, _ daemon: DaemonProcess) {
        districts[name] = daemon
    }

    /// A station session at the district's gate `gate-<district>` in grid `g-<district>`.
    func session(_ district: String, station: String? = nil) throws -> LineClient {
        guard let daemon = districts[district] else { throw TestSupportError("no district \(district)") }
        let station = station ?? "st-\(district.lowercased())"
        let token: String
        if let known = tokens[station] {
            token = known
        } else {
            token = try daemon.registerStation(
                checkpoint: "gate-\(district.lowercased())", grid: "g-\(district.lowercased())", station: station)
            tokens[station] = token
        }
        return try daemon.session(station: station, token: token)
    }

    /// Rows of `sql` run as the city's owner.
    func rows(_ sql: String) throws -> [[String]] {
        try cluster.psql(sql).split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
    }

    func scalar(_ sql: String) throws -> String {
        try cluster.psql(sql).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// How many records the district's database holds.
    static func localCount(_ daemon: DaemonProcess) throws -> Int {
        Int(try SQLiteShell.scalar(daemon.databasePath, "SELECT COUNT(*) FROM records") ?? "") ?? -1
    }

    /// Waits until the city holds as many of the district's records as its database; the seconds it took, nil on
    /// timeout.
    func waitUntilShipped(_ district: String, seconds: Double = 120) throws -> Double? {
        guard let daemon = districts[district] else { return nil }
        let start = Deadline.now()
        let shipped = Deadline.poll(seconds: seconds, interval: 0.1) {
            guard let local = try? Self.localCount(daemon),
                let city = try? self.scalar("SELECT COUNT(*) FROM city.records WHERE district = '\(district)'")
            else { return false }
            return String(local) == city
        }
        return shipped ? Deadline.now() - start : nil
    }

    /// The daemon's `health` result.
    static func health(_ daemon: DaemonProcess) throws -> JSONObject {
        let control = try daemon.control()
        defer { control.close() }
        return try control.result("health")
    }
}

/// Sends `TEMP` records `seqs` for people `personBase + seq`, pipelined in windows, and returns how many were
/// acknowledged.
func ingest(_ client: LineClient, seqs: ClosedRange<Int>, personBase: Int, window: Int = 200) throws -> Int {
    var acknowledged = 0
    var next = seqs.lowerBound
    while next <= seqs.upperBound {
        let end = min(next + window - 1, seqs.upperBound)
        try client.sendRaw((next...end).map { passingTemp(seq: $0, person: personBase + $0) + "\n" }.joined())
        for _ in next...end {
            guard let reply = try client.readLine(timeout: 30) else { return acknowledged }
            if reply.hasPrefix("OK ") || reply.hasPrefix("DUP ") { acknowledged += 1 }
        }
        next = end + 1
    }
    return acknowledged
}

/// The city tests run when PostgreSQL can be started here (`CHECKPOINTD_POSTGRES=require` in CI).
let postgresAvailable = PostgresCluster.isAvailable
