import CheckpointCore
import Testing

@Suite struct TimestampFormattingTests {
    @Test(arguments: [
        (Int64(1_581_034_500_000), 28_800, "2020-02-07T08:15:00+08:00"),
        (Int64(1_581_034_500_000), 0, "2020-02-07T00:15:00+00:00"),
        (Int64(1_581_034_500_000), -19_800, "2020-02-06T18:45:00-05:30"),
        (Int64(1_581_034_500_250), 28_800, "2020-02-07T08:15:00.250+08:00"),
        (Int64(1_581_034_500_001), 28_800, "2020-02-07T08:15:00.001+08:00"),
        (Int64(1_582_991_999_999), 28_800, "2020-02-29T23:59:59.999+08:00"),
        (Int64(0), 0, "1970-01-01T00:00:00+00:00"),
        (Int64(-1), 0, "1969-12-31T23:59:59.999+00:00"),
        (Int64(-62_135_596_800_000), 0, "0001-01-01T00:00:00+00:00"),
        (Int64(253_402_300_799_999), 0, "9999-12-31T23:59:59.999+00:00"),
        (Int64(0), 86_340, "1970-01-01T23:59:00+23:59"),
        (Int64(0), -86_340, "1969-12-31T00:01:00-23:59"),
    ])
    func rfc3339_whenGivenOffset_writesLocalTimeWithThatOffset(milliseconds: Int64, offset: Int, text: String) {
        #expect(Timestamp(milliseconds: milliseconds).rfc3339(offsetSeconds: offset) == text)
    }

    @Test(arguments: [
        (29_143, "2020-02-07T08:20:00+08:05"),  // +08:05:43 local mean time: seconds dropped
        (-29_143, "2020-02-06T16:10:00-08:05"),
        (100_000, "2020-02-08T00:14:00+23:59"),  // beyond RFC 3339: clamped
    ])
    func rfc3339_whenOffsetNotWholeMinutesOrTooLarge_staysTheSameInstant(offset: Int, text: String) throws {
        let instant = Timestamp(milliseconds: 1_581_034_500_000)
        let formatted = instant.rfc3339(offsetSeconds: offset)
        #expect(formatted == text)
        #expect(try Timestamp(wire: formatted) == instant)
    }

    @Test(arguments: [28_800, -19_800, 0, 20_700])
    func rfc3339_whenParsedBack_roundTripsEveryDayOfFourCenturies(offset: Int) throws {
        // Noon UTC plus a varying millisecond, every 7th day from 1900 to 2300, covers every month, leap days and
        // century years in both directions of the conversion.
        let start = Int64(-2_208_945_600_000)
        for step in Int64(0)..<20_871 {
            let instant = Timestamp(milliseconds: start + step * 7 * 86_400_000 + step % 1000)
            #expect(try Timestamp(wire: instant.rfc3339(offsetSeconds: offset)) == instant)
        }
    }

    @Test func rfc3339_whenFarOutsideFourDigitYears_stillFormats() {
        #expect(!Timestamp(milliseconds: .max).rfc3339(offsetSeconds: 28_800).isEmpty)
        #expect(Timestamp(milliseconds: .min).rfc3339(offsetSeconds: -3_600).hasPrefix("-"))
    }

    @Test func formatted_whenFixedOffsetZone_usesItsOffset() {
        let instant = Timestamp(milliseconds: 1_581_034_500_000)
        #expect(instant.formatted(in: FixedOffsetZone(seconds: 28_800)) == "2020-02-07T08:15:00+08:00")
        #expect(instant.formatted(in: FixedOffsetZone.utc) == "2020-02-07T00:15:00+00:00")
        #expect(FixedOffsetZone.utc.offsetSeconds(at: instant) == 0)
    }

    @Test func formatted_whenZoneOffsetDependsOnInstant_asksForThatInstant() {
        struct SummerTimeZone: DisplayZone {
            let switchover: Timestamp
            func offsetSeconds(at instant: Timestamp) -> Int {
                instant < switchover ? 3_600 : 7_200
            }
        }
        let zone = SummerTimeZone(switchover: Timestamp(milliseconds: 1_000_000_000_000))
        #expect(Timestamp(milliseconds: 999_999_999_000).formatted(in: zone) == "2001-09-09T02:46:39+01:00")
        #expect(Timestamp(milliseconds: 1_000_000_000_000).formatted(in: zone) == "2001-09-09T03:46:40+02:00")
    }

    @Test(arguments: [
        (Int64(1_000), Int64(500), Int64(1_500)),
        (Int64(1_000), Int64(-1_500), Int64(-500)),
        (Int64.max - 1, Int64(10), Int64.max),
        (Int64.min + 1, Int64(-10), Int64.min),
    ])
    func adding_whenMoved_addsOrSaturates(start: Int64, delta: Int64, result: Int64) {
        #expect(Timestamp(milliseconds: start).adding(milliseconds: delta) == Timestamp(milliseconds: result))
    }

    @Test func comparison_ordersByMilliseconds() {
        #expect(Timestamp(milliseconds: -1) < Timestamp(milliseconds: 0))
        #expect(!(Timestamp(milliseconds: 5) < Timestamp(milliseconds: 5)))
    }
}
