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

    /// Parses a reading as sent on the wire: digits with at most one decimal (`36.6`, `37`, `37.0`), no sign, no
    /// exponent, within `acceptedTenths`.
    public init(parsing text: some StringProtocol) throws(ValidationError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else {
            throw .temperature("temperature is empty; send degrees Celsius like 36.6")
        }
        let (whole, fraction) = try Temperature.split(bytes)
        // More than three whole digits can only be out of range; stop before the arithmetic could overflow.
        guard whole.count <= 3 else {
            throw Temperature.outOfRange
        }
        let tenths = Int(ASCII.value(ofDigits: whole)) * 10 + Int(ASCII.value(ofDigits: fraction))
        guard Temperature.acceptedTenths.contains(tenths) else {
            throw Temperature.outOfRange
        }
        self.tenths = tenths
    }

    /// Always one decimal: `36.6`, `37.0`.
    public var description: String {
        let sign = tenths < 0 ? "-" : ""
        let magnitude = tenths.magnitude
        return "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    public static func < (lhs: Temperature, rhs: Temperature) -> Bool {
        lhs.tenths < rhs.tenths
    }

    private static let outOfRange = ValidationError.temperature(
        "temperature must be between 30.0 and 45.0 degrees Celsius; re-measure, and send Celsius, not Fahrenheit"
    )

    /// Splits `DDD[.D]` into whole digits and zero or one fraction digit, explaining any other shape.
    private static func split(
        _ bytes: [UInt8]
    ) throws(ValidationError) -> (whole: ArraySlice<UInt8>, fraction: ArraySlice<UInt8>) {
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
            return (whole, [])
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
        return (whole, fraction)
    }
}
