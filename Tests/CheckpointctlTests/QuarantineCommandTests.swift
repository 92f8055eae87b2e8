import Testing

/// `checkpointctl quarantine list|add|release`.
struct QuarantineCommandTests {
    @Test func quarantineList_sendsStateAllAndShowsWhoReleased() throws {
        let fixture = try CtlFixture()
        let reply = #"{"ok":true,"result":{"items":["# + Replies.quarantineRows + "]}}"
        let (run, requests) = try fixture.run(
            ["quarantine", "list", "--all", "--person", "15011112222", "--limit", "10"],
            replies: [.line(reply)]
        )
        #expect(requests == [#"{"cmd":"quarantine.list","person":"15011112222","state":"all","limit":10}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        ORDER  PERSON       START             END               STATE           RELEASED          \
                        RECORD  REASON                         NOTE
                            2  13800138001  2020-02-07 11:23  2020-02-14 11:23  active          \
                        -                      -  confirmed fever                -
                            1  15011112222  2020-02-07 07:40  2020-02-21 07:40  released by li  \
                        2020-02-08 10:00       6  arrival from outside the city  negative test

                        """,
                    stderr: ""
                )
        )
    }

    @Test func quarantineList_ofAGrid_showsLastReadingNextDeadlineAndWhoIsNotYetMeasured() throws {
        let fixture = try CtlFixture()
        let reply = #"""
            {"ok":true,"result":{"items":[{"id":5,"person":"138****0005","start":"2026-12-09T23:00:00+08:00",\#
            "end":"2026-12-23T23:00:00+08:00","active":true,"status":"active","record_id":null,"reason":"test",\#
            "note":null,"released_at":null,"released_by":null,"grid":"ga","last_reading":null,\#
            "next_deadline":"2026-12-10T12:00:00+08:00","window_opens":"2026-12-10T00:30:00+08:00",\#
            "read_in_window":false},{"id":1,"person":"138****0001","start":"2026-12-09T10:00:00+08:00",\#
            "end":"2026-12-23T10:00:00+08:00","active":true,"status":"active","record_id":null,"reason":"test",\#
            "note":null,"released_at":null,"released_by":null,"grid":"ga","last_reading":\#
            {"at":"2026-12-10T00:35:00+08:00","temp":"36.4","checkpoint":"visit-a"},\#
            "next_deadline":"2026-12-10T12:00:00+08:00","window_opens":"2026-12-10T00:30:00+08:00",\#
            "read_in_window":true}]}}
            """#
        let (run, requests) = try fixture.run(["quarantine", "list", "--grid", "ga"], replies: [.line(reply)])
        #expect(requests == [#"{"cmd":"quarantine.list","grid":"ga"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        ORDER  PERSON       GRID  START             END               STATE   LAST READING                   \
                        NEXT DEADLINE     MEASURED  RECORD  REASON  NOTE
                            5  138****0005  ga    2026-12-09 23:00  2026-12-23 23:00  active  -                              \
                        2026-12-10 12:00  no             -  test    -
                            1  138****0001  ga    2026-12-09 10:00  2026-12-23 10:00  active  2026-12-10 00:35 36.4 visit-a  \
                        2026-12-10 12:00  yes            -  test    -

                        2 under quarantine, 1 not yet measured in this window

                        """,
                    stderr: ""
                )
        )
        let (chinese, _) = try CtlFixture().run(["quarantine", "list", "--grid", "ga", "--lang", "zh"], replies: [.line(reply)])
        #expect(chinese.stdout.contains("在隔离 2 人，本时段尚未测温 1 人"), "\(chinese.stdout)")
        #expect(chinese.stdout.contains("下次截止"), "\(chinese.stdout)")
    }

    @Test func quarantineList_withoutAll_asksForActiveOnesAndSaysWhenThereAreNone() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(["quarantine", "list"], replies: [.line(Replies.empty)])
        #expect(requests == [#"{"cmd":"quarantine.list"}"#])
        #expect(run == CtlRun(status: 0, stdout: "no active quarantine orders\n", stderr: ""))
    }

    @Test func quarantineList_onATerminal_dimsOrdersThatAreNotActive() throws {
        let fixture = try CtlFixture()
        let reply = #"{"ok":true,"result":{"items":["# + Replies.quarantineRows + "]}}"
        let (run, _) = try fixture.run(["quarantine", "list", "--all"], replies: [.line(reply)], onTerminal: true)
        #expect(run.stdout.contains("\u{1B}[2mreleased by li\u{1B}[0m"))
        #expect(run.stdout.contains("  active  "))
    }

    @Test func quarantineAdd_sendsEveryArgumentAndConfirms() throws {
        let fixture = try CtlFixture()
        let reply = #"""
            {"ok":true,"result":{"id":3,"person":"other:E12345678","start":"2020-02-07T00:00:00+08:00",\#
            "end":"2020-02-14T00:00:00+08:00","active":true,"record_id":null,"reason":"arrived from Wuhan",\#
            "note":"flight CZ3456","released_at":null,"released_by":null,"grid":"G7"}}
            """#
        let (run, requests) = try fixture.run(
            [
                "quarantine", "add", "other:E12345678", "--reason", "arrived from Wuhan", "--days", "7", "--start",
                "today", "--note", "flight CZ3456", "--grid", "G7",
            ],
            replies: [.line(reply)]
        )
        #expect(
            requests == [
                #"{"cmd":"quarantine.add","person":"other:E12345678","days":7,"start":"today","#
                    + #""reason":"arrived from Wuhan","note":"flight CZ3456","grid":"G7"}"#
            ]
        )
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        quarantine order 3 for other:E12345678: 2020-02-07 00:00 until 2020-02-14 00:00 added (grid G7)

                        """,
                    stderr: ""
                )
        )
    }

    @Test func quarantineAdd_whenAnOrderIsActive_exitsOne() throws {
        let fixture = try CtlFixture()
        let refusal = Replies.failure(
            "E_CONFLICT",
            "138****8001 is already under an active quarantine order; release it first to change it"
        )
        let (run, _) = try fixture.run(
            ["quarantine", "add", "13800138001", "--reason", "contact"],
            replies: [.line(refusal)]
        )
        #expect(run.status == 1)
        #expect(run.stdout == "")
        #expect(run.stderr.hasSuffix("release it first to change it (E_CONFLICT)\n"))
    }

    @Test func quarantineRelease_sendsNoteAndByAndShowsTheReleasedOrder() throws {
        let fixture = try CtlFixture()
        let reply = #"""
            {"ok":true,"result":{"id":1,"person":"15011112222","start":"2020-02-07T07:40:00+08:00",\#
            "end":"2020-02-21T07:40:00+08:00","active":false,"status":"released","record_id":6,\#
            "reason":"arrival from outside the city","note":"negative test","released_at":"2020-02-08T10:00:00+08:00",\#
            "released_by":"li"}}
            """#
        let (run, requests) = try fixture.run(
            ["quarantine", "release", "15011112222", "--note", "negative test", "--by", "li"],
            replies: [.line(reply)]
        )
        #expect(
            requests == [#"{"cmd":"quarantine.release","person":"15011112222","note":"negative test","by":"li"}"#]
        )
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        released quarantine order 1 for 15011112222: 2020-02-07 07:40 until 2020-02-21 07:40, by li at 2020-02-08 10:00

                        """,
                    stderr: ""
                )
        )
    }

    @Test func quarantineRelease_withJSON_printsTheRawResult() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(
            ["quarantine", "release", "15011112222", "--json"],
            replies: [.line(Replies.empty)]
        )
        #expect(requests == [#"{"cmd":"quarantine.release","person":"15011112222"}"#])
        #expect(run == CtlRun(status: 0, stdout: #"{"items":[]}"# + "\n", stderr: ""))
    }
}
