import CheckpointCore
import CheckpointStore
import CheckpointWire

/// Issue 13 acceptance 4: every read of personal data is accountable. A read chosen by person, a live feed of
/// records and `reveal=true` need a reason and write an audit row before anything is answered; every other list
/// shows people masked.
extension ControlCommands {
    /// What a read discloses, and to whom.
    struct Disclosure {
        /// The person the read is chosen by (`person=`), if any.
        var person: PersonID?
        /// A feed of everyone's records (`watch types=record`): accountable though not chosen by person.
        var isFeed = false
        var since: Timestamp?
        var until: Timestamp?
    }

    /// Checks `reveal` and `reason`, writes the audit row when the read is accountable, and says how people are
    /// shown: in full for a read chosen by person or with `reveal=true` (admins only), masked otherwise.
    func people(
        _ request: ControlRequest, call: ControlCall, _ disclosure: Disclosure = Disclosure()
    ) async throws(WireError) -> PeopleView {
        let reveal = try request.bool(.reveal) ?? false
        if reveal, let adminGroup = settings.adminGroup, !call.peer.isMember(of: adminGroup) {
            throw WireError(
                .denied,
                """
                reveal=true shows people in full; only members of \(adminGroup) may ask for it \
                (without it, people are shown masked)
                """)
        }
        guard disclosure.person != nil || disclosure.isFeed || reveal else { return .masked }
        let reason = try accountableReason(request, reveal: reveal)
        try await audit(
            AuditEntry(
                at: clock.now(), uid: call.peer.uid, gid: call.peer.gid,
                command: reveal ? "\(request.command) reveal" : request.command,
                person: disclosure.person?.normalized, since: disclosure.since, until: disclosure.until,
                reason: reason),
            masked: disclosure.person?.masked)
        return disclosure.person != nil || reveal ? .full : .masked
    }

    /// The reason of an accountable read: required, and not only white space.
    private func accountableReason(_ request: ControlRequest, reveal: Bool) throws(WireError) -> String {
        let what = reveal ? "\(request.command) with reveal=true" : "\(request.command) of one person's data"
        let given = try request.string(.reason)
        guard let reason = given, !reason.allSatisfy(\.isWhitespace) else {
            let feed = request.command == ControlCommandSpec.watch.name && !reveal
            throw WireError(
                .argument,
                """
                \(feed ? "watch of record events" : what) needs a reason: give --reason "..." \
                (reason="..." on the socket); every read of personal data is audited
                """)
        }
        return reason
    }
}
