import CheckpointTestSupport
import CheckpointWire
import Foundation
import Glibc
import Testing

/// Issue 17 points 4 and 5: `checkpointctl city …` over a real city; reads of a person are audited under the
/// caller's role and refused to a role without the grant; records are partitioned by month and retention drops
/// whole months.
@Suite(
    .enabled(if: postgresAvailable, "needs PostgreSQL (initdb, pg_ctl, psql): scripts/install-deps --test installs it"),
    .timeLimit(.minutes(20)))
struct CityQueryTests {
    /// A city of two districts the same person walked through, and a reader role.
    private func walkedCity() throws -> (city: CityFixture, person: String) {
        let city = try CityFixture()
        try city.startDistrict("A")
        try city.startDistrict("B")
        let person = TestPerson.phone(31)
        let gateA = try city.session("A")
        let gateB = try city.session("B")
        #expect(try gateA.request("TEMP seq=1 person=\(person) temp=36.6").hasPrefix("OK "))
        #expect(try gateB.request("TEMP seq=1 person=\(person) temp=38.7").contains("fever"))
        #expect(try gateA.request(passingTemp(seq: 2, person: 32)).hasPrefix("OK "))
        #expect(try city.waitUntilShipped("A") != nil)
        #expect(try city.waitUntilShipped("B") != nil)
        #expect(
            Deadline.poll(seconds: 30, interval: 0.1) {
                (try? city.scalar("SELECT COUNT(*) FROM city.alerts WHERE type = 'FEVER'")) == "1"
            })
        try city.cluster.psql("CREATE ROLE alice LOGIN IN ROLE city_reader; CREATE ROLE mallory LOGIN")
        return (city, person)
    }

    @Test func trace_ofAPerson_listsEveryDistrictInTimeOrderAndIsAuditedUnderTheRole() throws {
        let (city, person) = try walkedCity()
        let traced = try city.ctl([
            "city", "trace", person, "--reason", "case 2026-114", "--url", city.cluster.url(role: "alice"),
            "--zone", "UTC", "--json",
        ])
        #expect(traced.status == .exited(0), "\(traced.standardError)")
        let parsed = try JSONParser.parse(traced.standardOutput)
        let rows = try #require(parsed.objectValue?["items"]?.arrayValue).compactMap(\.objectValue)
        #expect(rows.map { $0["district"]?.stringValue } == ["A", "B"], "\(traced.standardOutput)")
        #expect(rows.map { $0["checkpoint"]?.stringValue } == ["gate-a", "gate-b"])
        #expect(rows.map { $0["grid"]?.stringValue } == ["g-a", "g-b"])
        #expect(rows.map { $0["verdict"]?.stringValue } == ["pass", "fever"])
        #expect(rows.last?["temp"]?.stringValue == "38.7")
        let audit = try city.rows("SELECT role, what, person, reason FROM city.audit")
        #expect(audit == [["alice", "trace", person, "case 2026-114"]])

        let table = try city.ctl(["city", "trace", person, "--reason", "case 2026-114", "--url",
                                  city.cluster.url(role: "alice"), "--zone", "UTC", "--lang", "zh"])
        #expect(table.status == .exited(0))
        #expect(table.standardOutput.contains("区") && table.standardOutput.contains("gate-b"), "\(table.standardOutput)")
    }

    @Test func trace_byARoleWithoutTheGrant_isRefusedAndReadsNothing() throws {
        let (city, person) = try walkedCity()
        let refused = try city.ctl([
            "city", "trace", person, "--reason", "curious", "--url", city.cluster.url(role: "mallory"),
        ])
        #expect(refused.status == .exited(1))
        #expect(refused.standardError.contains("permission denied"), "\(refused.standardError)")
        #expect(refused.standardOutput.isEmpty)
        // Nor around the audit: the tables themselves are closed to both.
        for role in ["mallory", "alice"] {
            #expect(throws: (any Error).self) { try city.cluster.psql("SELECT * FROM city.records", user: role) }
        }
        #expect(try city.scalar("SELECT COUNT(*) FROM city.audit") == "0")
    }

    @Test func trace_withoutAReason_isRefusedBeforeAndByTheDatabase() throws {
        let (city, person) = try walkedCity()
        let blank = try city.ctl(["city", "trace", person, "--reason", " ", "--url", city.cluster.url(role: "alice")])
        #expect(blank.status == .exited(2), "\(blank.standardError)")
        // The database refuses too, for a client that does not check.
        #expect(throws: (any Error).self) {
            try city.cluster.psql("SELECT * FROM city.trace('\(person)', '')", user: "alice")
        }
        #expect(try city.scalar("SELECT COUNT(*) FROM city.audit") == "0")
    }

    @Test func clearance_seesAFeverInAnotherDistrict() throws {
        let (city, person) = try walkedCity()
        let result = try city.ctl([
            "city", "clearance", person, "--reason", "return to work, Acme", "--url", city.cluster.url(role: "alice"),
            "--json",
        ])
        #expect(result.status == .exited(0), "\(result.standardError)")
        let parsed = try JSONParser.parse(result.standardOutput)
        let row = try #require(parsed.objectValue?["items"]?.arrayValue?.first?.objectValue)
        #expect(row["clear"]?.stringValue == "false")
        #expect(row["reason"]?.stringValue == "fever")
        #expect(row["fever_district"]?.stringValue == "B")
        #expect(row["districts_seen"]?.stringValue == "A,B")
        #expect(try city.rows("SELECT role, what FROM city.audit") == [["alice", "clearance"]])
    }

    @Test func statsAndDailyReport_countPerDistrictAndGrid() throws {
        let (city, _) = try walkedCity()
        let today = try city.scalar("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD')")
        let stats = try city.ctl([
            "city", "stats", "--by", "grid", "--since", today, "--url", city.cluster.url(role: "alice"), "--zone",
            "UTC", "--json",
        ])
        #expect(stats.status == .exited(0), "\(stats.standardError)")
        let parsed = try JSONParser.parse(stats.standardOutput)
        let rows = try #require(parsed.objectValue?["items"]?.arrayValue).compactMap(\.objectValue)
        let counted: [[String]] = rows.map { row in
            ["district", "grid", "temps", "fevers"].map { row[$0]?.stringValue ?? "-" }
        }
        #expect(counted == [["A", "g-a", "2", "0"], ["B", "g-b", "1", "1"]], "\(stats.standardOutput)")
        let report = try city.ctl([
            "city", "report", "daily", "--date", today, "--url", city.cluster.url(role: "alice"), "--zone", "UTC",
        ])
        #expect(report.status == .exited(0), "\(report.standardError)")
        #expect(report.standardOutput.contains("g-a") && report.standardOutput.contains("g-b"), "\(report.standardOutput)")
        // Counts name no one: nothing is audited.
        #expect(try city.scalar("SELECT COUNT(*) FROM city.audit") == "0")
    }

    /// A district's role writes only its own district's rows and reads no one: row-level security and grants.
    @Test func districtRoles_writeOnlyTheirOwnRowsAndReadNoOne() throws {
        let (city, _) = try walkedCity()
        #expect(throws: (any Error).self) {
            try city.cluster.psql(
                "INSERT INTO city.records VALUES ('A', 999, '13800000001', now(), 'TEMP', 365, NULL, 0, 'x', 'x', 'x', 1)",
                user: "district_b")
        }
        try city.cluster.psql("UPDATE city.alerts SET state = 'acked' WHERE district = 'B'", user: "district_a")
        #expect(try city.scalar("SELECT state FROM city.alerts WHERE district = 'B'") == "open")
        try city.cluster.psql("UPDATE city.districts SET shipped_records = 0 WHERE district = 'B'", user: "district_a")
        #expect(try city.scalar("SELECT shipped_records FROM city.districts WHERE district = 'B'") != "0")
        for sql in ["SELECT COUNT(*) FROM city.records", "SELECT COUNT(*) FROM city.audit"] {
            #expect(throws: (any Error).self) { try city.cluster.psql(sql, user: "district_a") }
        }
        #expect(throws: (any Error).self) {
            try city.cluster.psql("SELECT * FROM city.trace('13800000031', 'curious district')", user: "district_a")
        }
        // The registry is every district's to read.
        #expect(try city.scalar("SELECT COUNT(*) FROM city.quarantines") == "0")
        #expect(try city.cluster.psql("SELECT COUNT(*) FROM city.quarantines", user: "district_a") == "0\n")
    }

    /// Records are partitioned by month; retention drops whole months.
    @Test func records_arePartitionedByMonthAndRetentionDropsWholeMonths() throws {
        let (city, _) = try walkedCity()
        let month = try city.scalar("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY_MM')")
        let partitions = try city.scalar(
            """
            SELECT string_agg(c.relname, ',') FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'city.records'::regclass
            """)
        #expect(partitions == "records_\(month)")
        let plan = try city.cluster.psql(
            "EXPLAIN SELECT * FROM city.records WHERE person = '13800000031' ORDER BY ts")
        #expect(plan.contains("records_person_ts") || plan.contains("Index"), "\(plan)")
        let dropped = try city.scalar("SELECT string_agg(d, ',') FROM city.drop_months_before((now() + interval '40 days')::date) d")
        #expect(dropped == "records_\(month)")
        #expect(try city.scalar("SELECT COUNT(*) FROM city.records") == "0")
    }
}
