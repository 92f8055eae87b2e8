import CheckpointTestSupport
import Foundation
import Testing

/// Issue 16 point 4 against the real daemon: `report.daily` over three local days of UTC+8 (records at 23:30 and
/// 00:30 around midnight, fevers confirmed, cleared and missed, violation cases, orders from outside and an
/// operator's, a released order, silent spells, a seq gap), every cell checked against counts the `sqlite3` shell
/// makes on the records, alerts, quarantines and station_gaps tables; `stats until= by=day` likewise.
@Suite struct DailyReportTests {
    @Test func report_forEachOfThreeLocalDays_matchesSQLiteCountsInEveryCell() throws {
        let fixture = try DailyReportFixture()
        var totals: [String: Int] = [:]
        for back in [2, 1, 0] as [Int64] {
            let reply = try fixture.centre.control.must("report.daily", ["date": fixture.date(back)])
            #expect(reply["date"] as? String == fixture.date(back))
            #expect(reply["from"] as? String == WallTime.rfc3339(fixture.dayStart(back), offsetMinutes: 480))
            #expect(reply["to"] as? String == WallTime.rfc3339(fixture.dayStart(back - 1), offsetMinutes: 480))
            let expected = try fixture.expectedRows(back)
            let got = reply.items.map { row in
                (DailyReportFixture.label(row), DailyReportFixture.cellKeys.map { row[$0] as? Int ?? -1 })
            }
            #expect(got.map(\.0) == expected.map(\.0), "day -\(back): the rows and their order")
            for ((label, cells), (_, want)) in zip(got, expected) {
                for (index, key) in DailyReportFixture.cellKeys.enumerated() {
                    #expect(cells[index] == want[index], "day -\(back) \(label) \(key)")
                }
            }
            if let district = got.last?.1 {
                for (index, key) in DailyReportFixture.cellKeys.enumerated() {
                    totals[key, default: 0] += district[index]
                }
            }
        }
        // The three days hold every kind of cell the fixture made (so no comparison above was of zeros only).
        for key in DailyReportFixture.cellKeys {
            #expect(totals[key, default: 0] > 0, "no \(key) in three days: \(totals)")
        }
        #expect(totals["missing_seqs"] == 2)
        #expect(totals["fevers_missed"] == 2)
        // The 23:30 and 00:30 readings fall on two days: gate-1 sees person A on both.
        let gate1 = try fixture.expectedRows(2).first { $0.0 == "g1/gate-1" }?.1.first
        #expect(gate1 == 4, "day -2 at gate-1: A (23:30), B twice and F1")
    }

    @Test func stats_untilAndByDay_matchSQLiteCountsPerLocalDay() throws {
        let fixture = try DailyReportFixture()
        let since = fixture.dayStart(2)
        let until = fixture.dayStart(0)
        let reply = try fixture.centre.control.must(
            "stats", ["since": String(since), "until": String(until), "by": "day"])
        let days = reply["per_day"] as? [[String: Any]] ?? []
        #expect(days.compactMap { $0["day"] as? String } == [fixture.date(2), fixture.date(1)])
        for (index, back) in ([2, 1] as [Int64]).enumerated() where index < days.count {
            let want = try fixture.recordCounts(from: fixture.dayStart(back), to: fixture.dayStart(back - 1))
            let kinds = days[index]["by_kind"] as? [String: Any] ?? [:]
            let got = [
                days[index]["records"], kinds["TEMP"], kinds["ENTRY"], kinds["EXIT"], days[index]["fevers"],
                days[index]["violations"],
            ].map { $0 as? Int ?? -1 }
            #expect(got == want, "day -\(back)")
        }
        let whole = try fixture.recordCounts(from: since, to: until)
        #expect(reply["records"] as? Int == whole[0], "the totals end at until: \(reply)")
        #expect(reply["until"] as? String == WallTime.rfc3339(until, offsetMinutes: 480))
        let everything = try fixture.recordCounts(from: since, to: Int64.max)
        #expect(try fixture.centre.control.must("stats", ["since": String(since)])["records"] as? Int == everything[0])
        #expect(whole[0] < everything[0], "today has records, which until= left out")
        let backwards = try fixture.centre.control.ask("stats", ["since": String(until), "until": String(since)])
        #expect(backwards.errorCode == "E_ARG" && backwards.errorMessage == "until must be later than since")
    }

    @Test func report_narrowedToAGrid_isTheUnfilteredReportsRowsOfThatGrid() throws {
        let fixture = try DailyReportFixture()
        for back in [2, 1, 0] as [Int64] {
            let all = try fixture.centre.control.must("report.daily", ["date": fixture.date(back)]).items
            for grid in ["g1", "g2"] {
                let narrowed = try fixture.centre.control.must(
                    "report.daily", ["date": fixture.date(back), "grid": grid])
                #expect(narrowed["grid"] as? String == grid)
                let expected = all.filter { $0["grid"] as? String == grid }
                #expect(sameJSON(narrowed.items, expected), "day -\(back) grid \(grid)")
                #expect(!expected.isEmpty)
            }
        }
    }

    @Test func report_rowsHaveTheStableKeysAndCSVStartsWithABOMAndParsesBackToTheSameCells() throws {
        let fixture = try DailyReportFixture()
        let date = fixture.date(1)
        let reply = try fixture.centre.control.must("report.daily", ["date": date])
        #expect(Set(reply.result.keys) == ["date", "from", "to", "grid", "items", "per_category"])
        #expect(reply.result["grid"] is NSNull)
        for row in reply.items {
            #expect(Set(row.keys) == Set(DailyReportFixture.allKeys), "\(row)")
        }
        let levels = [
            "checkpoint", "checkpoint", "grid", "checkpoint", "checkpoint", "no_checkpoint", "grid", "no_checkpoint",
            "district",
        ]
        #expect(reply.items.map { $0["level"] as? String ?? "" } == levels)

        let run = try ChildProcess.run(
            try BuiltProduct.checkpointctl(),
            [
                "report", "daily", "--date", date, "--format", "csv", "--socket",
                fixture.centre.daemon.controlSocketPath,
            ],
            environment: ChildProcess.cleanEnvironment(adding: ["NO_COLOR": "1"]), seconds: 30)
        #expect(run.status == .exited(0), "\(run.standardError)")
        #expect(Array(run.standardOutput.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF], "a UTF-8 byte order mark first")
        #expect(run.standardOutput.first == "\u{FEFF}")
        let body = String(run.standardOutput.dropFirst())
        #expect(body.hasSuffix("\r\n") && !body.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let lines = body.components(separatedBy: "\r\n").dropLast()
        let cells = lines.map { $0.components(separatedBy: ",") }
        #expect(cells.first?.count == 17)
        let labels = ["grid": "(subtotal)", "no_checkpoint": "(no checkpoint)", "district": "(total)"]
        let rows = reply.items.map { row -> [String] in
            let level = row["level"] as? String ?? ""
            let grid = row["grid"] as? String ?? ""
            let head = [grid, labels[level] ?? row["checkpoint"] as? String ?? "", row["name"] as? String ?? ""]
            return head + DailyReportFixture.cellKeys.map { String(row[$0] as? Int ?? -1) }
        }
        #expect(Array(cells.dropFirst()) == rows)
    }

    @Test func report_whenTheDateOrGridIsWrong_isRefusedSayingWhatToType() throws {
        let centre = try Centre()
        _ = try centre.station()
        for date in ["2026-02-30", "2026-1-5", "tomorrow", "2026-12-05T00:00:00+08:00", "1969-12-31"] {
            let reply = try centre.control.ask("report.daily", ["date": date])
            #expect(reply.errorCode == "E_ARG", "\(date): \(reply.line)")
            #expect(reply.errorMessage == "date must be a day as YYYY-MM-DD (2026-12-05), today or yesterday")
        }
        let unknown = try centre.control.ask("report.daily", ["date": "today", "grid": "g9"])
        #expect(unknown.errorCode == "E_NOT_FOUND", "\(unknown.line)")
        #expect(unknown.errorMessage.contains("grid g9") && unknown.errorMessage.contains("checkpoint list"))
        let badGrid = try centre.control.ask("report.daily", ["date": "today", "grid": "no grid"])
        #expect(badGrid.errorCode == "E_ARG", "\(badGrid.line)")
        // Counts only: an operator's read with no reason, and nothing audited.
        #expect(try centre.control.must("report.daily", ["date": "yesterday"]).items.count == 4)
        #expect(try centre.control.must("audit").items.isEmpty)
    }
}
