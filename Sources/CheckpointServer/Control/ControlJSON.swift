import CheckpointCore
import CheckpointStore
import CheckpointWire

/// How people appear in a reply (issue 13): in full where the read was chosen by person (and audited) or asked
/// with `reveal=true`, masked (`138****8000`) in every other list.
enum PeopleView: Sendable, Equatable {
    case full
    case masked

    func show(_ person: PersonID?) -> JSONValue {
        guard let person else { return .null }
        return .string(self == .full ? person.normalized : person.masked)
    }
}

/// How rows look on the control socket: stable field names, times in the operator's zone, people as the
/// ``PeopleView`` of the read says.
struct ControlJSON: Sendable {
    let zone: any DisplayZone
    let directory: StationDirectory

    func time(_ timestamp: Timestamp?) -> JSONValue {
        timestamp.map { .string($0.formatted(in: zone)) } ?? .null
    }

    func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    func alert(_ row: AlertRow, people: PeopleView) -> JSONObject {
        [
            "id": .int(row.id), "type": .string(row.type.rawValue), "at": time(row.at),
            "person": people.show(row.person), "checkpoint": text(row.checkpointCode),
            "station": text(row.stationCode), "record_id": row.recordID.map(JSONValue.int) ?? .null,
            "state": .string(row.state), "recheck": text(row.recheck?.rawValue), "escalated_at": time(row.escalatedAt),
            "acked_at": time(row.ackedAt), "acked_by": text(row.ackedBy), "note": text(row.ackNote),
            "detail": text(row.detail), "count": .int(row.count), "last_at": time(row.lastAt), "grid": text(row.grid),
            "detail_code": text(row.detail.flatMap { AlertDetail(parsing: $0)?.code }),
        ]
    }

    func record(_ row: RecordRow, people: PeopleView) -> JSONObject {
        [
            "id": .int(row.id), "at": time(row.at), "kind": .string(row.kind.rawValue),
            "person": people.show(row.person),
            "temp": row.temperature.map { .string($0.description) } ?? .null,
            "verdict": .string(row.verdicts.description), "origin": text(row.origin?.rawValue), "note": text(row.note),
            "checkpoint": .string(row.checkpointCode), "checkpoint_name": .string(row.checkpointName),
            "grid": .string(row.grid), "station": .string(row.stationCode), "seq": .int(row.seq),
        ]
    }

    func record(_ event: RecordEvent, people: PeopleView) -> JSONObject {
        let station = directory.entry(forKey: event.incoming.stationKey)
        let record = event.incoming.record
        return [
            "id": .int(event.receipt.id), "at": time(event.incoming.at), "kind": .string(record.kind.rawValue),
            "person": people.show(record.identifiedPerson),
            "temp": record.temperature.map { .string($0.description) } ?? .null,
            "verdict": .string(event.receipt.verdicts.description), "checkpoint": text(station?.checkpointCode),
            "station": text(station?.code), "grid": text(station?.checkpointGrid), "seq": .int(record.seq),
        ]
    }

    func quarantine(
        _ row: QuarantineRow, now: Timestamp, people: PeopleView, followup: FollowupTimes? = nil
    ) -> JSONObject {
        var object: JSONObject = [
            "id": .int(row.id), "person": people.show(row.person), "start": time(row.start), "end": time(row.end),
            "active": .bool(row.isActive(at: now)), "status": .string(row.status(at: now)),
            "record_id": row.recordID.map(JSONValue.int) ?? .null,
            "reason": text(row.reason), "reason_code": text(row.reason.flatMap(OrderReason.code(of:))),
            "note": text(row.note), "released_at": time(row.releasedAt), "released_by": text(row.releasedBy),
            "grid": text(row.grid),
            // Issue 17: the district that opened an order from the city's registry; null for this district's own.
            "district": text(row.district),
        ]
        guard let followup else { return object }
        // Issue 16: the follow-up of a grid worker's list: the last reading, the next deadline, and whether the
        // window that deadline closes has its reading already. An ended or released order asks for nothing.
        object["last_reading"] = row.lastReading.map { reading in
            .object([
                "at": time(reading.at), "temp": .string(reading.temperature.description),
                "checkpoint": .string(reading.checkpointCode),
            ])
        } ?? .null
        let window =
            row.releasedAt == nil && now < row.end
            ? followup.nextWindow(ofOrderFrom: row.start, to: row.end, now: now, zone: zone) : nil
        object["next_deadline"] = time(window?.closes)
        object["window_opens"] = time(window?.opens)
        object["read_in_window"] = window.map { window in
            .bool(row.lastReading.map { window.opens < $0.at } ?? false)
        } ?? .null
        return object
    }

    func counts(_ counts: RecordCounts) -> JSONObject {
        [
            "records": .int(Int64(counts.records)),
            "by_kind": .object([
                "TEMP": .int(Int64(counts.temps)), "ENTRY": .int(Int64(counts.entries)),
                "EXIT": .int(Int64(counts.exits)),
            ]),
            "fevers": .int(Int64(counts.fevers)), "violations": .int(Int64(counts.violations)),
            "visitors": .int(Int64(counts.visitors)), "notices": .int(Int64(counts.notices)),
        ]
    }
}
