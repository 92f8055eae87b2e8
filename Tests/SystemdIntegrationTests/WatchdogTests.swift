import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// SPEC §6 watchdog: `WATCHDOG=1` only while the writer makes progress, so a stuck database gets the daemon
/// restarted. `WATCHDOG_USEC=1000000` (1 s): pings are due every 0.5 s, and a gap of 1 s would be fatal.
@Suite struct WatchdogTests {
    static let watchdogSeconds = 1.0

    @Test func watchdog_whenIdleBusyAndStalled_pingsOnlyWhileTheWriterProgresses() throws {
        let directory = try TemporaryDirectory(prefix: "cpsi")
        let notify = try NotifyListener(path: directory.file("notify.sock"))
        let daemon = try DaemonProcess.launched(
            in: directory, environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "1000000"],
            launcher: .ownWatchdogPID)
        try #require(notify.first(within: 30) { $0.isReady } != nil, "no READY=1; \(daemon.stderrText)")
        let token = try daemon.registerStation(station: "st-1")
        let session = try daemon.session(station: "st-1", token: token)
        var seq = 0

        // Idle.
        let idleStart = Deadline.now()
        Deadline.sleep(3)
        let idle = idleStart...Deadline.now()
        expectRegularPings(notify, in: idle, "while idle")

        // Records flowing, one every 50 ms, each answered.
        let busyStart = Deadline.now()
        while Deadline.now() - busyStart < 3 {
            seq += 1
            let reply = try session.request("TEMP seq=\(seq) person=\(TestPerson.phone(seq)) temp=36.6")
            #expect(reply.hasPrefix("OK seq=\(seq) "), "\(reply)")
            Deadline.sleep(0.05)
        }
        expectRegularPings(notify, in: busyStart...Deadline.now(), "while records flow")

        // Stalled: another process holds the write lock, and a record arrives.
        let lock = try SQLiteLockHolder(database: daemon.databasePath, directory: directory)
        let locked = try Deadline.poll(seconds: 10, interval: 0.1) {
            try SQLiteLockHolder.isWriteLocked(daemon.databasePath)
        }
        try #require(locked, "sqlite3 did not get the write lock")
        seq += 1
        let stalledSeq = seq
        let sentAt = Deadline.now()
        try session.send("TEMP seq=\(stalledSeq) person=\(TestPerson.phone(stalledSeq)) temp=36.6")
        // Up to two busy timeouts (5 s each): an idle housekeeping transaction (the monitor sweep runs every 2 s)
        // may already be waiting for the lock ahead of the record.
        var reply: String?
        do {
            reply = try session.readLine(timeout: 12)
            try #require(reply != nil, "the connection closed instead of answering seq=\(stalledSeq)")
        } catch is ReadTimeout {
            reply = nil
        }
        let answeredAt = Deadline.now()
        // Keep the lock a little longer: the daemon's recovery probes must not ping either.
        Deadline.sleep(2)
        let stallEnd = Deadline.now()
        try lock.release()
        let releasedAt = Deadline.now()

        if let line = reply {
            #expect(answeredAt - sentAt >= 4, "answered \(answeredAt - sentAt) s after sending, lock held: \(line)")
            #expect(
                line.hasPrefix("ERR seq=\(stalledSeq) code=E_UNAVAILABLE"), "reply while the lock was held: \(line)")
        }
        let stalled = (sentAt + 1.2)...stallEnd
        let pingsWhileStalled = notify.messages(from: stalled.lowerBound, to: stalled.upperBound).filter(\.isWatchdog)
        #expect(stalled.upperBound - stalled.lowerBound >= 2)
        // SPEC §5: a commit that fails raises an error with the storage-failure MESSAGE_ID (stderr: no journald).
        let failure = stderrLines(daemon.stderrText, level: "error", messageID: ExpectedMessageID.storageFailure)
        #expect(!failure.isEmpty, "no storage-failure error logged while stuck:\n\(daemon.stderrText)")
        let stuckFor = stallEnd - sentAt
        #expect(pingsWhileStalled.isEmpty,
                "\(pingsWhileStalled.count) WATCHDOG=1 while the writer was stuck \(stuckFor) s:\n\(notify.transcript)")

        // Released: pings resume, and the store answers again.
        let resumed = notify.first(from: 0, within: 8) { $0.isWatchdog && $0.receivedAt > releasedAt }
        #expect(resumed != nil, "no WATCHDOG=1 within 8 s after the lock was released:\n\(notify.transcript)")
        if let resumed {
            let start = resumed.message.receivedAt
            _ = Deadline.poll(seconds: 3) { Deadline.now() > start + 2.5 }
            expectRegularPings(notify, in: start...(start + 2.5), "after the lock was released")
        }
        if reply == nil {
            // Not answered while locked: it must be answered now (committed after release, or refused).
            let late = try session.readLine(timeout: 10)
            #expect(late?.hasPrefix("OK seq=\(stalledSeq) ") == true || late?.contains("E_UNAVAILABLE") == true,
                    "\(String(describing: late))")
        }
        seq += 1
        let after = try session.request("TEMP seq=\(seq) person=\(TestPerson.phone(seq)) temp=36.6")
        #expect(after.hasPrefix("OK seq=\(seq) "), "after release: \(after)")
        session.close()
        #expect(try daemon.terminate() == .exited(0))
    }

    enum WatchdogOff: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case withoutWatchdogUSEC
        case watchdogPIDOfAnotherProcess
        var testDescription: String { rawValue }
    }

    @Test(arguments: WatchdogOff.allCases)
    func watchdog_whenNotForThisProcess_neverPings(_ setting: WatchdogOff) throws {
        let directory = try TemporaryDirectory(prefix: "cpsi")
        let notify = try NotifyListener(path: directory.file("notify.sock"))
        var environment = ["NOTIFY_SOCKET": notify.path]
        if setting == .watchdogPIDOfAnotherProcess {
            environment["WATCHDOG_USEC"] = "1000000"
            environment["WATCHDOG_PID"] = "1"
        }
        let daemon = try DaemonProcess.launched(in: directory, environment: environment)
        let ready = try #require(notify.first(within: 30) { $0.isReady }, "no READY=1; \(daemon.stderrText)")
        let start = ready.message.receivedAt
        _ = Deadline.poll(seconds: 4) { Deadline.now() > start + 3 }
        let pings = notify.messages(from: start).filter(\.isWatchdog)
        #expect(pings.isEmpty, "\(pings.count) WATCHDOG=1 in 3 s:\n\(notify.transcript)")
        #expect(daemon.exitStatus() == nil)
        #expect(try daemon.terminate() == .exited(0))
    }

    /// At least one ping per half interval on average, and never a gap that reaches `WATCHDOG_USEC`.
    private func expectRegularPings(
        _ notify: NotifyListener,
        in window: ClosedRange<Double>,
        _ phase: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let times = notify.messages(from: window.lowerBound, to: window.upperBound).filter(\.isWatchdog)
            .map(\.receivedAt)
        let span = window.upperBound - window.lowerBound
        let expected = Int(span / (Self.watchdogSeconds / 2))
        let gap = longestGap(times, window: window)
        #expect(times.count >= expected - 1,
                "\(times.count) WATCHDOG=1 in \(span) s \(phase), want about \(expected):\n\(notify.transcript)",
                sourceLocation: sourceLocation)
        #expect(gap < Self.watchdogSeconds,
                "a \(gap) s gap between WATCHDOG=1 \(phase) (limit \(Self.watchdogSeconds) s):\n\(notify.transcript)",
                sourceLocation: sourceLocation)
    }
}
