import CheckpointCore
import CheckpointStore
import CheckpointSystemd
import Logging
import Synchronization

/// Writes what the writer committed to the log (journald): fever and violation alerts with their fixed
/// MESSAGE_IDs, storage failures and recoveries. People are masked (SPEC §2).
struct AlertLog: Sendable {
    let logger: Logger
    let zone: any DisplayZone
    /// Where `watch` events go; set once the control side exists.
    let hub: HubSlot
    /// Runs `alert_command` (issue 16 point 3); `committed` only queues.
    let commands: AlertCommandRunner

    var observer: WriterObserver {
        WriterObserver(
            committed: { events in
                self.log(events)
                self.hub.get()?.publish(events)
                self.commands.committed(events)
            },
            storageFailed: { error in
                self.logger.error(
                    "storage cannot commit; answering E_UNAVAILABLE until it recovers",
                    metadata: [
                        "message_id": "\(MessageID.storageFailure)", "error": "\(error)",
                    ])
            },
            storageRecovered: {
                self.logger.notice("storage commits again", metadata: ["message_id": "\(MessageID.storageRecovered)"])
            })
    }

    private func log(_ events: [CommittedEvent]) {
        for event in events {
            if case .alertEscalated(let alert) = event {
                logger.error(
                    "\(alert.type.rawValue.lowercased()) alert \(alert.id) not acknowledged: escalated",
                    metadata: [
                        "message_id": "\(MessageID.escalation)", "alert_id": "\(alert.id)",
                        "alert_type": "\(alert.type.rawValue)", "person": "\(alert.person?.masked ?? "-")",
                        "station_id": "\(alert.stationCode ?? "-")", "checkpoint_id": "\(alert.checkpointCode ?? "-")",
                    ])
                continue
            }
            if case .personLinked(let link) = event {
                logLink(link)
                continue
            }
            guard case .alertOpened(let alert) = event else { continue }
            let messageID: String
            switch alert.type {
            case .fever: messageID = MessageID.fever
            case .violation: messageID = MessageID.violation
            case .silent: messageID = MessageID.silentCheckpoint
            case .drift: messageID = MessageID.thermometerDrift
            case .followup: messageID = MessageID.followupMissed
            case .site: messageID = MessageID.siteStopped
            case .recheckDue: messageID = MessageID.recheckDue
            }
            logger.warning(
                "\(alert.type.rawValue.lowercased()) alert \(alert.id)",
                metadata: [
                    "message_id": "\(messageID)", "alert_id": "\(alert.id)", "alert_type": "\(alert.type.rawValue)",
                    "person": "\(alert.person?.masked ?? "-")", "at": "\(alert.at.formatted(in: zone))",
                    "station_id": "\(alert.stationCode ?? "-")", "checkpoint_id": "\(alert.checkpointCode ?? "-")",
                ])
        }
    }
}

extension AlertLog {
    /// Issue 15: a link, masked; a warning when it made a phone shared while an order stood under the phone.
    private func logLink(_ link: PersonLinkEvent) {
        let metadata: Logger.Metadata = [
            "person": "\(link.phone.masked)", "id": "\(link.document.masked)", "made_by": "\(link.madeBy)",
            "shared": "\(link.phoneShared)",
        ]
        guard let until = link.orphanedOrderUntil else {
            logger.notice("person linked", metadata: metadata)
            return
        }
        logger.warning(
            """
            phone linked to a second document while its quarantine order (until \(until.formatted(in: zone))) stands: \
            the order no longer applies to anyone; open it under the right ID (checkpointctl quarantine add ID)
            """, metadata: metadata)
    }
}

/// Holds the event hub, which is made after the writer whose observer needs it.
final class HubSlot: Sendable {
    private let slot = VisibleMutex<EventHub?>(nil)

    func set(_ hub: EventHub) { slot.withLock { $0 = hub } }

    func get() -> EventHub? { slot.withLock { $0 } }
}
