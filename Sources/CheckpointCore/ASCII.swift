/// Byte constants and helpers for the ASCII-only grammars of this module. Every parser works on UTF-8 bytes so that
/// look-alike characters (full-width digits, other scripts) can never pass as ASCII digits.
enum ASCII {
    static let space = UInt8(ascii: " ")
    static let plus = UInt8(ascii: "+")
    static let minus = UInt8(ascii: "-")
    static let dot = UInt8(ascii: ".")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let underscore = UInt8(ascii: "_")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= zero && byte <= nine
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        let upper = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
        return upper || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
    }

    static func allDigits(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.allSatisfy(isDigit)
    }

    /// A string from bytes this module has already checked to be ASCII.
    static func string(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}

extension Int64 {
    /// `self + other`, clamped to `Int64.min ... Int64.max` instead of trapping: a daemon must not crash on an
    /// absurd configured duration.
    func saturatingAdding(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else {
            return sum
        }
        return other > 0 ? .max : .min
    }

    /// `self * other`, clamped to `Int64.min ... Int64.max` instead of trapping.
    func saturatingMultiplied(by other: Int64) -> Int64 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        guard overflow else {
            return product
        }
        return (self < 0) == (other < 0) ? .max : .min
    }
}
