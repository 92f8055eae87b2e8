/// netem's `get_crandom` (net/sched/sch_netem.c): a 32-bit random number that leans on the previous one by a
/// correlation, and netem's way of turning a percentage into a 32-bit threshold (iproute2's `get_percent`).
/// `LinkEmulator` draws with these so that its figures mean what the same figures mean to netem.
///
/// Note what netem's correlation does to a probability: the draws are averages, pulled toward the middle, so with
/// `reorder 25% 50%` only about 7 % of the draws fall under the 25 % threshold (25 % with no correlation).
struct CorrelatedRandom: Sendable {
    private var last: UInt64

    /// Starts from a random previous value, as netem's `init_crandom` does.
    init(using generator: inout SeededGenerator) {
        last = UInt64(UInt32(truncatingIfNeeded: generator.next()))
    }

    /// The next number: uniform when `correlation` is 0, else `(value * (2³² − ρ) + last * ρ) >> 32` with
    /// `ρ = correlation + 1`, as the kernel computes it.
    mutating func next(correlation: UInt32, using generator: inout SeededGenerator) -> UInt32 {
        let value = UInt64(UInt32(truncatingIfNeeded: generator.next()))
        guard correlation > 0 else { return UInt32(value) }
        let rho = UInt64(correlation) + 1
        // Cannot overflow: the sum is at most (2³² − 1) · 2³², below 2⁶⁴.
        let answer = (value * ((1 << 32) - rho) + last * rho) >> 32
        last = answer
        return UInt32(answer)
    }

    /// `percent` of 2³² − 1, rounded as `rint` rounds: netem's representation of a probability.
    static func threshold(percent: Double) -> UInt32 {
        let fraction = min(max(percent / 100, 0), 1)
        return UInt32((fraction * Double(UInt32.max)).rounded(.toNearestOrEven))
    }
}
