import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// Issue 16 point 3: `alert_command` runs for each new, escalated, re-checked and acknowledged alert with the facts
/// in environment variables and never a full identifier; failures are retried and counted, a command that hangs is
/// killed with its children, a flood beyond the queue is dropped and counted, and a stop drops what is queued.
@Suite(.timeLimit(.minutes(20)))
struct AlertCommandTests {
    /// `script` written as an executable file in `directory`; returns its path.
    static func command(_ directory: TemporaryDirectory, _ name: String, _ script: String) throws -> String {
        let path = try directory.write("#!/bin/sh\n" + script, to: name)
        chmod(path, 0o755)
        return path
    }

    /// The daemon's `health` → `alert_command` counts.
    static func counts(_ centre: Centre) throws -> [String: Int] {
        let health = try centre.control.must("health")
        let object = health["alert_command"] as? [String: Any] ?? [:]
        return object.compactMapValues { $0 as? Int }
    }

    /// The environments the recording command wrote, one file per run, parsed.
    static func runs(in directory: String) throws -> [[String: String]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("run-") }
        return try names.sorted().map { name in
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            var environment: [String: String] = [:]
            for line in text.split(separator: "\n") {
                guard let equals = line.firstIndex(of: "=") else { continue }
                environment[String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
            return environment
        }
    }

    @Test func aFeverItsRecheckEscalationAndCloseAndAViolation_eachRunTheCommandOnceWithItsFacts() throws {
        let scripts = try TemporaryDirectory(prefix: "alertcmd")
        let out = try scripts.makeDirectory("out")
        // One file per run (runs overlap: up to four at once), written whole and then renamed into place.
        let recorder = try Self.command(
            scripts, "record.sh",
            """
            env > "\(out)/.tmp-$$" && mv "\(out)/.tmp-$$" "\(out)/run-$ALERT_ID-$ALERT_EVENT-$$"
            """)
        let daemon = try DaemonProcess(
            arguments: [
                "--alert-command", recorder, "--escalate-after", "4s", "--display-timezone", "Asia/Shanghai",
            ],
            environment: ["CHECKPOINTD_TEST_SECRET": "not for the command"])
        try daemon.start()
        let centre = try Centre(daemon: daemon)
        _ = try centre.station("st-1", checkpoint: "gate-1", grid: "g7")

        let fever = try centre.alert(of: try centre.send("TEMP", "person=13800138000 temp=38.5"))
        try centre.send("TEMP", "person=13800138000 temp=38.6")
        #expect(
            try Deadline.poll(seconds: 30) {
                try Self.runs(in: out).contains { $0["ALERT_EVENT"] == "escalated" }
            })
        _ = try centre.control.must("ack", ["id": fever, "note": "sent to the fever clinic; 13800138000"])

        let start = String(ago(2 * WallTime.hourMilliseconds))
        _ = try centre.control.must("quarantine.add", ["person": "13700137000", "reason": "contact", "start": start])
        let violation = try centre.alert(of: try centre.send("EXIT", "person=13700137000"))
        _ = try centre.control.must("ack", ["id": violation])

        #expect(
            try Deadline.poll(seconds: 30) {
                try Self.runs(in: out).count >= 6 && Self.counts(centre)["running"] == 0
            })
        Deadline.sleep(1)
        let runs = try Self.runs(in: out)
        let seen = runs.map { "\($0["ALERT_ID"] ?? "?") \($0["ALERT_EVENT"] ?? "?") \($0["ALERT_STATE"] ?? "?")" }
        #expect(
            Set(seen) == [
                "\(fever) opened open", "\(fever) rechecked open", "\(fever) escalated escalated",
                "\(fever) acked acked", "\(violation) opened open", "\(violation) acked acked",
            ] && runs.count == 6, "\(seen)")

        let opened = try #require(runs.first { $0["ALERT_ID"] == "\(fever)" && $0["ALERT_EVENT"] == "opened" })
        #expect(opened["ALERT_TYPE"] == "FEVER" && opened["RECHECK"] == "pending" && opened["COUNT"] == "1")
        #expect(opened["GRID"] == "g7" && opened["CHECKPOINT"] == "gate-1" && opened["STATION"] == "st-1")
        #expect(opened["PERSON_MASKED"] == "138****8000" && opened["DETAIL"] == "temp=38.5")
        #expect(opened["AT"]?.hasSuffix("+08:00") == true, "AT in the display zone: \(opened["AT"] ?? "-")")
        #expect(opened["PATH"] == "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        #expect(opened["LANG"] == "C.UTF-8")
        #expect(opened["ALERT_TEXT_EN"]?.hasPrefix("New alert: FEVER #\(fever) at gate-1 (grid g7), ") == true)
        #expect(opened["ALERT_TEXT_EN"]?.hasSuffix(", 138****8000, temp=38.5") == true, "\(opened)")
        #expect(opened["ALERT_TEXT_ZH"]?.hasPrefix("【新告警】发热 #\(fever)，卡点 gate-1（网格 g7），") == true)
        let rechecked = runs.first { $0["ALERT_EVENT"] == "rechecked" }
        #expect(rechecked?["RECHECK"] == "confirmed" && rechecked?["ALERT_TEXT_ZH"]?.contains("复测仍发热") == true)
        let violated = runs.first { $0["ALERT_ID"] == "\(violation)" && $0["ALERT_EVENT"] == "opened" }
        #expect(violated?["ALERT_TYPE"] == "VIOLATION" && violated?["PERSON_MASKED"] == "137****7000")
        // The daemon's own environment is not passed on.
        #expect(runs.allSatisfy { $0["CHECKPOINTD_TEST_SECRET"] == nil && $0["HOME"] == nil }, "\(runs)")

        // No full phone number anywhere, not even from the acknowledgement's note.
        for name in try FileManager.default.contentsOfDirectory(atPath: out) {
            let text = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
            #expect(!text.contains("13800138000") && !text.contains("13700137000"), "\(name): \(text)")
        }
        let health = try centre.control.must("health")
        #expect((health["alert_command"] as? [String: Any])?["configured"] as? Bool == true)
        let counts = try Self.counts(centre)
        #expect(counts["succeeded"] == 6 && counts["failed"] == 0, "\(counts)")
        #expect(counts["dropped"] == 0 && counts["queued"] == 0 && counts["timed_out"] == 0, "\(counts)")
    }

    @Test func aCommandThatFails_isTriedThreeTimesThenCountedFailedWithItsOutputLogged() throws {
        let scripts = try TemporaryDirectory(prefix: "alertcmd")
        let tries = scripts.file("tries")
        let failing = try Self.command(
            scripts, "fail.sh",
            """
            echo "$ALERT_ID" >> "\(tries)"
            echo "gateway said no"
            head -c 10000 /dev/zero | tr '\\0' x
            exit 3
            """)
        let centre = try Centre(["--alert-command", failing])
        let fever = try centre.alert(of: try centre.send("TEMP", "person=13800138000 temp=38.5"))
        // Attempts at 0 s, 5 s and 35 s.
        #expect(try Deadline.poll(seconds: 90) { try Self.counts(centre)["failed"] == 1 })
        let counts = try Self.counts(centre)
        #expect(counts["retried"] == 2 && counts["succeeded"] == 0 && counts["queued"] == 0, "\(counts)")
        #expect(try String(contentsOfFile: tries, encoding: .utf8) == String(repeating: "\(fever)\n", count: 3))
        let log = centre.daemon.stderrText.split(separator: "\n").filter { $0.contains("alert_command") }
        let first = "alert_command exited with status 3 for alert \(fever); trying again in 5s (attempt 1 of 3)"
        #expect(log.contains { $0.hasPrefix("warning") && $0.contains(first) }, "\(log)")
        #expect(log.contains { $0.contains("trying again in 30s (attempt 2 of 3)") }, "\(log)")
        let last = log.filter { $0.contains("gave up after 3 attempts") }
        #expect(last.count == 1 && last.first?.hasPrefix("error") == true, "\(log)")
        // The output is in the log, cut at 4 KiB.
        #expect(last.first?.contains("gateway said no") == true)
        let kept = 4096 - "gateway said no\n".utf8.count
        #expect(last.first?.contains(String(repeating: "x", count: kept)) == true)
        #expect(last.first?.contains(String(repeating: "x", count: kept + 1)) == false)
        #expect(!centre.daemon.stderrText.contains("13800138000"))
    }

    @Test func aCommandThatHangs_isKilledAtTheTimeoutWithItsChildren() throws {
        let scripts = try TemporaryDirectory(prefix: "alertcmd")
        let childPID = scripts.file("child.pid")
        // Ignores SIGTERM (and so does its child, which inherits that): only the SIGKILL after the grace ends them.
        let hanging = try Self.command(
            scripts, "hang.sh",
            """
            trap '' TERM
            sleep 300 &
            echo $! > "\(childPID).tmp" && mv "\(childPID).tmp" "\(childPID)"
            wait
            """)
        let centre = try Centre(["--alert-command", hanging, "--alert-command-timeout", "1s"])
        let fever = try centre.alert(of: try centre.send("TEMP", "person=13800138000 temp=38.5"))
        #expect(
            try Deadline.poll(seconds: 30) {
                let counts = try Self.counts(centre)
                return counts["timed_out"] == 1 && counts["running"] == 0
            })
        let counts = try Self.counts(centre)
        #expect(counts["retried"] == 1 && counts["failed"] == 0 && counts["running"] == 0, "\(counts)")
        let text = try String(contentsOfFile: childPID, encoding: .utf8)
        let child = try #require(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(Deadline.poll(seconds: 10) { !Self.isAlive(child) }, "the command's child \(child) still runs")
        let log = centre.daemon.stderrText
        #expect(
            log.contains(
                "alert_command did not finish within 1s and was killed for alert \(fever); trying again in 5s"))
        // The retry waiting at the stop is dropped; the daemon stops at once.
        let (status, seconds) = try measure { try centre.daemon.terminate() }
        #expect(status == .exited(0) && seconds < 10, "\(status) after \(seconds) s")
    }

    /// Whether `pid` is a process that has not ended (a zombie counts as ended).
    static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let close = stat.lastIndex(of: ")") else { return false }
        return !stat[stat.index(after: close)...].hasPrefix(" Z")
    }

    @Test func aFloodBeyondTheQueue_isDroppedAndCounted_andAStopDropsWhatIsQueued() throws {
        let scripts = try TemporaryDirectory(prefix: "alertcmd")
        let hanging = try Self.command(scripts, "hang.sh", "exec sleep 300\n")
        let centre = try Centre(["--alert-command", hanging, "--alert-command-timeout", "2m"])
        let station = try centre.station()
        let count = 1_100
        let lines = (1...count).map { "TEMP seq=\($0) person=\(TestPerson.phone($0)) temp=38.5" }
        let replies = try pipeline(lines, on: station)
        #expect(replies.count == count && replies.allSatisfy { $0.contains("verdict=fever") })
        // Four running, at most a thousand waiting, the rest dropped: every alert is in one of the three. (A
        // notice waits in the queue until a worker thread takes it, so up to four more than count - 1004 may be
        // dropped, depending on how fast the first workers start.)
        #expect(
            try Deadline.poll(seconds: 30) {
                let counts = try Self.counts(centre)
                return counts["running"] == 4 && (counts["queued"] ?? 0) + (counts["dropped"] ?? 0) == count - 4
            })
        let counts = try Self.counts(centre)
        let queued = counts["queued"] ?? 0
        #expect(queued <= 1_000 && (counts["dropped"] ?? 0) >= count - 1_004, "\(counts)")
        #expect(counts["succeeded"] == 0 && counts["failed"] == 0, "\(counts)")
        let full = centre.daemon.stderrText.split(separator: "\n").filter { $0.contains("alert_command queue full") }
        #expect(full.count == 1 && full.first?.hasPrefix("warning") == true, "\(full)")

        // A stop drops the queue and gives the running commands 5 s before killing them.
        let (status, seconds) = try measure { try centre.daemon.terminate() }
        #expect(status == .exited(0) && seconds < 30, "\(status) after \(seconds) s")
        let log = centre.daemon.stderrText
        #expect(log.contains("stopping: \(queued) alerts queued for alert_command were dropped"))
        let killed = log.split(separator: "\n").filter { $0.contains("was killed: the daemon is stopping") }
        #expect(killed.count == 4, "\(killed)")
    }

    /// A reload applies a new command; a reload naming a command that cannot run is refused, and the one in force
    /// stays.
    @Test func reload_appliesANewCommandAndRefusesOneThatCannotRun() throws {
        let scripts = try TemporaryDirectory(prefix: "alertcmd")
        let out = try scripts.makeDirectory("out")
        let recorder = try Self.command(
            scripts, "record.sh",
            """
            env > "\(out)/.tmp-$$" && mv "\(out)/.tmp-$$" "\(out)/run-$ALERT_ID-$ALERT_EVENT-$$"
            """)
        let config = try scripts.write("# none yet\n", to: "checkpointd.conf")
        let daemon = try DaemonProcess(arguments: ["--config", config])
        try daemon.start()
        let centre = try Centre(daemon: daemon)
        let before = try centre.alert(of: try centre.send("TEMP", "person=13800138001 temp=38.5"))
        let health = try centre.control.must("health")
        #expect((health["alert_command"] as? [String: Any])?["configured"] as? Bool == false)

        _ = try scripts.write("alert_command = \(recorder)\n", to: "checkpointd.conf")
        let applied = try centre.control.must("reload")
        #expect((applied["summary"] as? String)?.contains("alert_command applied") == true, "\(applied)")
        let after = try centre.alert(of: try centre.send("TEMP", "person=13800138002 temp=38.5"))
        #expect(try Deadline.poll(seconds: 30) { try Self.runs(in: out).count == 1 })

        _ = try scripts.write("alert_command = record.sh\n", to: "checkpointd.conf")
        let refused = try centre.control.ask("reload")
        #expect(!refused.ok && refused.errorMessage.contains("absolute path"), "\(refused)")
        let third = try centre.alert(of: try centre.send("TEMP", "person=13800138003 temp=38.5"))
        #expect(try Deadline.poll(seconds: 30) { try Self.runs(in: out).count == 2 })
        Deadline.sleep(0.5)
        #expect(try Self.runs(in: out).compactMap { $0["ALERT_ID"] }.sorted() == ["\(after)", "\(third)"].sorted())
        #expect(before < after)
    }
}
