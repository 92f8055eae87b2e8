import CheckpointCore
import Testing

/// Issue 15: the checkpoint's kind decides what is a violation (point 2), and a violation attaches to the open case
/// of the person's order on its day (point 4).
@Suite struct VerdictRulesKindTests {
    typealias F = RuleFixture

    static let order = QuarantineOrder(start: RuleFixture.t0, end: RuleFixture.at(14 * RuleFixture.day))
    static let underOrder = PersonRuleState(activeQuarantine: order)

    static func evaluate(
        _ kind: RecordKind, at checkpoint: CheckpointKind, offset: Int64 = 2 * RuleFixture.hour,
        temperature: Int? = 366, state: PersonRuleState = underOrder, policy: RulePolicy = RuleFixture.policy
    ) -> Evaluation {
        let facts = RecordFacts(
            kind: kind, temperature: temperature.map(F.tenths), at: F.at(offset), checkpointKind: checkpoint)
        return VerdictRules.evaluate(facts, state: state, policy: policy)
    }

    @Test func facts_whenKindNotGiven_areFromACompoundGate() {
        #expect(RecordFacts(kind: .exit, at: F.t0).checkpointKind == .compound)
    }

    // MARK: what is a violation where

    @Test(arguments: [
        (CheckpointKind.compound, RecordKind.temp, false), (.compound, .entry, true), (.compound, .exit, true),
        (.workplace, .temp, true), (.workplace, .entry, true), (.workplace, .exit, true),
        (.visit, .temp, false), (.visit, .entry, false), (.visit, .exit, false),
    ])
    func evaluate_underOrderPastGrace_isViolationAsTheKindSays(
        checkpoint: CheckpointKind, kind: RecordKind, violation: Bool
    ) {
        #expect(checkpoint.isViolation(kind) == violation)
        let evaluation = Self.evaluate(kind, at: checkpoint)
        #expect(evaluation.verdicts == (violation ? .violation : []))
        #expect(evaluation.actions == (violation ? [.openAlert(.violation)] : []))
    }

    /// The background of point 2: the terminal's temperature-only mode sends TEMP, which at a workplace gate must
    /// not pass.
    @Test func evaluate_whenTempOnlyReadingAtWorkplace_isViolation() {
        let evaluation = Self.evaluate(.temp, at: .workplace, offset: 3 * F.day)
        #expect(evaluation.verdicts == .violation)
        #expect(evaluation.verdicts.description == "violation")
    }

    @Test(arguments: [Int64(0), RuleFixture.hour, -1, Int64(14) * RuleFixture.day])
    func evaluate_atWorkplaceWithinGraceOrOutsideOrder_isNoViolation(offset: Int64) {
        #expect(Self.evaluate(.temp, at: .workplace, offset: offset).verdicts == [])
    }

    @Test(arguments: CheckpointKind.allCases)
    func evaluate_withoutOrder_isNoViolationAnywhere(checkpoint: CheckpointKind) {
        for kind in RecordKind.allCases {
            #expect(Self.evaluate(kind, at: checkpoint, state: PersonRuleState()).verdicts == [])
        }
    }

    @Test func evaluate_atWorkplaceWithGraceConfigured_usesIt() {
        let policy = RulePolicy(quarantineGraceMilliseconds: 0)
        #expect(Self.evaluate(.temp, at: .workplace, offset: 0, policy: policy).verdicts == [])
        #expect(Self.evaluate(.temp, at: .workplace, offset: 1, policy: policy).verdicts == .violation)
    }

    /// A home visit: finding the person at home is expected, but a fever is still a fever and an arrival from
    /// outside still opens an order.
    @Test func evaluate_atVisit_keepsFeverRecheckAndNewOrderRules() {
        let fever = Self.evaluate(.temp, at: .visit, temperature: 385)
        #expect(fever.verdicts == .fever)
        #expect(fever.actions == [.openAlert(.fever)])

        let pending = PersonRuleState(
            activeQuarantine: Self.order, pendingRecheck: PendingRecheck(alertID: 4, openedAt: F.at(F.hour)))
        let recheck = Self.evaluate(.temp, at: .visit, offset: F.hour + 60_000, temperature: 366, state: pending)
        #expect(recheck.verdicts == [])
        #expect(recheck.actions == [.resolveRecheck(alertID: 4, .clearedOnRecheck)])

        let arrival = VerdictRules.evaluate(
            RecordFacts(kind: .entry, at: F.t0, origin: .outside, checkpointKind: .visit), state: PersonRuleState(),
            policy: F.policy)
        #expect(arrival.verdicts == .quarantine)
        #expect(arrival.quarantineUntil == F.at(14 * F.day))
    }

    @Test func evaluate_whenFeverAtWorkplaceUnderOrder_opensFeverThenViolation() {
        let evaluation = Self.evaluate(.temp, at: .workplace, temperature: 390)
        #expect(evaluation.verdicts == [.fever, .violation])
        #expect(evaluation.actions == [.openAlert(.fever), .openAlert(.violation)])
    }

    // MARK: one case per person per day

    @Test(arguments: CheckpointKind.allCases)
    func evaluate_whenAnOpenCaseIsGiven_attachesInsteadOfOpening(checkpoint: CheckpointKind) {
        let open = ViolationCase(alertID: 17, openedAt: F.at(F.hour + 1))
        let state = PersonRuleState(activeQuarantine: Self.order, openViolationCase: open)
        let evaluation = Self.evaluate(.exit, at: checkpoint, state: state)
        if checkpoint == .visit {
            #expect(evaluation.verdicts == [] && evaluation.actions == [])
        } else {
            #expect(evaluation.verdicts == .violation)
            #expect(evaluation.actions == [.attachViolation(alertID: 17)])
        }
    }

    @Test func evaluate_whenOpenCaseButNoViolation_leavesItAlone() {
        let open = ViolationCase(alertID: 17, openedAt: F.at(F.hour + 1))
        let state = PersonRuleState(activeQuarantine: Self.order, openViolationCase: open)
        #expect(Self.evaluate(.temp, at: .compound, state: state).actions == [])
        #expect(Self.evaluate(.exit, at: .compound, offset: F.hour, state: state).actions == [])
    }

    @Test func evaluate_whenFeverAndOpenCase_opensTheFeverAndAttachesTheViolation() {
        let open = ViolationCase(alertID: 17, openedAt: F.at(F.hour + 1))
        let state = PersonRuleState(activeQuarantine: Self.order, openViolationCase: open)
        let evaluation = Self.evaluate(.exit, at: .compound, temperature: 388, state: state)
        #expect(evaluation.verdicts == [.fever, .violation])
        #expect(evaluation.actions == [.openAlert(.fever), .attachViolation(alertID: 17)])
    }

    // MARK: the local day

    /// 2020-02-07T00:15:00Z is 08:15 in Beijing.
    static let beijing = FixedOffsetZone(seconds: 8 * 3600)

    /// From t0 (08:15 in Beijing) to the next local midnight, and back to the last one.
    static let toMidnight: Int64 = 15 * 3_600_000 + 45 * 60_000
    static let fromMidnight: Int64 = 8 * 3_600_000 + 15 * 60_000
    static let dayEdges: [(Int64, Bool)] = [
        (0, true), (toMidnight - 60_000, true), (toMidnight - 1, true), (toMidnight, false),
        (-fromMidnight, true), (-fromMidnight - 1, false), (86_400_000, false),
    ]

    @Test(arguments: dayEdges)
    func isSameDay_inTheDisplayZone_runsFromLocalMidnightToMidnight(offset: Int64, same: Bool) {
        let open = ViolationCase(alertID: 1, openedAt: F.t0)
        #expect(open.isSameDay(as: F.at(offset), in: Self.beijing) == same)
    }

    @Test func isSameDay_inAnotherZone_drawsTheLineElsewhere() {
        // 08:15 and 23:00 in Beijing are one day there; in UTC they are 00:15 and 15:00, one day too; 08:15 and
        // 08:15 + 16 h are two days in Beijing (00:15 next day) but one in UTC (16:15).
        let open = ViolationCase(alertID: 1, openedAt: F.t0)
        let later = F.at(16 * F.hour)
        #expect(!open.isSameDay(as: later, in: Self.beijing))
        #expect(open.isSameDay(as: later, in: FixedOffsetZone.utc))
    }

    @Test(arguments: [
        (Int64(1_581_034_500_000), Int64(18_299)), (Int64(0), Int64(0)), (Int64(-1), Int64(-1)),
        (Int64(86_400_000), Int64(1)), (Int64(86_399_999), Int64(0)),
    ])
    func localDay_inUTC_isDaysSinceTheEpochRoundedDown(milliseconds: Int64, day: Int64) {
        #expect(Timestamp(milliseconds: milliseconds).localDay(in: FixedOffsetZone.utc) == day)
    }

    /// A zone whose offset depends on the instant (summer time): each instant's own offset counts.
    struct ShiftingZone: DisplayZone {
        let change: Timestamp

        func offsetSeconds(at instant: Timestamp) -> Int { instant < change ? 3600 : 7200 }
    }

    @Test func localDay_whenTheOffsetChanges_usesTheOffsetAtEachInstant() {
        // 22:30Z is 23:30 local before the change and 00:30 of the next day after it.
        let evening = Timestamp(milliseconds: 22 * F.hour + 30 * 60_000)
        #expect(evening.localDay(in: ShiftingZone(change: Timestamp(milliseconds: F.day))) == 0)
        #expect(evening.localDay(in: ShiftingZone(change: Timestamp(milliseconds: 0))) == 1)
    }

    @Test func choices_nameTheThreeKinds() {
        #expect(CheckpointKind.choices == "compound, workplace or visit")
        #expect(CheckpointKind.allCases.map(\.rawValue) == ["compound", "workplace", "visit"])
    }
}
