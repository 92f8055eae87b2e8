import CheckpointCore
import CheckpointStore
import CheckpointWire
import Logging

/// `person.link`, `person.unlink` and `person.show` (issue 15): one identity per person.
extension ControlCommands {
    func linkPerson(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        let (phone, document) = try linkArguments(request)
        let audits = try linkAudits(request, call: call, phone: phone, document: document)
        let writer = self.writer
        let name = call.callerName
        // The committed link is logged with the writer's events (`AlertLog`), as a station's is.
        let change = try await change { () throws(StoreError) in
            try await writer.link(phone: phone, document: document, by: name, audits: audits)
        }
        return linkResult(change, phone: phone, document: document)
    }

    func unlinkPerson(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        let (phone, document) = try linkArguments(request)
        let audits = try linkAudits(request, call: call, phone: phone, document: document)
        let writer = self.writer
        let change = try await change { () throws(StoreError) in
            try await writer.unlink(phone: phone, document: document, audits: audits)
        }
        logger.notice(
            "person unlinked",
            metadata: ["person": "\(phone.masked)", "id": "\(document.masked)", "uid": "\(call.peer.uid)"])
        return linkResult(change, phone: phone, document: document)
    }

    func showPerson(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        let person = try self.person(request)
        let reason = try self.reason(request)
        let reader = self.reader
        let found = try await auditedRead(
            "person.show", of: person, since: nil, reason: reason, at: clock.now(), call: call
        ) { () throws(StoreError) in
            (try reader.identity(of: person), try reader.rosterEntry(of: person))
        }
        let (row, roster) = found
        return [
            "roster": roster.resident.map { .object(resident($0)) } ?? .null,
            "sites": .array(
                roster.sites.map {
                    .object(["site": .string($0.site), "name": .string($0.name), "department": .string($0.department)])
                }),
            "person": .string(person.normalized),
            "identity": .array(row.identity.map { .string($0.normalized) }),
            "shared_by": .array(row.sharedBy.map { .string($0.normalized) }),
            "check_id": .bool(!row.sharedBy.isEmpty),
            "links": .array(
                row.links.map { link in
                    .object([
                        "person": PeopleView.full.show(link.phone), "id": PeopleView.full.show(link.document),
                        "created_at": time(link.createdAt), "made_by": .string(link.madeBy),
                        "record_id": link.recordID.map(JSONValue.int) ?? .null,
                    ])
                }),
        ]
    }

    /// `person=` a phone and `id=` a resident ID or `other:` id: anything else says what to send.
    private func linkArguments(_ request: ControlRequest) throws(WireError) -> (PersonID, PersonID) {
        let phone = try person(request)
        let text = try request.requiredString(.id)
        let document: PersonID
        do throws(ValidationError) {
            document = try PersonID(parsing: text)
        } catch {
            throw WireError(.argument, "id: \(error.message)")
        }
        switch (phone.isPhone, document.isPhone) {
        case (true, false):
            return (phone, document)
        case (true, true):
            throw WireError(
                .argument,
                """
                \(phone.masked) and \(document.masked) are both phone numbers: two phones are never linked \
                directly; link each to the person's resident ID or other: id
                """)
        case (false, false):
            throw WireError(
                .argument,
                """
                \(phone.masked) and \(document.masked) are both documents: two IDs are never linked; link the \
                phone number (first) to the ID (second)
                """)
        case (false, true):
            throw WireError(.argument, "give the phone number first and the ID second: person link PHONE ID")
        }
    }

    /// One audit row per person the change names, so that erasing either masks theirs.
    private func linkAudits(
        _ request: ControlRequest, call: ControlCall, phone: PersonID, document: PersonID
    ) throws(WireError) -> [AuditEntry] {
        guard let reason = try request.string(.reason), reason.contains(where: { !$0.isWhitespace }) else {
            throw WireError(.argument, "\(request.command) needs reason=\"...\": every change of a link is audited")
        }
        let now = clock.now()
        return [phone, document].map { person in
            AuditEntry(
                at: now, uid: call.peer.uid, gid: call.peer.gid, command: request.command, person: person.normalized,
                since: nil, until: nil, reason: reason)
        }
    }

    private func linkResult(_ change: LinkChange, phone: PersonID, document: PersonID) -> JSONObject {
        var result: JSONObject = [
            "person": .string(phone.normalized), "id": .string(document.normalized),
            "documents": .array(change.documents.map { .string($0.normalized) }),
            "shared": .bool(change.phoneShared),
        ]
        if let until = change.orphanedOrderUntil { result["order_until"] = time(until) }
        return result
    }
}
