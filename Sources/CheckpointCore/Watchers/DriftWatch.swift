/// The thermometer drift watch of SPEC §9 as a pure decision: a station whose median reading differs from the
/// median of the other stations of its grid by more than `thresholdTenths` gets one DRIFT alert per spell, and
/// its spell ends once it is back within the threshold. The caller keeps each station's last readings
/// (`Readings`) and open spells, asks `check` for a grid that has new readings, and carries out the actions.
public struct DriftWatch: Sendable, Equatable {
    /// The largest difference of medians that is not drift, in tenths of a degree (`drift_threshold`).
    public var thresholdTenths: Int
    /// The fewest readings a station, and the rest of its grid, must have before they are compared.
    public var minimumReadings: Int

    public init(thresholdTenths: Int, minimumReadings: Int) {
        self.thresholdTenths = thresholdTenths
        self.minimumReadings = minimumReadings
    }

    public enum Action: Sendable, Equatable {
        /// Open a DRIFT alert for the station with this detail and remember the spell.
        case raise(station: Int64, detail: String)
        /// The station is within the threshold: its spell (if any) is over.
        case clear(station: Int64)
    }

    /// One station of a grid: its key, its last readings (oldest first), and whether its DRIFT spell is open.
    public struct Station: Sendable, Equatable {
        public var key: Int64
        public var readings: [Int]
        public var inSpell: Bool

        public init(key: Int64, readings: [Int], inSpell: Bool = false) {
            self.key = key
            self.readings = readings
            self.inSpell = inSpell
        }
    }

    /// Compares each of a grid's stations with the others of the grid, in the order given. A station with too few
    /// readings, or whose grid has too few others, is left as it is.
    public func check(grid: String, stations: [Station]) -> [Action] {
        var actions: [Action] = []
        for station in stations {
            guard station.readings.count >= minimumReadings, let own = DriftWatch.median(station.readings) else {
                continue
            }
            let others = stations.filter { $0.key != station.key }.flatMap(\.readings)
            guard others.count >= minimumReadings, let gridMedian = DriftWatch.median(others) else { continue }
            let drifting = abs(own - gridMedian) > Double(thresholdTenths)
            if drifting, !station.inSpell {
                let detail = "station median \(own / 10) °C vs grid \(grid) median \(gridMedian / 10) °C"
                actions.append(.raise(station: station.key, detail: detail))
            } else if !drifting {
                actions.append(.clear(station: station.key))
            }
        }
        return actions
    }

    /// The median of `values` (the mean of the middle two for an even count); nil when empty.
    public static func median(_ values: [Int]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[middle]) : Double(sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The last readings of one station, at most `capacity`: a ring, so a new reading costs the same whatever
    /// the window (it is fed once per stored temperature).
    public struct Readings: Sendable, Equatable {
        public let capacity: Int
        private var ring: [Int] = []
        /// Where the next reading goes once the ring is full (the oldest one).
        private var next = 0

        public init(capacity: Int) { self.capacity = capacity }

        public mutating func append(_ tenths: Int) {
            if capacity <= 0 {
                return
            } else if ring.count < capacity {
                ring.append(tenths)
            } else {
                ring[next] = tenths
                next = (next + 1) % capacity
            }
        }

        /// Oldest first.
        public var values: [Int] { Array(ring[next...] + ring[..<next]) }
    }
}
