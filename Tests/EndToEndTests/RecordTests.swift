import CheckpointTestSupport
import Testing

/// SPEC §3 "Records": verdicts, alerts, quarantine, idempotency, LOOKUP.
@Suite struct RecordTests {
    @Test func temp_belowAndAtThreshold_repliesPassThenFeverWithAlert() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.openSession()
        let pass = expectRecordOK(try client.request("TEMP seq=1 person=\(TestPerson.phone(1)) temp=37.2"), seq: 1)
        let fever = expectRecordOK(
            try client.request("TEMP seq=2 person=\(TestPerson.phone(2)) temp=37.3"),
            seq: 2, verdict: "fever", alert: true
        )
        let other = expectRecordOK(
            try client.request("TEMP seq=3 person=\(TestPerson.phone(3)) temp=39"),
            seq: 3, verdict: "fever", alert: true
        )
        let ids = [pass, fever, other].compactMap { $0?["id"].flatMap { Int($0) } }
        #expect(ids.count == 3 && Set(ids).count == 3, "each record has its own id: \(ids)")
        #expect(fever?["alert"] != other?["alert"], "two people's fevers open two alerts")
    }

    @Test func entry_andExit_withTemperature_replyVerdicts() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.openSession()
        expectRecordOK(try client.request("ENTRY seq=1 person=\(TestPerson.phone(1))"), seq: 1)
        expectRecordOK(try client.request("ENTRY seq=2 person=\(TestPerson.phone(2)) temp=36.9 origin=local"), seq: 2)
        expectRecordOK(try client.request("EXIT seq=3 person=\(TestPerson.phone(1)) temp=36.4"), seq: 3)
        expectRecordOK(
            try client.request("EXIT seq=4 person=\(TestPerson.phone(3)) temp=38.0"),
            seq: 4, verdict: "fever", alert: true
        )
    }

    @Test func entry_fromOutside_opensQuarantineThenViolationAfterGrace() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.openSession()
        let person = TestPerson.phone(8000)
        let start = WallTime.wholeSecondsAgo(2 * WallTime.dayMilliseconds)
        let until = WallTime.rfc3339(start + 14 * WallTime.dayMilliseconds)

        let opened = try client.request("ENTRY seq=1 person=\(person) ts=\(start) origin=outside")
        expectRecordOK(opened, seq: 1, verdict: "quarantine", until: until)

        let withinGrace = start + 30 * WallTime.minuteMilliseconds
        expectRecordOK(try client.request("EXIT seq=2 person=\(person) ts=\(withinGrace)"), seq: 2)

        let afterGrace = start + WallTime.hourMilliseconds + WallTime.minuteMilliseconds
        let violation = expectRecordOK(
            try client.request("ENTRY seq=3 person=\(person) ts=\(afterGrace)"),
            seq: 3, verdict: "violation", alert: true
        )
        // Issue 15 changed this test: violations of one order on one day are one case (OneCasePerDayTests), so the
        // later one is taken a day later, which always opens its own alert.
        let nextDay = expectRecordOK(
            try client.request("EXIT seq=4 person=\(person) ts=\(afterGrace + WallTime.dayMilliseconds)"),
            seq: 4, verdict: "violation", alert: true
        )
        #expect(violation?["alert"] != nextDay?["alert"], "a violation on another day opens its own alert")

        let again = try client.request("ENTRY seq=5 person=\(person) ts=\(start + 1000) origin=outside")
        #expect(ReplyLine(again)?["verdict"] == "pass", "no second order while one is active: \(again)")
    }

    @Test func entry_fromOutsideWithFever_repliesBothVerdictsAlertAndUntil() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.openSession()
        let start = WallTime.wholeSecondsAgo(WallTime.hourMilliseconds)
        let reply = try client.request("ENTRY seq=1 person=\(TestPerson.phone(1)) temp=38.1 ts=\(start) origin=outside")
        expectRecordOK(
            reply, seq: 1, verdict: "fever,quarantine", alert: true,
            until: WallTime.rfc3339(start + 14 * WallTime.dayMilliseconds)
        )
    }

    @Test func entry_fromOutsideWithShortQuarantineAndNoGrace_usesConfiguredValues() throws {
        let daemon = try DaemonProcess.started(["--quarantine-days", "3", "--quarantine-grace", "0s"])
        let client = try daemon.openSession()
        let person = TestPerson.phone(1)
        let start = WallTime.wholeSecondsAgo(WallTime.dayMilliseconds)
        let until = WallTime.rfc3339(start + 3 * WallTime.dayMilliseconds)
        expectRecordOK(
            try client.request("ENTRY seq=1 person=\(person) ts=\(start) origin=outside"),
            seq: 1, verdict: "quarantine", until: until
        )
        expectRecordOK(
            try client.request("EXIT seq=2 person=\(person) ts=\(start + 60_000)"),
            seq: 2, verdict: "violation", alert: true
        )
    }

    @Test func record_whenSeqIsResent_repliesDupRepeatingEveryFieldOfTheOriginal() throws {
        let daemon = try DaemonProcess.started()
        let token = try daemon.registerStation(station: "st-1")
        let client = try daemon.session(station: "st-1", token: token)
        let start = WallTime.wholeSecondsAgo(WallTime.hourMilliseconds)
        let lines = [
            "TEMP seq=1 person=\(TestPerson.phone(1)) temp=36.6",
            "TEMP seq=2 person=\(TestPerson.phone(2)) temp=38.2",
            "ENTRY seq=3 person=\(TestPerson.phone(3)) ts=\(start) origin=outside",
            "ENTRY seq=4 person=\(TestPerson.phone(4)) temp=39.0 ts=\(start) origin=outside",
        ]
        let originals = try lines.map { try client.request($0) }
        for original in originals {
            #expect(original.hasPrefix("OK seq="), "\(original)")
        }
        let expected = originals.map { "DUP" + $0.dropFirst(2) }
        #expect(try lines.map { try client.request($0) } == expected, "resent on the same connection")

        let later = try daemon.session(station: "st-1", token: token)
        #expect(try lines.map { try later.request($0) } == expected, "resent on a new connection")

        // Issue 13: other content under a stored seq is not a resend (it used to be `DUP`, whatever it said).
        let changed = try later.request("TEMP seq=1 person=\(TestPerson.phone(9)) temp=39.9")
        #expect(changed == #"ERR seq=1 code=E_SEQ msg="seq 1 was used for another record""#)
        let count = try SQLiteShell.scalar(daemon.databasePath, "SELECT COUNT(*) FROM records")
        #expect(count == "4", "nothing was stored twice")
    }

    @Test func record_fromAnotherStationWithSameSeq_isStoredSeparately() throws {
        let daemon = try DaemonProcess.started()
        let first = try daemon.openSession(station: "st-1")
        let second = try daemon.openSession(station: "st-2")
        let one = expectRecordOK(try first.request("TEMP seq=1 person=\(TestPerson.phone(1)) temp=36.6"), seq: 1)
        let two = expectRecordOK(try second.request("TEMP seq=1 person=\(TestPerson.phone(1)) temp=36.6"), seq: 1)
        #expect(one?["id"] != two?["id"])
    }

    @Test func lookup_afterRecords_reportsMaskedPersonQuarantineAndLastTemperature() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.openSession()
        let unknown = try client.request("LOOKUP person=13900000000")
        #expect(unknown == "OK person=139****0000 quarantine=none last_temp=- clear=yes")

        let start = WallTime.wholeSecondsAgo(3 * WallTime.hourMilliseconds)
        let until = WallTime.rfc3339(start + 14 * WallTime.dayMilliseconds)
        expectRecordOK(
            try client.request("ENTRY seq=1 person=13800138000 ts=\(start) origin=outside"),
            seq: 1, verdict: "quarantine", until: until
        )
        expectRecordOK(try client.request("TEMP seq=2 person=13800138000 temp=36.8 ts=\(start + 1000)"), seq: 2)
        let lookup = try client.request("LOOKUP person=13800138000")
        #expect(
            lookup == "OK person=138****8000 quarantine=active until=\(until) last_temp=36.8 clear=no why=quarantine")

        let count = try SQLiteShell.scalar(daemon.databasePath, "SELECT COUNT(*) FROM records")
        #expect(count == "2", "LOOKUP stores nothing")
    }

    @Test func person_inEveryForm_isNormalisedAndMasked() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.openSession()
        expectRecordOK(try client.request(#"TEMP seq=1 person="+86 138-0013-8000" temp=36.7"#), seq: 1)
        let normalised = try client.request("LOOKUP person=8613800138000")
        #expect(normalised == "OK person=138****8000 quarantine=none last_temp=36.7 clear=yes")

        let resident = TestPerson.residentID("50022719900101123")
        expectRecordOK(try client.request("TEMP seq=2 person=\(resident) temp=36.9"), seq: 2)
        let masked = "500227********" + resident.suffix(4)
        let lookupResident = try client.request("LOOKUP person=\(resident)")
        #expect(lookupResident == "OK person=\(masked) quarantine=none last_temp=36.9 clear=yes")

        let withX = TestPerson.residentID("11010519491231002")
        #expect(withX.hasSuffix("X"), "the fixture needs a resident ID ending in X")
        expectRecordOK(try client.request("TEMP seq=3 person=\(withX.lowercased()) temp=36.5"), seq: 3)
        let lookupX = try client.request("LOOKUP person=\(withX)")
        #expect(lookupX == "OK person=110105********\(withX.suffix(4)) quarantine=none last_temp=36.5 clear=yes")

        expectRecordOK(try client.request("TEMP seq=4 person=other:E1234567 temp=37.1"), seq: 4)
        let other = try client.request("LOOKUP person=other:E1234567")
        #expect(other == "OK person=other:E1****** quarantine=none last_temp=37.1 clear=yes")
    }
}

/// Idempotency across restarts: a DUP after `SIGTERM` or `kill -9` still repeats every field of the OK.
@Suite struct RecordRestartTests {
    static func lines(start: Int64) -> [String] {
        [
            "TEMP seq=1 person=\(TestPerson.phone(1)) temp=38.4",
            "ENTRY seq=2 person=\(TestPerson.phone(2)) temp=37.9 ts=\(start) origin=outside",
            "ENTRY seq=3 person=\(TestPerson.phone(3)) ts=\(start) origin=outside",
            "ENTRY seq=4 person=\(TestPerson.phone(3)) ts=\(start + 2 * WallTime.hourMilliseconds)",
        ]
    }

    @Test(arguments: ["SIGTERM", "SIGKILL"])
    func record_whenResentAfterRestart_repliesDupRepeatingEveryField(stop: String) throws {
        let daemon = try DaemonProcess.started()
        let token = try daemon.registerStation(station: "st-1")
        let lines = Self.lines(start: WallTime.wholeSecondsAgo(3 * WallTime.hourMilliseconds))
        let client = try daemon.session(station: "st-1", token: token)
        let originals = try lines.map { try client.request($0) }
        #expect(originals.allSatisfy { $0.hasPrefix("OK seq=") }, "\(originals)")
        #expect(originals.filter { $0.contains(" alert=") }.count == 3, "\(originals)")

        if stop == "SIGTERM" {
            #expect(try daemon.terminate() == .exited(0))
        } else {
            try daemon.kill9()
        }
        try daemon.restart()
        let again = try daemon.session(station: "st-1", token: token)
        let replies = try lines.map { try again.request($0) }
        #expect(replies == originals.map { "DUP" + $0.dropFirst(2) })
    }
}
