import ArgumentParser
import CheckpointCore
import CheckpointWire
import Glibc

/// `--encoding` of `person import` and `site workers import`: what the file's bytes are, typed in any case
/// (`utf-8` too).
enum RosterEncodingOption: String, ExpressibleByArgument, CaseIterable {
    case utf8
    case gbk

    init?(argument: String) {
        self.init(rawValue: argument.lowercased().replacing("-", with: ""))
    }

    var encoding: RosterFileEncoding {
        switch self {
        case .utf8: .utf8
        case .gbk: .gbk
        }
    }

    static let help = ArgumentHelp(
        "utf8 (the default, with or without a byte order mark) or gbk (what Excel's \"CSV\" writes on Chinese "
            + "Windows).",
        valueName: "encoding")
}

/// A roster or staff list read and checked here, before connecting, and sent as requests of `rows` (issue 19).
///
/// Every line is checked by ``RosterFile`` the way the daemon checks it: a file with a wrong line is refused
/// whole, each wrong line named, and nothing is sent. The good lines go over one connection as several requests,
/// each under ``requestLimit`` bytes; every one but the last says `final=false`, and the daemon stores them all
/// when the last (`final=true`) arrives, in one transaction, or none.
struct RosterUpload {
    /// The most bytes of one request line, its newline included: the daemon refuses a line over 65,536 bytes, and
    /// this leaves room.
    static let requestLimit = 48 * 1024
    /// A big file's final request stores every line in one transaction: longer than other replies may take.
    static let timeoutSeconds = 120

    /// The file's base name, sent as `source` (the daemon writes it to the audit trail).
    let source: String
    /// One object per good line: its fields by column, then `line`, its number in the file.
    let rows: [JSONObject]

    /// The good lines of a checked file, their fields in the order of `columns`.
    init<Entry>(path: String, lines: [RosterFileLine<Entry>], columns: [String]) {
        source = Self.baseName(path)
        rows = lines.map { line in
            var row = JSONObject()
            for column in columns {
                if let value = line.fields[column] { row[column] = .string(value) }
            }
            for (column, value) in line.fields.sorted(by: { $0.key < $1.key }) where row[column] == nil {
                row[column] = .string(value)
            }
            row["line"] = .string(String(line.line))
            return row
        }
    }

    /// `roster.csv` of `some/folder/roster.csv`.
    static func baseName(_ path: String) -> String {
        let name = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
        return name.isEmpty ? path : name
    }

    /// The whole file, or an error that says why it cannot be read (exit 1, nothing sent).
    static func read(_ path: String) throws(CtlError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw unreadable(path, errno: errno) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw unreadable(path, errno: errno)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    private static func unreadable(_ path: String, errno code: Int32) -> CtlError {
        CtlError(
            .local, L("cannot read {1}: {2}", path, ControlConnection.describe(code)),
            hint: L("check the file's path and that you may read it; nothing was sent to checkpointd"))
    }

    /// The error for a file with wrong lines: `what` (`the roster`) has N wrong lines, then `line N: ...` for
    /// each, in the file's order. A problem of the whole file (line 0) is named with the file.
    static func refusal(_ problems: some Collection<RosterFileProblem>, path: String, what: Document) -> CtlError {
        let sorted = problems.sorted { ($0.line, $0.message) < ($1.line, $1.message) }
        let lines = sorted.map { problem in
            problem.line > 0
                ? L("line {1}: {2}", String(problem.line), problem.message)
                : L("{1}: {2}", baseName(path), problem.message)
        }
        let wrong = Int64(sorted.filter { $0.line > 0 }.count)
        let message: String
        if wrong == 0 {
            message = L("{1} cannot be imported; nothing was imported", baseName(path))
        } else {
            let count = L.count(wrong, "wrong line")
            message = what == .roster
                ? L("the roster has {1}; nothing was imported", count)
                : L("the staff list has {1}; nothing was imported", count)
        }
        return CtlError(
            .local, message, hint: L("correct the file and import it again: nothing was sent to checkpointd"),
            details: lines)
    }

    /// What is being imported, for the messages.
    enum Document {
        case roster
        case staffList
    }

    /// The error for a file with no line to import (a header alone).
    func empty() -> CtlError {
        CtlError(.local, L("{1} has no lines to import", source), hint: L("nothing was sent to checkpointd"))
    }

    /// The requests for the rows: as few as fit under ``requestLimit`` bytes each, in the file's order, `final`
    /// true on the last one only. `request` builds one from its rows and `final`.
    func requests(_ request: ([JSONValue], Bool) -> ControlRequest) -> [ControlRequest] {
        let overhead = request([], false).serialized().utf8.count + 1
        var batches: [[JSONValue]] = []
        var batch: [JSONValue] = []
        var size = overhead
        for row in rows {
            let value = JSONValue.object(row)
            let bytes = value.serialized().utf8.count
            if !batch.isEmpty, size + 1 + bytes > Self.requestLimit {
                batches.append(batch)
                batch = []
                size = overhead
            }
            size += (batch.isEmpty ? 0 : 1) + bytes
            batch.append(value)
        }
        batches.append(batch)
        return batches.enumerated().map { index, rows in request(rows, index == batches.count - 1) }
    }

    /// Sends every request over `connection`, each waiting for its reply, and returns the last one's result. A
    /// refusal of wrong lines (`E_ARG`, `line N: ...` a line) is shown as a file with wrong lines is here.
    func send(_ requests: [ControlRequest], over connection: ControlConnection, what: Document) throws(CtlError)
        -> JSONObject
    {
        var result = JSONObject()
        for request in requests {
            do throws(CtlError) {
                result = try connection.call(request)
            } catch {
                throw Self.lineRefusal(error, what: what)
            }
        }
        return result
    }

    /// The daemon's refusal of lines (`3 lines are wrong; nothing was imported:`, then `line N: ...` each, then
    /// `... and N more` past a thousand) as the lines are shown here: one detail line each, as the daemon wrote
    /// them, under a lead-in in the process's language that counts them.
    static func lineRefusal(_ error: CtlError, what: Document) -> CtlError {
        guard error.code == .refused, error.wireCode == .argument else { return error }
        var lines = error.message.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard lines.contains(where: { $0.hasPrefix("line ") }) else { return error }
        var wrong = Int64(lines.filter { $0.hasPrefix("line ") }.count)
        if let first = lines.first, !first.hasPrefix("line ") {
            wrong = Int64(first.prefix { $0.isASCII && $0.isNumber }) ?? wrong
            lines.removeFirst()
        }
        let count = L.count(wrong, "wrong line")
        let message = what == .roster
            ? L("checkpointd refused the roster: {1}; nothing was imported", count)
            : L("checkpointd refused the staff list: {1}; nothing was imported", count)
        return CtlError(
            .refused, message, wireCode: error.wireCode,
            hint: L("correct the file and import it again: nothing was stored"), details: lines)
    }

    /// The import's result for `--json`, else `text`.
    static func write(_ result: JSONObject, json: Bool, text: () -> String) throws(CtlError) {
        try StandardOutput().write(json ? JSONValue.object(result).serialized() + "\n" : text())
    }

    /// `phones linked` line of both imports: empty when none was.
    static func linkedLine(_ result: JSONObject) -> String {
        guard let linked = result["linked"]?.intValue, linked > 0 else { return "" }
        return L("{1} newly linked to the documents on the same lines", L.count(linked, "phone")) + "\n"
    }
}
