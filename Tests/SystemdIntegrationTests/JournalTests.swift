import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// SPEC §6 journald and §10 "Logging target", against a real `systemd-journald` (see ``PrivateJournald``).
@Suite(.enabled(if: PrivateJournald.isAvailable, "needs root and systemd-journald (reason printed)"))
struct JournalTests {
    static let feverPerson = "13800138000"
    static let travellerPerson = "13912345678"

    enum JournalSetting: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case journalTarget
        case autoWithJournalStreamOfStderr
        var testDescription: String { rawValue }
    }

    @Test(arguments: JournalSetting.allCases)
    func journal_whenTargetIsJournal_writesStructuredEntriesWithoutFullPhoneNumbers(
        _ setting: JournalSetting
    ) throws {
        let directory = try TemporaryDirectory(prefix: "cpjd")
        let journald = try PrivateJournald(directory: directory)
        let stderrPath = try directory.write("", to: "daemon.stderr")
        var arguments: [String] = []
        var environment: [String: String] = [:]
        switch setting {
        case .journalTarget:
            arguments += ["--log-target", "journal"]
        case .autoWithJournalStreamOfStderr:
            arguments += ["--log-target", "auto"]
            environment["JOURNAL_STREAM"] = try deviceAndInode(stderrPath)
        }
        let daemon = try DaemonProcess.launched(
            in: directory, arguments: arguments, environment: environment, standardError: stderrPath,
            launcher: .prefixed(journald.command([])))
        try daemon.waitUntilReady()
        let alerts = try raiseFeverAndViolation(daemon)
        let pid = daemon.pid
        let matches = ["SYSLOG_IDENTIFIER=checkpointd", "_PID=\(pid)"]

        var entries = try journald.entries(matches, within: 5) { entries in
            let ids = Set(entries.compactMap { $0["MESSAGE_ID"] })
            return ids.contains(ExpectedMessageID.fever) && ids.contains(ExpectedMessageID.violation)
        }
        try #require(!entries.isEmpty, "no journal entry of pid \(pid); stderr:\n\(daemon.stderrText)")
        for entry in entries {
            #expect(entry["PRIORITY"].flatMap(Int.init).map { (0...7).contains($0) } == true, "\(entry.raw)")
            #expect(entry["CODE_FILE"]?.isEmpty == false, "no CODE_FILE: \(entry.raw)")
            #expect(entry["CODE_LINE"].flatMap(Int.init) != nil, "no CODE_LINE: \(entry.raw)")
            #expect(entry["_TRANSPORT"] == "journal", "not a native entry: \(entry.raw)")
        }
        #expect(entries.contains { $0["MESSAGE_ID"] == ExpectedMessageID.started }, "no start entry")

        let fever = entries.first { $0["MESSAGE_ID"] == ExpectedMessageID.fever }
        #expect(fever != nil, "no entry with the fever MESSAGE_ID")
        if let fever {
            expectAlertFields(fever, type: "FEVER", alertID: alerts.fever)
        }
        let violation = entries.first { $0["MESSAGE_ID"] == ExpectedMessageID.violation }
        #expect(violation != nil, "no entry with the violation MESSAGE_ID")
        if let violation {
            expectAlertFields(violation, type: "VIOLATION", alertID: alerts.violation)
        }

        let status = try daemon.terminate()
        #expect(status == .exited(0), "\(status); stderr:\n\(daemon.stderrText)")
        entries = try journald.entries(matches, within: 5) { entries in
            entries.contains { $0["MESSAGE_ID"] == ExpectedMessageID.stopping }
        }
        #expect(entries.contains { $0["MESSAGE_ID"] == ExpectedMessageID.stopping }, "no stop entry")

        // SPEC §2: no full identifier in any field of any entry of the daemon.
        for person in [Self.feverPerson, Self.travellerPerson] {
            let leaking = entries.filter { $0.raw.contains(person) }
            #expect(leaking.isEmpty, "\(person) in the journal:\n\(leaking.map(\.raw).joined(separator: "\n"))")
        }
        #expect(!daemon.stderrText.contains(Self.feverPerson) && !daemon.stderrText.contains(Self.travellerPerson))
    }

    enum StderrSetting: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case stderrTarget
        case autoWithoutJournalStream
        case autoWithJournalStreamOfAnotherFile
        var testDescription: String { rawValue }
    }

    @Test(arguments: StderrSetting.allCases)
    func journal_whenNotUnderJournald_writesPlainLinesToStderrOnly(_ setting: StderrSetting) throws {
        let directory = try TemporaryDirectory(prefix: "cpjd")
        let journald = try PrivateJournald(directory: directory)
        let stderrPath = try directory.write("", to: "daemon.stderr")
        var arguments: [String] = []
        var environment: [String: String] = [:]
        switch setting {
        case .stderrTarget:
            arguments += ["--log-target", "stderr"]
        case .autoWithoutJournalStream:
            arguments += ["--log-target", "auto"]
        case .autoWithJournalStreamOfAnotherFile:
            arguments += ["--log-target", "auto"]
            environment["JOURNAL_STREAM"] = try deviceAndInode(try directory.write("", to: "elsewhere"))
        }
        let daemon = try DaemonProcess.launched(
            in: directory, arguments: arguments, environment: environment, standardError: stderrPath,
            launcher: .prefixed(journald.command([])))
        try daemon.waitUntilReady()
        _ = try raiseFeverAndViolation(daemon)
        let pid = daemon.pid
        let status = try daemon.terminate()
        #expect(status == .exited(0), "\(status); stderr:\n\(daemon.stderrText)")

        // Anything the daemon had sent is in journald's socket buffer by now: give it 2 s to show up.
        let entries = try journald.entries(["_PID=\(pid)"], within: 2) { !$0.isEmpty }
        #expect(entries.isEmpty, "journal entries of pid \(pid):\n\(entries.map(\.raw).joined(separator: "\n"))")

        let lines = daemon.stderrText.split(separator: "\n").map(String.init)
        let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
        let odd = lines.filter { line in !levels.contains { line.hasPrefix($0 + " ") } }
        #expect(!lines.isEmpty, "nothing on stderr")
        #expect(odd.isEmpty, "not plain log lines:\n\(odd.joined(separator: "\n"))")
        #expect(lines.contains { $0.contains("FEVER") }, "no fever line on stderr:\n\(daemon.stderrText)")
        #expect(lines.contains { $0.contains("VIOLATION") }, "no violation line on stderr:\n\(daemon.stderrText)")
        for person in [Self.feverPerson, Self.travellerPerson] {
            #expect(!daemon.stderrText.contains(person), "\(person) on stderr:\n\(daemon.stderrText)")
        }
    }

    // MARK: helpers

    /// Registers st-1 at gate-1 and sends a fever (38.0) and a quarantine violation (ENTRY origin=outside at T,
    /// EXIT at T+2h); returns the alert ids the replies carried.
    private func raiseFeverAndViolation(_ daemon: DaemonProcess) throws -> (fever: String?, violation: String?) {
        let token = try daemon.registerStation(checkpoint: "gate-1", station: "st-1")
        let session = try daemon.session(station: "st-1", token: token)
        defer { session.close() }
        let fever = try session.request("TEMP seq=1 person=\(Self.feverPerson) temp=38.0")
        #expect(fever.hasPrefix("OK seq=1 ") && fever.contains("verdict=fever"), "\(fever)")
        let entryAt = WallTime.wholeSecondsAgo(3 * WallTime.hourMilliseconds)
        let entry = try session.request("ENTRY seq=2 person=\(Self.travellerPerson) origin=outside ts=\(entryAt)")
        #expect(entry.hasPrefix("OK seq=2 ") && entry.contains("quarantine"), "\(entry)")
        let exitAt = entryAt + 2 * WallTime.hourMilliseconds
        let exit = try session.request("EXIT seq=3 person=\(Self.travellerPerson) ts=\(exitAt)")
        #expect(exit.hasPrefix("OK seq=3 ") && exit.contains("violation"), "\(exit)")
        return (ReplyLine(fever)?["alert"], ReplyLine(exit)?["alert"])
    }

    private func expectAlertFields(
        _ entry: JournalRecord,
        type: String,
        alertID: String?,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(entry["ALERT_TYPE"] == type, "ALERT_TYPE: \(entry.raw)", sourceLocation: sourceLocation)
        #expect(entry["ALERT_ID"] != nil && entry["ALERT_ID"] == alertID,
                "ALERT_ID (reply said alert=\(alertID ?? "nil")): \(entry.raw)", sourceLocation: sourceLocation)
        #expect(entry["PRIORITY"].flatMap(Int.init).map { $0 <= 4 } == true,
                "an alert below warning priority: \(entry.raw)", sourceLocation: sourceLocation)
        #expect(entry["STATION_ID"] == "st-1", "STATION_ID (SPEC §6): \(entry.raw)", sourceLocation: sourceLocation)
        #expect(entry["CHECKPOINT_ID"] == "gate-1", "CHECKPOINT_ID (SPEC §6): \(entry.raw)",
                sourceLocation: sourceLocation)
    }
}

/// `JOURNAL_STREAM`'s form for `path`: `<st_dev>:<st_ino>` in decimal, as systemd sets it for a stderr it owns.
func deviceAndInode(_ path: String) throws -> String {
    var status = stat()
    guard stat(path, &status) == 0 else { throw TestSupportError("stat \(path)", errno: errno) }
    return "\(status.st_dev):\(status.st_ino)"
}
