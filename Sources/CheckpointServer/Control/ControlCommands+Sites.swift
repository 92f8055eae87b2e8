import CheckpointCore
import CheckpointStore
import CheckpointWire
import Logging

/// Issue 19, points 3 and 4: enterprise sites, their blue/yellow/red tags and rechecks, staff lists and the staff
/// health form (员工健康信息表).
extension ControlCommands {
    func listSites(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let grid = try self.grid(request)
        let tag = try request.string(.tag).flatMap(SiteTag.init(rawValue:))
        let reader = self.reader
        let now = clock.now()
        let zone = self.zone
        let rows = try await read { () throws(StoreError) in try reader.sites(grid: grid, tag: tag, now: now, zone: zone) }
        return ["items": .array(rows.map { .object(site($0)) })]
    }

    func addSite(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        let code = try identifier(request, .id)
        let name = try request.requiredString(.name)
        guard !name.allSatisfy({ $0 == " " }), name.count <= 64 else {
            throw WireError(.argument, "name must be the enterprise's name, 1 to 64 characters")
        }
        let grid = try identifier(request, .grid)
        let by = call.callerName
        let entry = siteAudit("site.add", call: call, reason: "\(code) added: \(name)")
        let writer = self.writer
        let row = try await change { () throws(StoreError) in
            try await writer.addSite(code: code, name: name, grid: grid, reason: "added", by: by, audit: entry)
        }
        logger.notice("site added", metadata: ["site": "\(code)", "grid": "\(grid)", "uid": "\(call.peer.uid)"])
        return site(row)
    }

    func tagSite(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        let code = try identifier(request, .id)
        guard let tag = try request.string(.tag).flatMap(SiteTag.init(rawValue:)) else {
            throw WireError(.argument, "tag must be \(SiteTag.choices)")
        }
        let reason = try self.reason(request)
        let now = clock.now()
        var recheckBy: LocalDay?
        if let text = try request.string(.recheckBy) {
            guard let day = LocalDay(date: text) else {
                throw WireError(.argument, "recheck_by must be a day as YYYY-MM-DD (2026-12-20)")
            }
            guard day >= LocalDay(of: now, in: zone) else {
                throw WireError(.argument, "recheck_by is in the past: give the day the follow-up inspection is due")
            }
            recheckBy = day
        }
        switch (tag, recheckBy) {
        case (.yellow, nil):
            throw WireError(
                .argument, "a yellow tag needs recheck_by, the day of the follow-up inspection (YYYY-MM-DD)")
        case (.blue, .some), (.red, .some):
            throw WireError(.argument, "recheck_by goes with a yellow tag only; leave it out for \(tag.rawValue)")
        default:
            break
        }
        let by = try request.string(.by) ?? call.callerName
        let entry = siteAudit("site.tag", call: call, reason: "\(code) \(tag.rawValue): \(reason)")
        let writer = self.writer
        let row = try await change { () throws(StoreError) in
            try await writer.tagSite(
                code: code, tag: tag, recheckBy: recheckBy, reason: reason, by: by, audit: entry)
        }
        logger.notice(
            "site tagged",
            metadata: [
                "site": "\(code)", "tag": "\(tag.rawValue)", "recheck_by": "\(recheckBy?.description ?? "-")",
                "uid": "\(call.peer.uid)", "reason": "\(reason)",
            ])
        return site(row)
    }

    func recheckSite(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        let code = try identifier(request, .id)
        let note = try request.requiredString(.note)
        guard !note.allSatisfy({ $0 == " " }) else {
            throw WireError(.argument, "note must say what the follow-up inspection found")
        }
        let by = try request.string(.by) ?? call.callerName
        let entry = siteAudit("site.recheck", call: call, reason: "\(code): \(note)")
        let writer = self.writer
        let row = try await change { () throws(StoreError) in
            try await writer.recheckSite(code: code, note: note, by: by, audit: entry)
        }
        logger.notice("site rechecked", metadata: ["site": "\(code)", "uid": "\(call.peer.uid)"])
        return site(row)
    }

    func showSite(_ request: ControlRequest) async throws(WireError) -> JSONObject {
        let code = try identifier(request, .id)
        let reader = self.reader
        let now = clock.now()
        let zone = self.zone
        guard let found = try await read({ () throws(StoreError) in try reader.site(code: code, now: now, zone: zone) })
        else {
            throw WireError(.notFound, "no site \(code); `checkpointctl site list` shows them")
        }
        var result = site(found.site)
        result["history"] = .array(
            found.history.filter { $0.kind == .tag }.map { event in
                .object([
                    "at": time(event.at), "tag": json.text(event.tag?.rawValue), "reason": .string(event.text),
                    "recheck_by": json.text(event.recheckBy), "by": .string(event.by),
                ])
            })
        result["rechecks"] = .array(
            found.history.filter { $0.kind == .recheck }.map { event in
                .object(["at": time(event.at), "note": .string(event.text), "by": .string(event.by)])
            })
        return result
    }

    func importWorkers(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        let code = try identifier(request, .id)
        let staged = try stage(request, call: call, site: code)
        guard try request.bool(.final) ?? true else { return ["staged": .int(Int64(staged)), "final": .bool(false)] }
        let stage = try finalStage(request, call: call, site: code)
        let source = try request.string(.source)
        let reason =
            try request.string(.reason)
            ?? "staff list of \(code)\(source.map { " from \($0)" } ?? ""), \(stage.workers.count) lines"
        let entry = siteAudit("site.workers.import", call: call, reason: reason)
        let writer = self.writer
        let workers = stage.workers
        let result = try await change { () throws(StoreError) in
            try await writer.importWorkers(site: code, workers, audit: entry)
        }
        logger.notice(
            "staff list imported",
            metadata: [
                "site": "\(code)", "uid": "\(call.peer.uid)", "lines": "\(result.imported)",
                "replaced": "\(result.removed)",
            ])
        return importResult(result, staged: stage.count)
    }

    func healthForm(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        let code = try identifier(request, .id)
        let now = clock.now()
        let day = try localDay(request, now: now)
        let reason = try request.string(.reason) ?? "staff health form of \(code) for \(day)"
        let reader = self.reader
        let zone = self.zone
        let days = settings.clearanceDays
        async let audited = auditResult(
            siteAudit("site.health_form", call: call, reason: reason), masked: nil)
        let found = await readResult { () throws(StoreError) in
            try reader.healthForm(site: code, day: day, now: now, zone: zone, clearanceDays: days)
        }
        try await audited.get()
        guard let form = try found.get() else {
            throw WireError(.notFound, "no site \(code); `checkpointctl site list` shows them")
        }
        return [
            "site": .string(code), "name": .string(form.site.name), "date": .string(day.description),
            "from": time(form.from), "to": time(form.to),
            "workers": .int(Int64(form.rows.filter(\.onStaffList).count)),
            "passed": .int(Int64(form.rows.filter { $0.onStaffList && $0.passed }.count)),
            "items": .array(form.rows.map { .object(healthFormRow($0)) }),
        ]
    }

    private func healthFormRow(_ row: HealthFormRow) -> JSONObject {
        var item: JSONObject = [
            "person": .string(row.person.normalized), "name": .string(row.name), "department": .string(row.department),
            "on_staff_list": .bool(row.onStaffList), "passed": .bool(row.passed), "first_at": time(row.firstAt),
            "last_at": time(row.lastAt), "temps": .array(row.temperatures.map { .string($0.description) }),
            "max_temp": row.temperatures.max().map { .string($0.description) } ?? .null,
            "fever": .bool(row.temperatures.contains { $0 >= settings.feverThreshold }),
            "clear": .bool(row.clearance.isClear), "why": json.text(row.clearance.reason), "until": .null,
        ]
        switch row.clearance {
        case .clear: break
        case .quarantine(let until): item["until"] = time(until)
        case .fever(let since): item["until"] = time(since.adding(milliseconds: Int64(settings.clearanceDays) * Timestamp.millisecondsPerDay))
        }
        return item
    }

    func site(_ row: SiteRow) -> JSONObject {
        [
            "id": .string(row.code), "name": .string(row.name), "grid": .string(row.grid),
            "tag": .string(row.tag.rawValue), "tag_since": time(row.tagSince), "tag_reason": .string(row.tagReason),
            "tagged_by": .string(row.taggedBy), "recheck_by": json.text(row.recheckBy),
            "recheck_due": .bool(row.recheckDue), "last_recheck_at": time(row.lastRecheckAt),
            "checkpoints": .array(row.checkpoints.map(JSONValue.string)), "workers": .int(Int64(row.workers)),
            "workers_seen_today": .int(Int64(row.workersSeenToday)), "open_alerts": .int(Int64(row.openAlerts)),
            "created_at": time(row.createdAt),
        ]
    }

    private func siteAudit(_ command: String, call: ControlCall, reason: String) -> AuditEntry {
        AuditEntry(
            at: clock.now(), uid: call.peer.uid, gid: call.peer.gid, command: command, person: nil, since: nil,
            until: nil, reason: reason)
    }
}
