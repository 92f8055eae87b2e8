import Glibc

/// The monotonic clock (CLOCK_MONOTONIC), in nanoseconds: for ages, intervals and timeouts, never for record times
/// (those come from a `WallClock`).
public enum Monotonic {
    public static func nanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// The same clock in seconds (only differences mean anything).
    public static func seconds() -> Double {
        Double(nanoseconds()) / 1_000_000_000
    }
}
