import CheckpointSystemd
import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// A bound AF_UNIX datagram socket standing in for systemd's notification socket.
private struct NotifyListener {
    let fd: Int32
    let path: String

    init(path: String) throws {
        self.path = path
        self.fd = try SocketAddress.boundUnixSocket(path: path, type: Int32(SOCK_DGRAM.rawValue))
    }

    /// The next datagram, or nil when none is queued. sd_notify's sendmsg returns only once the
    /// datagram is queued on our socket, so no waiting is needed.
    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(self.fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        guard count >= 0 else {
            return nil
        }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }

    func close() {
        Glibc.close(self.fd)
    }
}

private func monotonicMicroseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
}

extension ProcessGlobalTests {
    @Suite struct NotifySocketTests {
        @Test func notify_whenSocketSet_sendsExactDatagrams() throws {
            let directory = try TemporaryDirectory(prefix: "cpsd")
            let listener = try NotifyListener(path: directory.file("notify"))
            defer { listener.close() }

            try withEnvironment(["NOTIFY_SOCKET": listener.path]) {
                let notify = NotifySocket()
                #expect(notify.isAvailable)

                #expect(notify.ready())
                #expect(listener.receive() == "READY=1")
                #expect(notify.ready(status: "serving 3 stations"))
                #expect(listener.receive() == "READY=1\nSTATUS=serving 3 stations")
                #expect(notify.status("2 records/s"))
                #expect(listener.receive() == "STATUS=2 records/s")
                #expect(notify.status("first\nsecond"))
                #expect(listener.receive() == "STATUS=first second")
                #expect(notify.stopping())
                #expect(listener.receive() == "STOPPING=1")
                #expect(notify.stopping(status: "draining"))
                #expect(listener.receive() == "STOPPING=1\nSTATUS=draining")
                #expect(notify.watchdogPing())
                #expect(listener.receive() == "WATCHDOG=1")
                #expect(notify.send(["EXTEND_TIMEOUT_USEC=5000000", "STATUS=migrating"]))
                #expect(listener.receive() == "EXTEND_TIMEOUT_USEC=5000000\nSTATUS=migrating")

                let before = monotonicMicroseconds()
                #expect(notify.reloading())
                let after = monotonicMicroseconds()
                let datagram = try #require(listener.receive())
                let lines = datagram.split(separator: "\n").map(String.init)
                #expect(lines.count == 2)
                #expect(lines.first == "RELOADING=1")
                let value = try #require(lines.last?.split(separator: "=", maxSplits: 1).last)
                #expect(lines.last?.hasPrefix("MONOTONIC_USEC=") == true)
                let usec = try #require(UInt64(value))
                #expect(usec >= before && usec <= after)

                #expect(listener.receive() == nil)
            }
        }

        @Test func notify_whenSocketUnset_returnsFalseAndSendsNothing() throws {
            let directory = try TemporaryDirectory(prefix: "cpsd")
            let listener = try NotifyListener(path: directory.file("notify"))
            defer { listener.close() }

            withEnvironment(["NOTIFY_SOCKET": nil]) {
                let notify = NotifySocket()
                #expect(!notify.isAvailable)
                #expect(!notify.ready(status: "x"))
                #expect(!notify.status("x"))
                #expect(!notify.stopping())
                #expect(!notify.reloading())
                #expect(!notify.watchdogPing())
                #expect(!notify.send(["READY=1"]))
            }
            #expect(listener.receive() == nil)
        }

        @Test func notify_whenNobodyListens_returnsFalse() throws {
            let directory = try TemporaryDirectory(prefix: "cpsd")
            withEnvironment(["NOTIFY_SOCKET": directory.file("nobody")]) {
                let notify = NotifySocket()
                #expect(notify.isAvailable)
                #expect(!notify.ready())
            }
        }

        @Test func watchdogInterval_whenSetForThisProcess_isTheInterval() {
            withEnvironment(["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": String(getpid())]) {
                #expect(NotifySocket.watchdogInterval() == .seconds(2))
            }
            withEnvironment(["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": nil]) {
                #expect(NotifySocket.watchdogInterval() == .seconds(2))
            }
        }

        @Test func watchdogInterval_whenForAnotherProcessOrUnset_isNil() {
            withEnvironment(["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": String(getpid() + 1)]) {
                #expect(NotifySocket.watchdogInterval() == nil)
            }
            withEnvironment(["WATCHDOG_USEC": nil, "WATCHDOG_PID": nil]) {
                #expect(NotifySocket.watchdogInterval() == nil)
            }
            withEnvironment(["WATCHDOG_USEC": "0", "WATCHDOG_PID": String(getpid())]) {
                #expect(NotifySocket.watchdogInterval() == nil)
            }
        }
    }
}
