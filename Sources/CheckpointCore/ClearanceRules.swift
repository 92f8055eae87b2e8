/// The return-to-work rule (issue 15 point 3) as a pure function: the caller reads the person's quarantine orders
/// and fever alerts of the window, and `decide` says whether they may work.
///
/// * **quarantine**: an order in force now (not released, `start <= now < end`) keeps the person off work until
///   its end. An order that starts later does not (yet); one released by an operator does not.
/// * **fever**: a FEVER alert counts for `days` × 24 h after it was taken (`now - days < at`) unless its re-check
///   cleared it (`cleared-on-recheck`). A `confirmed` fever counts, and so does a `missed` re-check (nobody took the
///   second reading: an operator would rather see the person than guess) and a `pending` one (the re-check window is
///   still open: the reading is a fever until a lower one clears it). An acknowledged alert still counts: the
///   acknowledgement says the command centre saw it, not that the person is well.
/// * When both apply, the order wins: its end is a date the employer can plan with.
public enum ClearanceRules {
    /// A quarantine order as stored: released orders are kept, and do not count.
    public struct Order: Sendable, Hashable {
        public var order: QuarantineOrder
        public var released: Bool

        public init(_ order: QuarantineOrder, released: Bool) {
            self.order = order
            self.released = released
        }
    }

    /// A FEVER alert: when the reading was taken, and where its re-check stands (nil: not known, so it counts).
    public struct Fever: Sendable, Hashable {
        public var at: Timestamp
        public var recheck: RecheckState?

        public init(at: Timestamp, recheck: RecheckState?) {
            self.at = at
            self.recheck = recheck
        }

        /// Whether a re-check cleared it (the next reading within the window was below the threshold).
        public var wasCleared: Bool { recheck == .clearedOnRecheck }
    }

    /// The start of the window, `days` × 24 h before `now` (SPEC §10: a day is 24 h). A fever taken at this very
    /// instant has just stopped counting.
    public static func windowStart(now: Timestamp, days: Int) -> Timestamp {
        now.adding(milliseconds: -Int64(days).saturatingMultiplied(by: Timestamp.millisecondsPerDay))
    }

    /// The order in force at `now`, if any (a person has at most one; the latest end if the store holds more).
    public static func orderInForce(_ orders: [Order], at now: Timestamp) -> QuarantineOrder? {
        orders.filter { !$0.released && $0.order.isActive(at: now) }.map(\.order).max { $0.end < $1.end }
    }

    /// Whether `fever` keeps the person off work at `now`: not cleared on re-check, and taken less than `days` ago.
    public static func counts(_ fever: Fever, now: Timestamp, days: Int) -> Bool {
        !fever.wasCleared && fever.at > windowStart(now: now, days: days)
    }

    /// The latest fever that counts at `now`, if any.
    public static func latestCountingFever(_ fevers: [Fever], now: Timestamp, days: Int) -> Timestamp? {
        fevers.filter { counts($0, now: now, days: days) }.map(\.at).max()
    }

    public static func decide(orders: [Order], fevers: [Fever], now: Timestamp, days: Int) -> Clearance {
        if let order = orderInForce(orders, at: now) { return .quarantine(until: order.end) }
        if let fever = latestCountingFever(fevers, now: now, days: days) { return .fever(since: fever) }
        return .clear
    }

    /// When the person will be clear if nothing new happens: the end of the order in force or the instant the latest
    /// fever that counts stops counting, whichever is later; nil when clear now.
    public static func clearFrom(orders: [Order], fevers: [Fever], now: Timestamp, days: Int) -> Timestamp? {
        let orderEnd = orderInForce(orders, at: now)?.end
        let feverEnd = latestCountingFever(fevers, now: now, days: days).map {
            $0.adding(milliseconds: Int64(days).saturatingMultiplied(by: Timestamp.millisecondsPerDay))
        }
        return [orderEnd, feverEnd].compactMap { $0 }.max()
    }
}
