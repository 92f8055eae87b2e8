import Testing

/// `checkpointctl stats`.
struct StatsCommandTests {
    @Test func stats_printsTotalsNowAndAPerCheckpointTable() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(["stats", "--since", "today"], replies: [.line(Replies.stats)])
        #expect(requests == [#"{"cmd":"stats","since":"today"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        since 2020-02-07 00:00: 19 records (TEMP 12, ENTRY 3, EXIT 4), 3 fevers, 1 violation
                        now: 3 open alerts, 1 active quarantine order, 2 stations connected, 0.25 records/s over the last minute

                        CHECKPOINT  NAME        GRID  RECORDS  TEMP  ENTRY  EXIT  FEVERS  VIOLATIONS
                        canteen     Canteen     G7          3     3      0     0       0           0
                        gate-3      North gate  G7         16     9      3     4       3           1

                        """,
                    stderr: ""
                )
        )
    }

    @Test func stats_byHour_printsAnHourTableAndAllRecordsWhenNoSince() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(
            ["stats", "--checkpoint", "gate-3", "--by", "hour"],
            replies: [.line(Replies.statsByHour)]
        )
        #expect(requests == [#"{"cmd":"stats","checkpoint":"gate-3","by":"hour"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        all records kept: 5 records (TEMP 4, ENTRY 0, EXIT 1), 1 fever, 0 violations
                        now: 1 open alert, 0 active quarantine orders, 1 station connected, 0 records/s over the last minute

                        HOUR              RECORDS  TEMP  ENTRY  EXIT  FEVERS  VIOLATIONS
                        2020-02-07 07:00        2     2      0     0       0           0
                        2020-02-07 08:00        3     2      0     1       1           0

                        """,
                    stderr: ""
                )
        )
    }

    @Test func stats_byGrid_whenTheDaemonHasNoRows_saysSo() throws {
        let fixture = try CtlFixture()
        let reply = #"""
            {"ok":true,"result":{"records":0,"by_kind":{"TEMP":0,"ENTRY":0,"EXIT":0},"fevers":0,"violations":0,\#
            "open_alerts":0,"active_quarantines":0,"stations_connected":0,"rate_1m":0,"since":null,\#
            "per_checkpoint":[],"per_grid":[]}}
            """#
        let (run, requests) = try fixture.run(["stats", "--grid", "G7", "--by", "grid"], replies: [.line(reply)])
        #expect(requests == [#"{"cmd":"stats","grid":"G7","by":"grid"}"#])
        #expect(run.status == 0)
        #expect(run.stdout.hasSuffix("\n\nno records in this period\n"))
    }

    /// Issue 19: a row per category of person, and the visitors and notices of the period.
    @Test func stats_byCategory_printsVisitorsNoticesAndACategoryTable() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(
            ["stats", "--since", "today", "--by", "category"], replies: [.line(SiteReplies.statsByCategory)])
        #expect(requests == [#"{"cmd":"stats","since":"today","by":"category"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        since 2020-02-07 00:00: 30 records (TEMP 20, ENTRY 6, EXIT 4), 1 fever, 1 violation, \
                        5 visitors, 2 notices
                        now: 2 open alerts, 1 active quarantine order, 2 stations connected, 0 records/s over the last minute

                        CATEGORY  RECORDS  TEMP  ENTRY  EXIT  FEVERS  VIOLATIONS  VISITORS  NOTICES
                        home           12     6      3     3       0           1         0        2
                        work           10     8      1     1       1           0         0        0
                        visitor         5     3      2     0       0           0         5        0
                        unlisted        3     3      0     0       0           0         0        0

                        """,
                    stderr: ""
                )
        )
    }

    @Test func stats_byCategory_inChinese_namesTheCategories() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["stats", "--by", "category"], replies: [.line(SiteReplies.statsByCategory)],
            environment: ["LANG": "zh_CN.UTF-8"])
        #expect(run.stdout.contains("，5 人次外来人员，2 次提醒\n"), "\(run)")
        #expect(run.stdout.contains("\n类别      记录数  测温  进  出  发烧  违反隔离  外来人员  提醒\n居家 "), "\(run)")
        #expect(run.stdout.contains("\n外来人员       5 ") && run.stdout.contains("\n未登记         3 "), "\(run)")
    }

    @Test func stats_withJSON_printsTheRawResult() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(["stats", "--json"], replies: [.line(Replies.stats)])
        #expect(run == CtlRun(status: 0, stdout: Replies.result(of: Replies.stats) + "\n", stderr: ""))
    }

    @Test func stats_onATerminal_paintsFeversAndViolationsRed() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(["stats"], replies: [.line(Replies.stats)], onTerminal: true)
        #expect(run.stdout.contains("\u{1B}[31m3 fevers\u{1B}[0m, \u{1B}[31m1 violation\u{1B}[0m\n"))
        #expect(run.stdout.contains("       \u{1B}[31m3\u{1B}[0m           \u{1B}[31m1\u{1B}[0m\n"))
    }
}
