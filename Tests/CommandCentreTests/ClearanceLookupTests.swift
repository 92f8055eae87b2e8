import CheckpointTestSupport
import Foundation
import Testing

/// Issue 15 point 3 (扫码复工): `LOOKUP` answers `clear=yes|no`, and when no `why=quarantine` (the order's end is
/// the `until=` of `quarantine=active`) or `why=fever since=<time>`. A fever counts for `clearance_days` (15) unless
/// its re-check cleared it: confirmed, missed and pending ones count.
@Suite struct ClearanceLookupTests {
    static let person = "13800138000"
    static let masked = "138****8000"
    static let day = WallTime.dayMilliseconds
    static let minute = WallTime.minuteMilliseconds

    static func lookup(_ centre: Centre, _ person: String = person) throws -> String {
        try centre.station().request("LOOKUP person=\(person)")
    }

    /// The re-check state of the person's only FEVER alert, once it is `state` (the daemon marks missed re-checks
    /// when idle).
    static func waitForRecheck(_ centre: Centre, _ state: String) throws -> Bool {
        Deadline.poll(seconds: 10) {
            let alerts = (try? centre.control.must("alerts", ["state": "all", "type": "fever"]).items) ?? []
            return alerts.count == 1 && alerts.first?["recheck"] as? String == state
        }
    }

    /// Two fevers five minutes apart: the second confirms the first's alert.
    static func confirmedFever(_ centre: Centre, at time: Int64, _ person: String = person) throws {
        try centre.send("TEMP", "person=\(person) temp=38.2 ts=\(time)")
        try centre.send("TEMP", "person=\(person) temp=37.9 ts=\(time + 5 * minute)")
    }

    @Test func lookup_whenTheWorkerEnteredFromOutside_isNotClearWhyQuarantineUntilTheOrdersEnd() throws {
        let centre = try Centre()
        let entry = try centre.send("ENTRY", "person=\(Self.person) origin=outside")
        let until = try #require(entry["until"])
        #expect(
            try Self.lookup(centre)
                == "OK person=\(Self.masked) quarantine=active until=\(until) last_temp=- clear=no why=quarantine")
    }

    @Test func lookup_whenTheOrderFromAnEntryTwentyDaysAgoHasEnded_isClear() throws {
        let centre = try Centre()
        let entry = try centre.send("ENTRY", "person=\(Self.person) origin=outside ts=\(ago(20 * Self.day))")
        #expect(entry["verdict"] == "quarantine", "an order of 14 days was opened 20 days ago: \(entry)")
        #expect(try Self.lookup(centre) == "OK person=\(Self.masked) quarantine=none last_temp=- clear=yes")
    }

    @Test func lookup_whenAFeverFiveDaysAgoWasConfirmed_isNotClearWhyFeverSinceIt() throws {
        let centre = try Centre()
        let fever = ago(5 * Self.day)
        try Self.confirmedFever(centre, at: fever)
        #expect(try Self.waitForRecheck(centre, "confirmed"))
        #expect(
            try Self.lookup(centre)
                == "OK person=\(Self.masked) quarantine=none last_temp=37.9 clear=no why=fever "
                + "since=\(WallTime.rfc3339(fever))")
    }

    @Test func lookup_whenTheConfirmedFeverWasTwentyDaysAgo_isClear() throws {
        let centre = try Centre()
        try Self.confirmedFever(centre, at: ago(20 * Self.day))
        #expect(try Self.waitForRecheck(centre, "confirmed"))
        #expect(try Self.lookup(centre) == "OK person=\(Self.masked) quarantine=none last_temp=37.9 clear=yes")
    }

    @Test func lookup_whenTheFeverWasClearedOnRecheck_isClear() throws {
        let centre = try Centre()
        let fever = ago(5 * Self.day)
        try centre.send("TEMP", "person=\(Self.person) temp=38.0 ts=\(fever)")
        try centre.send("TEMP", "person=\(Self.person) temp=36.5 ts=\(fever + 5 * Self.minute)")
        #expect(try Self.waitForRecheck(centre, "cleared-on-recheck"))
        #expect(try Self.lookup(centre) == "OK person=\(Self.masked) quarantine=none last_temp=36.5 clear=yes")
    }

    /// Nobody took the second reading: an operator would rather see the person than guess.
    @Test func lookup_whenTheRecheckWasMissed_isNotClearWhyFever() throws {
        let centre = try Centre()
        let fever = ago(5 * Self.day)
        try centre.send("TEMP", "person=\(Self.person) temp=38.0 ts=\(fever)")
        #expect(try Self.waitForRecheck(centre, "missed"))
        #expect(try Self.lookup(centre).hasSuffix(" clear=no why=fever since=\(WallTime.rfc3339(fever))"))
    }

    /// The re-check window is still open: the reading is a fever until a lower one clears it.
    @Test func lookup_whenTheRecheckIsPending_isNotClearUntilALowerReadingClearsIt() throws {
        let centre = try Centre()
        let fever = ago(0)
        try centre.send("TEMP", "person=\(Self.person) temp=38.5 ts=\(fever)")
        #expect(
            try Self.lookup(centre)
                == "OK person=\(Self.masked) quarantine=none last_temp=38.5 clear=no why=fever "
                + "since=\(WallTime.rfc3339(fever))")
        try centre.send("TEMP", "person=\(Self.person) temp=36.6")
        #expect(try Self.waitForRecheck(centre, "cleared-on-recheck"))
        #expect(try Self.lookup(centre) == "OK person=\(Self.masked) quarantine=none last_temp=36.6 clear=yes")
    }

    /// Both apply: the order is named, its end being a date the employer can plan with.
    @Test func lookup_whenAnOrderAndAFeverApply_namesTheOrder() throws {
        let centre = try Centre()
        try Self.confirmedFever(centre, at: ago(2 * Self.day))
        let entry = try centre.send("ENTRY", "person=\(Self.person) origin=outside ts=\(ago(Self.minute))")
        let until = try #require(entry["until"])
        #expect(
            try Self.lookup(centre)
                == "OK person=\(Self.masked) quarantine=active until=\(until) last_temp=37.9 clear=no why=quarantine")
    }

    @Test func lookup_whenThePersonWasNeverSeenOrReleased_isClear() throws {
        let centre = try Centre()
        let nobody = try Self.lookup(centre, "other:E1234567")
        #expect(nobody == "OK person=other:E1****** quarantine=none last_temp=- clear=yes")
        _ = try centre.control.must("quarantine.add", ["person": Self.person, "reason": "contact"])
        #expect(try Self.lookup(centre).hasSuffix(" clear=no why=quarantine"))
        _ = try centre.control.must("quarantine.release", ["person": Self.person, "note": "tested negative"])
        #expect(try Self.lookup(centre) == "OK person=\(Self.masked) quarantine=none last_temp=- clear=yes")
    }

    /// `clearance_days` is a rule: a reload applies it to LOOKUP and to `clearance`; one longer than retention is
    /// refused and the old one stays.
    @Test func reload_whenClearanceDaysChanges_appliesItAndRefusesOneLongerThanRetention() throws {
        let directory = try TemporaryDirectory()
        let config = try directory.write("clearance_days = 15\n", to: "checkpointd.conf")
        let centre = try Centre(["--config", config])
        try Self.confirmedFever(centre, at: ago(5 * Self.day))
        #expect(try Self.lookup(centre).contains(" clear=no why=fever since="))

        try directory.write("clearance_days = 3\n", to: "checkpointd.conf")
        let reloaded = try centre.control.ask("reload")
        #expect(reloaded.ok, "\(reloaded)")
        #expect(try Self.lookup(centre).hasSuffix(" clear=yes"), "5 days ago is outside 3 days")
        let check = try centre.control.must("clearance", ["person": Self.person, "reason": "reload test"])
        #expect(check["clearance_days"] as? Int == 3 && check["clear"] as? Bool == true, "\(check)")

        try directory.write("clearance_days = 40\n", to: "checkpointd.conf")
        let refused = try centre.control.ask("reload")
        #expect(!refused.ok && refused.errorMessage.contains("clearance_days 40 is longer than retention_days 30"),
                "\(refused)")
        #expect(try Self.lookup(centre).hasSuffix(" clear=yes"), "the old clearance_days stays in force")
    }
}
