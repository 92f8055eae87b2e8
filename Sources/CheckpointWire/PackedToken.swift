// How `StationRequestParser` recognises a verb, a key or an `origin` value: by its bytes, packed into a word.

/// Up to 7 bytes of a token packed little-endian into a word with the length in the top byte, so that a verb, a
/// key or an `origin` value is recognised by one integer comparison. The constants compared against are such words:
/// `0x0300_0000_0071_6573` is `seq` (length 3; `q` 0x71, `e` 0x65, `s` 0x73, the first byte lowest). Empty tokens
/// and tokens longer than 7 bytes pack to 0, which no name has. (The differential tests check every name against
/// the String-based parser this replaced.)
enum PackedToken {
    @inline(__always)
    static func word(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        let count = range.count
        guard count > 0 && count <= 7 else { return 0 }
        let length = UInt64(truncatingIfNeeded: count) &<< 56
        if range.lowerBound &+ 8 <= bytes.count {
            let mask: UInt64 = (1 &<< (UInt64(truncatingIfNeeded: count) &* 8)) &- 1
            return LineScanner.load(bytes, at: range.lowerBound) & mask | length
        }
        var word = length
        var shift: UInt64 = 0
        for index in range {
            word |= UInt64(bytes[index]) &<< shift
            shift &+= 8
        }
        return word
    }

    static func word(_ bytes: UnsafeBufferPointer<UInt8>, _ value: LineScanner.Value) -> UInt64 {
        // An escaped value has a quote or backslash in it, so it is never one of the names compared against.
        value.escaped ? 0 : word(bytes, value.start..<value.end)
    }
}
