// Numbers read straight from the bytes of a line (the fast path of `StationLine`).

extension StationLine {
    /// The value of a run of at most 16 ASCII digits, or `nil` if a byte is not a digit (or there are more).
    static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ value: LineScanner.Value) -> Int64? {
        let count = value.count
        if count >= 8 {
            // Two windows of 8, overlapping unless there are 16 digits: the last 8 digits, and the first 8, of
            // which the leading `count - 8` are the high part.
            guard count <= 16, let low = eightDigits(LineScanner.load(bytes, at: value.end &- 8)) else { return nil }
            guard count > 8 else { return Int64(low) }
            guard let high = eightDigits(LineScanner.load(bytes, at: value.start)) else { return nil }
            return Int64(high / powersOfTen[16 &- count]) &* 100_000_000 &+ Int64(low)
        }
        var number: Int64 = 0
        for index in value.start..<value.end {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            number = number &* 10 &+ Int64(digit)
        }
        return number
    }

    private static let powersOfTen: [UInt64] = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]

    /// The value of 8 ASCII digits loaded into a word (the first in the lowest byte), or `nil` if one of the
    /// bytes is not a digit. The conversion is the usual multiply-and-shift of pairs, quads and then the two
    /// halves (as in simdjson's `parse_eight_digits_unrolled`).
    static func eightDigits(_ word: UInt64) -> UInt64? {
        // Every byte 0x30...0x39: high nibble 3, and adding 6 does not carry out of the low nibble.
        guard word & 0xF0F0_F0F0_F0F0_F0F0 == 0x3030_3030_3030_3030,
            (word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0 == 0x3030_3030_3030_3030
        else { return nil }
        var value = word & 0x0F0F_0F0F_0F0F_0F0F
        value = (value &* (10 &<< 8 &+ 1)) &>> 8
        value = ((value & 0x00FF_00FF_00FF_00FF) &* (100 &<< 16 &+ 1)) &>> 16
        return ((value & 0x0000_FFFF_0000_FFFF) &* (10_000 &<< 32 &+ 1)) &>> 32
    }

    /// A temperature written as 1-3 digits and optionally `.` and one digit, in tenths; `nil` for other shapes.
    static func tenths(_ bytes: UnsafeBufferPointer<UInt8>, _ value: LineScanner.Value) -> Int? {
        var index = value.start
        var whole = 0
        while index < value.end && index - value.start < 3 {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            whole = whole * 10 + Int(digit)
            index += 1
        }
        guard index > value.start else { return nil }
        if index == value.end {
            return whole * 10
        }
        guard index + 2 == value.end, bytes[index] == UInt8(ascii: ".") else { return nil }
        let fraction = bytes[index + 1] &- UInt8(ascii: "0")
        guard fraction < 10 else { return nil }
        return whole * 10 + Int(fraction)
    }
}
