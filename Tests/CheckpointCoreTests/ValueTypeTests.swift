import CheckpointCore
import Testing

@Suite struct ValueTypeTests {
    @Test(arguments: [
        (Verdicts(), "pass"),
        (Verdicts.fever, "fever"),
        (Verdicts.violation, "violation"),
        (Verdicts.quarantine, "quarantine"),
        (Verdicts([.quarantine, .fever]), "fever,quarantine"),
        (Verdicts([.violation, .fever]), "fever,violation"),
        (Verdicts([.quarantine, .violation, .fever]), "fever,violation,quarantine"),
        (Verdicts.checkID, "check-id"),
        (Verdicts([.checkID, .fever]), "fever,check-id"),
        (Verdicts.visitor, "visitor"),
        (Verdicts([.notice, .fever]), "fever,notice"),
        (Verdicts([.visitor, .checkID, .fever]), "fever,check-id,visitor"),
        // Issue 19 took bits 16 and 32; a bit no verdict uses (a newer database's) is left out.
        (Verdicts(rawValue: 64 | 2), "violation"),
    ])
    func verdicts_description_isWireFormInFixedOrder(verdicts: Verdicts, text: String) {
        #expect(verdicts.description == text)
    }

    @Test func verdicts_rawValues_areTheStoredBits() {
        #expect(Verdicts.fever.rawValue == 1)
        #expect(Verdicts.violation.rawValue == 2)
        #expect(Verdicts.quarantine.rawValue == 4)
        #expect(Verdicts.checkID.rawValue == 8)
        #expect(Verdicts.visitor.rawValue == 16)
        #expect(Verdicts.notice.rawValue == 32)
        #expect(Verdicts(rawValue: 5) == [.fever, .quarantine])
    }

    @Test func enums_rawValues_matchWireAndStorage() {
        #expect(RecordKind.allCases.map(\.rawValue) == ["TEMP", "ENTRY", "EXIT"])
        #expect(Origin(rawValue: "outside") == .outside)
        #expect(Origin(rawValue: "local") == .local)
        #expect(Origin(rawValue: "Outside") == nil)
        #expect(AlertType.allCases.map(\.rawValue) == [
            "FEVER", "VIOLATION", "SILENT", "DRIFT", "FOLLOWUP", "SITE", "RECHECK_DUE",
        ])
        #expect(RecheckState.clearedOnRecheck.rawValue == "cleared-on-recheck")
        #expect(RecheckState(rawValue: "missed") == .missed)
        #expect(RecheckState.pending.rawValue == "pending")
        #expect(RecheckState.confirmed.rawValue == "confirmed")
    }

    @Test(arguments: [(Int64(0), true), (Int64(-1), false), (Int64(999), true), (Int64(1_000), false)])
    func quarantineOrder_isActive_includesStartExcludesEnd(offset: Int64, active: Bool) {
        let order = QuarantineOrder(start: Timestamp(milliseconds: 0), end: Timestamp(milliseconds: 1_000))
        #expect(order.isActive(at: Timestamp(milliseconds: offset)) == active)
    }

    @Test func validationError_codes_areDistinctAndDescriptionIsMessage() {
        let codes: Set<ValidationError.Code> = [.person, .temperature, .time]
        #expect(codes.count == 3)
        let error = ValidationError(code: .time, message: "time is empty")
        #expect(error.description == "time is empty")
        #expect(error != ValidationError(code: .person, message: "time is empty"))
    }

    @Test func rulePolicy_whenHugeQuarantineDays_saturatesInsteadOfTrapping() {
        #expect(RulePolicy(quarantineDays: .max).quarantineMilliseconds == .max)
        let facts = RecordFacts(kind: .entry, at: Timestamp(milliseconds: 1), origin: .outside)
        let policy = RulePolicy(quarantineDays: .max)
        let evaluation = VerdictRules.evaluate(facts, state: PersonRuleState(), policy: policy)
        #expect(evaluation.quarantineUntil == Timestamp(milliseconds: .max))
    }
}

@Suite struct TypedThrowsTests {
    /// The parsers use typed throws: a `catch` sees a `ValidationError` without a cast. This fails to compile if a
    /// signature loses its `throws(ValidationError)`.
    @Test func parsers_whenCaught_errorIsStaticallyValidationError() {
        var codes: [ValidationError.Code] = []
        do {
            _ = try PersonID(parsing: "x")
        } catch {
            codes.append(error.code)
        }
        do {
            _ = try Temperature(parsing: "x")
        } catch {
            codes.append(error.code)
        }
        do {
            _ = try Timestamp(wire: "x")
        } catch {
            codes.append(error.code)
        }
        #expect(codes == [.person, .temperature, .time])
    }
}
