import Foundation

/// Whether this test process runs under `scripts/sanitize`, which sets `CHECKPOINTD_SANITIZER` to `address` or
/// `thread`. A sanitizer makes the code several times slower and multiplies its memory (shadow memory, quarantine),
/// so a test's bound on time or RSS measures the sanitizer, not checkpointd: such a bound is checked only outside a
/// sanitizer run; everything else the test checks still is.
public enum SanitizedRun {
    /// The sanitizer, or nil in a normal run.
    public static var sanitizer: String? {
        let value = ProcessInfo.processInfo.environment["CHECKPOINTD_SANITIZER"] ?? ""
        return value.isEmpty ? nil : value
    }

    /// True when a bound on speed or memory means something here; prints why not otherwise, naming `what`.
    public static func measuresPerformance(_ what: String) -> Bool {
        guard let sanitizer else { return true }
        print("\(what): bound not checked under the \(sanitizer) sanitizer (it measures the sanitizer's cost)")
        return false
    }
}
