import CheckpointCore
import Testing

@Suite struct DecimalTenthsTests {
    @Test(arguments: [
        ("37.3", 3, 373), ("37", 3, 370), ("0.5", 3, 5), ("0", 3, 0), ("450", 3, 4500), ("037.2", 3, 372),
        ("0037.3", 4, 373), ("5", 1, 50), ("12345678901234567.8", 17, 123_456_789_012_345_678),
    ], ByteFeeding.allCases)
    func value_whenDigitsAndAtMostOneDecimal_isTenths(
        number: (text: String, maximum: Int, tenths: Int), feeding: ByteFeeding
    ) {
        let (text, maximum, tenths) = number
        let value = feeding.feed(
            text, buffer: { DecimalTenths.value($0, maximumWholeDigits: maximum) },
            collection: { DecimalTenths.value($0, maximumWholeDigits: maximum) })
        #expect(value == tenths)
    }

    @Test(arguments: [
        "", ".", ".5", "37.", "37.25", "37.3.1", "-37.3", "+37.3", "37,3", "1e2", "37.3 ", " 37.3", "3a.3", "37.a",
        "0037.3", "１.5", "922337203685477580.8", "9223372036854775807",
    ], ByteFeeding.allCases)
    func value_whenAnyOtherShapeOrMoreWholeDigits_isNil(text: String, feeding: ByteFeeding) {
        let value = feeding.feed(
            text, buffer: { DecimalTenths.value($0, maximumWholeDigits: 3) },
            collection: { DecimalTenths.value($0, maximumWholeDigits: 3) })
        #expect(value == nil)
    }

    @Test(arguments: ["922337203685477580.8", "9223372036854775807", "99999999999999999999"])
    func value_whenTenthsOverflow_isNil(text: String) {
        #expect(DecimalTenths.value(text.utf8, maximumWholeDigits: 40) == nil)
    }

    @Test(arguments: [(373, "37.3"), (370, "37.0"), (5, "0.5"), (0, "0.0"), (-5, "-0.5"), (4500, "450.0")])
    func text_alwaysWritesOneDecimal(tenths: Int, expected: String) {
        #expect(DecimalTenths.text(tenths) == expected)
    }

    @Test(arguments: [("36.6", 366), ("37", 370), ("30", 300), ("45.0", 450), ("037.2", 372)], ByteFeeding.allCases)
    func plainReading_whenInRange_isTheTemperature(number: (text: String, tenths: Int), feeding: ByteFeeding) {
        let (text, tenths) = number
        let reading = feeding.feed(
            text, buffer: { Temperature(plainReading: $0) },
            collection: { bytes in Array(bytes).withUnsafeBufferPointer { Temperature(plainReading: $0) } })
        #expect(reading?.tenths == tenths)
    }

    @Test(arguments: ["29.9", "45.1", "0037.2", "1000", "36.66", "", "+37", "37."])
    func plainReading_whenOutOfRangeOrAnotherShape_isNil(text: String) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { Temperature(plainReading: $0) } == nil)
    }
}
