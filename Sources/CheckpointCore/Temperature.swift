/// A body temperature in tenths of a degree Celsius (SPEC §2): `366` is 36.6 °C.
public struct Temperature: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Tenths of a degree Celsius.
    public let tenths: Int

    /// The readings a station may send: 30.0 to 45.0 °C inclusive.
    public static let acceptedTenths: ClosedRange<Int> = 300...450

    /// A temperature from a trusted source (the database, a config default). Not range-checked.
    public init(tenths: Int) {
        self.tenths = tenths
    }

    /// The most whole digits a reading may have: more can only be out of range.
    public static let maximumWholeDigits = 3

    /// A reading in the plain shape `D[D[D]][.D]` within `acceptedTenths`, read straight from bytes without
    /// allocating (the station line's fast path); nil for anything else, which `init(parsing:)` then explains.
    public init?(plainReading bytes: UnsafeBufferPointer<UInt8>) {
        guard let tenths = DecimalTenths.value(bytes, maximumWholeDigits: Temperature.maximumWholeDigits),
            Temperature.acceptedTenths.contains(tenths)
        else { return nil }
        self.tenths = tenths
    }

    /// Parses a reading as sent on the wire: digits with at most one decimal (`36.6`, `37`, `37.0`), no sign, no
    /// exponent, within `acceptedTenths`.
    public init(parsing text: some StringProtocol) throws(ValidationError) {
        let bytes = Array(text.utf8)
        if let reading = bytes.withUnsafeBufferPointer({ Temperature(plainReading: $0) }) {
            self = reading
            return
        }
        // Not a plain reading in range: find the first thing wrong with it.
        guard !bytes.isEmpty else {
            throw .temperature("temperature is empty; send degrees Celsius like 36.6")
        }
        try Temperature.checkShape(bytes)
        throw Temperature.outOfRange
    }

    /// Always one decimal: `36.6`, `37.0`.
    public var description: String {
        DecimalTenths.text(tenths)
    }

    public static func < (lhs: Temperature, rhs: Temperature) -> Bool {
        lhs.tenths < rhs.tenths
    }

    private static let outOfRange = ValidationError.temperature(
        "temperature must be between 30.0 and 45.0 degrees Celsius; re-measure, and send Celsius, not Fahrenheit"
    )

    /// Explains why `bytes` (not empty) do not have the shape `DDD[.D]`; returns if they have it.
    private static func checkShape(_ bytes: [UInt8]) throws(ValidationError) {
        if bytes[0] == ASCII.plus || bytes[0] == ASCII.minus {
            throw .temperature("temperature must be a plain number like 36.6, without a sign")
        }
        if bytes.contains(UInt8(ascii: "e")) || bytes.contains(UInt8(ascii: "E")) {
            throw .temperature("temperature must be written like 36.6, without an exponent")
        }
        if bytes.contains(ASCII.comma) {
            throw .temperature("temperature must use '.' as the decimal separator, like 36.6")
        }
        let shapeError = ValidationError.temperature("temperature must be degrees Celsius like 36.6 or 37")
        let parts = bytes.split(separator: ASCII.dot, maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        guard !whole.isEmpty, ASCII.allDigits(whole) else {
            throw shapeError
        }
        guard parts.count == 2 else {
            return
        }
        let fraction = parts[1]
        guard !fraction.isEmpty else {
            throw .temperature("temperature ends with '.'; send a digit after it, like 37.0, or none, like 37")
        }
        guard ASCII.allDigits(fraction) else {
            throw shapeError
        }
        guard fraction.count == 1 else {
            throw .temperature("temperature has more than one decimal; send at most one, like 36.6")
        }
    }
}
