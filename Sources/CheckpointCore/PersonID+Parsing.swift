extension PersonID {
    private static let expectedForms =
        "expected an 11-digit mobile number starting with 1, an 18-character resident ID, or other:ID"
    private static let otherAlphabet = "A-Z, a-z, 0-9, '_', '.' and '-'"

    /// Parses a person as a station or operator typed it (SPEC §2).
    ///
    /// A value starting with `other:` is an other-id. Otherwise spaces and `-` are removed, a `+86` or `86` prefix
    /// in front of 11 digits is dropped, and what is left must be a mobile number (11 digits starting with `1`) or
    /// a resident ID (17 digits and a check character; a lower-case `x` is stored upper-case).
    public init(parsing text: some StringProtocol) throws(ValidationError) {
        let bytes = Array(text.utf8)
        let prefix = Array(PersonID.otherPrefix.utf8)
        if bytes.starts(with: prefix) {
            self = try PersonID.parseOther(bytes[prefix.count...])
            return
        }
        var compact = bytes.filter { $0 != ASCII.space && $0 != ASCII.minus }
        guard !compact.isEmpty else {
            throw .person("person is empty; " + PersonID.expectedForms)
        }
        compact = try PersonID.droppingCountryCode(compact)
        if ASCII.allDigits(compact) && compact.count == 11 {
            guard compact[0] == UInt8(ascii: "1") else {
                throw .person("an 11-digit mobile number must start with 1; for other documents use other:ID")
            }
            self = .phone(ASCII.string(compact))
            return
        }
        if compact.count == 18 && ASCII.allDigits(compact.prefix(17)) {
            self = .resident(try PersonID.checkedResident(compact))
            return
        }
        throw .person(PersonID.diagnosis(of: compact))
    }

    /// Drops `+86` or `86` in front of exactly 11 digits; refuses any other `+` country code.
    private static func droppingCountryCode(_ compact: [UInt8]) throws(ValidationError) -> [UInt8] {
        let plus86 = Array("+86".utf8)
        if compact.starts(with: plus86) {
            let rest = compact.dropFirst(plus86.count)
            guard rest.count == 11, ASCII.allDigits(rest) else {
                throw .person("+86 must be followed by an 11-digit mobile number starting with 1")
            }
            return Array(rest)
        }
        if compact.first == ASCII.plus {
            throw .person("only mainland mobile numbers (+86) are accepted; for other documents use other:ID")
        }
        if compact.count == 13, compact.starts(with: Array("86".utf8)), ASCII.allDigits(compact) {
            return Array(compact.dropFirst(2))
        }
        return compact
    }

    /// Upper-cases the check character and verifies it. The caller has checked 18 bytes, the first 17 digits.
    private static func checkedResident(_ compact: [UInt8]) throws(ValidationError) -> String {
        var id = compact
        if id[17] == UInt8(ascii: "x") {
            id[17] = UInt8(ascii: "X")
        }
        guard ASCII.isDigit(id[17]) || id[17] == UInt8(ascii: "X") else {
            throw .person("a resident ID must end in a digit or X (character 18)")
        }
        guard id[17] == residentCheckCharacter(for: id.prefix(17)) else {
            throw .person("resident ID check digit does not match; check the 18 characters and send them again")
        }
        return ASCII.string(id)
    }

    /// The GB 11643 check character for the first 17 digits of a resident ID.
    static func residentCheckCharacter(for digits: some Collection<UInt8>) -> UInt8 {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(digits, weights).reduce(0) { $0 + Int($1.0 - ASCII.zero) * $1.1 }
        let table = Array("10X98765432".utf8)
        return table[sum % 11]
    }

    private static func parseOther(_ id: ArraySlice<UInt8>) throws(ValidationError) -> PersonID {
        guard !id.isEmpty else {
            throw .person("other: must be followed by 1-32 characters of \(otherAlphabet)")
        }
        guard id.count <= otherMaximumLength else {
            throw .person(
                "other: ID is \(id.count) bytes long; at most \(otherMaximumLength) characters are allowed"
            )
        }
        if let bad = id.firstIndex(where: { !isOtherCharacter($0) }) {
            let position = bad - id.startIndex + 1
            throw .person(
                "other: ID has a character that is not allowed at position \(position); use only \(otherAlphabet)"
            )
        }
        return .other(ASCII.string(id))
    }

    private static func isOtherCharacter(_ byte: UInt8) -> Bool {
        ASCII.isDigit(byte) || ASCII.isLetter(byte) || byte == ASCII.underscore || byte == ASCII.dot
            || byte == ASCII.minus
    }

    /// The most helpful message for a value that is neither a phone nor a resident ID.
    private static func diagnosis(of compact: [UInt8]) -> String {
        if compact.contains(ASCII.colon) {
            return "other documents are written with the lower-case prefix other: followed by 1-32 characters of "
                + otherAlphabet
        }
        if ASCII.allDigits(compact) {
            return "a person number has \(compact.count) digits; " + expectedForms
        }
        if compact.count == 18 {
            return "a resident ID has 17 digits and then a digit or X; " + expectedForms
        }
        return expectedForms
    }
}
