extension PersonID {
    /// The form for logs and station replies (SPEC §2, §10): `138****8000`, `110105********002X`, `other:E1******`.
    ///
    /// A value built directly from a case (not through `init(parsing:)`) with an unexpected length is masked
    /// completely rather than risk showing too much.
    public var masked: String {
        switch self {
        case .phone(let digits):
            return PersonID.mask(digits, keepFirst: 3, hidden: 4, keepLast: 4)
        case .resident(let id):
            return PersonID.mask(id, keepFirst: 6, hidden: 8, keepLast: 4)
        case .other(let id):
            let characters = Array(id)
            guard characters.count > 2 else {
                return PersonID.otherPrefix + "**"
            }
            return PersonID.otherPrefix + String(characters.prefix(2))
                + String(repeating: "*", count: characters.count - 2)
        }
    }

    private static func mask(_ value: String, keepFirst: Int, hidden: Int, keepLast: Int) -> String {
        let characters = Array(value)
        guard characters.count == keepFirst + hidden + keepLast else {
            return String(repeating: "*", count: characters.count)
        }
        return String(characters.prefix(keepFirst)) + String(repeating: "*", count: hidden)
            + String(characters.suffix(keepLast))
    }
}
