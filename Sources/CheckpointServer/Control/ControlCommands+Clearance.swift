import CheckpointCore
import CheckpointStore
import CheckpointWire

/// `clearance` (issue 15 point 3, 扫码复工): may a person go back to work, and what they did over the last
/// `clearance_days` days: orders, fevers and the gates passed per day. A read chosen by person, so audited as
/// `trace` is (a reason is required; the row is durable before anything is answered).
extension ControlCommands {
    func clearance(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        let person = try self.person(request)
        let reason = try self.reason(request)
        let days = settings.clearanceDays
        let now = clock.now()
        let since = ClearanceRules.windowStart(now: now, days: days)
        let reader = self.reader
        let history = try await auditedRead(
            "clearance", of: person, since: since, reason: reason, at: now, call: call
        ) { () throws(StoreError) in
            try reader.clearance(person: person, since: since, now: now)
        }

        let clearance = history.clearance(now: now, days: days)
        var result: JSONObject = [
            "person": .string(person.normalized), "person_masked": .string(person.masked),
            "clearance_days": .int(Int64(days)), "from": time(since), "to": time(now),
            "clear": .bool(clearance.isClear), "why": json.text(clearance.reason), "until": .null, "since": .null,
            "clear_from": time(history.clearFrom(now: now, days: days)),
            "quarantines": .array(history.orders.map { .object(json.quarantine($0, now: now, people: .full)) }),
            "fevers": .array(history.fevers.map { .object(fever($0, now: now, days: days)) }),
            "per_day": .array(ClearanceDays.group(history.passages, zone: zone).map { .object($0.json) }),
        ]
        switch clearance {
        case .clear: break
        case .quarantine(let until): result["until"] = time(until)
        case .fever(let since): result["since"] = time(since)
        }
        return result
    }

    private func fever(_ row: FeverRow, now: Timestamp, days: Int) -> JSONObject {
        let rule = ClearanceRules.Fever(at: row.at, recheck: row.recheck)
        return [
            "alert_id": .int(row.alertID), "at": time(row.at),
            "temp": row.temperature.map { .string($0.description) } ?? .null,
            "recheck": json.text(row.recheck?.rawValue), "state": .string(row.state),
            "blocks": .bool(ClearanceRules.counts(rule, now: now, days: days)),
            "checkpoint": json.text(row.checkpointCode), "checkpoint_name": json.text(row.checkpointName),
        ]
    }
}
