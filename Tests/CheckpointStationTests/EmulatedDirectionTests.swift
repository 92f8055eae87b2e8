import CheckpointTestSupport
import Testing

/// `EmulatedDirection`, the per-direction decisions of the link emulator that `LossyLinkTests` uses where the kernel
/// has no `sch_netem`: its figures mean what netem's mean.
struct EmulatedDirectionTests {
    /// One packet a millisecond for `count` ms: each packet's number, and the millisecond it left at (nil: dropped).
    static func run(
        _ impairment: LinkImpairment, count: Int = 100_000, seed: UInt64 = 14
    ) -> (direction: EmulatedDirection, left: [Int?], order: [Int]) {
        var direction = EmulatedDirection(seed: seed)
        var left = [Int?](repeating: nil, count: count)
        var order: [Int] = []
        for millisecond in 0..<(count + 1_000) {
            let now = UInt64(millisecond) * 1_000_000
            if millisecond < count {
                let number = UInt32(millisecond)
                let bytes = (0..<4).map { UInt8(truncatingIfNeeded: number >> (8 * $0)) }
                direction.enqueue(bytes, now: now, impairment: impairment)
            }
            for packet in direction.dequeueDue(now: now) {
                let number = packet.enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
                left[number] = millisecond
                order.append(number)
            }
        }
        return (direction, left, order)
    }

    @Test func lossy_dropsATenthDelaysTheRestBy150To250msButAFewSentAtOnce() {
        let (direction, left, order) = Self.run(.lossy)
        let counts = direction.counts
        #expect(counts.arrived == 100_000)
        #expect(abs(Double(counts.lost) / 100_000 - 0.10) < 0.005, "\(counts)")
        let passed = Double(counts.arrived - counts.lost)
        // netem's correlation narrows the reorder draws: 25 % with 50 % correlation sends about 7 % at once.
        #expect(abs(Double(counts.sentAtOnce) / passed - 0.072) < 0.01, "\(counts)")
        #expect(counts.overflowed == 0 && counts.sentAtOnce + counts.delayed + counts.lost == counts.arrived)
        let delays = left.enumerated().compactMap { number, millisecond in millisecond.map { $0 - number } }
        #expect(delays.count == counts.sentAtOnce + counts.delayed)
        #expect(delays.filter { $0 == 0 }.count >= counts.sentAtOnce)
        let delayed = delays.filter { $0 > 0 }
        #expect(delayed.min() ?? 0 >= 150 && delayed.max() ?? 0 <= 250, "\(delayed.min() ?? 0)...\(delayed.max() ?? 0)")
        let mean = Double(delayed.reduce(0, +)) / Double(delayed.count)
        #expect(abs(mean - 200) < 2, "mean delay \(mean) ms")
        // Reordered: many packets leave after a packet that arrived later.
        let overtaken = zip(order, order.dropFirst()).filter { $0 > $1 }.count
        #expect(overtaken > 10_000, "\(overtaken) packets overtaken")
    }

    @Test func reorderWithoutCorrelation_sendsThatShareAtOnce() {
        let (direction, _, _) = Self.run(LinkImpairment(delayMilliseconds: 200, reorderPercent: 25))
        #expect(abs(Double(direction.counts.sentAtOnce) / 100_000 - 0.25) < 0.01, "\(direction.counts)")
    }

    @Test func cut_dropsEveryPacket() {
        let (direction, left, _) = Self.run(.cut, count: 10_000)
        #expect(direction.counts.cutOff == 10_000 && direction.counts.lost == 0)
        #expect(left.allSatisfy { $0 == nil })
    }

    @Test func sameSeed_sameFates_otherSeed_otherFates() {
        let first = Self.run(.lossy, count: 5_000, seed: 7)
        let again = Self.run(.lossy, count: 5_000, seed: 7)
        let other = Self.run(.lossy, count: 5_000, seed: 8)
        #expect(first.left == again.left)
        #expect(first.left != other.left)
    }

    @Test func fullQueue_dropsWhatArrivesOverTheLimit() {
        var direction = EmulatedDirection(seed: 1)
        for _ in 0..<(EmulatedDirection.limit + 10) {
            direction.enqueue([0], now: 0, impairment: LinkImpairment(delayMilliseconds: 100))
        }
        #expect(direction.waiting == EmulatedDirection.limit)
        #expect(direction.counts.overflowed == 10)
        #expect(direction.dequeueDue(now: 99_999_999).isEmpty)
        #expect(direction.dequeueDue(now: 100_000_000).count == EmulatedDirection.limit)
    }

    @Test func netemArguments_nameTheSameFigures() {
        #expect(LinkImpairment.lossy.netemArguments
            == ["netem", "loss", "10%", "delay", "200ms", "50ms", "reorder", "25%", "50%"])
        #expect(LinkImpairment.cut.netemArguments == ["netem", "loss", "100%"])
    }
}
