/// The one parser of runs of ASCII digits (`0`...`9`) into a number, for every grammar of the project: the
/// station line's fast path (`seq`, 13-digit `ts`, 11-digit phone numbers, straight from the receive buffer),
/// times, temperatures, durations, ports and config integers.
///
/// Allocation-free over a buffer. Leading zeros are allowed (`007` is 7); an empty run, a byte that is not an ASCII
/// digit (a sign, a blank, a full-width digit) and a value past `Int64.max` are all refused with `nil`, so the
/// caller decides what the number may be and how to explain a refusal.
public enum ASCIIDigits {
    /// The value of `bytes`, all ASCII digits; nil when empty, when a byte is not a digit, or on overflow.
    public static func value(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        let count = bytes.count
        if count >= 8 && count <= 16 {
            // Two windows of 8, overlapping unless there are 16 digits: the last 8 digits, and the first 8, of
            // which the leading `count - 8` are the high part. Together they check every byte.
            guard let low = eightDigits(load(bytes, at: count &- 8)) else { return nil }
            guard count > 8 else { return Int64(low) }
            guard let high = eightDigits(load(bytes, at: 0)) else { return nil }
            return Int64(high / powerOfTen(16 &- count)) &* 100_000_000 &+ Int64(low)
        }
        guard count > 0 else { return nil }
        var number: Int64 = 0
        if count < 8 {
            // Seven digits cannot overflow.
            for byte in bytes {
                let digit = byte &- ASCII.zero
                guard digit < 10 else { return nil }
                number = number &* 10 &+ Int64(digit)
            }
            return number
        }
        for byte in bytes {
            let digit = byte &- ASCII.zero
            guard digit < 10 else { return nil }
            let (shifted, overflowed) = number.multipliedReportingOverflow(by: 10)
            let (sum, carried) = shifted.addingReportingOverflow(Int64(digit))
            guard !overflowed, !carried else { return nil }
            number = sum
        }
        return number
    }

    /// `value(_:)` for any byte collection (a `String.UTF8View`, a slice of an array). Contiguous collections
    /// are read in place; any other is copied first.
    public static func value(_ bytes: some Collection<UInt8>) -> Int64? {
        if let number = bytes.withContiguousStorageIfAvailable({ value($0) }) {
            return number
        }
        return Array(bytes).withUnsafeBufferPointer { value($0) }
    }

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

    /// 10^exponent for 0...8, without a table (no lazy global on the hot path).
    private static func powerOfTen(_ exponent: Int) -> UInt64 {
        var power: UInt64 = 1
        for _ in 0..<exponent {
            power &*= 10
        }
        return power
    }

    /// Eight bytes from `offset`, the first in the lowest byte.
    private static func load(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
        // Safe because the callers only load from a buffer with 8 bytes after `offset`, which has a base address.
        UInt64(
            littleEndian: UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped)
                .loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
