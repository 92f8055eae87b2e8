import CheckpointCore
import Testing

/// `StaffedHours`: staffed windows in the display zone, for the silence watch (SPEC §9).
@Suite struct StaffedHoursTests {
    static let utc = FixedOffsetZone.utc
    static let beijing = FixedOffsetZone(seconds: 8 * 3600)
    /// 2020-02-07T00:00:00Z, a midnight in UTC.
    static let midnight: Int64 = 1_581_033_600_000

    private static func at(_ hour: Int, _ minute: Int, second: Int = 0) -> Timestamp {
        Timestamp(milliseconds: midnight + Int64((hour * 60 + minute) * 60 + second) * 1000)
    }

    @Test func init_when24h_isAroundTheClock() throws {
        let hours = try #require(StaffedHours("24h"))
        #expect(hours.window == nil)
        #expect(hours == .aroundTheClock)
        #expect(hours.description == "24h")
    }

    @Test(arguments: [
        ("07:00-19:00", 420, 1_140), ("22:00-06:00", 1_320, 360), ("00:00-23:59", 0, 1_439),
        ("23:59-00:00", 1_439, 0), ("08:30-08:31", 510, 511),
    ])
    func init_whenHHMMRange_givesMinutesAfterMidnight(text: String, start: Int, end: Int) throws {
        let hours = try #require(StaffedHours(text))
        #expect(hours.window?.start == start)
        #expect(hours.window?.end == end)
        #expect(hours.description == text)
    }

    @Test(arguments: [
        "7:00-19:00", "07:00-9:00", "24:00-01:00", "07:00-24:00", "07:00-07:00", "07:60-08:00", "07:00-08:60",
        "", "24H", "24h ", "0h", "07:00", "07:00-", "-07:00", "07:00-19:00-20:00", "07:00 - 19:00", "0700-1900",
        "07:00-19:0", "07.00-19.00", "07:00:00-19:00:00", "aa:bb-cc:dd", "+7:00-19:00", "07:+5-08:00",
        "０７:００-１９:００",
    ])
    func init_whenNotTheForm_isNil(text: String) {
        #expect(StaffedHours(text) == nil)
    }

    @Test func equality_comparesTheWindow() {
        #expect(StaffedHours("24h") == StaffedHours("24h"))
        #expect(StaffedHours("07:00-19:00") == StaffedHours("07:00-19:00"))
        #expect(StaffedHours("07:00-19:00") != StaffedHours("19:00-07:00"))
        #expect(StaffedHours("24h") != StaffedHours("00:00-23:59"))
    }

    @Test(arguments: [
        (6, 59, false), (7, 0, true), (12, 0, true), (18, 59, true), (19, 0, false), (23, 59, false), (0, 0, false),
    ])
    func isStaffed_whenDaytimeWindow_isTrueFromStartUntilEnd(hour: Int, minute: Int, staffed: Bool) throws {
        let hours = try #require(StaffedHours("07:00-19:00"))
        #expect(hours.isStaffed(at: Self.at(hour, minute), zone: Self.utc) == staffed)
    }

    @Test(arguments: [
        (21, 59, false), (22, 0, true), (23, 59, true), (0, 0, true), (5, 59, true), (6, 0, false), (12, 0, false),
    ])
    func isStaffed_whenWindowCrossesMidnight_coversBothSides(hour: Int, minute: Int, staffed: Bool) throws {
        let hours = try #require(StaffedHours("22:00-06:00"))
        #expect(hours.isStaffed(at: Self.at(hour, minute), zone: Self.utc) == staffed)
    }

    @Test func isStaffed_readsTheClockInTheZone() throws {
        let hours = try #require(StaffedHours("07:00-19:00"))
        // 00:30 UTC is 08:30 in +08:00.
        #expect(!hours.isStaffed(at: Self.at(0, 30), zone: Self.utc))
        #expect(hours.isStaffed(at: Self.at(0, 30), zone: Self.beijing))
    }

    @Test func isStaffed_when24h_isAlwaysTrue() {
        for hour in 0..<24 {
            #expect(StaffedHours.aroundTheClock.isStaffed(at: Self.at(hour, 17), zone: Self.beijing))
        }
    }

    @Test func periodStart_whenInsideACrossMidnightWindow_isTheEveningBefore() throws {
        let hours = try #require(StaffedHours("22:00-06:00"))
        let start = Timestamp(milliseconds: Self.midnight - 2 * 3_600_000)
        #expect(hours.periodStart(at: Self.at(3, 15, second: 42), zone: Self.utc) == start)
        #expect(hours.periodStart(at: Self.at(22, 0), zone: Self.utc) == Self.at(22, 0))
        #expect(hours.periodStart(at: Self.at(12, 0), zone: Self.utc) == nil)
        #expect(StaffedHours.aroundTheClock.periodStart(at: Self.at(12, 0), zone: Self.utc) == nil)
    }
}
