import CheckpointCore
import CheckpointStore

/// One alert event that `alert_command` is run for (issue 16 point 3): a new alert, an escalation, a fever's
/// re-check result, an acknowledgement (how an operator closes an alert). A violation case counting one more
/// violation is not one: the people told of the case know of it already (the journal has one entry per case too).
struct AlertNotice: Sendable, Hashable {
    /// Why the command runs (`ALERT_EVENT`).
    enum Event: String, Sendable, CaseIterable {
        case opened
        case escalated
        /// A fever's re-check ended: `confirmed`, `cleared-on-recheck` or `missed` (`RECHECK`).
        case rechecked
        /// Acknowledged by an operator: the alert is closed.
        case acked
    }

    var event: Event
    /// The alert's row as the commit left it.
    var alert: AlertRow

    /// Where the alert stands now (`ALERT_STATE`): `open`, `escalated` (open and escalated) or `acked` (closed).
    var state: String {
        if alert.state == "acked" { return "acked" }
        return alert.escalatedAt == nil ? "open" : "escalated"
    }

    /// The notices among a commit's events, in commit order. Pure: the writer thread calls it after each commit.
    static func notices(in events: [CommittedEvent]) -> [AlertNotice] {
        var notices: [AlertNotice] = []
        for event in events {
            switch event {
            case .alertOpened(let alert): notices.append(AlertNotice(event: .opened, alert: alert))
            case .alertEscalated(let alert): notices.append(AlertNotice(event: .escalated, alert: alert))
            case .alertAcknowledged(let alert): notices.append(AlertNotice(event: .acked, alert: alert))
            case .alertChanged(let alert):
                // Besides an acknowledgement (its own event), a row changes when a fever's re-check ends or a
                // violation case grows.
                if alert.type == .fever, let recheck = alert.recheck, recheck != .pending {
                    notices.append(AlertNotice(event: .rechecked, alert: alert))
                }
            case .recordStored, .quarantineOpened, .personLinked:
                break
            }
        }
        return notices
    }
}
