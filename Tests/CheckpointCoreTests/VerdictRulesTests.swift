import CheckpointCore
import Testing

/// Shared fixtures: a policy with the SPEC's defaults and times relative to one instant.
enum RuleFixture {
    static let policy = RulePolicy()
    static let t0 = Timestamp(milliseconds: 1_581_034_500_000)
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000

    static func at(_ offset: Int64) -> Timestamp {
        t0.adding(milliseconds: offset)
    }

    static func tenths(_ value: Int) -> Temperature {
        Temperature(tenths: value)
    }
}

@Suite struct VerdictRulesTests {
    typealias F = RuleFixture

    @Test func policy_whenDefault_matchesSpec() {
        let policy = RulePolicy()
        #expect(policy.feverThreshold == Temperature(tenths: 373))
        #expect(policy.quarantineDays == 14)
        #expect(policy.quarantineGraceMilliseconds == 3_600_000)
        #expect(policy.recheckWindowMilliseconds == 900_000)
        #expect(policy.quarantineMilliseconds == 14 * 86_400_000)
        #expect(policy.clearanceDays == 15)
    }

    @Test(arguments: [
        (RecordKind.temp, 372, Verdicts()),
        (RecordKind.temp, 373, Verdicts.fever),
        (RecordKind.temp, 300, Verdicts()),
        (RecordKind.temp, 450, Verdicts.fever),
        (RecordKind.entry, 372, Verdicts()),
        (RecordKind.entry, 373, Verdicts.fever),
        (RecordKind.exit, 385, Verdicts.fever),
    ])
    func evaluate_whenTemperatureAtOrAboveThreshold_isFeverWithAlert(
        kind: RecordKind,
        tenths: Int,
        verdicts: Verdicts
    ) {
        let facts = RecordFacts(kind: kind, temperature: F.tenths(tenths), at: F.t0)
        let evaluation = VerdictRules.evaluate(facts, state: PersonRuleState(), policy: F.policy)
        #expect(evaluation.verdicts == verdicts)
        #expect(evaluation.actions == (verdicts.contains(.fever) ? [.openAlert(.fever)] : []))
        #expect(evaluation.quarantineUntil == nil)
    }

    @Test func evaluate_whenThresholdConfigured_usesIt() {
        let policy = RulePolicy(feverThreshold: F.tenths(380))
        let facts = RecordFacts(kind: .temp, temperature: F.tenths(379), at: F.t0)
        #expect(VerdictRules.evaluate(facts, state: PersonRuleState(), policy: policy).verdicts == [])
        let hot = RecordFacts(kind: .temp, temperature: F.tenths(380), at: F.t0)
        #expect(VerdictRules.evaluate(hot, state: PersonRuleState(), policy: policy).verdicts == .fever)
    }

    @Test(arguments: [RecordKind.entry, .exit])
    func evaluate_whenNoTemperature_isPass(kind: RecordKind) {
        let facts = RecordFacts(kind: kind, at: F.t0)
        let evaluation = VerdictRules.evaluate(facts, state: PersonRuleState(), policy: F.policy)
        #expect(evaluation == Evaluation(verdicts: [], actions: [], quarantineUntil: nil))
    }

    // MARK: Quarantine

    @Test func evaluate_whenEntryFromOutside_opensFourteenDayOrderFromRecordTime() {
        let facts = RecordFacts(kind: .entry, at: F.t0, origin: .outside)
        let evaluation = VerdictRules.evaluate(facts, state: PersonRuleState(), policy: F.policy)
        let end = Timestamp(milliseconds: F.t0.milliseconds + 14 * F.day)
        #expect(evaluation.verdicts == .quarantine)
        #expect(evaluation.actions == [.openQuarantine(QuarantineOrder(start: F.t0, end: end))])
        #expect(evaluation.quarantineUntil == end)
    }

    @Test func evaluate_whenQuarantineDaysConfigured_orderLastsThatManyDays() {
        let facts = RecordFacts(kind: .entry, at: F.t0, origin: .outside)
        let evaluation = VerdictRules.evaluate(facts, state: PersonRuleState(), policy: RulePolicy(quarantineDays: 7))
        #expect(evaluation.quarantineUntil == F.at(7 * F.day))
    }

    @Test(arguments: [
        (RecordKind.entry, Origin?.some(.local)), (RecordKind.entry, nil), (RecordKind.exit, Origin?.some(.outside)),
        (RecordKind.temp, Origin?.some(.outside)),
    ])
    func evaluate_whenNotEntryFromOutside_opensNoOrder(kind: RecordKind, origin: Origin?) {
        let facts = RecordFacts(kind: kind, temperature: F.tenths(366), at: F.t0, origin: origin)
        let evaluation = VerdictRules.evaluate(facts, state: PersonRuleState(), policy: F.policy)
        #expect(evaluation.verdicts == [])
        #expect(evaluation.actions == [])
        #expect(evaluation.quarantineUntil == nil)
    }

    @Test func evaluate_whenEntryFromOutsideWithOrderActive_opensNone() {
        let order = QuarantineOrder(start: F.t0, end: F.at(14 * F.day))
        let facts = RecordFacts(kind: .entry, at: F.at(10 * 60_000), origin: .outside)
        let evaluation = VerdictRules.evaluate(facts, state: PersonRuleState(activeQuarantine: order), policy: F.policy)
        #expect(evaluation.verdicts == [])
        #expect(evaluation.actions == [])
        #expect(evaluation.quarantineUntil == nil)
    }

    @Test(arguments: [Int64(14) * RuleFixture.day, Int64(20) * RuleFixture.day, -1])
    func evaluate_whenEntryFromOutsideOutsideEarlierOrder_opensNewOrder(offset: Int64) {
        let order = QuarantineOrder(start: F.t0, end: F.at(14 * F.day))
        let facts = RecordFacts(kind: .entry, at: F.at(offset), origin: .outside)
        let evaluation = VerdictRules.evaluate(facts, state: PersonRuleState(activeQuarantine: order), policy: F.policy)
        #expect(evaluation.verdicts == .quarantine)
        #expect(evaluation.quarantineUntil == F.at(offset + 14 * F.day))
    }

    // MARK: Violation

    @Test(arguments: [
        (Int64(0), Verdicts()),
        (RuleFixture.hour, Verdicts()),
        (RuleFixture.hour + 1, Verdicts.violation),
        (Int64(13) * RuleFixture.day, Verdicts.violation),
        (Int64(14) * RuleFixture.day - 1, Verdicts.violation),
        (Int64(14) * RuleFixture.day, Verdicts()),
        (Int64(-1), Verdicts()),
    ])
    func evaluate_whenExitUnderOrder_isViolationOnlyPastGraceWhileActive(offset: Int64, verdicts: Verdicts) {
        let order = QuarantineOrder(start: F.t0, end: F.at(14 * F.day))
        let facts = RecordFacts(kind: .exit, at: F.at(offset))
        let evaluation = VerdictRules.evaluate(facts, state: PersonRuleState(activeQuarantine: order), policy: F.policy)
        #expect(evaluation.verdicts == verdicts)
        #expect(evaluation.actions == (verdicts.isEmpty ? [] : [.openAlert(.violation)]))
    }

    @Test(arguments: [Origin?.none, .local, .outside])
    func evaluate_whenEntryPastGraceUnderOrder_isViolationWhateverTheOrigin(origin: Origin?) {
        let order = QuarantineOrder(start: F.t0, end: F.at(14 * F.day))
        let facts = RecordFacts(kind: .entry, at: F.at(2 * F.hour), origin: origin)
        let evaluation = VerdictRules.evaluate(facts, state: PersonRuleState(activeQuarantine: order), policy: F.policy)
        #expect(evaluation.verdicts == .violation)
        #expect(evaluation.actions == [.openAlert(.violation)])
        #expect(evaluation.quarantineUntil == nil)
    }

    @Test func evaluate_whenGraceConfigured_usesIt() {
        let order = QuarantineOrder(start: F.t0, end: F.at(14 * F.day))
        let policy = RulePolicy(quarantineGraceMilliseconds: 0)
        let state = PersonRuleState(activeQuarantine: order)
        #expect(VerdictRules.evaluate(RecordFacts(kind: .exit, at: F.t0), state: state, policy: policy).verdicts == [])
        let late = RecordFacts(kind: .exit, at: F.at(1))
        #expect(VerdictRules.evaluate(late, state: state, policy: policy).verdicts == .violation)
    }

    @Test func evaluate_whenTempUnderOrder_isNeverViolation() {
        let order = QuarantineOrder(start: F.t0, end: F.at(14 * F.day))
        let facts = RecordFacts(kind: .temp, temperature: F.tenths(366), at: F.at(2 * F.day))
        let evaluation = VerdictRules.evaluate(facts, state: PersonRuleState(activeQuarantine: order), policy: F.policy)
        #expect(evaluation.verdicts == [])
        #expect(evaluation.actions == [])
    }

    @Test func evaluate_whenRecordOpensOrder_isNotViolationOfIt() {
        let policy = RulePolicy(quarantineGraceMilliseconds: -1)  // even with no grace at all
        let facts = RecordFacts(kind: .entry, at: F.t0, origin: .outside)
        let evaluation = VerdictRules.evaluate(facts, state: PersonRuleState(), policy: policy)
        #expect(evaluation.verdicts == .quarantine)
        #expect(!evaluation.actions.contains(.openAlert(.violation)))
    }

    // MARK: Combinations

    @Test func evaluate_whenFeverOnEntryFromOutside_isFeverAndQuarantineInActionOrder() {
        let facts = RecordFacts(kind: .entry, temperature: F.tenths(381), at: F.t0, origin: .outside)
        let evaluation = VerdictRules.evaluate(facts, state: PersonRuleState(), policy: F.policy)
        let order = QuarantineOrder(start: F.t0, end: F.at(14 * F.day))
        #expect(evaluation.verdicts == [.fever, .quarantine])
        #expect(evaluation.verdicts.description == "fever,quarantine")
        #expect(evaluation.actions == [.openQuarantine(order), .openAlert(.fever)])
        #expect(evaluation.quarantineUntil == order.end)
    }

    @Test func evaluate_whenFeverOnExitUnderOrder_opensFeverThenViolationAlert() {
        let order = QuarantineOrder(start: F.t0, end: F.at(14 * F.day))
        let facts = RecordFacts(kind: .exit, temperature: F.tenths(390), at: F.at(3 * F.day))
        let evaluation = VerdictRules.evaluate(facts, state: PersonRuleState(activeQuarantine: order), policy: F.policy)
        #expect(evaluation.verdicts == [.fever, .violation])
        #expect(evaluation.actions == [.openAlert(.fever), .openAlert(.violation)])
    }

    @Test func evaluate_whenEntryFromOutsideAfterMissedRecheck_listsQuarantineThenResolution() {
        let state = PersonRuleState(pendingRecheck: PendingRecheck(alertID: 9, openedAt: F.t0))
        let facts = RecordFacts(kind: .entry, at: F.at(F.hour), origin: .outside)
        let evaluation = VerdictRules.evaluate(facts, state: state, policy: F.policy)
        let order = QuarantineOrder(start: F.at(F.hour), end: F.at(F.hour + 14 * F.day))
        #expect(evaluation.actions == [.openQuarantine(order), .resolveRecheck(alertID: 9, .missed)])
    }
}
