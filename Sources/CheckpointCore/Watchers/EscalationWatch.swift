/// The escalation watch of SPEC §9 as a pure decision: a VIOLATION, FOLLOWUP or SITE (issue 19), or a FEVER whose
/// re-check confirmed it, still open and not acknowledged `afterMilliseconds` after it was raised, is escalated
/// (once). The caller reads the open alerts not escalated yet that `cutoff(now:)` and `escalating` let through, asks
/// `due`, and marks the answer escalated.
public struct EscalationWatch: Sendable, Equatable {
    /// How long an alert may stay unacknowledged (`escalate_after`).
    public var afterMilliseconds: Int64

    public init(afterMilliseconds: Int64) {
        self.afterMilliseconds = afterMilliseconds
    }

    /// An open alert not escalated yet.
    public struct Alert: Sendable, Equatable {
        public var id: Int64
        public var type: AlertType
        public var recheck: RecheckState?
        /// When the alert was raised (written).
        public var createdAt: Timestamp

        public init(id: Int64, type: AlertType, recheck: RecheckState? = nil, createdAt: Timestamp) {
            self.id = id
            self.type = type
            self.recheck = recheck
            self.createdAt = createdAt
        }
    }

    /// Whether an alert of `type` escalates when its re-check stands at `recheck`. A new `AlertType` case makes
    /// this fail to compile until it is decided.
    public static func escalates(_ type: AlertType, recheck: RecheckState?) -> Bool {
        switch type {
        // A missed follow-up nobody acted on: the person may have left home (issue 16).
        case .violation, .followup: true
        // Issue 19: people working at a site that was stopped, and nobody answered.
        case .site: true
        case .fever: recheck == .confirmed
        // An overdue inspection is the inspectors' to-do list, not an emergency.
        case .silent, .drift, .recheckDue: false
        }
    }

    /// Whether alerts of `type` can escalate at all.
    public static func mayEscalate(_ type: AlertType) -> Bool {
        escalating.contains { $0.type == type }
    }

    /// Every type and re-check state that escalates, derived from `escalates`: what a caller reads, so that
    /// fevers that were cleared, missed or are still pending (open until acknowledged) are not read every sweep.
    public static let escalating: [(type: AlertType, recheck: RecheckState?)] = AlertType.allCases.flatMap { type in
        ([nil] + RecheckState.allCases).filter { escalates(type, recheck: $0) }.map { (type, $0) }
    }

    /// The latest raise time of an alert that is due at `now`.
    public func cutoff(now: Timestamp) -> Timestamp {
        now.adding(milliseconds: -afterMilliseconds)
    }

    /// The ids of the alerts to escalate at `now`, in the order given.
    public func due(_ alerts: [Alert], now: Timestamp) -> [Int64] {
        let cutoff = cutoff(now: now)
        return alerts.filter { $0.createdAt <= cutoff && EscalationWatch.escalates($0.type, recheck: $0.recheck) }
            .map(\.id)
    }
}
