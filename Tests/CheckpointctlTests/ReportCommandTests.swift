import CheckpointTestSupport
import Foundation
import Testing

/// `checkpointctl report daily` (issue 16 point 4) and `stats --until --by day`, against the fake daemon.
struct ReportCommandTests {
    static let row = #""records":16,"people":9,"temp":9,"entry":3,"exit":4,"fevers":3,"fevers_confirmed":1,"#
        + #""fevers_cleared":1,"fevers_missed":1,"violations":1,"new_orders":2,"active_orders":5,"silent_spells":0,"#
        + #""missing_seqs":2"#
    static let orders = #""records":0,"people":0,"temp":0,"entry":0,"exit":0,"fevers":0,"fevers_confirmed":0,"#
        + #""fevers_cleared":0,"fevers_missed":0,"violations":0,"new_orders":1,"active_orders":4,"silent_spells":0,"#
        + #""missing_seqs":0"#
    static let total = #""records":16,"people":9,"temp":9,"entry":3,"exit":4,"fevers":3,"fevers_confirmed":1,"#
        + #""fevers_cleared":1,"fevers_missed":1,"violations":1,"new_orders":3,"active_orders":9,"silent_spells":0,"#
        + #""missing_seqs":2"#
    static let report =
        #"{"ok":true,"result":{"date":"2020-02-07","from":"2020-02-07T00:00:00+08:00","#
        + #""to":"2020-02-08T00:00:00+08:00","grid":null,"items":["#
        + #"{"level":"checkpoint","grid":"G7","checkpoint":"gate-3","name":"North gate",\#(row)},"#
        + #"{"level":"grid","grid":"G7","checkpoint":null,"name":null,\#(row)},"#
        + #"{"level":"no_checkpoint","grid":null,"checkpoint":null,"name":null,\#(orders)},"#
        + #"{"level":"district","grid":null,"checkpoint":null,"name":null,\#(total)}]}}"#

    @Test func daily_printsATableWithSubtotalsAndTheTotal() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(
            ["report", "daily", "--date", "2020-02-07"], replies: [.line(Self.report)])
        #expect(requests == [#"{"cmd":"report.daily","date":"2020-02-07"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        daily report 2020-02-07: 2020-02-07 00:00 to 2020-02-08 00:00

                        GRID  CHECKPOINT       NAME        RECORDS  PEOPLE  TEMP  ENTRY  EXIT  FEVERS  \
                        CONFIRMED  CLEARED  MISSED  VIOLATIONS  NEW ORDERS  ACTIVE ORDERS  SILENT  \
                        MISSING SEQS
                        G7    gate-3           North gate       16       9     9      3     4       3          \
                        1        1       1           1           2              5       0             2
                        G7    (subtotal)                        16       9     9      3     4       3          \
                        1        1       1           1           2              5       0             2
                              (no checkpoint)                    0       0     0      0     0       0          \
                        0        0       0           0           1              4       0             0
                              (total)                           16       9     9      3     4       3          \
                        1        1       1           1           3              9       0             2

                        """,
                    stderr: ""
                )
        )
    }

    /// Issue 19: the day's count by roster category comes under the table, its words in the reader's language.
    @Test(arguments: [
        ("C.UTF-8", ["by category:", "CATEGORY  RECORDS  PEOPLE  FEVERS  VISITORS  NOTICES", "home", "visitor"]),
        ("zh_CN.UTF-8", ["按类别：", "类别", "居家", "外来人员"]),
    ])
    func daily_withCategories_printsThemUnderTheTable(language: String, expected: [String]) throws {
        let categories =
            #","per_category":[{"category":"home","records":12,"people":5,"fevers":0,"visitors":0,"notices":2},"#
            + #"{"category":"visitor","records":4,"people":3,"fevers":1,"visitors":4,"notices":0}]}}"#
        let report = String(Self.report.dropLast(2)) + categories
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["report", "daily", "--date", "2020-02-07"], replies: [.line(report)], environment: ["LANG": language])
        #expect(run.status == 0, "\(run)")
        for text in expected { #expect(run.stdout.contains(text), "\(text) in \(run.stdout)") }
        let tail = run.stdout.split(separator: "\n").suffix(2).map(String.init)
        let home = tail.first?.split(separator: " ").dropFirst().map(String.init)
        #expect(home == ["12", "5", "0", "0", "2"], "\(tail)")
    }

    @Test func daily_onATerminal_printsSubtotalAndTotalRowsBold() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["report", "daily", "--date", "2020-02-07"], replies: [.line(Self.report)], onTerminal: true)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 6, "\(run)")
        #expect(lines.count == 6 && !lines[2].contains("\u{1B}[1m"), "a checkpoint row is plain: \(run)")
        for (line, label) in zip(lines.suffix(3), ["(subtotal)", "(no checkpoint)", "(total)"]) {
            #expect(line.contains("\u{1B}[1m\(label)\u{1B}[0m"), "\(line)")
            #expect(line.contains("\u{1B}[1m16\u{1B}[0m") == (label != "(no checkpoint)"), "\(line)")
        }
    }

    @Test func daily_asCSV_startsWithAByteOrderMarkAndEndsLinesWithCRLF() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(
            ["report", "daily", "--date", "yesterday", "--grid", "G7", "--format", "csv"],
            replies: [.line(Self.report)])
        #expect(requests == [#"{"cmd":"report.daily","date":"yesterday","grid":"G7"}"#])
        let header = "GRID,CHECKPOINT,NAME,RECORDS,PEOPLE,TEMP,ENTRY,EXIT,FEVERS,CONFIRMED,CLEARED,MISSED,"
            + "VIOLATIONS,NEW ORDERS,ACTIVE ORDERS,SILENT,MISSING SEQS"
        let lines = [
            header, "G7,gate-3,North gate,16,9,9,3,4,3,1,1,1,1,2,5,0,2", "G7,(subtotal),,16,9,9,3,4,3,1,1,1,1,2,5,0,2",
            ",(no checkpoint),,0,0,0,0,0,0,0,0,0,0,1,4,0,0", ",(total),,16,9,9,3,4,3,1,1,1,1,3,9,0,2",
        ]
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run)")
        // The bytes as written (Foundation's reading of the file would drop the byte order mark).
        let bytes = try #require(FileManager.default.contents(atPath: fixture.directory.file("stdout")))
        #expect(Array(bytes) == [0xEF, 0xBB, 0xBF] + Array(lines.map { $0 + "\r\n" }.joined().utf8))
    }

    @Test func daily_asJSON_printsTheDaemonsResult() throws {
        for flags in [["--format", "json"], ["--json"]] {
            let fixture = try CtlFixture()
            let (run, _) = try fixture.run(
                ["report", "daily", "--date", "today"] + flags, replies: [.line(Self.report)])
            #expect(run == CtlRun(status: 0, stdout: Replies.result(of: Self.report) + "\n", stderr: ""))
        }
    }

    @Test(arguments: ["2020-02-30", "7 Feb", "2020-2-7", "tomorrow"])
    func daily_whenTheDateIsNotADay_exitsTwoWithoutConnecting(date: String) throws {
        let fixture = try CtlFixture()
        let run = try fixture.run(["report", "daily", "--date", date])
        #expect(run.status == 2)
        #expect(
            run.stderr.hasPrefix("Error: --date must be a day as YYYY-MM-DD (2026-12-05), today or yesterday"),
            "\(run)")
    }

    @Test func daily_whenTheDaemonSaysTheGridIsUnknown_exitsOneWithItsMessage() throws {
        let fixture = try CtlFixture()
        let refusal = #"{"ok":false,"error":{"code":"E_NOT_FOUND","message":"no checkpoint was ever registered in "#
            + #"grid G9: checkpointctl checkpoint list shows the grids"}}"#
        let (run, _) = try fixture.run(
            ["report", "daily", "--date", "2020-02-07", "--grid", "G9"], replies: [.line(refusal)])
        #expect(run.status == 1)
        #expect(
            run.stderr
                == "checkpointctl: no checkpoint was ever registered in grid G9: checkpointctl checkpoint list shows "
                + "the grids (E_NOT_FOUND)\n")
    }

    @Test func stats_untilByDay_sendsUntilAndPrintsADayTable() throws {
        let fixture = try CtlFixture()
        let reply = #"""
            {"ok":true,"result":{"records":5,"by_kind":{"TEMP":4,"ENTRY":0,"EXIT":1},"fevers":1,"violations":0,\#
            "open_alerts":1,"active_quarantines":0,"stations_connected":1,"rate_1m":0,\#
            "since":"2020-02-06T00:00:00+08:00","until":"2020-02-08T00:00:00+08:00","per_checkpoint":[],\#
            "per_day":[{"day":"2020-02-06","records":2,"by_kind":{"TEMP":2,"ENTRY":0,"EXIT":0},"fevers":0,\#
            "violations":0},{"day":"2020-02-07","records":3,"by_kind":{"TEMP":2,"ENTRY":0,"EXIT":1},"fevers":1,\#
            "violations":0}]}}
            """#
        let (run, requests) = try fixture.run(
            ["stats", "--since", "2020-02-06T00:00:00+08:00", "--until", "today", "--by", "day"],
            replies: [.line(reply)])
        #expect(requests == [#"{"cmd":"stats","since":"2020-02-06T00:00:00+08:00","until":"today","by":"day"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        since 2020-02-06 00:00 until 2020-02-08 00:00: 5 records (TEMP 4, ENTRY 0, \
                        EXIT 1), 1 fever, 0 violations
                        now: 1 open alert, 0 active quarantine orders, 1 station connected, 0 records/s over the \
                        last minute

                        DAY         RECORDS  TEMP  ENTRY  EXIT  FEVERS  VIOLATIONS
                        2020-02-06        2     2      0     0       0           0
                        2020-02-07        3     2      0     1       1           0

                        """,
                    stderr: ""
                )
        )
    }
}
