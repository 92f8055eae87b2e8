import CheckpointTestSupport
import Testing

/// SPEC §9/§10 thermometer drift through the real daemon: a station whose median is more than 0.5 °C off the
/// pooled median of the other stations of its grid gets a DRIFT alert, once each side has min(50, `drift_window`)
/// readings. (The decision itself is tested in CheckpointCoreTests and CheckpointStoreTests.)
@Suite struct DriftTests {
    /// Issue 15 point 6: `--drift-window 10` was accepted, yet no station ever held the 50 readings drift waited
    /// for, so it never fired.
    @Test func drift_withAWindowUnder50_raisesAnAlertOnceEachSideHasAWindowOfReadings() throws {
        let centre = try Centre(["--drift-window", "10"])
        for (station, checkpoint) in [("st-a", "gate-1"), ("st-b", "gate-2"), ("st-c", "gate-2")] {
            _ = try centre.station(station, checkpoint: checkpoint, grid: "g1")
        }
        // st-a reads 37.2 (below the fever threshold), the others 36.5: 0.7 °C apart. st-b and st-c are not
        // drifting: with st-a pooled in, their grid's median is 36.85.
        for person in 1...10 {
            try centre.send("TEMP", "person=\(TestPerson.phone(person)) temp=36.5", station: "st-b")
            try centre.send("TEMP", "person=\(TestPerson.phone(100 + person)) temp=36.5", station: "st-c")
            try centre.send("TEMP", "person=\(TestPerson.phone(200 + person)) temp=37.2", station: "st-a")
        }
        var alerts: [[String: Any]] = []
        _ = Deadline.poll(seconds: 30, interval: 0.2) {
            alerts = (try? centre.control.must("alerts", ["type": "DRIFT"]).items) ?? []
            return !alerts.isEmpty
        }
        #expect(alerts.count == 1, "\(alerts)")
        #expect(alerts.first?["checkpoint"] as? String == "gate-1", "\(alerts)")
    }
}
