import CheckpointCore
import Testing

/// Issue 16: the local days the daily report and `stats by=day` count over: `YYYY-MM-DD`, and `[start, end)` from
/// local midnight to the next, whatever summer time does to the day's length.
@Suite struct LocalDayTests {
    /// `before` until `switchover`, `after` from it.
    struct SwitchingZone: DisplayZone {
        let switchover: Timestamp
        let before: Int
        let after: Int

        func offsetSeconds(at instant: Timestamp) -> Int { instant < switchover ? before : after }
    }

    static func utc(_ text: String) throws -> Timestamp { try Timestamp(wire: text) }

    @Test(arguments: ["2026-12-05", "2024-02-29", "1970-01-01", "9999-12-31"])
    func date_whenValid_roundTrips(text: String) throws {
        let day = try #require(LocalDay(date: text))
        #expect(day.description == text)
    }

    @Test(arguments: [
        "2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-05", "26-01-05", "2026/01/05", "2026-01-05 ",
        "today", "", "1969-12-31", "2026-01-0x", "２０２６-01-05",
    ])
    func date_whenNotADay_isNil(text: String) {
        #expect(LocalDay(date: text) == nil)
    }

    @Test func day_inUTCPlusEight_startsAt1600UTCTheDayBefore() throws {
        let zone = FixedOffsetZone(seconds: 8 * 3600)
        let day = try #require(LocalDay(date: "2026-12-05"))
        #expect(day.start(in: zone) == (try Self.utc("2026-12-04T16:00:00+00:00")))
        #expect(day.end(in: zone) == (try Self.utc("2026-12-05T16:00:00+00:00")))
        #expect(LocalDay(of: day.start(in: zone), in: zone) == day)
        #expect(LocalDay(of: day.start(in: zone).adding(milliseconds: -1), in: zone) == day.adding(days: -1))
        #expect(LocalDay(of: try Self.utc("2026-12-05T15:59:59.999+00:00"), in: zone) == day)
    }

    @Test func day_westOfUTC_startsAtItsLocalMidnight() throws {
        let zone = FixedOffsetZone(seconds: -5 * 3600)
        let day = try #require(LocalDay(date: "2026-01-01"))
        #expect(day.start(in: zone) == (try Self.utc("2026-01-01T05:00:00+00:00")))
    }

    @Test func day_whenSummerTimeStarts_is23HoursAndWhenItEnds_25() throws {
        let spring = SwitchingZone(
            switchover: try Self.utc("2026-03-29T01:00:00+00:00"), before: 3600, after: 7200)
        let march = try #require(LocalDay(date: "2026-03-29"))
        #expect(march.start(in: spring) == (try Self.utc("2026-03-28T23:00:00+00:00")))
        #expect(march.end(in: spring) == (try Self.utc("2026-03-29T22:00:00+00:00")))
        #expect(march.end(in: spring).milliseconds - march.start(in: spring).milliseconds == 23 * 3_600_000)

        let autumn = SwitchingZone(
            switchover: try Self.utc("2026-10-25T01:00:00+00:00"), before: 7200, after: 3600)
        let october = try #require(LocalDay(date: "2026-10-25"))
        #expect(october.start(in: autumn) == (try Self.utc("2026-10-24T22:00:00+00:00")))
        #expect(october.end(in: autumn) == (try Self.utc("2026-10-25T23:00:00+00:00")))
        #expect(october.end(in: autumn).milliseconds - october.start(in: autumn).milliseconds == 25 * 3_600_000)
    }

    @Test func day_whenTheZoneSkipsMidnight_startsWhenTheClockJumps() throws {
        // At 04:00 UTC the clock goes from 23:59:59.999 (-04:00) to 01:00 (-03:00): 00:00 never happens.
        let switchover = try Self.utc("2026-11-01T04:00:00+00:00")
        let zone = SwitchingZone(switchover: switchover, before: -4 * 3600, after: -3 * 3600)
        let day = try #require(LocalDay(date: "2026-11-01"))
        #expect(day.start(in: zone) == switchover)
        #expect(day.adding(days: -1).end(in: zone) == switchover)
    }
}
