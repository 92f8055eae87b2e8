import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// Issue 13 acceptance 10, the control half: at most `control_max_connections` control connections, and one with
/// no request in flight for `control_idle_timeout` is closed (`watch` is exempt).
@Suite struct ControlLimitTests {
    @Test func connection_beyondControlMaxConnections_getsBusyAndIsClosed() throws {
        let daemon = try DaemonProcess.started(["--control-max-connections", "3"])
        // The start-up probe's connection may not be gone yet: take each place once the daemon answers on it.
        let held = try (1...3).map { _ in
            var client: ControlClient?
            let served = Deadline.poll(seconds: 10, interval: 0.1) {
                client = try? daemon.control(timeout: 5)
                return (try? client?.ask("health").ok) == true
            }
            guard served, let client else { throw TestSupportError("no control connection was served") }
            return client
        }

        let refused = try daemon.control(timeout: 10)
        let line = try refused.connection.readLine(timeout: 10) ?? ""
        let reply = try Reply(line)
        #expect(reply.errorCode == "E_BUSY" && reply.errorMessage.contains("control_max_connections"), "\(line)")
        #expect(refused.connection.isClosed(within: 10))
        for client in held { #expect(try client.ask("version").ok, "the open ones are served") }

        held[0].close()
        var last = ""
        let admitted = Deadline.poll(seconds: 10, interval: 0.1) {
            guard let client = try? daemon.control(timeout: 5), let answer = try? client.ask("health") else {
                return false
            }
            last = answer.line
            return answer.ok
        }
        #expect(admitted, "a closed connection frees its place (last: \(last))")
    }

    @Test(.timeLimit(.minutes(20)))
    func connection_withNoRequestForControlIdleTimeout_isClosedButWatchAndBusyOnesStay() throws {
        let centre = try Centre(["--control-idle-timeout", "1s"])
        try centre.send("TEMP", "person=13800138000 temp=36.6")
        let idle = try centre.daemon.control()
        #expect(try idle.ask("health").ok)
        let (closed, seconds) = measure { idle.connection.isClosed(within: 10) }
        #expect(closed && seconds >= 0.7 && seconds < 5, "closed after about 1 s idle: \(seconds) s")

        let watcher = try centre.daemon.control().connection
        try watcher.send(#"{"cmd":"watch"}"#)
        #expect(try watcher.readLine(timeout: 10) == #"{"ok":true,"result":{"watching":["alert"]}}"#)
        let chatty = try centre.daemon.control()
        let deadline = Deadline(seconds: 3)
        while !deadline.hasPassed {
            #expect(try chatty.ask("version").ok, "a request every 0.4 s keeps the connection")
            Deadline.sleep(0.4)
        }
        #expect(!watcher.isClosed(within: 0.1), "watch is exempt from the idle timeout")
        let fever = try centre.alert(of: try centre.send("TEMP", "person=13900139000 temp=38.9"))
        let event = try watcher.readLine(timeout: 10) ?? ""
        #expect(event.contains(#""id":\#(fever)"#), "the watcher still gets events after 3 s: \(event)")
    }
}
