import CheckpointCore
import Testing

/// Issue 16 point 2: the follow-up deadlines as pure values: parsing, the windows they close (across midnight, in
/// a zone other than UTC and across a summer-time change), and the next window an order answers.
struct FollowupTimesTests {
    static let shanghai = FixedOffsetZone(seconds: 8 * 3600)
    /// 2026-12-05 00:00 in +08:00, as Unix milliseconds.
    static let dec5 = Timestamp(milliseconds: 1_796_400_000_000)

    static func local(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Timestamp {
        dec5.adding(milliseconds: Int64((day - 5) * 86_400 + hour * 3600 + minute * 60) * 1000)
    }

    @Test(arguments: [
        ("12:00,20:00", "12:00,20:00"), ("20:00,12:00", "12:00,20:00"), ("07:30", "07:30"),
        ("00:00, 23:59", "00:00,23:59"),
    ])
    func parse_acceptsTimesInAnyOrderAndWritesThemSorted(text: String, written: String) throws {
        #expect(try #require(FollowupTimes(text)).description == written)
    }

    @Test(arguments: ["", "12:00,", "24:00", "12:60", "1200", "12:00,12:00", "7:30", "12:00;20:00", "aa:bb"])
    func parse_refusesWhatIsNotAListOfDistinctTimesOfDay(text: String) {
        #expect(FollowupTimes(text) == nil)
    }

    @Test func standard_isNoonAndEightInTheEvening() {
        #expect(FollowupTimes.standard.description == "12:00,20:00")
    }

    @Test func windows_eachOpensAtTheDeadlineBeforeIt_acrossMidnight() throws {
        let times = try #require(FollowupTimes("00:30,12:00"))
        let windows = times.windows(closingAfter: Self.local(5, 11), through: Self.local(6, 13), zone: Self.shanghai)
        #expect(
            windows == [
                .init(opens: Self.local(5, 0, 30), closes: Self.local(5, 12)),
                .init(opens: Self.local(5, 12), closes: Self.local(6, 0, 30)),
                .init(opens: Self.local(6, 0, 30), closes: Self.local(6, 12)),
            ])
        // The bounds: a deadline exactly at `through` is in, one exactly at `after` is not.
        #expect(times.windows(closingAfter: Self.local(5, 12), through: Self.local(6, 0, 30), zone: Self.shanghai)
            .map(\.closes) == [Self.local(6, 0, 30)])
        #expect(times.windows(closingAfter: Self.local(6, 1), through: Self.local(6, 1), zone: Self.shanghai).isEmpty)
    }

    @Test func oneTime_makesWindowsOfAWholeDay() throws {
        let times = try #require(FollowupTimes("20:00"))
        let window = times.window(containing: Self.local(5, 21), zone: Self.shanghai)
        #expect(window == .init(opens: Self.local(5, 20), closes: Self.local(6, 20)))
    }

    @Test func windowContaining_aDeadlineItself_isTheWindowItCloses() {
        let window = FollowupTimes.standard.window(containing: Self.local(5, 12), zone: Self.shanghai)
        #expect(window == .init(opens: Self.local(4, 20), closes: Self.local(5, 12)))
    }

    @Test func nextWindow_skipsAWindowTheOrderStartedInside_andEndsWithTheOrder() {
        let times = FollowupTimes.standard
        // Started at 15:00: the 20:00 window opened at 12:00, before the order; the first asked is the next noon's.
        let next = times.nextWindow(
            ofOrderFrom: Self.local(5, 15), to: Self.local(19, 15), now: Self.local(5, 15), zone: Self.shanghai)
        #expect(next == .init(opens: Self.local(5, 20), closes: Self.local(6, 12)))
        // Later, while a window the order covers is open: that window.
        #expect(
            times.nextWindow(
                ofOrderFrom: Self.local(5, 15), to: Self.local(19, 15), now: Self.local(7, 13), zone: Self.shanghai)
                == .init(opens: Self.local(7, 12), closes: Self.local(7, 20)))
        // Ending at 19:00: the window closing at 20:00 is not asked for, nor any after it.
        #expect(
            times.nextWindow(
                ofOrderFrom: Self.local(5, 15), to: Self.local(19, 19), now: Self.local(19, 13), zone: Self.shanghai)
                == nil)
    }

    /// A zone that moves from +01:00 to +02:00 at 2026-03-29 01:00 UTC (Europe's spring change).
    struct SpringForward: DisplayZone {
        static let change = Timestamp(milliseconds: 1_774_746_000_000)
        func offsetSeconds(at instant: Timestamp) -> Int { instant < SpringForward.change ? 3600 : 7200 }
    }

    @Test func windows_followTheZonesOffsetAcrossASummerTimeChange() throws {
        let times = try #require(FollowupTimes("12:00"))
        let zone = SpringForward()
        // Noon on the 28th is 11:00 UTC, noon on the 29th 10:00 UTC: a window of 23 hours.
        let noon28 = Timestamp(milliseconds: 1_774_695_600_000)
        let noon29 = Timestamp(milliseconds: 1_774_778_400_000)
        let windows = times.windows(closingAfter: noon28.adding(milliseconds: -1), through: noon29, zone: zone)
        #expect(windows.map(\.closes) == [noon28, noon29])
        #expect(windows.last?.opens == noon28)
        #expect(FollowupTimes.minuteOfDay(noon29, zone: zone) == 12 * 60)
    }
}
