import CheckpointTestSupport
import CheckpointWire
import Foundation
import Glibc
import Testing

/// Issue 17 points 2 and 7: district daemons ship to a real PostgreSQL exactly once and in order, keep working
/// while it is down, catch up after, and ship nothing twice after a `kill -9`.
@Suite(
    .enabled(if: postgresAvailable, "needs PostgreSQL (initdb, pg_ctl, psql): scripts/install-deps --test installs it"),
    .timeLimit(.minutes(20)))
struct CityUplinkTests {
    /// Three districts: every record, alert, order and gap reaches the city once, under its district's keys, and
    /// the city's position for each district equals the district's own.
    @Test func uplink_ofThreeDistricts_shipsEveryRowOnceUnderItsDistrictsKeys() throws {
        let city = try CityFixture()
        for name in ["A", "B", "C"] { try city.startDistrict(name) }
        for (index, name) in ["A", "B", "C"].enumerated() {
            let client = try city.session(name)
            #expect(try ingest(client, seqs: 1...300, personBase: index * 1000) == 300)
            // A fever (an alert) and an arrival from outside (an order); seq 400 leaves a gap 303...399.
            #expect(try client.request("TEMP seq=301 person=\(TestPerson.phone(90 + index)) temp=39.2").contains("fever"))
            #expect(
                try client.request("ENTRY seq=302 person=\(TestPerson.phone(80 + index)) origin=outside")
                    .contains("quarantine"))
            #expect(try client.request(passingTemp(seq: 400, person: 70 + index)).hasPrefix("OK "))
            client.close()
        }
        for name in ["A", "B", "C"] {
            let took = try city.waitUntilShipped(name)
            #expect(took != nil, "district \(name) did not reach the city")
            print("city uplink: district \(name) shipped 303 records in \(String(format: "%.2f", took ?? -1)) s")
        }
        for name in ["A", "B", "C"] {
            let counts = try city.rows(
                """
                SELECT COUNT(*), COUNT(DISTINCT local_id), MIN(local_id), MAX(local_id),
                       COUNT(*) FILTER (WHERE verdict & 1 <> 0)
                FROM city.records WHERE district = '\(name)'
                """)
            #expect(counts == [["303", "303", "1", "303", "1"]], "district \(name): \(counts)")
            let grid = try city.scalar("SELECT DISTINCT grid FROM city.records WHERE district = '\(name)'")
            #expect(grid == "g-\(name.lowercased())")
        }
        let shipped = Deadline.poll(seconds: 30, interval: 0.1) {
            (try? city.rows("SELECT district, type, state FROM city.alerts ORDER BY district")) == [
                ["A", "FEVER", "open"], ["B", "FEVER", "open"], ["C", "FEVER", "open"],
            ]
                && (try? city.scalar("SELECT COUNT(*) FROM city.quarantines")) == "3"
                && (try? city.scalar("SELECT COUNT(*) FROM city.station_gaps")) == "3"
        }
        #expect(shipped, "alerts, orders and gaps: \((try? city.rows("SELECT * FROM city.alerts")) ?? [])")
        let gaps = try city.rows("SELECT district, station, first_missing, last_missing FROM city.station_gaps ORDER BY 1")
        #expect(gaps == [["A", "st-a", "303", "399"], ["B", "st-b", "303", "399"], ["C", "st-c", "303", "399"]])
        // The city's position and the district's own agree.
        for name in ["A", "B", "C"] {
            let daemon = try #require(city.districts[name])
            let local = try SQLiteShell.scalar(daemon.databasePath, "SELECT value FROM meta WHERE key = 'city.shipped_records'")
            let remote = try city.scalar("SELECT shipped_records FROM city.districts WHERE district = '\(name)'")
            #expect(local == remote && remote == "303", "district \(name): local \(local ?? "-"), city \(remote)")
            let health = try CityFixture.health(daemon)
            #expect(health["status"]?.stringValue == "ok", "\(health)")
            #expect(health["uplink_lag_records"]?.intValue == 0)
        }
        // An acknowledgement is a state change: it reaches the city as one.
        let control = try #require(city.districts["A"]).control()
        defer { control.close() }
        _ = try control.result("ack", ["id": .int(1), "note": .string("seen")])
        #expect(
            Deadline.poll(seconds: 30, interval: 0.1) {
                (try? city.scalar("SELECT state || ' ' || acked_by FROM city.alerts WHERE district = 'A'"))?
                    .hasPrefix("acked ") == true
            })
    }

    /// PostgreSQL stopped in the middle of ingest: gates keep their answers, health says degraded with a growing
    /// lag, and after PostgreSQL is back everything arrives, once.
    @Test func uplink_whenPostgreSQLStopsMidIngest_losesAndDuplicatesNothing() throws {
        let city = try CityFixture()
        let daemon = try city.startDistrict("A")
        let client = try city.session("A")
        #expect(try ingest(client, seqs: 1...500, personBase: 0) == 500)
        #expect(try city.waitUntilShipped("A") != nil)

        try city.cluster.stop(mode: "immediate")
        let ingestedWhileDown = try ingest(client, seqs: 501...1500, personBase: 0)
        #expect(ingestedWhileDown == 1000, "gates must not wait for the city")
        let degraded = Deadline.poll(seconds: 30, interval: 0.2) {
            guard let health = try? CityFixture.health(daemon) else { return false }
            return health["status"]?.stringValue == "degraded"
                && (health["uplink_lag_records"]?.intValue ?? 0) >= 1000
                && health["city"]?.objectValue?["registry_stale"] == .bool(true)
        }
        let health = try CityFixture.health(daemon)
        #expect(degraded, "health while the city is down: \(health)")
        print("city down: health \(health["status"]?.stringValue ?? "?"), lag \(health["uplink_lag_records"]?.intValue ?? -1) records")
        #expect(health["db_writable"] == .bool(true))

        try city.cluster.start()
        #expect(try ingest(client, seqs: 1501...2000, personBase: 0) == 500)
        let took = try city.waitUntilShipped("A", seconds: 120)
        #expect(took != nil, "the district did not catch up: \(daemon.stderrText.suffix(2000))")
        print("city back: caught up \(String(format: "%.2f", took ?? -1)) s after it was restarted")
        let counts = try city.rows(
            "SELECT COUNT(*), COUNT(DISTINCT local_id), MAX(local_id) FROM city.records WHERE district = 'A'")
        #expect(counts == [["2000", "2000", "2000"]])
        let back = Deadline.poll(seconds: 30, interval: 0.2) {
            (try? CityFixture.health(daemon))?["status"]?.stringValue == "ok"
        }
        #expect(back, "health after the city came back: \((try? CityFixture.health(daemon)) ?? [:])")
        #expect(daemon.stderrText.contains("city uplink: connected again"))
    }

    /// A district killed (`kill -9`) while it ships a large backlog: after the restart it goes on from where the
    /// city's commit left it; nothing is shipped twice and nothing is missing.
    @Test func uplink_whenTheDistrictIsKilledMidBatch_shipsNothingTwice() throws {
        let city = try CityFixture()
        try city.cluster.psql("CREATE ROLE district_a LOGIN")
        let added = try city.ctl(["city", "add-district", "A", "--role", "district_a", "--url", city.cluster.url(role: "postgres")])
        #expect(added.status == .exited(0))
        // A backlog first, without the city.
        let alone = try DaemonProcess()
        try alone.start()
        let client = try alone.openSession(station: "st-a", checkpoint: "gate-a")
        #expect(try ingest(client, seqs: 1...30000, personBase: 0, window: 500) == 30000)
        client.close()
        #expect(try alone.terminate() == .exited(0))

        let daemon = try DaemonProcess(
            arguments: ["--district", "A", "--city-url", city.cluster.url(role: "district_a")],
            directory: alone.directory, stateDirectory: alone.stateDirectory)
        try daemon.start()
        city.track("A", daemon)
        let midway = Deadline.poll(seconds: 60, interval: 0.005) {
            let shipped = Int((try? city.scalar("SELECT COUNT(*) FROM city.records")) ?? "") ?? 0
            return shipped > 0 && shipped < 30000
        }
        #expect(midway, "the uplink was not seen between its first batch and its last")
        try daemon.kill9()
        let atKill = try city.scalar("SELECT shipped_records FROM city.districts WHERE district = 'A'")
        try daemon.restart()
        let took = try city.waitUntilShipped("A", seconds: 120)
        #expect(took != nil)
        let counts = try city.rows("SELECT COUNT(*), COUNT(DISTINCT local_id), MIN(local_id), MAX(local_id) FROM city.records")
        #expect(counts == [["30000", "30000", "1", "30000"]])
        print("killed mid-batch: the city held \(atKill) records at the kill; 30000 once each after the restart")
        let local = try SQLiteShell.scalar(daemon.databasePath, "SELECT value FROM meta WHERE key = 'city.shipped_records'")
        let settled = Deadline.poll(seconds: 30, interval: 0.1) {
            (try? SQLiteShell.scalar(daemon.databasePath, "SELECT value FROM meta WHERE key = 'city.shipped_records'"))
                == "30000"
        }
        #expect(settled, "the district's own position: \(local ?? "-")")
    }

    /// Without `city_url` nothing of the city runs; a database that shipped as one district refuses another name.
    @Test func start_whenTheDatabaseShippedAsAnotherDistrict_isRefusedNamingBoth() throws {
        let city = try CityFixture()
        let daemon = try city.startDistrict("A")
        #expect(try daemon.terminate() == .exited(0))
        let renamed = try DaemonProcess(
            arguments: ["--district", "B", "--city-url", city.cluster.url(role: "district_a")],
            directory: daemon.directory, stateDirectory: daemon.stateDirectory)
        try renamed.spawn()
        let status = renamed.exitStatus(within: 30)
        #expect(status != nil && status != .exited(0), "\(String(describing: status))")
        #expect(renamed.stderrText.contains("ships to the city as district A, not B"), "\(renamed.stderrText.suffix(1500))")
    }

    /// A district's database replaced (a new disk, a restored backup) starts its ids over: it must not ship over
    /// the rows the city has from the old one. The uplink refuses and says where the way out is described.
    @Test func uplink_fromAReplacedDistrictDatabase_isRefusedAndShipsNothing() throws {
        let city = try CityFixture()
        let first = try city.startDistrict("A")
        let client = try city.session("A")
        #expect(try ingest(client, seqs: 1...50, personBase: 0) == 50)
        #expect(try city.waitUntilShipped("A") != nil)
        client.close()
        #expect(try first.terminate() == .exited(0))
        let replacement = try DaemonProcess(arguments: ["--district", "A", "--city-url", city.cluster.url(role: "district_a")])
        try replacement.start()
        let fresh = try replacement.openSession(station: "st-a2", checkpoint: "gate-a")
        #expect(try ingest(fresh, seqs: 1...10, personBase: 500) == 10)
        let refused = Deadline.poll(seconds: 30, interval: 0.2) {
            ((try? CityFixture.health(replacement))?["city"]?.objectValue?["error"]?.stringValue ?? "")
                .contains("from another database")
        }
        #expect(refused, "\((try? CityFixture.health(replacement)) ?? [:])")
        #expect(try city.scalar("SELECT COUNT(*) FROM city.records") == "50")
    }

    /// The city's schema older than the daemon needs (never migrated): health names the command that fixes it.
    @Test func uplink_whenTheCitySchemaIsMissing_healthSaysRunMigrate() throws {
        let cluster = try PostgresCluster()
        try cluster.psql("CREATE DATABASE city", database: "postgres")
        try cluster.psql("CREATE ROLE district_a LOGIN")
        let daemon = try DaemonProcess(arguments: ["--district", "A", "--city-url", cluster.url(role: "district_a")])
        try daemon.start()
        let said = Deadline.poll(seconds: 30, interval: 0.2) {
            let health = try? CityFixture.health(daemon)
            return health?["status"]?.stringValue == "degraded"
                && (health?["city"]?.objectValue?["error"]?.stringValue ?? "").contains("checkpointctl city migrate")
        }
        #expect(said, "\((try? CityFixture.health(daemon)) ?? [:])")
        // The gates are not affected.
        let client = try daemon.openSession()
        #expect(try client.request(passingTemp(seq: 1, person: 1)).hasPrefix("OK "))
    }
}
