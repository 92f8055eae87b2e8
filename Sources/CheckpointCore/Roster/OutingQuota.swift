/// How often a household of `home` residents may go out (issue 19, `outing_quota`): at most `outings` exits by its
/// members in any `days` consecutive local days (display zone). `1/2d` is "one person per household every two
/// days". An exit over the quota is a `notice`, not refused and not an alert.
public struct OutingQuota: Sendable, Hashable, CustomStringConvertible {
    public var outings: Int
    public var days: Int

    public static let accepted = 1...100
    public static let acceptedDays = 1...31

    public init(outings: Int, days: Int) {
        self.outings = outings
        self.days = days
    }

    /// `N/Dd` (`1/2d`, `2/1d`); `N/D` without the `d` too. `nil` for anything else (`off` is the caller's).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let outings = Int(parts[0]), OutingQuota.accepted.contains(outings) else { return nil }
        let daysText = parts[1].hasSuffix("d") ? parts[1].dropLast() : parts[1]
        guard let days = Int(daysText), OutingQuota.acceptedDays.contains(days) else { return nil }
        self.init(outings: outings, days: days)
    }

    /// `1/2d`.
    public var description: String { "\(outings)/\(days)d" }

    /// The first local day of the window that ends on `day`.
    public func windowStart(endingOn day: LocalDay) -> LocalDay { day.adding(days: -Int64(days - 1)) }
}

/// What the gate knows about the person of a record at a compound gate of a grid with a roster (issue 19), found by
/// the writer and judged by ``VerdictRules/residency(_:policy:)``.
public enum Residency: Sendable, Hashable {
    /// The gate is not a compound gate, or its grid has no roster: nothing to say.
    case notApplicable
    /// The person is not on the grid's roster.
    case visitor
    /// On the roster: a `home` resident's outing facts (`nil` for the other categories or when no rule is on).
    case resident(ResidentCategory, outing: OutingFacts?)
}

/// A `home` resident's outings, as far as the record needs them.
public struct OutingFacts: Sendable, Hashable {
    /// For an `EXIT`: the exits the household's members made earlier in the quota's window (this one not counted).
    public var householdExitsInWindow: Int?
    /// For an `ENTRY`: how long ago the person's last gate record before this one, an `EXIT`, was; `nil` when it
    /// was not an exit or there is none.
    public var outForMilliseconds: Int64?

    public init(householdExitsInWindow: Int? = nil, outForMilliseconds: Int64? = nil) {
        self.householdExitsInWindow = householdExitsInWindow
        self.outForMilliseconds = outForMilliseconds
    }
}

extension VerdictRules {
    /// The verdicts a roster adds (issue 19): `visitor` for someone not on the roster of the gate's grid; `notice`
    /// for a `home` resident whose exit is over the household's quota (`outingQuota`), or whose entry ends an
    /// outing longer than `outingMaxMilliseconds`. Neither opens an alert.
    public static func residency(_ residency: Residency, policy: RulePolicy) -> Verdicts {
        switch residency {
        case .notApplicable: return []
        case .visitor: return .visitor
        case .resident(let category, let outing):
            guard category == .home, let outing else { return [] }
            if let quota = policy.outingQuota, let earlier = outing.householdExitsInWindow, earlier >= quota.outings {
                return .notice
            }
            if let limit = policy.outingMaxMilliseconds, let out = outing.outForMilliseconds, out > limit {
                return .notice
            }
            return []
        }
    }
}
