import CheckpointCore
import Testing

@Suite struct EscalationWatchTests {
    static let watch = EscalationWatch(afterMilliseconds: 15 * 60_000)
    static let now = RuleFixture.t0

    static func alert(_ id: Int64, _ type: AlertType, _ recheck: RecheckState? = nil, age minutes: Int64)
        -> EscalationWatch.Alert
    {
        EscalationWatch.Alert(
            id: id, type: type, recheck: recheck, createdAt: now.adding(milliseconds: -minutes * 60_000))
    }

    @Test func due_whenViolationReachesTheDelay_escalatesIt() {
        let alerts = [Self.alert(1, .violation, age: 14), Self.alert(2, .violation, age: 15)]
        #expect(Self.watch.due(alerts, now: Self.now) == [2])
    }

    @Test func due_whenFever_escalatesOnlyAConfirmedOne() {
        let alerts = [
            Self.alert(1, .fever, .pending, age: 60), Self.alert(2, .fever, .clearedOnRecheck, age: 60),
            Self.alert(3, .fever, .missed, age: 60), Self.alert(4, .fever, .confirmed, age: 60),
        ]
        #expect(Self.watch.due(alerts, now: Self.now) == [4])
    }

    @Test func due_whenSilentOrDrift_neverEscalates() {
        let alerts = [Self.alert(1, .silent, age: 600), Self.alert(2, .drift, age: 600)]
        #expect(Self.watch.due(alerts, now: Self.now).isEmpty)
        #expect(!EscalationWatch.mayEscalate(.silent) && !EscalationWatch.mayEscalate(.drift))
        #expect(EscalationWatch.mayEscalate(.fever) && EscalationWatch.mayEscalate(.violation))
    }

    @Test func cutoff_isTheDelayBeforeNow() {
        #expect(Self.watch.cutoff(now: Self.now) == Self.now.adding(milliseconds: -900_000))
    }
}
