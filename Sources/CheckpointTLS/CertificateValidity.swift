public import FoundationEssentials

/// When a certificate the tool makes is valid: from `notBefore` to `notAfter`.
public struct CertificateValidity: Sendable, Hashable {
    public var notBefore: Date
    public var notAfter: Date

    /// The most days a certificate may be made for (100 years).
    public static let maximumDays = 36_500

    /// Any two dates, the end after the start; tests make expired certificates with dates in the past.
    public init(notBefore: Date, notAfter: Date) throws(TLSError) {
        guard notAfter > notBefore else {
            throw TLSError(.badArgument, "a certificate must end after it starts")
        }
        self.notBefore = notBefore
        self.notAfter = notAfter
    }

    /// `days` days from `now`, starting an hour before `now` so that a gate terminal whose clock is a little behind
    /// accepts a certificate made a minute ago.
    public static func days(_ days: Int, from now: Date = Date()) throws(TLSError) -> CertificateValidity {
        guard (1...maximumDays).contains(days) else {
            throw TLSError(.badArgument, "--days \(days): give a number of days from 1 to \(maximumDays)")
        }
        return try CertificateValidity(
            notBefore: now.addingTimeInterval(-3600),
            notAfter: now.addingTimeInterval(Double(days) * 86_400)
        )
    }
}
