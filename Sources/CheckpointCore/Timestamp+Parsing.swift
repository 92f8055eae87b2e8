extension Timestamp {
    /// The number of digits of a Unix time in milliseconds from 2001-09-09 to 2286-11-20.
    public static let wireMillisecondDigits = 13

    private static let expectedForms =
        "time must be RFC 3339 with an offset, like 2020-02-07T08:15:00+08:00, or Unix milliseconds (13 digits)"

    /// Parses a `ts` as sent on the wire (SPEC §2, §10).
    ///
    /// Accepted: RFC 3339 with an offset (`2020-02-07T08:15:00+08:00`, `...Z`, an optional fraction of 1–9 digits,
    /// truncated to milliseconds; `T`, `t` or a space between date and time), or Unix milliseconds as exactly
    /// 13 digits. A shorter number is refused because it looks like seconds. Second 60 (a leap second) is accepted
    /// and lands on the first millisecond of the next minute.
    public init(wire text: some StringProtocol) throws(ValidationError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else {
            throw .time("time is empty; " + Timestamp.expectedForms)
        }
        if ASCII.allDigits(bytes) {
            guard bytes.count == Timestamp.wireMillisecondDigits, let milliseconds = ASCIIDigits.value(bytes) else {
                throw Timestamp.numericError(digitCount: bytes.count)
            }
            self.init(milliseconds: milliseconds)
            return
        }
        var reader = FieldReader(bytes: bytes)
        self.init(milliseconds: try reader.readRFC3339())
    }

    private static func numericError(digitCount: Int) -> ValidationError {
        if digitCount < wireMillisecondDigits {
            return .time(
                "numeric time has \(digitCount) digits and looks like seconds; send milliseconds (13 digits)"
            )
        }
        return .time("numeric time has \(digitCount) digits; send Unix milliseconds (13 digits) or RFC 3339")
    }

    /// Reads `YYYY-MM-DD[Tt ]HH:MM:SS[.F{1,9}](Z|z|±HH:MM)` left to right.
    private struct FieldReader {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func readRFC3339() throws(ValidationError) -> Int64 {
            let year = try number(digits: 4)
            try expect(ASCII.minus)
            let month = try number(digits: 2)
            try expect(ASCII.minus)
            let day = try number(digits: 2)
            guard index < bytes.count, [UInt8(ascii: "T"), UInt8(ascii: "t"), ASCII.space].contains(bytes[index]) else {
                throw .time("time needs 'T' between date and time of day; " + Timestamp.expectedForms)
            }
            index += 1
            let hour = try number(digits: 2)
            try expect(ASCII.colon)
            let minute = try number(digits: 2)
            try expect(ASCII.colon)
            let second = try number(digits: 2)
            let millisecond = try fraction()
            let offsetMinutes = try offset()
            guard index == bytes.count else {
                throw .time("time has extra characters after its offset (from position \(index + 1)); "
                    + Timestamp.expectedForms)
            }

            try Timestamp.check(month, in: 1...12, "month")
            try Timestamp.check(day, in: 1...CivilDate.daysInMonth(month, year: year), "day of that month")
            try Timestamp.check(hour, in: 0...23, "hour")
            try Timestamp.check(minute, in: 0...59, "minute")
            try Timestamp.check(second, in: 0...60, "second")

            let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
            let secondOfDay = (hour * 60 + minute - offsetMinutes) * 60 + second
            return days * Timestamp.millisecondsPerDay + secondOfDay * Timestamp.millisecondsPerSecond + millisecond
        }

        private mutating func number(digits count: Int) throws(ValidationError) -> Int64 {
            guard index + count <= bytes.count, let value = ASCIIDigits.value(bytes[index ..< index + count]) else {
                throw .time("time needs \(count) digits at position \(index + 1); " + Timestamp.expectedForms)
            }
            index += count
            return value
        }

        private mutating func expect(_ byte: UInt8) throws(ValidationError) {
            guard index < bytes.count, bytes[index] == byte else {
                let separator = ASCII.string([byte])
                throw .time("time needs '\(separator)' at position \(index + 1); " + Timestamp.expectedForms)
            }
            index += 1
        }

        /// Milliseconds from an optional `.digits`, truncating digits past the third.
        private mutating func fraction() throws(ValidationError) -> Int64 {
            guard index < bytes.count, bytes[index] == ASCII.dot else {
                return 0
            }
            index += 1
            let digits = bytes[index...].prefix(while: ASCII.isDigit)
            guard (1...9).contains(digits.count) else {
                throw .time("time needs 1 to 9 fraction digits after '.' at position \(index)")
            }
            index += digits.count
            let padded = Array(digits.prefix(3)) + Array(repeating: ASCII.zero, count: max(0, 3 - digits.count))
            // Safe because `padded` is three digits.
            return ASCIIDigits.value(padded)!
        }

        /// Minutes east of UTC.
        private mutating func offset() throws(ValidationError) -> Int64 {
            guard index < bytes.count else {
                throw .time("time has no UTC offset; add Z or an offset like +08:00 (the station's zone)")
            }
            let sign = bytes[index]
            if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
                index += 1
                return 0
            }
            guard sign == ASCII.plus || sign == ASCII.minus else {
                throw .time("time needs Z or an offset like +08:00 at position \(index + 1)")
            }
            index += 1
            let hours = try number(digits: 2)
            try expect(ASCII.colon)
            let minutes = try number(digits: 2)
            try Timestamp.check(hours, in: 0...23, "offset hours")
            try Timestamp.check(minutes, in: 0...59, "offset minutes")
            let total = hours * 60 + minutes
            return sign == ASCII.minus ? -total : total
        }
    }

    private static func check(_ value: Int64, in range: ClosedRange<Int64>, _ field: String) throws(ValidationError) {
        guard range.contains(value) else {
            throw .time("time has its \(field) out of range; it must be \(range.lowerBound)-\(range.upperBound)")
        }
    }
}
