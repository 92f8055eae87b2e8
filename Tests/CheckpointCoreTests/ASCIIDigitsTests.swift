import CheckpointCore
import Testing

@Suite struct ASCIIDigitsTests {
    static let numbers: [(String, Int64)] = [
        ("0", 0), ("7", 7), ("42", 42), ("1234567", 1_234_567), ("12345678", 12_345_678),
        ("123456789", 123_456_789), ("13800138000", 13_800_138_000), ("1712345678901", 1_712_345_678_901),
        ("123456789012345", 123_456_789_012_345), ("1234567890123456", 1_234_567_890_123_456),
        ("12345678901234567", 12_345_678_901_234_567), ("9223372036854775807", Int64.max),
        ("007", 7), ("00000000", 0), ("0000000000000000000000000001", 1), ("09223372036854775807", Int64.max),
    ]

    @Test(arguments: numbers, ByteFeeding.allCases)
    func value_whenAllDigits_isTheNumber(number: (text: String, expected: Int64), feeding: ByteFeeding) {
        let (text, expected) = number
        let value = feeding.feed(text, buffer: ASCIIDigits.value, collection: { ASCIIDigits.value($0) })
        #expect(value == expected)
    }

    static let refused = [
        "", " ", "-1", "+1", "1 ", " 1", "1.0", "1e3", "0x10", "12a4", "１２",  // full-width digits
        "1234567/", "1234567:", "123456789012345/", "/234567890123456", "12345678901234567:",
        "9223372036854775808", "99999999999999999999", "18446744073709551616",
    ]

    @Test(arguments: refused, ByteFeeding.allCases)
    func value_whenEmptyNonDigitOrOverflowing_isNil(text: String, feeding: ByteFeeding) {
        let value = feeding.feed(text, buffer: ASCIIDigits.value, collection: { ASCIIDigits.value($0) })
        #expect(value == nil)
    }

    /// Every position of every length up to 19 holding each byte that is not a digit, including the bytes just
    /// below `0` and just above `9` that a word-wide check must tell apart.
    @Test(arguments: [UInt8(ascii: "/"), UInt8(ascii: ":"), 0x00, 0x20, 0x7F, 0xB0, 0xFF])
    func value_whenOneByteIsNotADigit_isNilAtEveryPosition(byte: UInt8) {
        for length in 1...19 {
            for position in 0..<length {
                var bytes = [UInt8](repeating: UInt8(ascii: "1"), count: length)
                bytes[position] = byte
                #expect(bytes.withUnsafeBufferPointer(ASCIIDigits.value) == nil, "length \(length) at \(position)")
            }
        }
    }

    @Test func value_forEveryLength_agreesWithTheStandardLibrary() {
        var text = ""
        for digit in 0..<19 {
            text.append(Character(String((digit * 7 + 3) % 10)))
            #expect(ASCIIDigits.value(text.utf8) == Int64(text), "\(text)")
        }
    }
}
