import CheckpointTestSupport
import Foundation
import Glibc

/// One `sd_notify` datagram as the service manager would read it: newline-separated `KEY=VALUE` assignments.
struct NotifyMessage: Sendable, CustomStringConvertible {
    /// When it was read, in seconds on `CLOCK_MONOTONIC` (the clock of ``Deadline``).
    var receivedAt: Double
    var text: String

    /// The assignments in order (a key may repeat; the last one wins for ``subscript(_:)``).
    var assignments: [(key: String, value: String)] {
        text.split(separator: "\n").compactMap { line -> (key: String, value: String)? in
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            return (String(parts[0]), String(parts[1]))
        }
    }

    subscript(key: String) -> String? {
        assignments.last { $0.key == key }?.value
    }

    /// Whether the datagram carries `KEY=VALUE` exactly (e.g. `READY=1`).
    func has(_ assignment: String) -> Bool {
        text.split(separator: "\n").contains { $0 == assignment }
    }

    var isReady: Bool { has("READY=1") }
    var isWatchdog: Bool { has("WATCHDOG=1") }

    var description: String { text.replacingOccurrences(of: "\n", with: " | ") }
}

/// The service manager's end of `NOTIFY_SOCKET`: an `AF_UNIX` datagram socket bound in a test directory, read
/// by a thread of its own so every datagram gets its time of arrival even while the test thread blocks.
final class NotifyListener: Sendable {
    let path: String
    private let fd: Int32
    private let received = Locked<[NotifyMessage]>([])
    private let stopping = Locked(false)
    private let closed = Locked(false)
    private let reader: BackgroundThread

    /// Binds `path` and starts reading. `onMessage` runs on the reader thread for each datagram, as it arrives.
    init(path: String, onMessage: (@Sendable (NotifyMessage) -> Void)? = nil) throws {
        let fd = try SocketAddress.boundUnixSocket(path: path, type: Int32(SOCK_DGRAM.rawValue))
        self.path = path
        self.fd = fd
        let received = self.received
        let stopping = self.stopping
        self.reader = BackgroundThread("notify-listener") {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while !stopping.current {
                var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&descriptor, 1, 50) > 0 else { continue }
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                guard count > 0 else { continue }
                let message = NotifyMessage(
                    receivedAt: Deadline.now(), text: String(decoding: buffer[0..<count], as: UTF8.self))
                received.withLock { $0.append(message) }
                onMessage?(message)
            }
        }
    }

    deinit {
        stop()
    }

    /// Stops the reader, closes the socket and removes its file.
    func stop() {
        let first = closed.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        stopping.withLock { $0 = true }
        _ = try? reader.join(seconds: 10)
        close(fd)
        unlink(path)
    }

    /// Every datagram so far, in order of arrival.
    var messages: [NotifyMessage] { received.current }

    /// The first datagram at index `from` or later that satisfies `condition`, waiting up to `seconds`.
    func first(
        from start: Int = 0,
        within seconds: Double,
        where condition: (NotifyMessage) -> Bool
    ) -> (index: Int, message: NotifyMessage)? {
        var found: (Int, NotifyMessage)?
        _ = Deadline.poll(seconds: seconds, interval: 0.01) {
            let all = messages
            guard start < all.count else { return false }
            if let index = all[start...].firstIndex(where: condition) {
                found = (index, all[index])
            }
            return found != nil
        }
        return found.map { (index: $0.0, message: $0.1) }
    }

    /// The datagrams that arrived at or after monotonic time `start` (and before `end`, when given).
    func messages(from start: Double, to end: Double = .infinity) -> [NotifyMessage] {
        messages.filter { $0.receivedAt >= start && $0.receivedAt < end }
    }

    /// A readable dump for failure messages.
    var transcript: String {
        let all = messages
        guard let origin = all.first?.receivedAt else { return "(no datagrams)" }
        return all.map { "+" + String(format: "%.3f", $0.receivedAt - origin) + "s " + $0.description }
            .joined(separator: "\n")
    }
}

/// The longest pause between consecutive times (and the edges of `window`), in seconds.
func longestGap(_ times: [Double], window: ClosedRange<Double>) -> Double {
    let points = [window.lowerBound] + times.filter { window.contains($0) }.sorted() + [window.upperBound]
    return zip(points, points.dropFirst()).map { $1 - $0 }.max() ?? (window.upperBound - window.lowerBound)
}
