import Glibc

/// Where "now" comes from. The daemon uses `SystemWallClock`; tests inject a clock they move by hand.
public protocol WallClock: Sendable {
    func now() -> Timestamp
}

/// The real-time clock (CLOCK_REALTIME), in milliseconds.
public struct SystemWallClock: WallClock {
    public init() {}

    public func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(milliseconds: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }
}
