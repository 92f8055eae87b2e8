import Testing

/// `checkpointctl station add|list|revoke|rotate`.
struct StationCommandTests {
    static let tokenNotice = """

            token: 3f9a0c5e7b214d8a9e6f1c2b3a4d5e6f

        This token is shown only once; checkpointd keeps only a hash of it. Give it to the station now:
          the station sends    HELLO station=gate-3-c token=3f9a0c5e7b214d8a9e6f1c2b3a4d5e6f
          or save it to FILE:  checkpoint-station --station gate-3-c --token-file FILE

        """

    static let stationTable = """
        ID        CHECKPOINT  STATE        SEQ  MISSING  LAST SEEN         LAST CHANGE
        gate-3-a  gate-3      connected  1-532  4-6,10   2020-02-07 10:02  created 2020-02-07 08:20
        gate-3-b  gate-3      offline        -  -        -                 rotated 2020-02-07 09:00
        old-1     canteen     revoked        7  -        2020-02-07 09:30  revoked 2020-02-08 17:00

        """

    @Test func stationList_printsStateSeqRangeAndLastChange() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(["station", "list"], replies: [.line(Replies.stations)])
        #expect(requests == [#"{"cmd":"stations"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        ID        CHECKPOINT  STATE        SEQ  MISSING  LAST SEEN         LAST CHANGE
                        gate-3-a  gate-3      connected  1-532  4-6,10   2020-02-07 10:02  created 2020-02-07 08:20
                        gate-3-b  gate-3      offline        -  -        -                 rotated 2020-02-07 09:00
                        old-1     canteen     revoked        7  -        2020-02-07 09:30  revoked 2020-02-08 17:00

                        """,
                    stderr: ""
                )
        )
    }

    @Test func stationList_withManyGaps_showsTheFirstRangesAndTheTotal() throws {
        let fixture = try CtlFixture()
        let reply = #"""
            {"ok":true,"result":{"items":[{"id":"gate-3-a","checkpoint":"gate-3","connected":true,"first_seq":1,\#
            "last_seq":900,"last_seen":"2020-02-07T10:02:11+08:00","created_at":"2020-02-07T08:20:00+08:00",\#
            "rotated_at":null,"revoked_at":null,"missing":[[3,3],[5,9],[20,20],[31,70],[100,101]],\#
            "missing_count":49}]}}
            """#
        let (run, _) = try fixture.run(["station", "list"], replies: [.line(reply)])
        #expect(
            run.stdout.split(separator: "\n").last.map(String.init)
                == "gate-3-a  gate-3      connected  1-900  3,5-9,20,31-70,… (49 in all)  2020-02-07 10:02  "
                + "created 2020-02-07 08:20"
        )
    }

    @Test func stationList_whenThereAreNone_saysHowToAddOne() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(["station", "list"], replies: [.line(Replies.empty)])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: "no stations yet: add one with `checkpointctl station add ID --checkpoint CHECKPOINT`\n",
                    stderr: ""
                )
        )
    }

    @Test func stationList_withJSON_printsTheRawResultAsOneLine() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(["station", "list", "--json"], replies: [.line(Replies.stations)])
        #expect(run == CtlRun(status: 0, stdout: Replies.result(of: Replies.stations) + "\n", stderr: ""))
    }

    @Test func stationAdd_printsTheTokenOnceWithHowToUseIt() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(
            ["station", "add", "gate-3-c", "--checkpoint", "gate-3"],
            replies: [.line(Replies.stationAdded)]
        )
        #expect(requests == [#"{"cmd":"station.add","id":"gate-3-c","checkpoint":"gate-3"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: "station gate-3-c added at checkpoint gate-3\n" + Self.tokenNotice,
                    stderr: ""
                )
        )
    }

    @Test func stationAdd_withJSON_printsTheRowWithTheToken() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["station", "add", "gate-3-c", "--checkpoint", "gate-3", "--json"],
            replies: [.line(Replies.stationAdded)]
        )
        #expect(run == CtlRun(status: 0, stdout: Replies.result(of: Replies.stationAdded) + "\n", stderr: ""))
    }

    @Test func stationAdd_whenTheCheckpointIsUnknown_exitsOne() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["station", "add", "gate-3-c", "--checkpoint", "gate-9"],
            replies: [.line(Replies.failure("E_NOT_FOUND", "no checkpoint gate-9"))]
        )
        #expect(run == CtlRun(status: 1, stdout: "", stderr: "checkpointctl: no checkpoint gate-9 (E_NOT_FOUND)\n"))
    }

    @Test func stationRotate_printsTheNewToken() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(["station", "rotate", "gate-3-c"], replies: [.line(Replies.stationAdded)])
        #expect(requests == [#"{"cmd":"station.rotate","id":"gate-3-c"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: "station gate-3-c has a new token; the old one no longer works\n" + Self.tokenNotice,
                    stderr: ""
                )
        )
    }

    @Test func stationRevoke_saysWhenAndThatSessionsWereClosed() throws {
        let fixture = try CtlFixture()
        let row = #"""
            {"ok":true,"result":{"id":"old-1","checkpoint":"canteen","connected":false,"first_seq":7,"last_seq":7,\#
            "last_seen":"2020-02-07T09:30:00+08:00","created_at":"2020-02-07T09:05:00+08:00","rotated_at":null,\#
            "revoked_at":"2020-02-08T17:00:00+08:00"}}
            """#
        let (run, requests) = try fixture.run(["station", "revoke", "old-1"], replies: [.line(row)])
        #expect(requests == [#"{"cmd":"station.revoke","id":"old-1"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        station old-1 revoked at 2020-02-08 17:00; its sessions were closed and its token no longer works

                        """,
                    stderr: ""
                )
        )
    }

    @Test func stationRevoke_withAnUnknownCodeFromANewerDaemon_keepsTheCode() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["station", "revoke", "old-1"],
            replies: [.line(Replies.failure("E_SOMETHING_NEW", "not today"))]
        )
        #expect(run == CtlRun(status: 1, stdout: "", stderr: "checkpointctl: not today (E_SOMETHING_NEW)\n"))
    }
}
