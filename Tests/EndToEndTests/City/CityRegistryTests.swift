import CheckpointTestSupport
import CheckpointWire
import Foundation
import Glibc
import Testing

/// Issue 17 point 3: an order opened in one district reaches the others through the city's registry; a record
/// there of that person (under a linked phone too) is a violation whose alert names the ordering district;
/// releases travel the same way; cut off from the city, a district uses what it last knew and says so.
@Suite(
    .enabled(if: postgresAvailable, "needs PostgreSQL (initdb, pg_ctl, psql): scripts/install-deps --test installs it"),
    .timeLimit(.minutes(20)))
struct CityRegistryTests {
    @Test func registry_anOrderOfOneDistrict_makesARecordInAnotherAViolationNamingIt() throws {
        let city = try CityFixture()
        try city.startDistrict("A")
        let b = try city.startDistrict("B")
        try city.startDistrict("C")
        let gateA = try city.session("A")
        let gateB = try city.session("B")
        let traveller = TestPerson.phone(4242)
        let opened = Deadline.now()
        #expect(try gateA.request("ENTRY seq=1 person=\(traveller) origin=outside").contains("verdict=quarantine"))
        // Each district learns of the order through the registry.
        var arrivals: [String: Double] = [:]
        for name in ["B", "C"] {
            let daemon = try #require(city.districts[name])
            let arrived = Deadline.poll(seconds: 30, interval: 0.02) {
                (try? SQLiteShell.scalar(
                    daemon.databasePath, "SELECT COUNT(*) FROM quarantines WHERE district = 'A' AND released_at IS NULL"))
                    == "1"
            }
            #expect(arrived, "district \(name) did not learn of A's order")
            arrivals[name] = Deadline.now() - opened
        }
        print("registry: A's order reached B after \(String(format: "%.2f", arrivals["B"] ?? -1)) s, C after "
              + "\(String(format: "%.2f", arrivals["C"] ?? -1)) s")

        let reply = try gateB.request("ENTRY seq=1 person=\(traveller)")
        #expect(reply.contains("verdict=violation"), "\(reply)")
        let control = try b.control()
        defer { control.close() }
        let alerts = try control.result("alerts", ["state": .string("open")])
        let violation = alerts["items"]?.arrayValue?.compactMap(\.objectValue).first {
            $0["type"]?.stringValue == "VIOLATION"
        }
        #expect(violation?["detail"]?.stringValue == "ordered by district A", "\(alerts)")
        #expect(violation?["detail_code"]?.stringValue == "ordered_by")
        // B's quarantine list shows the order and the district that opened it; B does not follow it up.
        let orders = try control.result("quarantine.list")
        let order = orders["items"]?.arrayValue?.first?.objectValue
        #expect(order?["district"]?.stringValue == "A", "\(orders)")
        // The violation reaches the city naming A.
        #expect(
            Deadline.poll(seconds: 30, interval: 0.1) {
                (try? city.scalar("SELECT ordered_by FROM city.alerts WHERE district = 'B' AND type = 'VIOLATION'"))
                    == "A"
            })
        // B's own orders are its own: A's order is not shipped back as B's.
        #expect(try city.scalar("SELECT COUNT(*) FROM city.quarantines WHERE district = 'B'") == "0")

        // Released in A: B learns of it, and the next record there is no violation.
        let controlA = try #require(city.districts["A"]).control()
        defer { controlA.close() }
        _ = try controlA.result("quarantine.release", ["person": .string(traveller), "note": .string("negative test")])
        let released = Deadline.poll(seconds: 30, interval: 0.05) {
            (try? SQLiteShell.scalar(
                b.databasePath, "SELECT COUNT(*) FROM quarantines WHERE district = 'A' AND released_at IS NOT NULL"))
                == "1"
        }
        #expect(released, "B did not learn of the release")
        #expect(try gateB.request("ENTRY seq=2 person=\(traveller)").contains("verdict=pass"))
    }

    /// The order is on a resident ID in A; in B the person shows a phone linked to that ID: a violation still.
    @Test func registry_anOrderOnAnID_reachesAPhoneLinkedToItInAnotherDistrict() throws {
        let city = try CityFixture()
        try city.startDistrict("A")
        let b = try city.startDistrict("B")
        let resident = TestPerson.residentID("11010519491231002")
        let phone = TestPerson.phone(777)
        let gateA = try city.session("A")
        let gateB = try city.session("B")
        // B links the phone to the ID on first sight, before any order exists.
        #expect(try gateB.request("TEMP seq=1 person=\(phone) id=\(resident) temp=36.4").contains("verdict=pass"))
        #expect(try gateA.request("ENTRY seq=1 person=\(resident) origin=outside").contains("verdict=quarantine"))
        let arrived = Deadline.poll(seconds: 30, interval: 0.05) {
            (try? SQLiteShell.scalar(b.databasePath, "SELECT COUNT(*) FROM quarantines WHERE district = 'A'")) == "1"
        }
        #expect(arrived)
        #expect(try gateB.request("ENTRY seq=2 person=\(phone)").contains("verdict=violation"))
    }

    /// The workplace rule of issue 15 holds for an order of another district: any reading of the person at a
    /// workplace gate there is a violation (they may not start work), a temperature reading included.
    @Test func registry_anOrderOfOneDistrict_keepsThePersonFromWorkInAnother() throws {
        let city = try CityFixture()
        try city.startDistrict("A")
        let b = try city.startDistrict("B")
        let control = try b.control()
        defer { control.close() }
        _ = try control.result(
            "checkpoint.add",
            ["id": .string("gate-b"), "grid": .string("g-b"), "name": .string("Acme"), "kind": .string("workplace")])
        let gateA = try city.session("A")
        let workplace = try city.session("B")
        let worker = TestPerson.phone(6060)
        #expect(try gateA.request("ENTRY seq=1 person=\(worker) origin=outside").contains("verdict=quarantine"))
        #expect(
            Deadline.poll(seconds: 30, interval: 0.05) {
                (try? SQLiteShell.scalar(b.databasePath, "SELECT COUNT(*) FROM quarantines WHERE district = 'A'"))
                    == "1"
            })
        let reply = try workplace.request("TEMP seq=1 person=\(worker) temp=36.4")
        #expect(reply.contains("violation"), "\(reply)")
    }

    /// PostgreSQL down: the district keeps the orders it knew (a violation is still a violation) and says in
    /// health that its registry is stale, and since when.
    @Test func registry_whenCutOffFromTheCity_usesWhatItLastKnewAndSaysSo() throws {
        let city = try CityFixture()
        try city.startDistrict("A")
        let b = try city.startDistrict("B")
        let gateA = try city.session("A")
        let gateB = try city.session("B")
        let traveller = TestPerson.phone(5150)
        #expect(try gateA.request("ENTRY seq=1 person=\(traveller) origin=outside").contains("verdict=quarantine"))
        #expect(
            Deadline.poll(seconds: 30, interval: 0.05) {
                (try? SQLiteShell.scalar(b.databasePath, "SELECT COUNT(*) FROM quarantines WHERE district = 'A'"))
                    == "1"
            })
        try city.cluster.stop(mode: "immediate")
        let stale = Deadline.poll(seconds: 30, interval: 0.2) {
            let city = (try? CityFixture.health(b))?["city"]?.objectValue
            return city?["registry_stale"] == .bool(true) && city?["registry_synced_at"] != .null
        }
        #expect(stale, "\((try? CityFixture.health(b)) ?? [:])")
        #expect(try gateB.request("ENTRY seq=1 person=\(traveller)").contains("verdict=violation"))
        try city.cluster.start()
        #expect(
            Deadline.poll(seconds: 60, interval: 0.2) {
                (try? CityFixture.health(b))?["city"]?.objectValue?["registry_stale"] == .bool(false)
            })
    }
}
