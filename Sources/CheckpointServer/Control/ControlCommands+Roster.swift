import CheckpointCore
import CheckpointStore
import CheckpointWire
import Logging

/// Issue 19, point 1: the resident roster. `person.import` stages a file's lines on the connection and stores them
/// all, or none, with the final request; `person.list` reads one grid's roster, audited.
extension ControlCommands {
    func importRoster(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        let staged = try stage(request, call: call, site: nil)
        guard try request.bool(.final) ?? true else { return ["staged": .int(Int64(staged)), "final": .bool(false)] }
        let stage = try finalStage(request, call: call, site: nil)
        let replace = try request.bool(.replace) ?? false
        let source = try request.string(.source)
        let reason =
            try request.string(.reason)
            ?? "roster import of \(source.map { "\($0), " } ?? "")\(stage.residents.count) lines"
        let entry = AuditEntry(
            at: clock.now(), uid: call.peer.uid, gid: call.peer.gid, command: "person.import", person: nil,
            since: nil, until: nil, reason: reason)
        let writer = self.writer
        let residents = stage.residents
        let by = call.callerName
        let result = try await change { () throws(StoreError) in
            try await writer.importRoster(residents, replace: replace, by: by, audit: entry)
        }
        logger.notice(
            "roster imported",
            metadata: [
                "uid": "\(call.peer.uid)", "lines": "\(result.imported)", "removed": "\(result.removed)",
                "linked": "\(result.linked)", "grids": "\(result.grids.joined(separator: ","))",
            ])
        return importResult(result, staged: stage.count)
    }

    func listResidents(_ request: ControlRequest, call: ControlCall) async throws(WireError) -> JSONObject {
        let grid = try identifier(request, .grid)
        let category = try request.string(.category).flatMap(ResidentCategory.init(rawValue:))
        let limit = try limit(request, default: 100_000)
        let reason = try self.reason(request)
        let reader = self.reader
        async let audited = auditResult(
            AuditEntry(
                at: clock.now(), uid: call.peer.uid, gid: call.peer.gid, command: "person.list", person: nil,
                since: nil, until: nil, reason: "grid \(grid): \(reason)"), masked: nil)
        let found = await readResult { () throws(StoreError) in
            try reader.residents(grid: grid, category: category, limit: limit)
        }
        try await audited.get()
        let roster = try found.get()
        return [
            "grid": .string(grid), "households": .int(Int64(roster.households)),
            "items": .array(roster.rows.map { .object(resident($0)) }),
        ]
    }

    func resident(_ row: ResidentRow) -> JSONObject {
        [
            "person": .string(row.person.normalized), "phone": json.text(row.phone?.normalized),
            "name": .string(row.name), "grid": .string(row.grid), "checkpoint": .string(row.checkpoint),
            "home": .string(row.home), "household": .string(row.household), "category": .string(row.category.rawValue),
            "imported_at": time(row.importedAt),
        ]
    }

    func importResult(_ result: ImportResult, staged: Int) -> JSONObject {
        [
            "staged": .int(Int64(staged)), "imported": .int(Int64(result.imported)),
            "removed": .int(Int64(result.removed)), "linked": .int(Int64(result.linked)),
            "grids": .array(result.grids.map(JSONValue.string)), "final": .bool(true),
        ]
    }

    /// Checks the request's `rows` and stages the good ones on the connection; the bad ones are kept as
    /// `line N: ...` to be answered by the final request. Returns how many lines are staged.
    func stage(_ request: ControlRequest, call: ControlCall, site: String?) throws(WireError) -> Int {
        guard let value = request.arguments[ControlArgumentName.rows.text] else {
            throw WireError(
                .argument, "\(request.command) needs rows: a JSON array of objects, one per line of the file")
        }
        guard let rows = value.arrayValue else {
            throw WireError(.argument, "rows must be a JSON array of objects, one per line of the file")
        }
        var lines: [(line: Int, fields: [String: String])] = []
        for (index, row) in rows.enumerated() {
            guard let object = row.objectValue else {
                throw WireError(.argument, "rows[\(index)] is not an object; rows is an array of objects")
            }
            let line = object["line"].flatMap { $0.intValue ?? $0.stringValue.flatMap { Int64($0) } }.map(Int.init)
            var fields: [String: String] = [:]
            for key in object.keys where key != "line" {
                guard let text = object[key]?.stringValue else {
                    throw WireError(.argument, "rows[\(index)].\(key.prefix(40)) must be a string")
                }
                fields[key] = text
            }
            lines.append((line ?? index + 1, fields))
        }
        let command = request.command
        return call.session.withStage(command: command, site: site) { stage in
            for (line, fields) in lines {
                guard stage.count < ControlSession.maximumStagedLines else {
                    stage.problems.append(
                        "line \(line): more than \(ControlSession.maximumStagedLines) lines; import the file grid by grid")
                    break
                }
                let checked: Result<(PersonID, RosterEntry?, WorkerEntry?), RosterFieldError> =
                    site == nil
                    ? RosterEntry.validated(fields).map { ($0.person, $0, nil) }
                    : WorkerEntry.validated(fields).map { ($0.person, nil, $0) }
                switch checked {
                case .failure(let problem):
                    stage.problems.append("line \(line): \(problem.message)")
                case .success(let (person, resident, worker)):
                    if let earlier = stage.people[person] {
                        stage.problems.append("line \(line): the same person as line \(earlier)")
                        continue
                    }
                    stage.people[person] = line
                    if let resident { stage.residents.append(resident) }
                    if let worker { stage.workers.append(worker) }
                }
            }
            return stage.count
        }
    }

    /// The connection's stage for the final request: every bad line refuses the whole import.
    func finalStage(_ request: ControlRequest, call: ControlCall, site: String?) throws(WireError)
        -> ControlSession.ImportStage
    {
        guard let stage = call.session.takeStage(), stage.command == request.command, stage.site == site else {
            throw WireError(.argument, "nothing is staged on this connection: send the file's rows first")
        }
        guard stage.problems.isEmpty else {
            let count = stage.problems.count
            throw WireError(
                .argument,
                "\(count) line\(count == 1 ? " is" : "s are") wrong; nothing was imported:\n"
                    + stage.problems.prefix(1000).joined(separator: "\n")
                    + (count > 1000 ? "\n... and \(count - 1000) more" : ""))
        }
        guard stage.count > 0 else { throw WireError(.argument, "the file has no lines to import") }
        return stage
    }
}
