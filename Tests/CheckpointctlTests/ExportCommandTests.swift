import Testing

/// `checkpointctl export`: rows to stdout exactly, the summary to stderr.
struct ExportCommandTests {
    @Test func export_csv_writesTheHeaderAndRowsExactlyAndTheSummaryToStderr() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(
            ["export", "--since", "today", "--until", "now", "--reason", "daily report"],
            replies: [.lines(Replies.exportCSV + [Replies.rows(2)])]
        )
        #expect(requests == [#"{"cmd":"export","since":"today","until":"now","reason":"daily report"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: Replies.exportCSV.map { $0 + "\n" }.joined(),
                    stderr: "exported 2 rows\n"
                )
        )
    }

    @Test func export_jsonl_leavesOutTheColumnsHeaderSoEveryLineIsARecord() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(
            ["export", "--since", "2020-02-07T00:00:00+08:00", "--format", "jsonl", "--reason", "review"],
            replies: [.lines(Replies.exportJSONL + [Replies.rows(1)])]
        )
        #expect(
            requests == [
                #"{"cmd":"export","since":"2020-02-07T00:00:00+08:00","format":"jsonl","reason":"review"}"#
            ]
        )
        #expect(run == CtlRun(status: 0, stdout: Replies.exportJSONL[1] + "\n", stderr: "exported 1 row\n"))
    }

    @Test func export_withJSON_writesTheDaemonsResultToStderr() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["export", "--since", "today", "--reason", "r", "--json"],
            replies: [.lines([Replies.exportCSV[0], Replies.rows(0)])]
        )
        #expect(run == CtlRun(status: 0, stdout: Replies.exportCSV[0] + "\n", stderr: #"{"rows":0}"# + "\n"))
    }

    @Test func export_aQuotedFieldSpanningLines_isCopiedWholeEvenWhenALineLooksLikeAReply() throws {
        let fixture = try CtlFixture()
        let rows = [
            Replies.exportCSV[0],
            #"9,2020-02-07T08:00:00+08:00,TEMP,13800138000,36.6,pass,,"two"#,
            #"{"ok":true} lines",gate-3,North gate,G7,gate-3-a,9"#,
        ]
        let (run, _) = try fixture.run(
            ["export", "--since", "today", "--reason", "r"],
            replies: [.lines(rows + [Replies.rows(1)])]
        )
        #expect(run == CtlRun(status: 0, stdout: rows.map { $0 + "\n" }.joined(), stderr: "exported 1 row\n"))
    }

    @Test func export_whenRefusedAtOnce_exitsOneWithNothingOnStdout() throws {
        let fixture = try CtlFixture()
        let refusal = Replies.failure("E_ARG", "since must be RFC 3339")
        let (run, _) = try fixture.run(["export", "--since", "yesterday", "--reason", "r"], replies: [.line(refusal)])
        #expect(run == CtlRun(status: 1, stdout: "", stderr: "checkpointctl: since must be RFC 3339 (E_ARG)\n"))
    }

    @Test func export_whenTheDaemonEndsWithAnError_keepsWhatCameAndExitsOne() throws {
        let fixture = try CtlFixture()
        let failure = Replies.failure("E_UNAVAILABLE", "the database cannot be used right now: disk I/O error")
        let (run, _) = try fixture.run(
            ["export", "--since", "today", "--reason", "r"],
            replies: [.lines(Array(Replies.exportCSV.prefix(2)) + [failure])]
        )
        #expect(
            run
                == CtlRun(
                    status: 1,
                    stdout: Replies.exportCSV.prefix(2).map { $0 + "\n" }.joined(),
                    stderr: "checkpointctl: the database cannot be used right now: disk I/O error (E_UNAVAILABLE)\n"
                )
        )
    }

    @Test func export_whenTheConnectionDropsMidway_exitsThreeSayingTheOutputIsIncomplete() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["export", "--since", "today", "--reason", "r"],
            replies: [.lines(Array(Replies.exportCSV.prefix(2)))]
        )
        #expect(
            run
                == CtlRun(
                    status: 3,
                    stdout: Replies.exportCSV.prefix(2).map { $0 + "\n" }.joined(),
                    stderr: """
                        checkpointctl: checkpointd at \(fixture.socketPath) closed the connection in the middle of \
                        the export, after 2 lines; the output is incomplete
                        checkpointctl: see the daemon's log (journalctl -u checkpointd) for why, and export again

                        """
                )
        )
    }
}
