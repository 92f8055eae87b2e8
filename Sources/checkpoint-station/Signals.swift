import Glibc

/// The signals the event loop handles itself. They are blocked and collected with `sigtimedwait` after each
/// `poll` (which wakes at least every 250 ms), so no handler runs in the middle of a spool write.
enum Signals {
    static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGWINCH]

    /// Blocks the handled signals and ignores SIGPIPE (a closed pipe or socket becomes an error return).
    static func install() {
        signal(SIGPIPE, SIG_IGN)
        var set = sigset_t()
        sigemptyset(&set)
        for number in handled { sigaddset(&set, number) }
        sigprocmask(SIG_BLOCK, &set, nil)
    }

    /// The handled signals that arrived since the last call, without waiting.
    static func pending() -> [Int32] {
        var set = sigset_t()
        sigemptyset(&set)
        for number in handled { sigaddset(&set, number) }
        var arrived: [Int32] = []
        var zero = timespec(tv_sec: 0, tv_nsec: 0)
        while true {
            let number = sigtimedwait(&set, nil, &zero)
            guard number > 0 else { break }
            arrived.append(number)
        }
        return arrived
    }
}

/// `poll(2)` over the uplink's socket and other descriptors, with a timeout in seconds.
enum EventWait {
    /// The `revents` of `uplink` (0 without a socket) and of each of `others`, in order.
    static func wait(uplink: pollfd?, others: [pollfd], timeout: Double) -> (uplink: Int16, others: [Int16]) {
        var descriptors = others
        if let uplink { descriptors.append(uplink) }
        let milliseconds = Int32(max(0, min(timeout, 0.25)) * 1000)
        let count = descriptors.withUnsafeMutableBufferPointer {
            poll($0.baseAddress, nfds_t($0.count), milliseconds)
        }
        guard count > 0 else { return (0, Array(repeating: 0, count: others.count)) }
        let uplinkEvents = uplink == nil ? 0 : descriptors[descriptors.count - 1].revents
        return (uplinkEvents, descriptors.prefix(others.count).map(\.revents))
    }
}
