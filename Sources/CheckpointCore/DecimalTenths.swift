/// The one grammar of one-decimal numbers counted in tenths: `37.3` is 373, `37` is 370, `0.5` is 5. Used by
/// `Temperature` (station readings, on the fast path too) and by the configuration (`fever_threshold`,
/// `drift_threshold`).
///
/// The shape is whole digits, then optionally `.` and exactly one digit: no sign, no exponent, no `,`, nothing
/// after the one decimal. What range is allowed, and how a refusal is explained, is the caller's.
public enum DecimalTenths {
    /// The value in tenths, or nil for any other shape, for more than `maximumWholeDigits` whole digits, or on
    /// overflow.
    public static func value(_ bytes: UnsafeBufferPointer<UInt8>, maximumWholeDigits: Int) -> Int? {
        let count = bytes.count
        var wholeCount = count
        var fraction: Int64 = 0
        if count >= 2 && bytes[count &- 2] == ASCII.dot {
            let digit = bytes[count &- 1] &- ASCII.zero
            guard digit < 10 else { return nil }
            wholeCount = count &- 2
            fraction = Int64(digit)
        }
        guard wholeCount <= maximumWholeDigits,
            let whole = ASCIIDigits.value(UnsafeBufferPointer(rebasing: bytes[0..<wholeCount]))
        else { return nil }
        let (tenths, overflowed) = whole.multipliedReportingOverflow(by: 10)
        guard !overflowed, tenths <= Int64(Int.max) - fraction else { return nil }
        return Int(tenths + fraction)
    }

    /// `value(_:maximumWholeDigits:)` for any byte collection (a `String.UTF8View`).
    public static func value(_ bytes: some Collection<UInt8>, maximumWholeDigits: Int) -> Int? {
        if let tenths = bytes.withContiguousStorageIfAvailable({ value($0, maximumWholeDigits: maximumWholeDigits) }) {
            return tenths
        }
        return Array(bytes).withUnsafeBufferPointer { value($0, maximumWholeDigits: maximumWholeDigits) }
    }

    /// Always one decimal: `373` → `37.3`, `5` → `0.5`, `-5` → `-0.5`.
    public static func text(_ tenths: Int) -> String {
        let sign = tenths < 0 ? "-" : ""
        let magnitude = tenths.magnitude
        return "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }
}
