import Testing

/// `checkpointctl trace` and `checkpointctl records`.
struct TraceCommandTests {
    @Test func trace_printsRecordsInTimeOrderThenQuarantineOrders() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(
            ["trace", "15011112222", "--reason", "violation alert 2"],
            replies: [.line(Replies.trace)]
        )
        #expect(requests == [#"{"cmd":"trace","person":"15011112222","reason":"violation alert 2"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        15011112222 since 2020-01-23 11:26: 2 records, 1 quarantine order

                        ID  AT                KIND            TEMP  VERDICT     CHECKPOINT  NAME        GRID  \
                        STATION   SEQ  NOTE
                         6  2020-02-07 07:40  ENTRY(outside)  36.5  quarantine  gate-3      North gate  G7    \
                        gate-3-a    6  arrived by train
                        12  2020-02-07 09:50  EXIT               -  violation   gate-3      北门        G7    \
                        gate-3-a   13  -

                        ORDER  START             END               STATE   RECORD  REASON                         NOTE
                            1  2020-02-07 07:40  2020-02-21 07:40  active       6  arrival from outside the city  -

                        """,
                    stderr: ""
                )
        )
    }

    @Test func trace_withDays_sendsThemAsANumber() throws {
        let fixture = try CtlFixture()
        let (_, requests) = try fixture.run(
            ["trace", "+86 138-0013-8000", "--days", "3", "--reason", "contact"],
            replies: [.line(Replies.trace)]
        )
        #expect(requests == [#"{"cmd":"trace","person":"+86 138-0013-8000","days":3,"reason":"contact"}"#])
    }

    @Test func trace_withNoRecords_saysSoInOneLine() throws {
        let fixture = try CtlFixture()
        let reply = #"""
            {"ok":true,"result":{"person":"13800138000","since":"2020-01-23T11:00:00+08:00","items":[],\#
            "quarantines":[]}}
            """#
        let (run, _) = try fixture.run(["trace", "13800138000", "--reason", "check"], replies: [.line(reply)])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: "13800138000 since 2020-01-23 11:00: 0 records, 0 quarantine orders\n",
                    stderr: ""
                )
        )
    }

    @Test func trace_withJSON_printsTheRawResult() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["trace", "15011112222", "--reason", "r", "--json"],
            replies: [.line(Replies.trace)]
        )
        #expect(run == CtlRun(status: 0, stdout: Replies.result(of: Replies.trace) + "\n", stderr: ""))
    }

    @Test func trace_whenThePersonIsRefused_exitsOne() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["trace", "12345", "--reason", "r"],
            replies: [.line(Replies.failure("E_ARG", "person: not a mobile number, resident ID or other: id"))]
        )
        #expect(run.status == 1)
        #expect(run.stderr == "checkpointctl: person: not a mobile number, resident ID or other: id (E_ARG)\n")
    }

    @Test func records_printsATableNewestFirst() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(["records"], replies: [.line(Replies.records)])
        #expect(requests == [#"{"cmd":"records"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        ID  AT                KIND            PERSON       TEMP  VERDICT     CHECKPOINT  STATION   \
                        SEQ  NOTE
                        12  2020-02-07 09:50  EXIT            15011112222     -  violation   gate-3      gate-3-a   \
                        13  -
                         6  2020-02-07 07:40  ENTRY(outside)  15011112222  36.5  quarantine  gate-3      gate-3-a    \
                        6  arrived by train

                        """,
                    stderr: ""
                )
        )
    }

    @Test func records_sendsEveryFilterGiven() throws {
        let fixture = try CtlFixture()
        let (_, requests) = try fixture.run(
            [
                "records", "--checkpoint", "gate-3", "--person", "13800138000", "--kind", "exit", "--since", "today",
                "--until", "now", "--limit", "500",
            ],
            replies: [.line(Replies.empty)]
        )
        #expect(
            requests == [
                #"{"cmd":"records","checkpoint":"gate-3","person":"13800138000","kind":"EXIT","since":"today","#
                    + #""until":"now","limit":500}"#
            ]
        )
    }

    @Test func records_whenNoneMatch_saysSo() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(["records", "--kind", "TEMP"], replies: [.line(Replies.empty)])
        #expect(run == CtlRun(status: 0, stdout: "no records match\n", stderr: ""))
    }

    @Test func records_onATerminal_paintsViolationRedAndNewQuarantineYellow() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(["records"], replies: [.line(Replies.records)], onTerminal: true)
        #expect(run.stdout.contains("\u{1B}[31mviolation\u{1B}[0m"))
        #expect(run.stdout.contains("\u{1B}[33mquarantine\u{1B}[0m"))
    }

    @Test func records_withJSON_printsTheRawResult() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(["records", "--json"], replies: [.line(Replies.records)])
        #expect(run == CtlRun(status: 0, stdout: Replies.result(of: Replies.records) + "\n", stderr: ""))
    }
}
