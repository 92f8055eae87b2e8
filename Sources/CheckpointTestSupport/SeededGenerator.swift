import Foundation

/// A random number generator that replays: SplitMix64 from a seed the test prints, so a failure found with one
/// seed can be run again with `CHECKPOINTD_TEST_SEED=<seed>`.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    public let seed: UInt64
    private var state: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        self.state = seed
    }

    /// The seed from `CHECKPOINTD_TEST_SEED` when set (decimal), else a fresh one; prints it with `label`.
    public static func fromEnvironment(_ label: String) -> SeededGenerator {
        let given = ProcessInfo.processInfo.environment["CHECKPOINTD_TEST_SEED"].flatMap { UInt64($0) }
        let seed = given ?? UInt64.random(in: 0...UInt64.max)
        print("\(label): seed \(seed) (replay with CHECKPOINTD_TEST_SEED=\(seed))")
        return SeededGenerator(seed: seed)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
