import CheckpointTestSupport
import Testing

/// `checkpointctl presence`, `audit`, `backup` and `reload`.
struct PresenceAuditTests {
    @Test func presence_printsInsideCountAndWhoIsOutTooLong() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(["presence", "--grid", "G7"], replies: [.line(Replies.presence)])
        #expect(requests == [#"{"cmd":"presence","grid":"G7"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        grid G7: 2 inside, 2 people out for more than 12h

                        PERSON           LAST EXIT         CHECKPOINT
                        13700001111      2020-02-06 18:05  gate-3
                        other:E12345678  2020-02-06 19:40  gate-4

                        """,
                    stderr: ""
                )
        )
    }

    @Test func presence_whenNobodyIsOut_printsOneLine() throws {
        let fixture = try CtlFixture()
        let reply = #"{"ok":true,"result":{"inside":0,"out_after_s":5400,"items":[]}}"#
        let (run, requests) = try fixture.run(["presence", "--checkpoint", "gate-3"], replies: [.line(reply)])
        #expect(requests == [#"{"cmd":"presence","checkpoint":"gate-3"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: "checkpoint gate-3: 0 inside, 0 people out for more than 1h30m\n",
                    stderr: ""
                )
        )
    }

    @Test func presence_withJSON_printsTheRawResult() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(["presence", "--grid", "G7", "--json"], replies: [.line(Replies.presence)])
        #expect(run == CtlRun(status: 0, stdout: Replies.result(of: Replies.presence) + "\n", stderr: ""))
    }

    @Test func audit_printsWhoLookedUpWhomOrWhatRangeAndWhy() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(
            ["audit", "--since", "7d", "--limit", "2"],
            replies: [.line(Replies.audit)]
        )
        #expect(requests == [#"{"cmd":"audit","since":"7d","limit":2}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        AT                 UID   GID  CMD     SUBJECT                             REASON
                        2020-02-07 11:26  1000  1000  trace   15011112222                         violation alert 2
                        2020-02-07 11:23     0     0  export  2020-02-07 00:00..2020-02-08 00:00  daily report

                        """,
                    stderr: ""
                )
        )
    }

    @Test func audit_whenEmpty_saysSo() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(["audit"], replies: [.line(Replies.empty)])
        #expect(run == CtlRun(status: 0, stdout: "no audited lookups\n", stderr: ""))
    }

    @Test func backup_sendsTheFileNameAndTheReasonAsTheyAre() throws {
        let fixture = try CtlFixture()
        let reply = #"{"ok":true,"result":{"path":"/var/lib/checkpointd/backups/cp.db","bytes":102400}}"#
        let (run, requests) = try fixture.run(["backup", "cp.db", "--reason", "nightly"], replies: [.line(reply)])
        #expect(requests == [#"{"cmd":"backup","path":"cp.db","reason":"nightly"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0, stdout: "backed up the database to /var/lib/checkpointd/backups/cp.db (102400 bytes)\n",
                    stderr: ""))
    }

    @Test func backup_exitsOneWhenTheDaemonRefusesTheName() throws {
        let fixture = try CtlFixture()
        let refusal = Replies.failure("E_ARG", "cp.db exists in backup_dir and backups never replace a file")
        let (run, _) = try fixture.run(["backup", "cp.db", "--reason", "nightly"], replies: [.line(refusal)])
        #expect(
            run
                == CtlRun(
                    status: 1, stdout: "",
                    stderr: "checkpointctl: cp.db exists in backup_dir and backups never replace a file (E_ARG)\n"))
    }

    @Test func check_whenHealthy_printsOkAndExitsZero() throws {
        let fixture = try CtlFixture()
        let reply = #"{"ok":true,"result":{"integrity":"ok","database":"/db/cp.db","problems":[]}}"#
        let (run, requests) = try fixture.run(["check"], replies: [.line(reply)])
        #expect(requests == [#"{"cmd":"check"}"#])
        #expect(run == CtlRun(status: 0, stdout: "/db/cp.db: ok\n", stderr: ""))
    }

    @Test func check_whenDamaged_listsTheProblemsAndExitsOne() throws {
        let fixture = try CtlFixture()
        let reply = #"{"ok":true,"result":{"integrity":"damaged","database":"/db/cp.db","problems":["# + "\"Page 7: btreeInitPage() returns error code 11\",\"row 3 missing from index records_station_seq\"]}}"
        let (run, _) = try fixture.run(["check"], replies: [.line(reply)])
        #expect(run.status == 1)
        #expect(
            run.stdout
                == "/db/cp.db: damaged, 2 problems\n  Page 7: btreeInitPage() returns error code 11\n"
                + "  row 3 missing from index records_station_seq\n")
        #expect(run.stderr.contains("the database is damaged"))
    }

    @Test func reload_printsTheDaemonsSummary() throws {
        let fixture = try CtlFixture()
        let reply = #"{"ok":true,"result":{"reloaded":true,"summary":"rules and limits applied"}}"#
        let (run, requests) = try fixture.run(["reload"], replies: [.line(reply)])
        #expect(requests == [#"{"cmd":"reload"}"#])
        #expect(run == CtlRun(status: 0, stdout: "configuration reloaded: rules and limits applied\n", stderr: ""))
    }

    @Test func reload_whenTheFileIsBad_exitsOneAndTheOldOneStays() throws {
        let fixture = try CtlFixture()
        let refusal = Replies.failure(
            "E_ARG",
            "/etc/checkpointd/checkpointd.conf:7: fever_threshold: not a temperature"
        )
        let (run, _) = try fixture.run(["reload", "--json"], replies: [.line(refusal)])
        #expect(
            run
                == CtlRun(
                    status: 1,
                    stdout: "",
                    stderr: "checkpointctl: /etc/checkpointd/checkpointd.conf:7: fever_threshold: not a temperature "
                        + "(E_ARG)\n"
                )
        )
    }
}
