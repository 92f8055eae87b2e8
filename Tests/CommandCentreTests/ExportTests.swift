import CheckpointTestSupport
import Foundation
import Testing

/// SPEC §4/§10 `export`: a header line, one line per row (CSV per RFC 4180, or JSON objects), then
/// `{"ok":true,"result":{"rows":N}}`; a reason is required and audited; rows are streamed, not loaded.
@Suite struct ExportTests {
    static let columns = [
        "id", "at", "kind", "person", "temp", "verdict", "origin", "note", "checkpoint", "checkpoint_name", "grid",
        "station", "seq",
    ]
    static let note = #"north gate, "B" lane"#

    /// The fields of one CSV record (RFC 4180); nil when its quoting is broken.
    static func csvFields(_ line: String) -> [String]? {
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            if inQuotes {
                guard character == "\"" else {
                    field.append(character)
                    continue
                }
                if characters.first == "\"" {
                    field.append("\"")
                    characters.removeFirst()
                } else {
                    inQuotes = false
                    guard characters.first == nil || characters.first == "," else { return nil }
                }
            } else if character == "," {
                fields.append(field)
                field = ""
            } else if character == "\"" {
                guard field.isEmpty else { return nil }
                inQuotes = true
            } else {
                field.append(character)
            }
        }
        guard !inQuotes else { return nil }
        return fields + [field]
    }

    static func threeRecords() throws -> Centre {
        let centre = try Centre()
        try centre.send("TEMP", #"person=13800138000 temp=36.6 note="north gate, \"B\" lane""#)
        try centre.send("ENTRY", "person=13900139000 note=plain origin=local")
        try centre.send("EXIT", "person=other:E1234567 temp=38.1")
        return centre
    }

    @Test func export_asCSV_streamsAHeaderThenRFC4180RowsThenTheRowCount() throws {
        let centre = try Self.threeRecords()
        let since = WallTime.rfc3339(ago(WallTime.hourMilliseconds))
        try centre.control.connection.send(#"export since=\#(since) reason="daily report""#)
        let (lines, final) = try readStream(centre.control)
        #expect(lines.first == Self.columns.joined(separator: ","))
        let rows = lines.dropFirst().map(Self.csvFields)
        #expect(rows.count == 3 && rows.allSatisfy { $0?.count == Self.columns.count }, "\(lines)")
        #expect(final.ok && final["rows"] as? Int == rows.count, "N does not count the header: \(final)")
        #expect(lines.count > 1 && lines[1].contains(#","north gate, ""B"" lane","#), "\(lines)")
        #expect(rows.first??[7] == Self.note && rows.first??[2] == "TEMP" && rows.first??[3] == "13800138000")
        #expect(rows.dropFirst().first??[7] == "plain" && rows.dropFirst().first??[6] == "local")
        #expect(rows.last??[3] == "other:E1234567" && rows.last??[5] == "fever" && rows.last??[4] == "38.1")
        #expect(rows.map { $0?[12] } == ["1", "2", "3"] && rows.allSatisfy { $0?[9] == "Gate gate-1" })

        let audit = try centre.control.must("audit").items.first ?? [:]
        #expect(audit["cmd"] as? String == "export" && audit["reason"] as? String == "daily report")
        #expect(audit["since"] as? String == since && audit["person"] is NSNull, "\(audit)")
        #expect(try centre.control.must("health")["status"] as? String == "ok", "the connection is usable after")
    }

    @Test func export_asJSONLines_streamsObjectsThenTheRowCount() throws {
        let centre = try Self.threeRecords()
        let request: [String: Any] = ["cmd": "export", "since": "2h", "format": "jsonl", "reason": "script"]
        try centre.control.connection.send(try jsonLine(request))
        let (lines, final) = try readStream(centre.control)
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == 4 && objects.allSatisfy { $0 != nil }, "\(lines)")
        #expect(objects.first??["columns"] as? [String] == Self.columns, "\(lines.first ?? "")")
        let rows = objects.dropFirst().compactMap { $0 }
        #expect(rows.map { $0["kind"] as? String } == ["TEMP", "ENTRY", "EXIT"])
        #expect(rows.first?["note"] as? String == Self.note && rows.first?["checkpoint"] as? String == "gate-1")
        #expect(final.ok && final["rows"] as? Int == 3)
        let until = WallTime.rfc3339(ago(WallTime.hourMilliseconds))
        try centre.control.connection.send(try jsonLine(request.merging(["until": until]) { $1 }))
        let (empty, none) = try readStream(centre.control)
        #expect(empty.count == 1 && none["rows"] as? Int == 0, "until is honoured: \(empty)")
    }

    @Test func export_withoutAReasonOrWithABadFormat_isRefusedBeforeAnyLineAndNotAudited() throws {
        let centre = try Self.threeRecords()
        for line in ["export since=1h", #"export since=1h reason="  ""#, "export since=1h format=xml reason=r"] {
            let reply = try centre.control.ask(line)
            #expect(reply.errorCode == "E_ARG", "\(line): \(reply)")
            #expect(try centre.control.must("health").ok, "nothing else was streamed after the refusal")
        }
        #expect(try centre.control.must("audit").items.isEmpty)
    }

    /// 20,000 rows of about 700 bytes: 14 MB of export. Streamed, the daemon's resident memory grows only by its
    /// reader connection's page cache (2 MB at most, one connection here) and allocator slack; loaded or buffered
    /// for a slow reader, it would grow by more than the export's size.
    @Test(.timeLimit(.minutes(20)))
    func export_ofManyRows_streamsThemWithoutGrowingTheDaemonsMemory() throws {
        let centre = try Centre(["--reader-connections", "1"])
        let count = 20_000
        let filler = String(repeating: "x", count: 600)
        let lines = (1...count).map {
            "TEMP seq=\($0) person=\(TestPerson.phone($0)) temp=36.\($0 % 9) note=\"row \($0), \(filler)\""
        }
        let replies = try pipeline(lines, on: try centre.station())
        #expect(replies.count == count && replies.allSatisfy { $0.hasPrefix("OK ") })
        let daemon = try pid(of: centre.daemon)

        // A first, empty export loads the code paths before the baseline.
        let future = WallTime.rfc3339(WallTime.nowMilliseconds() + WallTime.hourMilliseconds)
        try centre.control.connection.send("export since=\(future) reason=warm-up")
        #expect(try readStream(centre.control).final["rows"] as? Int == 0)
        let before = try residentKiB(daemon)
        var peak = before
        var bytes = 0
        try centre.control.connection.send(#"export since=1d reason="memory check""#)
        let (rows, final) = try readStream(centre.control, every: 1000) { _ in
            peak = max(peak, try residentKiB(daemon))
            Deadline.sleep(0.02)  // a slow reader: the daemon must wait for it, not buffer
        }
        let after = try residentKiB(daemon)
        for row in rows { bytes += row.utf8.count + 1 }
        #expect(rows.count == count + 1 && final["rows"] as? Int == count)
        #expect(rows.dropFirst().allSatisfy { Self.csvFields($0)?.count == Self.columns.count })
        let grown = max(peak, after) - before
        #expect(bytes > 12_000_000)
        #expect(!SanitizedRun.measuresPerformance("export RSS") || grown < 8 * 1024, """
            VmRSS grew by \(grown) KiB for a \(bytes / 1024) KiB export \
            (from \(before) KiB, peak \(peak), after \(after))
            """)
    }
}
