/// One direction of the emulated link: what netem's enqueue decides for each packet, and its queue ordered by the
/// time each packet is due. A value with no clock and no I/O: `LinkEmulator` feeds it packets and the time.
///
/// For each packet, in netem's order: with `loss` probability it is dropped; when the queue already holds
/// `limit` packets it is dropped; when its reorder draw (correlated with the previous one as netem does: with
/// `reorder 25% 50%` that is about 7 % of the packets, 25 % without the correlation) is under the threshold it
/// goes to the head of the queue, due at once; otherwise it is due after `delay ± jitter`, uniformly drawn (netem's
/// `tabledist` with no distribution table), and packets leave in order of that time, so jitter reorders them.
public struct EmulatedDirection: Sendable {
    /// netem's default queue limit, in packets.
    public static let limit = 1000

    /// What happened to the packets of this direction.
    public struct Counts: Sendable, Equatable {
        public var arrived = 0
        /// Dropped at random (the loss figure).
        public var lost = 0
        /// Dropped because the link was cut (loss 100 %).
        public var cutOff = 0
        /// Dropped because `limit` packets were already waiting.
        public var overflowed = 0
        /// Sent at once, without the delay (the reorder figure).
        public var sentAtOnce = 0
        public var delayed = 0
    }

    private struct Scheduled: Sendable {
        let due: UInt64
        let packet: [UInt8]
    }

    private var queue: [Scheduled] = []
    private var generator: SeededGenerator
    private var reorderRandom: CorrelatedRandom
    private var uncorrelated: CorrelatedRandom
    public private(set) var counts = Counts()

    public init(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        reorderRandom = CorrelatedRandom(using: &generator)
        uncorrelated = CorrelatedRandom(using: &generator)
        self.generator = generator
    }

    /// The time the first waiting packet is due, nil when none waits.
    public var nextDue: UInt64? { queue.first?.due }

    public var waiting: Int { queue.count }

    /// Takes `packet` arriving at `now` (nanoseconds on the monotonic clock) under `impairment`.
    public mutating func enqueue(_ packet: [UInt8], now: UInt64, impairment: LinkImpairment) {
        counts.arrived += 1
        let loss = CorrelatedRandom.threshold(percent: impairment.lossPercent)
        if loss > 0 && loss >= uncorrelated.next(correlation: 0, using: &generator) {
            if loss == UInt32.max { counts.cutOff += 1 } else { counts.lost += 1 }
            return
        }
        if queue.count >= Self.limit {
            counts.overflowed += 1
            return
        }
        let reorder = CorrelatedRandom.threshold(percent: impairment.reorderPercent)
        let correlation = CorrelatedRandom.threshold(percent: impairment.reorderCorrelationPercent)
        if reorder > 0 && reorder >= reorderRandom.next(correlation: correlation, using: &generator) {
            counts.sentAtOnce += 1
            queue.insert(Scheduled(due: now, packet: packet), at: 0)
            return
        }
        counts.delayed += 1
        let due = now + delay(impairment)
        queue.insert(Scheduled(due: due, packet: packet), at: insertionIndex(due))
    }

    /// Removes and returns the packets due at `now`, in the order they leave.
    public mutating func dequeueDue(now: UInt64) -> [[UInt8]] {
        var count = 0
        while count < queue.count && queue[count].due <= now { count += 1 }
        let leaving = queue.prefix(count).map(\.packet)
        queue.removeFirst(count)
        return leaving
    }

    /// netem's `tabledist(latency, jitter)` without a table: `(random % 2σ) + μ − σ`, in nanoseconds.
    private mutating func delay(_ impairment: LinkImpairment) -> UInt64 {
        let mean = Int64(impairment.delayMilliseconds * 1_000_000)
        let jitter = Int64(impairment.jitterMilliseconds * 1_000_000)
        guard jitter > 0 else { return UInt64(max(mean, 0)) }
        let random = Int64(uncorrelated.next(correlation: 0, using: &generator))
        return UInt64(max(random % (2 * jitter) + mean - jitter, 0))
    }

    /// After every packet due at or before `due`: equal times leave in arrival order.
    private func insertionIndex(_ due: UInt64) -> Int {
        var low = 0
        var high = queue.count
        while low < high {
            let middle = (low + high) / 2
            if queue[middle].due <= due { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
