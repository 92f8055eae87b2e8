import CheckpointCore
import Testing

@Suite struct VerdictRulesRecheckTests {
    typealias F = RuleFixture

    static let window: Int64 = 900_000
    let state = PersonRuleState(pendingRecheck: PendingRecheck(alertID: 42, openedAt: RuleFixture.t0))

    @Test(arguments: [Int64(0), 60_000, window - 1])
    func evaluate_whenTempBelowThresholdInsideWindow_clearsRecheck(offset: Int64) {
        let facts = RecordFacts(kind: .temp, temperature: F.tenths(366), at: F.at(offset))
        let evaluation = VerdictRules.evaluate(facts, state: state, policy: F.policy)
        #expect(evaluation.verdicts == [])
        #expect(evaluation.actions == [.resolveRecheck(alertID: 42, .clearedOnRecheck)])
    }

    @Test(arguments: [RecordKind.temp, .entry, .exit])
    func evaluate_whenFeverInsideWindow_confirmsInsteadOfOpeningAlert(kind: RecordKind) {
        let facts = RecordFacts(kind: kind, temperature: F.tenths(375), at: F.at(5 * 60_000))
        let evaluation = VerdictRules.evaluate(facts, state: state, policy: F.policy)
        #expect(evaluation.verdicts == .fever)
        #expect(evaluation.actions == [.resolveRecheck(alertID: 42, .confirmed)])
    }

    @Test(arguments: [Self.window, Self.window + 1, RuleFixture.day])
    func evaluate_whenTempAfterWindow_marksMissedAndDoesNotClear(offset: Int64) {
        let facts = RecordFacts(kind: .temp, temperature: F.tenths(366), at: F.at(offset))
        let evaluation = VerdictRules.evaluate(facts, state: state, policy: F.policy)
        #expect(evaluation.verdicts == [])
        #expect(evaluation.actions == [.resolveRecheck(alertID: 42, .missed)])
    }

    @Test func evaluate_whenFeverAfterWindow_marksMissedThenOpensNewAlert() {
        let facts = RecordFacts(kind: .temp, temperature: F.tenths(380), at: F.at(Self.window))
        let evaluation = VerdictRules.evaluate(facts, state: state, policy: F.policy)
        #expect(evaluation.verdicts == .fever)
        #expect(evaluation.actions == [.resolveRecheck(alertID: 42, .missed), .openAlert(.fever)])
    }

    @Test(arguments: [RecordKind.entry, .exit])
    func evaluate_whenEntryOrExitWithoutFeverInsideWindow_leavesRecheckPending(kind: RecordKind) {
        for temperature in [Temperature?.none, F.tenths(366)] {
            let facts = RecordFacts(kind: kind, temperature: temperature, at: F.at(60_000))
            let evaluation = VerdictRules.evaluate(facts, state: state, policy: F.policy)
            #expect(evaluation.verdicts == [])
            #expect(evaluation.actions == [])
        }
    }

    @Test func evaluate_whenTempWithoutReadingInsideWindow_leavesRecheckPending() {
        let facts = RecordFacts(kind: .temp, at: F.at(60_000))
        #expect(VerdictRules.evaluate(facts, state: state, policy: F.policy).actions == [])
    }

    @Test func evaluate_whenRecordOlderThanAlert_leavesRecheckAlone() {
        let cool = RecordFacts(kind: .temp, temperature: F.tenths(366), at: F.at(-1))
        #expect(VerdictRules.evaluate(cool, state: state, policy: F.policy).actions == [])
        let hot = RecordFacts(kind: .temp, temperature: F.tenths(390), at: F.at(-F.hour))
        #expect(VerdictRules.evaluate(hot, state: state, policy: F.policy).actions == [.openAlert(.fever)])
    }

    @Test func evaluate_whenWindowConfigured_usesIt() {
        let policy = RulePolicy(recheckWindowMilliseconds: 60_000)
        let inside = RecordFacts(kind: .temp, temperature: F.tenths(366), at: F.at(59_999))
        let after = RecordFacts(kind: .temp, temperature: F.tenths(366), at: F.at(60_000))
        #expect(VerdictRules.evaluate(inside, state: state, policy: policy).actions
            == [.resolveRecheck(alertID: 42, .clearedOnRecheck)])
        #expect(VerdictRules.evaluate(after, state: state, policy: policy).actions
            == [.resolveRecheck(alertID: 42, .missed)])
    }

    @Test func evaluate_whenFeverConfirmsDuringViolation_resolvesBeforeViolationAlert() {
        let order = QuarantineOrder(start: F.at(-F.day), end: F.at(13 * F.day))
        let state = PersonRuleState(activeQuarantine: order, pendingRecheck: PendingRecheck(alertID: 7, openedAt: F.t0))
        let facts = RecordFacts(kind: .exit, temperature: F.tenths(380), at: F.at(60_000))
        let evaluation = VerdictRules.evaluate(facts, state: state, policy: F.policy)
        #expect(evaluation.verdicts == [.fever, .violation])
        #expect(evaluation.actions == [.resolveRecheck(alertID: 7, .confirmed), .openAlert(.violation)])
    }

    @Test func walk_whenFeverThenCoolRecheck_opensThenClears() {
        // The caller's loop: evaluate, apply actions to the state, evaluate the next record.
        var state = PersonRuleState()
        let first = VerdictRules.evaluate(
            RecordFacts(kind: .temp, temperature: F.tenths(378), at: F.t0), state: state, policy: F.policy)
        #expect(first.actions == [.openAlert(.fever)])
        state.pendingRecheck = PendingRecheck(alertID: 1, openedAt: F.t0)

        let second = VerdictRules.evaluate(
            RecordFacts(kind: .temp, temperature: F.tenths(368), at: F.at(10 * 60_000)), state: state, policy: F.policy)
        #expect(second.verdicts == [])
        #expect(second.actions == [.resolveRecheck(alertID: 1, .clearedOnRecheck)])
        state.pendingRecheck = nil

        let third = VerdictRules.evaluate(
            RecordFacts(kind: .temp, temperature: F.tenths(379), at: F.at(12 * 60_000)), state: state, policy: F.policy)
        #expect(third.actions == [.openAlert(.fever)])
    }
}
