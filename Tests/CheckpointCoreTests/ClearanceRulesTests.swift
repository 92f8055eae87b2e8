import CheckpointCore
import Testing

/// Issue 15 point 3: the return-to-work rule as a pure value (`LOOKUP clear=`, `clearance`).
@Suite struct ClearanceRulesTests {
    typealias F = RuleFixture
    typealias Order = ClearanceRules.Order
    typealias Fever = ClearanceRules.Fever

    static let days = 15
    static let now = RuleFixture.at(30 * RuleFixture.day)

    static func ago(_ milliseconds: Int64) -> Timestamp { now.adding(milliseconds: -milliseconds) }

    static func order(from start: Int64, to end: Int64, released: Bool = false) -> Order {
        Order(QuarantineOrder(start: ago(start), end: ago(end)), released: released)
    }

    static func decide(_ orders: [Order] = [], _ fevers: [Fever] = []) -> Clearance {
        ClearanceRules.decide(orders: orders, fevers: fevers, now: now, days: days)
    }

    @Test func decide_whenNothingIsStored_isClear() {
        #expect(Self.decide() == .clear)
        #expect(ClearanceRules.clearFrom(orders: [], fevers: [], now: Self.now, days: Self.days) == nil)
    }

    @Test func decide_whenAnOrderIsInForce_isQuarantineUntilItsEnd() {
        let order = Self.order(from: 2 * F.day, to: -12 * F.day)
        #expect(Self.decide([order]) == .quarantine(until: Self.ago(-12 * F.day)))
        #expect(Self.decide([order]).reason == "quarantine")
    }

    /// The order of a worker who came from outside the city 20 days ago ended 6 days ago; one released early, or
    /// one that starts tomorrow, does not keep anyone off work today.
    @Test(arguments: [
        order(from: 20 * F.day, to: 6 * F.day), order(from: F.day, to: -13 * F.day, released: true),
        order(from: -F.day, to: -15 * F.day), order(from: 14 * F.day, to: 0),
    ])
    func decide_whenNoOrderIsInForce_isClear(order: Order) {
        #expect(Self.decide([order]) == .clear)
    }

    @Test(arguments: [RecheckState.confirmed, .missed, .pending, nil])
    func decide_whenAFeverNotClearedIsWithinTheDays_isFeverSinceIt(recheck: RecheckState?) {
        let fever = Fever(at: Self.ago(5 * F.day), recheck: recheck)
        #expect(Self.decide([], [fever]) == .fever(since: Self.ago(5 * F.day)))
        #expect(ClearanceRules.counts(fever, now: Self.now, days: Self.days) && !fever.wasCleared)
    }

    @Test func decide_whenTheFeverWasClearedOnRecheck_isClear() {
        let fever = Fever(at: Self.ago(5 * F.day), recheck: .clearedOnRecheck)
        #expect(Self.decide([], [fever]) == .clear)
        #expect(!ClearanceRules.counts(fever, now: Self.now, days: Self.days) && fever.wasCleared)
    }

    /// A fever counts for `days` × 24 h after it was taken: one millisecond less and it still does.
    @Test func decide_atTheEndOfTheDays_theFeverStopsCounting() {
        let window = Int64(Self.days) * F.day
        #expect(Self.decide([], [Fever(at: Self.ago(window), recheck: .confirmed)]) == .clear)
        let inside = Self.ago(window - 1)
        #expect(Self.decide([], [Fever(at: inside, recheck: .confirmed)]) == .fever(since: inside))
        #expect(Self.decide([], [Fever(at: Self.ago(20 * F.day), recheck: .confirmed)]) == .clear)
        #expect(ClearanceRules.windowStart(now: Self.now, days: Self.days) == Self.ago(window))
    }

    @Test func decide_whenSeveralFeversCount_namesTheLatestAndClearsFifteenDaysAfterIt() {
        let fevers = [
            Fever(at: Self.ago(9 * F.day), recheck: .confirmed), Fever(at: Self.ago(3 * F.day), recheck: .missed),
            Fever(at: Self.ago(F.day), recheck: .clearedOnRecheck),
        ]
        #expect(Self.decide([], fevers) == .fever(since: Self.ago(3 * F.day)))
        let clearFrom = ClearanceRules.clearFrom(orders: [], fevers: fevers, now: Self.now, days: Self.days)
        #expect(clearFrom == Self.ago(3 * F.day - 15 * F.day))
    }

    /// Both apply: the order is named (its end is a date to plan with); clear from the later of the two ends.
    @Test func decide_whenAnOrderAndAFeverApply_namesTheOrderAndClearsAfterBoth() {
        let order = Self.order(from: 10 * F.day, to: -4 * F.day)
        let fever = Fever(at: Self.ago(2 * F.day), recheck: .confirmed)
        #expect(Self.decide([order], [fever]) == .quarantine(until: Self.ago(-4 * F.day)))
        let clearFrom = ClearanceRules.clearFrom(orders: [order], fevers: [fever], now: Self.now, days: Self.days)
        #expect(clearFrom == Self.ago(2 * F.day - 15 * F.day), "the fever's 15 days end after the order")
        let shortOrder = ClearanceRules.clearFrom(
            orders: [Self.order(from: F.day, to: -13 * F.day)], fevers: [Fever(at: Self.ago(10 * F.day), recheck: nil)],
            now: Self.now, days: Self.days)
        #expect(shortOrder == Self.ago(-13 * F.day), "the order ends after the fever stops counting")
    }
}
