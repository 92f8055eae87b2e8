import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// SPEC §6 `Type=notify`, read from the service manager's side of `NOTIFY_SOCKET`.
@Suite struct NotifySequenceTests {
    @Test func notify_whenStarted_sendsReadyOnlyOnceEverythingServes() throws {
        let directory = try TemporaryDirectory(prefix: "cpsi")
        let notify = try NotifyListener(path: directory.file("notify.sock"))
        let daemon = try DaemonProcess.launched(in: directory, environment: ["NOTIFY_SOCKET": notify.path])

        let first = try #require(
            notify.first(within: 30) { _ in true }, "no datagram within 30 s; stderr:\n\(daemon.stderrText)")
        #expect(first.message.isReady, "first datagram: \(first.message)")
        let status = try #require(first.message["STATUS"], "READY=1 without STATUS=: \(first.message)")
        #expect(status.contains("stations connected"), "\(status)")

        // Right now, with no retry: the control socket, the station TCP port and a committing station.add.
        let control = try daemon.control()
        let health = try control.call("health")
        #expect(health.ok && health.string("status") == "ok", "\(health.line)")
        #expect(health.bool("db_writable") == true, "\(health.line)")
        #expect(acceptsTCP(port: daemon.tcpPort), "station TCP port not accepting at READY=1")
        #expect(isSocketFile(daemon.stationSocketPath), "station Unix socket missing at READY=1")
        let token = try daemon.registerStation(station: "st-1")
        let session = try daemon.session(station: "st-1", token: token)
        let reply = try session.request("TEMP seq=1 person=\(TestPerson.phone(1)) temp=36.6")
        #expect(reply.hasPrefix("OK seq=1 id="), "\(reply)")
        let stored = try SQLiteShell.scalar(daemon.databasePath, "SELECT count(*) FROM stations")
        #expect(stored == "1", "station.add not committed: \(stored ?? "nil")")

        _ = try daemon.terminate()
    }

    @Test func notify_whileRunning_refreshesStatusWithStationsRecordsAndAlerts() throws {
        let directory = try TemporaryDirectory(prefix: "cpsi")
        let notify = try NotifyListener(path: directory.file("notify.sock"))
        let daemon = try DaemonProcess.launched(in: directory, environment: ["NOTIFY_SOCKET": notify.path])
        let ready = try #require(notify.first(within: 30) { $0.isReady }, "no READY=1; \(daemon.stderrText)")

        // A refresh on its own (no READY=1) within ~6 s, naming the three numbers.
        let refresh = try #require(
            notify.first(from: ready.index + 1, within: 7) { !$0.isReady && $0["STATUS"] != nil },
            "no STATUS= refresh within 7 s of READY=1:\n\(notify.transcript)")
        let text = refresh.message["STATUS"] ?? ""
        #expect(text.contains("stations connected"), "\(text)")
        #expect(text.contains("records/min"), "\(text)")
        #expect(text.contains("open alerts"), "\(text)")

        // The numbers follow what happens: one station connected, a fever alert open.
        let token = try daemon.registerStation(station: "st-1")
        let session = try daemon.session(station: "st-1", token: token)
        let fever = try session.request("TEMP seq=1 person=\(TestPerson.phone(2)) temp=38.0")
        #expect(fever.contains("verdict=fever"), "\(fever)")
        let updated = notify.first(from: refresh.index + 1, within: 12) { message in
            guard let status = message["STATUS"] else { return false }
            return status.contains("1 stations connected") && status.contains("1 open alerts")
        }
        #expect(updated != nil, "no STATUS= with 1 station and 1 open alert within 12 s:\n\(notify.transcript)")
        session.close()
        _ = try daemon.terminate()
    }

    @Test func notify_whenSighupAndSigterm_reloadsRefusesBadConfigAndStops() throws {
        let directory = try TemporaryDirectory(prefix: "cpsi")
        let config = try directory.write("fever_threshold = 38.5\n", to: "checkpointd.conf")
        let notify = try NotifyListener(path: directory.file("notify.sock"))
        let daemon = try DaemonProcess.launched(
            in: directory, arguments: ["--config", config], environment: ["NOTIFY_SOCKET": notify.path])
        let ready = try #require(notify.first(within: 30) { $0.isReady }, "no READY=1; \(daemon.stderrText)")

        // A good reload: RELOADING=1 with MONOTONIC_USEC= on our CLOCK_MONOTONIC, then READY=1.
        var mark = notify.messages.count
        let hangupAt = Deadline.now()
        daemon.send(signal: SIGHUP)
        let reloading = try #require(
            notify.first(from: ready.index + 1, within: 10) { $0.has("RELOADING=1") },
            "no RELOADING=1 after SIGHUP:\n\(notify.transcript)")
        #expect(reloading.index >= mark)
        let usec = try #require(
            reloading.message["MONOTONIC_USEC"].flatMap { Double($0) },
            "RELOADING=1 without a numeric MONOTONIC_USEC=: \(reloading.message)")
        #expect(usec >= (hangupAt - 0.001) * 1e6 && usec <= (reloading.message.receivedAt + 0.001) * 1e6,
                "MONOTONIC_USEC=\(usec) not between SIGHUP (\(hangupAt * 1e6)) and its arrival")
        let readyBetween = notify.messages[mark..<reloading.index].contains { $0.isReady }
        #expect(!readyBetween, "READY=1 before RELOADING=1:\n\(notify.transcript)")
        let reloaded = try #require(
            notify.first(from: reloading.index + 1, within: 10) { $0.isReady },
            "no READY=1 after RELOADING=1:\n\(notify.transcript)")
        #expect(reloaded.message["STATUS"]?.contains("reloaded") == true, "\(reloaded.message)")

        // A bad file: refused with a STATUS=, READY=1 all the same, and the old threshold (38.5) still applies.
        try directory.write("fever_threshold = 99\n", to: "checkpointd.conf")
        mark = notify.messages.count
        daemon.send(signal: SIGHUP)
        let badReloading = try #require(
            notify.first(from: mark, within: 10) { $0.has("RELOADING=1") },
            "no RELOADING=1 after the second SIGHUP:\n\(notify.transcript)")
        let refused = try #require(
            notify.first(from: badReloading.index + 1, within: 10) { $0.isReady },
            "no READY=1 after a refused reload:\n\(notify.transcript)")
        let refusal = refused.message["STATUS"] ?? ""
        #expect(refusal.contains("refused"), "STATUS= of the refused reload: \(refusal)")
        #expect(daemon.exitStatus() == nil, "the daemon ended after a bad reload; stderr:\n\(daemon.stderrText)")
        // "…and a journald error": under no journald (stderr here) the same entry, at error level.
        let logged = stderrLines(daemon.stderrText, level: "error", messageID: ExpectedMessageID.reloadRefused)
        #expect(logged.count == 1, "refused reload not logged as an error once:\n\(daemon.stderrText)")

        let token = try daemon.registerStation(station: "st-1")
        let client = try LineClient.tcp(port: daemon.tcpPort)
        let hello = try client.request("HELLO station=st-1 token=\(token)")
        #expect(hello.hasPrefix("OK HELLO ") && hello.contains("fever=38.5"), "\(hello)")
        let below = try client.request("TEMP seq=1 person=\(TestPerson.phone(3)) temp=38.0")
        #expect(below.hasPrefix("OK seq=1 ") && below.contains("verdict=pass"), "\(below)")
        let above = try client.request("TEMP seq=2 person=\(TestPerson.phone(4)) temp=38.6")
        #expect(above.hasPrefix("OK seq=2 ") && above.contains("verdict=fever"), "\(above)")
        client.close()

        // SIGTERM: STOPPING=1, then exit 0.
        mark = notify.messages.count
        let status = try daemon.terminate()
        #expect(status == .exited(0), "\(status); stderr:\n\(daemon.stderrText)")
        let stopping = notify.first(from: mark, within: 2) { $0.has("STOPPING=1") }
        #expect(stopping != nil, "no STOPPING=1 on SIGTERM:\n\(notify.transcript)")
        let afterStopping = stopping.map { notify.messages[($0.index + 1)...].filter { $0.isReady } } ?? []
        #expect(afterStopping.isEmpty, "READY=1 after STOPPING=1:\n\(notify.transcript)")
    }

    @Test func notify_whenSighupRightAfterReady_keepsRunning() throws {
        let directory = try TemporaryDirectory(prefix: "cpsi")
        // The listener's own thread sends SIGHUP the moment the first READY=1 arrives.
        let target = Locked<Int32?>(nil)
        let signalled = Locked(false)
        let notify = try NotifyListener(path: directory.file("notify.sock")) { message in
            guard message.isReady, let pid = target.current else { return }
            let first = signalled.withLock { done in
                defer { done = true }
                return !done
            }
            if first { kill(pid, SIGHUP) }
        }
        let daemon = try DaemonProcess.launched(in: directory, environment: ["NOTIFY_SOCKET": notify.path])
        target.withLock { $0 = daemon.pid }
        let ready = try #require(notify.first(within: 30) { $0.isReady }, "no READY=1; \(daemon.stderrText)")
        if !signalled.current {
            // READY=1 came before the pid was recorded (a start under a millisecond): signal from here.
            signalled.withLock { $0 = true }
            daemon.send(signal: SIGHUP)
        }

        let reloading = notify.first(from: ready.index + 1, within: 10) { $0.has("RELOADING=1") }
        #expect(
            reloading != nil,
            "no RELOADING=1:\n\(notify.transcript)\nexit: \(String(describing: daemon.exitStatus()))")
        let again = reloading.flatMap { notify.first(from: $0.index + 1, within: 10) { $0.isReady } }
        #expect(again != nil, "no READY=1 after the reload:\n\(notify.transcript)")
        #expect(
            daemon.exitStatus() == nil,
            "SIGHUP right after READY=1 ended the daemon: \(String(describing: daemon.exitStatus()))")

        // A burst of hang-ups is survived too, and the last word is READY=1.
        for _ in 0..<5 { daemon.send(signal: SIGHUP) }
        let settled = Deadline.poll(seconds: 10) {
            let all = notify.messages
            guard let lastReloading = all.lastIndex(where: { $0.has("RELOADING=1") }) else { return false }
            return lastReloading > (reloading?.index ?? 0) && all[(lastReloading + 1)...].contains { $0.isReady }
        }
        #expect(settled, "no RELOADING=1 → READY=1 after a burst of SIGHUPs:\n\(notify.transcript)")
        #expect(daemon.exitStatus() == nil, "a burst of SIGHUPs ended the daemon")
        let health = try daemon.control().call("health")
        #expect(health.ok, "\(health.line)")
        #expect(try daemon.terminate() == .exited(0))
    }
}
