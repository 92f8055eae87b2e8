/// The grammar of one protocol line (SPEC §3 "Line form") on bytes, without making a `String`: the verb and each
/// `key=value` field come back as positions in the line. `LineTokenizer` (which makes Strings of them) and
/// `StationRequestParser` (which makes Strings only where the request needs one) both read lines with it, so the
/// two cannot disagree about the syntax.
///
/// Tokens are separated by spaces or tabs. A value may be written in double quotes, with `\"` and `\\` as the
/// only escapes; a quoted value may contain spaces and tabs and must be followed by a blank or the line end. An
/// unquoted value may not contain a quote. The caller has checked that the line is valid UTF-8; every byte the
/// grammar looks at is ASCII, so the ranges it returns are valid UTF-8 too.
struct LineScanner {
    /// A value's place in the line: between the quotes when it was quoted.
    struct Value {
        var start: Int
        var end: Int
        /// A quoted value holding `\"` or `\\`: its bytes are the range without each escaping backslash.
        var escaped: Bool

        var count: Int { end - start }
    }

    struct Field {
        var key: Range<Int>
        var value: Value
    }

    /// A malformed field, with the key it belongs to (for the message).
    struct Failure: Error {
        enum Problem {
            /// A token without `=`, or with nothing before it.
            case bareWord
            /// A backslash inside quotes followed by something other than `"` or `\`.
            case badEscape
            case unclosedQuote
            /// A closing quote followed by something other than a blank.
            case textAfterQuote
            /// A quote inside an unquoted value.
            case quoteInValue
        }

        var problem: Problem
        var key: Range<Int>

        /// The `E_SYNTAX` error this failure is reported as.
        func wireError(in bytes: UnsafeBufferPointer<UInt8>) -> WireError {
            let key = LineScanner.string(bytes, key)
            switch problem {
            case .bareWord:
                return WireError(.syntax, "expected key=value, got a bare word at byte \(self.key.lowerBound + 1)")
            case .badEscape:
                return WireError(.syntax, "in \(key)=: only \\\" and \\\\ may follow a backslash")
            case .unclosedQuote:
                return WireError(.syntax, "in \(key)=: the quoted value has no closing quote")
            case .textAfterQuote:
                return WireError(.syntax, "in \(key)=: a closing quote must be followed by a space")
            case .quoteInValue:
                return WireError(.syntax, "in \(key)=: quote the whole value, not part of it")
            }
        }
    }

    static let notUTF8 = WireError(.syntax, "the line is not valid UTF-8")
    static let emptyLine = WireError(.syntax, "empty line: send a verb such as PING")

    let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The first token, after any blanks; `nil` when the line is empty or blank. Call it once, first.
    mutating func verb() -> Range<Int>? {
        skipBlanks()
        guard index < bytes.count else { return nil }
        let start = index
        // Verbs are letters: stop only to look at bytes below '!' (blanks and control characters).
        while true {
            index = firstByte(below: UInt8(ascii: "!"), from: index)
            guard index < bytes.count, !LineScanner.isBlank(bytes[index]) else { break }
            index &+= 1
        }
        return start..<index
    }

    /// The next `key=value` field; `nil` at the end of the line.
    @inline(__always)
    mutating func nextField() throws(Failure) -> Field? {
        skipBlanks()
        let count = bytes.count
        guard index < count else { return nil }
        let keyStart = index
        // Keys are letters: stop only to look at bytes below '>' ('=', blanks, digits, most punctuation).
        while true {
            index = firstByte(below: LineScanner.equals &+ 1, from: index)
            guard index < count else { break }
            let byte = bytes[index]
            if byte == LineScanner.equals || LineScanner.isBlank(byte) { break }
            index &+= 1
        }
        let key = keyStart..<index
        guard index < count, bytes[index] == LineScanner.equals, !key.isEmpty else {
            throw Failure(problem: .bareWord, key: key)
        }
        index &+= 1
        guard index < count, bytes[index] == LineScanner.quote else {
            let start = index
            // Stop only to look at bytes below '#' (blanks, the quote and a few others).
            while true {
                index = firstByte(below: LineScanner.quote &+ 1, from: index)
                guard index < count else { break }
                let byte = bytes[index]
                if LineScanner.isBlank(byte) { break }
                if byte == LineScanner.quote { throw Failure(problem: .quoteInValue, key: key) }
                index &+= 1
            }
            return Field(key: key, value: Value(start: start, end: index, escaped: false))
        }
        index += 1
        let start = index
        var escaped = false
        while true {
            guard index < count else { throw Failure(problem: .unclosedQuote, key: key) }
            let byte = bytes[index]
            index += 1
            if byte == LineScanner.quote { break }
            if byte == LineScanner.backslash {
                guard index < count, bytes[index] == LineScanner.quote || bytes[index] == LineScanner.backslash else {
                    throw Failure(problem: .badEscape, key: key)
                }
                escaped = true
                index += 1
            }
        }
        guard index == count || LineScanner.isBlank(bytes[index]) else {
            throw Failure(problem: .textAfterQuote, key: key)
        }
        return Field(key: key, value: Value(start: start, end: index - 1, escaped: escaped))
    }

    private mutating func skipBlanks() {
        while index < bytes.count && LineScanner.isBlank(bytes[index]) { index &+= 1 }
    }

    /// The position of the first byte from `start` on that is below `limit` (at most 0x80), or the line's end.
    /// Reads 8 bytes at a time; the last few bytes of a line are read with the 8 bytes that end it.
    @inline(__always)
    private func firstByte(below limit: UInt8, from start: Int) -> Int {
        let count = bytes.count
        var offset = start
        guard count >= 8 else {
            while offset < count && bytes[offset] >= limit { offset &+= 1 }
            return offset
        }
        while offset &+ 8 <= count {
            let marks = LineScanner.bytesBelow(limit, in: LineScanner.load(bytes, at: offset))
            if marks != 0 {
                return offset &+ marks.trailingZeroBitCount &>> 3
            }
            offset &+= 8
        }
        guard offset < count else { return count }
        // The 1-7 bytes left, shifted down from the line's last 8; the zeros shifted in stand for the end.
        let left = count &- offset
        let word = LineScanner.load(bytes, at: count &- 8) &>> (UInt64(truncatingIfNeeded: 8 &- left) &* 8)
        let marks = LineScanner.bytesBelow(limit, in: word)
        return min(offset &+ marks.trailingZeroBitCount &>> 3, count)
    }

    // MARK: helpers

    static let equals = UInt8(ascii: "=")
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")

    static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// The 8 bytes of `bytes` from `offset` (the caller checked `offset + 8 <= bytes.count`), the first byte in
    /// the lowest bits.
    static func load(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
        // Safe because a buffer with 8 bytes after `offset` has a base address.
        UInt64(
            littleEndian: UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped)
                .loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The high bit of each byte of `word` below `limit` (at most 0x80), exact up to the first such byte (the
    /// borrow may mark later ones falsely); bytes from 0x80 up are never marked.
    @inline(__always)
    static func bytesBelow(_ limit: UInt8, in word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101 &* UInt64(limit)) & ~word & 0x8080_8080_8080_8080
    }

    /// Whether the line passes as UTF-8 without a full check: every byte is ASCII (8 bytes at a time).
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        guard count >= 8 else {
            return bytes.allSatisfy { $0 < 0x80 }
        }
        var high: UInt64 = 0
        var offset = 0
        while offset &+ 8 <= count {
            high |= load(bytes, at: offset)
            offset &+= 8
        }
        // The last 8 bytes again, which covers the tail.
        high |= load(bytes, at: count &- 8)
        return high & 0x8080_8080_8080_8080 == 0
    }

    /// The line is valid UTF-8 (SPEC §3): ASCII at once, anything else through the standard library's check.
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        isASCII(bytes) || String(validating: bytes, as: UTF8.self) != nil
    }

    /// The bytes of `range` as a String (they are valid UTF-8: the line was checked).
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// A value as a String, its escapes undone.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ value: Value) -> String {
        guard value.escaped else { return string(bytes, value.start..<value.end) }
        return String(decoding: unescaped(bytes, value), as: UTF8.self)
    }

    /// A quoted value's bytes without the backslash of each `\"` and `\\` (`nextField` checked every escape).
    static func unescaped(_ bytes: UnsafeBufferPointer<UInt8>, _ value: Value) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(value.count)
        var index = value.start
        while index < value.end {
            if bytes[index] == backslash { index += 1 }
            result.append(bytes[index])
            index += 1
        }
        return result
    }
}
