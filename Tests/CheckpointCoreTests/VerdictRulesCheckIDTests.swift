import CheckpointCore
import Testing

/// Issue 15: a record of a shared phone without `id=` is `check-id`, opens nothing, and still raises a fever.
@Suite struct VerdictRulesCheckIDTests {
    typealias F = RuleFixture

    @Test(arguments: RecordKind.allCases)
    func evaluateUnidentified_withoutFever_isCheckIDAndOpensNothing(kind: RecordKind) {
        let facts = RecordFacts(
            kind: kind, temperature: kind == .temp ? F.tenths(366) : nil, at: F.t0,
            origin: kind == .entry ? .outside : nil)
        let evaluation = VerdictRules.evaluateUnidentified(facts, policy: F.policy)
        #expect(evaluation.verdicts == .checkID)
        #expect(evaluation.actions.isEmpty, "no order, no alert, no re-check: \(evaluation.actions)")
        #expect(evaluation.quarantineUntil == nil)
        #expect(evaluation.verdicts.description == "check-id")
    }

    @Test(arguments: [373, 385, 450])
    func evaluateUnidentified_withFever_isFeverAndCheckIDWithAFeverAlert(tenths: Int) {
        let facts = RecordFacts(kind: .entry, temperature: F.tenths(tenths), at: F.t0, origin: .outside)
        let evaluation = VerdictRules.evaluateUnidentified(facts, policy: F.policy)
        #expect(evaluation.verdicts == [.fever, .checkID])
        #expect(evaluation.verdicts.description == "fever,check-id")
        #expect(evaluation.actions == [.openAlert(.fever)], "a fever is never silent, even unidentified")
        #expect(evaluation.quarantineUntil == nil, "an unidentified arrival from outside opens no order")
    }

    @Test func evaluateUnidentified_justBelowThreshold_isOnlyCheckID() {
        let facts = RecordFacts(kind: .temp, temperature: F.tenths(372), at: F.t0)
        #expect(VerdictRules.evaluateUnidentified(facts, policy: F.policy).verdicts == .checkID)
    }
}
