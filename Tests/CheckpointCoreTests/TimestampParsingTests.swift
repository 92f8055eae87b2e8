import CheckpointCore
import Testing

@Suite struct TimestampParsingTests {
    @Test(arguments: [
        ("2020-02-07T08:15:00+08:00", Int64(1_581_034_500_000)),
        ("2020-02-07T00:15:00Z", Int64(1_581_034_500_000)),
        ("2020-02-07T00:15:00z", Int64(1_581_034_500_000)),
        ("2020-02-07t08:15:00+08:00", Int64(1_581_034_500_000)),
        ("2020-02-07 08:15:00+08:00", Int64(1_581_034_500_000)),
        ("2020-02-07T00:15:00+00:00", Int64(1_581_034_500_000)),
        ("2020-02-07T00:15:00-00:00", Int64(1_581_034_500_000)),
        ("2020-02-06T18:45:00-05:30", Int64(1_581_034_500_000)),
        ("2020-02-07T08:15:00.5+08:00", Int64(1_581_034_500_500)),
        ("2020-02-07T08:15:00.50+08:00", Int64(1_581_034_500_500)),
        ("2020-02-07T08:15:00.123+08:00", Int64(1_581_034_500_123)),
        ("2020-02-07T08:15:00.123999999+08:00", Int64(1_581_034_500_123)),
        ("2020-02-07T08:15:00+23:59", Int64(1_580_976_960_000)),
        ("2020-02-07T08:15:00-23:59", Int64(1_581_149_640_000)),
        ("2020-02-29T23:59:59.999+08:00", Int64(1_582_991_999_999)),
        ("2000-02-29T12:00:00-05:30", Int64(951_845_400_000)),
        ("1970-01-01T00:00:00Z", Int64(0)),
        ("1969-12-31T23:59:59.999Z", Int64(-1)),
        ("1900-03-01T00:00:00Z", Int64(-2_203_891_200_000)),
        ("0001-01-01T00:00:00Z", Int64(-62_135_596_800_000)),
        ("9999-12-31T23:59:59.999Z", Int64(253_402_300_799_999)),
        ("2038-01-19T03:14:08Z", Int64(2_147_483_648_000)),
        ("2016-12-31T23:59:60Z", Int64(1_483_228_800_000)),
        ("1581034500000", Int64(1_581_034_500_000)),
        ("0000000000000", Int64(0)),
        ("9999999999999", Int64(9_999_999_999_999)),
    ])
    func wire_whenRFC3339OrThirteenDigits_parsesToUTCMilliseconds(input: String, milliseconds: Int64) throws {
        #expect(try Timestamp(wire: input).milliseconds == milliseconds)
    }

    @Test(arguments: ["1581034500", "158103450", "1", "000000000000"])
    func wire_whenFewerThanThirteenDigits_saysItLooksLikeSeconds(input: String) throws {
        let error = try #require(validationError { try Timestamp(wire: input) })
        #expect(error.code == .time)
        #expect(error.message.contains("looks like seconds; send milliseconds (13 digits)"))
    }

    @Test(arguments: ["15810345000000", "1581034500000000000000000"])
    func wire_whenMoreThanThirteenDigits_asksForMilliseconds(input: String) throws {
        let error = try #require(validationError { try Timestamp(wire: input) })
        #expect(error.code == .time)
        #expect(error.message.contains("13 digits"))
        #expect(!error.message.contains("looks like seconds"))
    }

    @Test(arguments: [
        ("2020-13-01T00:00:00Z", "month"),
        ("2020-00-01T00:00:00Z", "month"),
        ("2020-02-30T00:00:00Z", "day of that month"),
        ("2019-02-29T00:00:00Z", "day of that month"),
        ("1900-02-29T00:00:00Z", "day of that month"),
        ("2020-04-31T00:00:00Z", "day of that month"),
        ("2020-01-32T00:00:00Z", "day of that month"),
        ("2020-01-00T00:00:00Z", "day of that month"),
        ("2020-02-07T24:00:00Z", "hour"),
        ("2020-02-07T08:60:00Z", "minute"),
        ("2020-02-07T08:15:61Z", "second"),
        ("2020-02-07T08:15:00+24:00", "offset hours"),
        ("2020-02-07T08:15:00+08:60", "offset minutes"),
    ])
    func wire_whenFieldOutOfRange_namesTheFieldAndRange(input: String, field: String) throws {
        let error = try #require(validationError { try Timestamp(wire: input) })
        #expect(error.code == .time)
        #expect(error.message.contains("its \(field) out of range"))
    }

    @Test(arguments: [
        ("2020-02-07T08:15:00", "no UTC offset"),
        ("2020-02-07T08:15:00.5", "no UTC offset"),
        ("2020-02-07T08:15:00.+08:00", "fraction digits"),
        ("2020-02-07T08:15:00.1234567891+08:00", "fraction digits"),
        ("2020-02-07T08:15:00+0800", "':' at position 23"),
        ("2020-02-07T08:15:00+8:00", "2 digits at position 21"),
        ("2020-02-07T08:15:00 +08:00", "Z or an offset"),
        ("2020-02-07T08:15:00+08:00 ", "extra characters"),
        ("2020-02-07T08:15:00ZZ", "extra characters"),
        ("2020-02-07", "'T' between date and time"),
        ("2020-02-07_08:15:00Z", "'T' between date and time"),
        ("2020-2-7T08:15:00Z", "2 digits at position 6"),
        ("20-02-07T08:15:00Z", "4 digits at position 1"),
        ("2020/02/07T08:15:00Z", "'-' at position 5"),
        ("2020-02-07T8:15Z", "2 digits at position 12"),
        ("2020-02-07T08:15Z", "':' at position 17"),
        ("-1581034500000", "4 digits at position 1"),
        ("yesterday", "4 digits at position 1"),
        ("", "time is empty"),
        ("１５８１０３４５００００", "4 digits at position 1"),
    ])
    func wire_whenMalformed_explainsWhatIsMissing(input: String, hint: String) throws {
        let error = try #require(validationError { try Timestamp(wire: input) })
        #expect(error.code == .time)
        #expect(error.message.contains(hint))
    }

    @Test(arguments: ["2019-02-29T00:00:00Z", "1581034500", "2020-02-07T08:15:00+0800", "2020-02-07T08:15:61Z"])
    func wire_whenRejected_messageNeverContainsTheInput(input: String) throws {
        let error = try #require(validationError { try Timestamp(wire: input) })
        #expect(!error.message.contains(input))
    }

    @Test func wire_whenParsedFromSubstring_behavesLikeString() throws {
        let line = "ts=2020-02-07T08:15:00+08:00"
        #expect(try Timestamp(wire: line.dropFirst(3)).milliseconds == 1_581_034_500_000)
    }
}
