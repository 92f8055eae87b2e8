import CheckpointTestSupport
import CheckpointWire
import Foundation
import Testing

/// Issue 19, point 3: a yellow site past its follow-up date with no recheck raises `RECHECK_DUE` (once per tag), and
/// `site recheck` settles it. The daemon's wall clock is moved two days on by the `LD_PRELOAD` shim of
/// `ClockStepTests` (`ClockShiftShim`); the monotonic clock its timers use is left alone.
@Suite(.enabled(if: SyncFaultShim.compilerExists, "needs cc to build the clock shim"))
struct RecheckDueTests {
    @Test(.timeLimit(.minutes(20)))
    func yellowSitePastItsDate_raisesRecheckDueOnce_andTheRecheckAcknowledgesIt() throws {
        let directory = try TemporaryDirectory()
        let shim = try ClockShiftShim(in: directory)
        let daemon = try DaemonProcess(
            arguments: ["--display-timezone", "UTC"], directory: directory, environment: shim.environment)
        try daemon.start()
        defer { _ = try? daemon.terminate() }
        let control = try daemon.control()
        _ = try control.result("site.add", ["id": .string("F1"), "name": .string("东风纺织厂"), "grid": .string("g1")])
        let today = LocalDayText.utcToday()
        _ = try control.result(
            "site.tag",
            [
                "id": .string("F1"), "tag": .string("yellow"), "reason": .string("no temperature log at the door"),
                "recheck_by": .string(today),
            ])
        func dueAlerts() throws -> [JSONObject] {
            try control.result("alerts", ["type": .string("RECHECK_DUE"), "state": .string("all")])["items"]?.arrayValue?
                .compactMap(\.objectValue) ?? []
        }
        // Due on its date is not overdue yet.
        Deadline.sleep(6)
        #expect(try dueAlerts().isEmpty)

        try shim.shift(seconds: 2 * 86_400)
        let raised = try Deadline.poll(seconds: 60, interval: 0.5) { try !dueAlerts().isEmpty }
        #expect(raised, "no RECHECK_DUE within a minute of the date passing")
        let alert = try #require(try dueAlerts().first)
        #expect(alert["detail"]?.stringValue == "site=F1 recheck_by=\(today)", "\(alert)")
        #expect(alert["grid"]?.stringValue == "g1" && alert["state"]?.stringValue == "open", "\(alert)")
        let listed = try control.result("sites")["items"]?.arrayValue?.first?.objectValue
        #expect(listed?["recheck_due"] == .bool(true), "\(String(describing: listed))")

        // Once per tag: the next sweeps add none.
        Deadline.sleep(11)
        #expect(try dueAlerts().count == 1)

        let rechecked = try control.result("site.recheck", ["id": .string("F1"), "note": .string("log kept since Monday")])
        #expect(rechecked["recheck_due"] == .bool(false), "\(rechecked)")
        let after = try #require(try dueAlerts().first)
        #expect(after["state"]?.stringValue == "acked", "\(after)")
        #expect(after["note"]?.stringValue == "site recheck: log kept since Monday", "\(after)")
        #expect(daemon.stderrText.contains("recheck_due alert"), "the journal line of the alert")
    }
}

/// Today's date in UTC as `YYYY-MM-DD`.
enum LocalDayText {
    static func utcToday() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        return String(format: "%04d-%02d-%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday))
    }
}
