extension Timestamp {
    /// The day this instant falls on in `zone`, as days since 1970-01-01 there: two instants share a local day when
    /// their numbers are equal. Midnight belongs to the day it starts; the zone's offset is the one in effect at
    /// this instant, so a summer-time change is followed.
    public func localDay(in zone: some DisplayZone) -> Int64 {
        let offset = Int64(zone.offsetSeconds(at: self)) * Timestamp.millisecondsPerSecond
        return Timestamp.floorDivide(milliseconds.saturatingAdding(offset), by: Timestamp.millisecondsPerDay).quotient
    }
}
