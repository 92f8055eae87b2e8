import Glibc

/// A userspace stand-in for `tc netem`, for kernels without `sch_netem`: relays IP packets between two TUN devices
/// (one on the host, one moved into a network namespace) on a thread of its own, impairing each direction
/// independently as `EmulatedDirection` describes. Both ends' own TCP stacks are the kernel's, untouched.
///
/// Each direction draws from its own `SeededGenerator`, both derived from `seed`: the n-th packet of a direction
/// meets the same fate for the same seed and impairment (when each packet arrives depends on the stacks).
public final class LinkEmulator: Sendable {
    public let seed: UInt64
    private let impairment: Locked<LinkImpairment>
    private let stopRequested = Locked(false)
    private let counts = Locked<[EmulatedDirection.Counts]>([])
    private let thread: BackgroundThread

    /// What the emulator did to each direction.
    public struct Report: Sendable, CustomStringConvertible {
        public var towardNamespace: EmulatedDirection.Counts
        public var towardHost: EmulatedDirection.Counts

        public var description: String {
            "host → namespace \(Self.describe(towardNamespace)); namespace → host \(Self.describe(towardHost))"
        }

        private static func describe(_ counts: EmulatedDirection.Counts) -> String {
            "\(counts.arrived) packets: \(counts.lost) lost, \(counts.cutOff) cut off, "
                + "\(counts.sentAtOnce) sent at once, \(counts.delayed) delayed, "
                + "\(counts.overflowed) over the queue limit"
        }
    }

    /// Starts relaying between `host` and `namespace` with `impairment` (none: packets pass at once).
    public init(host: TunDevice, namespace: TunDevice, seed: UInt64, impairment: LinkImpairment = LinkImpairment()) {
        self.seed = seed
        let current = Locked(impairment)
        let stopRequested = self.stopRequested
        let counts = self.counts
        self.impairment = current
        thread = BackgroundThread("link-emulator") {
            var directions = [EmulatedDirection(seed: seed), EmulatedDirection(seed: seed ^ 0x6A09_E667_F3BC_C909)]
            defer { counts.withLock { $0 = directions.map(\.counts) } }
            try Self.relay(
                from: [host, namespace], to: [namespace, host], directions: &directions, impairment: current,
                until: stopRequested)
        }
    }

    /// What the link does to packets arriving from now on; packets already waiting keep their time, as with
    /// `tc qdisc replace … netem`.
    public func impair(_ impairment: LinkImpairment) {
        self.impairment.withLock { $0 = impairment }
    }

    /// Stops relaying (the waiting packets are dropped) and reports; throws what stopped the relay early.
    public func stop() throws -> Report {
        stopRequested.withLock { $0 = true }
        guard try thread.join(seconds: 10) else { throw TestSupportError("the link emulator did not stop in 10 s") }
        let final = counts.current
        guard final.count == 2 else { throw TestSupportError("the link emulator reported no counts") }
        return Report(towardNamespace: final[0], towardHost: final[1])
    }

    /// The loop: waits for packets (or the next one due), reads every waiting packet of both devices, then writes
    /// every packet that is due. Direction `i` reads `sources[i]` and writes `sinks[i]`.
    private static func relay(
        from sources: [TunDevice], to sinks: [TunDevice], directions: inout [EmulatedDirection],
        impairment: Locked<LinkImpairment>, until stopRequested: Locked<Bool>
    ) throws {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var watched = sources.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
        while !stopRequested.current {
            let now = monotonicNanoseconds()
            // Wake for the next packet due (rounded up to a whole millisecond), and at least every 50 ms to stop.
            let timeout = directions.compactMap(\.nextDue).min().map { due in
                due <= now ? 0 : Int32(min((due - now + 999_999) / 1_000_000, 50))
            } ?? 50
            if poll(&watched, nfds_t(watched.count), timeout) < 0 && errno != EINTR {
                throw TestSupportError("poll on the TUN devices", errno: errno)
            }
            let current = impairment.current
            for index in watched.indices where watched[index].revents != 0 {
                if watched[index].revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 {
                    throw TestSupportError("TUN \(sources[index].name) failed (poll revents \(watched[index].revents))")
                }
                // At most 256 packets at a time, so that one busy direction cannot hold up the other.
                var read = 0
                while read < 256, let packet = try sources[index].read(into: &buffer) {
                    directions[index].enqueue(Array(packet), now: monotonicNanoseconds(), impairment: current)
                    read += 1
                }
            }
            let due = monotonicNanoseconds()
            for index in directions.indices {
                for packet in directions[index].dequeueDue(now: due) { sinks[index].write(packet) }
            }
        }
    }

    private static func monotonicNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
