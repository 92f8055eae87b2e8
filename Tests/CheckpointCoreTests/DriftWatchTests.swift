import CheckpointCore
import Testing

@Suite struct DriftWatchTests {
    /// More than 0.5 °C apart is drift; at least 3 readings on each side.
    static let watch = DriftWatch(thresholdTenths: 5, minimumReadings: 3)

    static func station(_ key: Int64, _ readings: [Int], inSpell: Bool = false) -> DriftWatch.Station {
        DriftWatch.Station(key: key, readings: readings, inSpell: inSpell)
    }

    @Test func check_whenOneStationReadsHigh_raisesForItAndClearsTheOthers() {
        let actions = Self.watch.check(
            grid: "g1", stations: [Self.station(1, [365, 366, 364]), Self.station(2, [372, 373, 372])])
        // Station 1 against station 2 alone differs by 0.7 °C too: with two stations both drift.
        #expect(
            actions == [
                .raise(station: 1, detail: "station median 36.5 °C vs grid g1 median 37.2 °C"),
                .raise(station: 2, detail: "station median 37.2 °C vs grid g1 median 36.5 °C"),
            ])
    }

    @Test func check_whenThreeStations_onlyTheOddOneDrifts() {
        let actions = Self.watch.check(
            grid: "g1",
            stations: [
                Self.station(1, [365, 365, 365]), Self.station(2, [366, 366, 366]), Self.station(3, [373, 373, 373]),
            ])
        #expect(actions.count == 3)
        #expect(actions[2] == .raise(station: 3, detail: "station median 37.3 °C vs grid g1 median 36.55 °C"))
        #expect(actions[0] == .clear(station: 1) && actions[1] == .clear(station: 2))
    }

    @Test func check_whenDifferenceIsExactlyTheThreshold_isNotDrift() {
        let actions = Self.watch.check(
            grid: "g", stations: [Self.station(1, [365, 365, 365]), Self.station(2, [370, 370, 370])])
        #expect(actions == [.clear(station: 1), .clear(station: 2)])
    }

    @Test func check_whenSpellIsOpenAndStillDrifting_raisesNothingNew() {
        let actions = Self.watch.check(
            grid: "g", stations: [Self.station(1, [380, 380, 380], inSpell: true), Self.station(2, [365, 365, 365])])
        #expect(actions == [.raise(station: 2, detail: "station median 36.5 °C vs grid g median 38.0 °C")])
    }

    @Test func check_whenTooFewReadings_leavesStationsAlone() {
        let few = Self.watch.check(
            grid: "g", stations: [Self.station(1, [380, 380]), Self.station(2, [365, 365, 365])])
        // Station 1 has too few of its own; station 2's grid (station 1) has too few.
        #expect(few.isEmpty)
        let alone = Self.watch.check(grid: "g", stations: [Self.station(1, [380, 380, 380])])
        #expect(alone.isEmpty)
    }

    @Test func median_ofOddEvenAndEmpty() {
        #expect(DriftWatch.median([3, 1, 2]) == 2)
        #expect(DriftWatch.median([4, 1, 3, 2]) == 2.5)
        #expect(DriftWatch.median([]) == nil)
    }

    @Test func readings_whenFull_dropTheOldestAndKeepOrder() {
        var readings = DriftWatch.Readings(capacity: 3)
        for value in [1, 2, 3, 4, 5] { readings.append(value) }
        #expect(readings.values == [3, 4, 5])
        var none = DriftWatch.Readings(capacity: 0)
        none.append(1)
        #expect(none.values.isEmpty)
    }
}
