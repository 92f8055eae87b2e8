import Foundation
@testable import CheckpointServer
import Testing

@Suite struct MemoryTrimmerTests {
    @Test func shouldTrim_onlyAfterRSSGrewByTheThresholdSinceTheLastTrim() {
        let base: UInt64 = 100 << 20
        #expect(!MemoryTrimmer.shouldTrim(resident: base, afterLastTrim: base))
        #expect(!MemoryTrimmer.shouldTrim(resident: base + MemoryTrimmer.growth - 1, afterLastTrim: base))
        #expect(MemoryTrimmer.shouldTrim(resident: base + MemoryTrimmer.growth, afterLastTrim: base))
        // RSS below the baseline (the last trim's result) never trims.
        #expect(!MemoryTrimmer.shouldTrim(resident: base - (1 << 20), afterLastTrim: base))
    }

    /// It reads the resident set, not the virtual size beside it in /proc/self/statm: the kernel's VmRSS line
    /// in /proc/self/status, read around it, brackets it (give or take what the test allocates meanwhile).
    @Test func residentBytes_isTheResidentSetTheKernelReports() throws {
        let before = try Self.vmRSS()
        let resident = try #require(MemoryTrimmer.residentBytes())
        let after = try Self.vmRSS()
        let slack: UInt64 = 4 << 20
        #expect(resident + slack >= min(before, after) && resident <= max(before, after) + slack, "\(resident)")
    }

    static func vmRSS() throws -> UInt64 {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        let kib = try #require(UInt64(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
        return kib * 1024
    }
}
