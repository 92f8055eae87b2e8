/// The verdict rules of SPEC §3 with the fever re-check of §9, as a pure function: the caller loads the person's
/// state, calls `evaluate`, stores the record with `verdicts` and carries out `actions` in the same transaction.
public enum VerdictRules {
    /// Judges one record against the person's state as it was before the record.
    ///
    /// * **fever**: a temperature at or above the threshold. It confirms a pending re-check whose window holds the
    ///   record's time; otherwise it opens a fever alert.
    /// * **re-check**: a `TEMP` below the threshold inside the window clears the pending re-check. A record at or
    ///   after the window's end marks it missed, and it no longer counts. A record older than the alert (a
    ///   terminal's backlog) leaves it alone.
    /// * **quarantine**: an `ENTRY` with `origin=outside` when no order is active at the record's time opens one of
    ///   `quarantineDays` from the record's time; `quarantineUntil` is its end.
    /// * **violation**: a record while the earlier order is active and more than the grace period after its
    ///   start, of a kind the checkpoint counts (`CheckpointKind.isViolation`): at a compound gate an `ENTRY` or
    ///   `EXIT` (a `TEMP` never is one), at a workplace any record, at a home visit none. An order opened by this
    ///   same record never makes it a violation. It attaches to `openViolationCase` when there is one (one case
    ///   per person per day), else it opens a `VIOLATION` alert.
    ///
    /// Actions come in this order: `openQuarantine`, `resolveRecheck`, `openAlert(.fever)`, then
    /// `openAlert(.violation)` or `attachViolation`.
    public static func evaluate(_ facts: RecordFacts, state: PersonRuleState, policy: RulePolicy) -> Evaluation {
        var verdicts: Verdicts = []
        var actions: [RuleAction] = []
        var quarantineUntil: Timestamp?

        let activeOrder = state.activeQuarantine.flatMap { $0.isActive(at: facts.at) ? $0 : nil }
        if facts.kind == .entry, facts.origin == .outside, activeOrder == nil {
            let end = facts.at.adding(milliseconds: policy.quarantineMilliseconds)
            let order = QuarantineOrder(start: facts.at, end: end)
            verdicts.insert(.quarantine)
            actions.append(.openQuarantine(order))
            quarantineUntil = order.end
        }

        let isFever = facts.temperature.map { $0 >= policy.feverThreshold } ?? false
        var confirmedPending = false
        if let pending = state.pendingRecheck {
            switch recheckPhase(of: pending, at: facts.at, policy: policy) {
            case .beforeOpening:
                break
            case .open:
                if isFever {
                    actions.append(.resolveRecheck(alertID: pending.alertID, .confirmed))
                    confirmedPending = true
                } else if facts.kind == .temp, facts.temperature != nil {
                    actions.append(.resolveRecheck(alertID: pending.alertID, .clearedOnRecheck))
                }
            case .expired:
                actions.append(.resolveRecheck(alertID: pending.alertID, .missed))
            }
        }
        if isFever {
            verdicts.insert(.fever)
            if !confirmedPending {
                actions.append(.openAlert(.fever))
            }
        }

        if facts.checkpointKind.isViolation(facts.kind), let order = activeOrder,
            facts.at.milliseconds > order.start.milliseconds.saturatingAdding(policy.quarantineGraceMilliseconds)
        {
            verdicts.insert(.violation)
            if let open = state.openViolationCase {
                actions.append(.attachViolation(alertID: open.alertID))
            } else {
                actions.append(.openAlert(.violation))
            }
        }
        return Evaluation(verdicts: verdicts, actions: actions, quarantineUntil: quarantineUntil)
    }

    /// Judges a record of a phone several linked people share, sent without `id=` (issue 15): whose record it is
    /// cannot be told, so it is `check-id` and is judged against nobody's state. It opens no order, makes no
    /// violation and settles no re-check. A fever is never silent: it is `fever,check-id` and opens a fever alert
    /// (on the phone, which the caller stores it under).
    public static func evaluateUnidentified(_ facts: RecordFacts, policy: RulePolicy) -> Evaluation {
        let isFever = facts.temperature.map { $0 >= policy.feverThreshold } ?? false
        return Evaluation(
            verdicts: isFever ? [.checkID, .fever] : .checkID, actions: isFever ? [.openAlert(.fever)] : [],
            quarantineUntil: nil)
    }

    private enum RecheckPhase {
        /// The record is older than the alert.
        case beforeOpening
        /// `openedAt <= at < openedAt + window`.
        case open
        /// `at >= openedAt + window`.
        case expired
    }

    private static func recheckPhase(
        of pending: PendingRecheck,
        at instant: Timestamp,
        policy: RulePolicy
    ) -> RecheckPhase {
        if instant < pending.openedAt {
            return .beforeOpening
        }
        let windowEnd = pending.openedAt.adding(milliseconds: policy.recheckWindowMilliseconds)
        return instant < windowEnd ? .open : .expired
    }
}
