import CheckpointCore
import Testing

/// Issue 16 point 5: the details the rules write read back as a stable code and values, so programs can show them
/// in the reader's language; any other text has no code and is shown as it is.
struct AlertDetailTests {
    @Test func parsing_readsTheTextsTheWatchesWrite() throws {
        let silent = SilenceWatchTests.decide(
            SilenceWatchTests.aroundTheClock(lastRecord: SilenceWatchTests.at(60)), now: SilenceWatchTests.at(105))
        guard case .raise(let silentText) = silent else {
            Issue.record("no SILENT alert: \(silent)")
            return
        }
        #expect(AlertDetail(parsing: silentText) == AlertDetail(code: "silent", values: ["45", "24h"]))

        let drift = DriftWatch(thresholdTenths: 5, minimumReadings: 3).check(
            grid: "G7",
            stations: [
                DriftWatch.Station(key: 1, readings: [355, 356, 354]), DriftWatch.Station(key: 2, readings: [366, 367, 366]),
                DriftWatch.Station(key: 3, readings: [366, 365, 367]),
            ])
        let driftText = try #require(
            drift.compactMap { action -> String? in
                if case .raise(1, let detail) = action { return detail }
                return nil
            }.first)
        let parsed = try #require(AlertDetail(parsing: driftText), "\(driftText)")
        #expect(parsed.code == "drift")
        #expect(parsed.values.count == 3 && parsed.values[1] == "G7", "\(driftText) → \(parsed)")
        #expect(driftText == "station median \(parsed.values[0]) °C vs grid G7 median \(parsed.values[2]) °C")
    }

    @Test(arguments: [
        ("temp=37.8", AlertDetail(code: "temp", values: ["37.8"])),
        ("no record for 120 min while staffed (07:00-19:00)", AlertDetail(code: "silent", values: ["120", "07:00-19:00"])),
        ("station median 35.5 °C vs grid G-12 median 36.6 °C", AlertDetail(code: "drift", values: ["35.5", "G-12", "36.6"])),
        ("no reading 20:00-12:00", AlertDetail(code: "followup", values: ["20:00", "12:00"])),
        (AlertDetail.followupText(opens: "00:30", closes: "12:00"), AlertDetail(code: "followup", values: ["00:30", "12:00"])),
    ])
    func parsing_givesTheCodeAndValues(text: String, expected: AlertDetail) {
        #expect(AlertDetail(parsing: text) == expected)
    }

    @Test(arguments: ["", "temp=", "checked by hand", "no record for a while", "station median high", "no reading", "no reading today"])
    func parsing_whenTheTextIsNotTheRules_hasNoCode(text: String) {
        #expect(AlertDetail(parsing: text) == nil)
    }

    @Test func orderReason_hasACodeOnlyForTheAutomaticOne() {
        #expect(OrderReason.code(of: "arrival from outside the city") == "outside_arrival")
        #expect(OrderReason.code(of: "close contact of case 2020-0147") == nil)
    }
}
