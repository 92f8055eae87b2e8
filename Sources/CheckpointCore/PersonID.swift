/// A screened person, stored normalised (SPEC §2).
///
/// `description` is the masked form, so a `PersonID` interpolated into a log line or a station reply never shows
/// the identifier in full. Use `normalized` only where the full value is allowed (the database, the control socket).
public enum PersonID: Hashable, Sendable, CustomStringConvertible {
    /// A mainland mobile number: exactly 11 ASCII digits starting with `1`, without `+86`.
    case phone(String)
    /// A resident ID: 17 digits and a check character `0-9` or upper-case `X` (GB 11643 checksum verified).
    case resident(String)
    /// The 1–32 characters of `[A-Za-z0-9_.-]` after `other:` (passports and other documents).
    case other(String)

    /// The prefix that marks an `other` identifier on the wire and in `normalized`.
    public static let otherPrefix = "other:"

    /// The most characters an `other:` identifier may have after its prefix.
    public static let otherMaximumLength = 32

    /// The stored form: `13800138000`, `11010519491231002X`, `other:E1234567`.
    public var normalized: String {
        switch self {
        case .phone(let digits):
            return digits
        case .resident(let id):
            return id
        case .other(let id):
            return PersonID.otherPrefix + id
        }
    }

    public var description: String {
        masked
    }

    /// Whether this is a mobile number (which people may share) rather than a document (issue 15).
    public var isPhone: Bool {
        if case .phone = self { return true }
        return false
    }
}

// MARK: - Storage keys

extension PersonID {
    /// Added to the first 17 digits of a resident ID to form its storage key, so that resident keys
    /// (`1_000_000_000_000_000_000 ... 1_099_999_999_999_999_999`) never meet phone keys (`10_000_000_000 ...`).
    static let residentKeyBase: Int64 = 1_000_000_000_000_000_000
    static let residentKeySpan: Int64 = 100_000_000_000_000_000
    static let phoneKeyRange: ClosedRange<Int64> = 10_000_000_000...19_999_999_999

    /// An integer key for compact storage and indexing: the phone number itself, or `1e18` plus the first 17 digits
    /// of a resident ID (the check character follows from them). `other` identifiers have no integer key.
    public var storageKey: Int64? {
        switch self {
        case .phone(var digits):
            return digits.withUTF8 { PersonID.digitValue(of: $0, count: 11) }
        case .resident(var id):
            let digits = id.withUTF8 { utf8 in
                PersonID.digitValue(of: UnsafeBufferPointer(rebasing: utf8.prefix(17)), count: 17)
            }
            return digits.map { PersonID.residentKeyBase + $0 }
        case .other:
            return nil
        }
    }

    /// Whether a storage key is a phone's (the others are documents: resident IDs, and `other:` ids' negative keys).
    public static func isPhoneKey(_ key: Int64) -> Bool {
        phoneKeyRange.contains(key)
    }

    /// The value of exactly `count` ASCII digits; nil for anything else (runs once per record).
    private static func digitValue(of bytes: UnsafeBufferPointer<UInt8>, count: Int) -> Int64? {
        guard bytes.count == count else { return nil }
        return ASCIIDigits.value(bytes)
    }

    /// The person a `storageKey` stands for; `nil` for a number that no phone or resident ID maps to.
    public init?(storageKey: Int64) {
        if PersonID.phoneKeyRange.contains(storageKey) {
            self = .phone(String(storageKey))
            return
        }
        let offset = storageKey &- PersonID.residentKeyBase
        guard storageKey >= PersonID.residentKeyBase, offset < PersonID.residentKeySpan else {
            return nil
        }
        let digits = String(offset)
        let padded = Array(repeating: ASCII.zero, count: 17 - digits.utf8.count) + Array(digits.utf8)
        self = .resident(ASCII.string(padded + [PersonID.residentCheckCharacter(for: padded)]))
    }
}
