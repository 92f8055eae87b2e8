@testable import CheckpointServer
import Testing

@Suite struct MemoryTrimmerTests {
    @Test func shouldTrim_onlyAfterRSSGrewByTheThresholdSinceTheLastTrim() {
        let base: UInt64 = 100 << 20
        #expect(!MemoryTrimmer.shouldTrim(resident: base, afterLastTrim: base))
        #expect(!MemoryTrimmer.shouldTrim(resident: base + MemoryTrimmer.growth - 1, afterLastTrim: base))
        #expect(MemoryTrimmer.shouldTrim(resident: base + MemoryTrimmer.growth, afterLastTrim: base))
        // Live memory that a trim could not return moves the baseline up: no trim again until it grows further.
        #expect(!MemoryTrimmer.shouldTrim(resident: base - (1 << 20), afterLastTrim: base))
    }

    @Test func residentBytes_readsThisProcessesResidentSet() throws {
        let resident = try #require(MemoryTrimmer.residentBytes())
        // A running test process has at least a few MiB resident, and less than the machine's memory.
        #expect(resident > 1 << 20 && resident < 1 << 40, "\(resident)")
    }
}
