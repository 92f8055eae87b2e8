import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// SPEC §6 socket activation, under the real `systemd-socket-activate`: it binds the sockets, waits for the first
/// connection, then `exec`s the daemon with `LISTEN_FDS`/`LISTEN_FDNAMES` (so its pid becomes the daemon's).
@Suite(.enabled(if: socketActivator != nil, "systemd-socket-activate is not installed"))
struct SocketActivationTests {

    @Test func activation_whenSocketsArePassed_adoptsThemAndNeverUnlinksThem() throws {
        let activator = try #require(socketActivator)
        let directory = try TemporaryDirectory(prefix: "cpsa")
        let notify = try NotifyListener(path: directory.file("notify.sock"))
        // What the daemon would bind by itself: none of it may appear.
        let ownPort = try FreePort.tcp()
        let ownStation = directory.file("own-station.sock")
        let ownControl = directory.file("own-control.sock")
        let launcher = DaemonLauncher.socketActivated(
            activator: activator, environment: ["NOTIFY_SOCKET=\(notify.path)", "HOME=\(directory.path)"]
        ) { daemon in
            [
                "--state-dir", daemon.stateDirectory, "--runtime-dir", directory.file("run"),
                "--listen", "tcp:127.0.0.1:\(ownPort)", "--listen", "unix:\(ownStation)", "--control", ownControl,
                "--display-timezone", "UTC", "--log-target", "stderr",
            ]
        }
        let daemon = try DaemonProcess.launched(in: directory, launcher: launcher)

        // The first connection starts the daemon; it is accepted by the daemon from the inherited fd.
        var first: LineClient?
        let listening = Deadline.poll(seconds: 10) {
            first = try? LineClient.tcp(port: daemon.tcpPort, timeout: 30)
            return first != nil || daemon.exitStatus() != nil
        }
        let trigger = try #require(first, "systemd-socket-activate not listening (\(listening)): \(daemon.stderrText)")
        let ready = notify.first(within: 30) { $0.isReady }
        try #require(ready != nil, "no READY=1 after the first connection; stderr:\n\(daemon.stderrText)")
        let firstReply = try trigger.request("PING", timeout: 15)
        #expect(firstReply == "PONG" || firstReply.hasPrefix("ERR seq=- code=E_AUTH"), "\(firstReply)")
        trigger.close()
        let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(daemon.pid)/exe")
        #expect(executable?.hasSuffix("/checkpointd") == true, "pid \(daemon.pid) runs \(executable ?? "?")")

        // Adopted, not bound: the daemon's own addresses stay unused.
        #expect(!acceptsTCP(port: ownPort), "the daemon bound its own TCP listener 127.0.0.1:\(ownPort)")
        #expect(!fileExists(ownStation), "the daemon bound its own station socket \(ownStation)")
        #expect(!fileExists(ownControl), "the daemon bound its own control socket \(ownControl)")

        // Control over the inherited control fd, stations over the inherited TCP and Unix fds.
        let token = try daemon.registerStation(station: "st-1")
        _ = try daemon.registerStation(station: "st-2")
        let tcp = try daemon.session(station: "st-1", token: token)
        let overTCP = try tcp.request("TEMP seq=1 person=\(TestPerson.phone(1)) temp=36.6")
        #expect(overTCP.hasPrefix("OK seq=1 id=") && overTCP.contains("verdict=pass"), "\(overTCP)")
        let unix = try LineClient.unix(path: daemon.stationSocketPath)
        let hello = try unix.request("HELLO station=st-2")
        #expect(hello.hasPrefix("OK HELLO station=st-2 "), "\(hello)")
        let overUnix = try unix.request("TEMP seq=1 person=\(TestPerson.phone(2)) temp=38.0")
        #expect(overUnix.hasPrefix("OK seq=1 id=") && overUnix.contains("verdict=fever"), "\(overUnix)")
        tcp.close()
        unix.close()

        let stored = try SQLiteShell.scalar(daemon.databasePath, "SELECT count(*) FROM records")
        #expect(stored == "2", "records stored: \(stored ?? "nil")")

        // SIGTERM: exit 0, and the socket files (systemd's) are still there.
        let status = try daemon.terminate()
        #expect(status == .exited(0), "\(status); stderr:\n\(daemon.stderrText)")
        #expect(notify.messages.contains { $0.has("STOPPING=1") }, "no STOPPING=1:\n\(notify.transcript)")
        #expect(isSocketFile(daemon.stationSocketPath), "the inherited station socket file was unlinked")
        #expect(isSocketFile(daemon.controlSocketPath), "the inherited control socket file was unlinked")
    }
}

/// The path of `systemd-socket-activate`, or nil when it is not installed.
let socketActivator: String? = ["/usr/bin/systemd-socket-activate", "/bin/systemd-socket-activate"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }
