import Testing

/// `checkpointctl checkpoint add|list|remove`.
struct CheckpointCommandTests {
    @Test func checkpointList_printsATableWithWidthsFromTheContent() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(["checkpoint", "list"], replies: [.line(Replies.checkpoints)])
        #expect(requests == [#"{"cmd":"checkpoints"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        ID       NAME        GRID  STAFFED      KIND       SITE  STATIONS  CREATED           REMOVED
                        gate-3   North gate  G7    24h          compound   -            2  2020-02-07 08:15  -
                        canteen  -           G12   06:30-20:00  workplace  F1          12  2020-02-07 09:00  \
                        2020-02-08 18:00
                        east     东门        G12   24h          visit      -            0  2020-02-08 07:00  -

                        """,
                    stderr: ""
                )
        )
    }

    @Test func checkpointList_whenThereAreNone_saysHowToAddOne() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(["checkpoint", "list"], replies: [.line(Replies.empty)])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: "no checkpoints yet: add one with `checkpointctl checkpoint add ID --grid GRID`\n",
                    stderr: ""
                )
        )
    }

    @Test func checkpointList_withJSON_printsTheRawResultAsOneLine() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(["checkpoint", "list", "--json"], replies: [.line(Replies.checkpoints)])
        #expect(run == CtlRun(status: 0, stdout: Replies.result(of: Replies.checkpoints) + "\n", stderr: ""))
    }

    @Test func checkpointAdd_sendsOnlyTheGivenArgumentsAndConfirms() throws {
        let fixture = try CtlFixture()
        let row = #"""
            {"ok":true,"result":{"id":"gate-3","name":"North gate","grid":"G7","staffed":"07:00-19:00","stations":0,\#
            "created_at":"2020-02-07T08:15:00+08:00","removed_at":null}}
            """#
        let (run, requests) = try fixture.run(
            ["checkpoint", "add", "gate-3", "--grid", "G7", "--name", "North gate", "--staffed", "07:00-19:00"],
            replies: [.line(row)]
        )
        #expect(
            requests == [
                #"{"cmd":"checkpoint.add","id":"gate-3","grid":"G7","name":"North gate","staffed":"07:00-19:00"}"#
            ]
        )
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: "checkpoint gate-3 \"North gate\" in grid G7, staffed 07:00-19:00 added\n",
                    stderr: ""
                )
        )
    }

    @Test func checkpointAdd_withoutNameOrStaffed_leavesThemToTheDaemon() throws {
        let fixture = try CtlFixture()
        let row = #"""
            {"ok":true,"result":{"id":"canteen","name":"","grid":"G12","staffed":"24h","stations":0,\#
            "created_at":"2020-02-07T08:15:00+08:00","removed_at":null}}
            """#
        let (run, requests) = try fixture.run(["checkpoint", "add", "canteen", "--grid", "G12"], replies: [.line(row)])
        #expect(requests == [#"{"cmd":"checkpoint.add","id":"canteen","grid":"G12"}"#])
        #expect(run == CtlRun(status: 0, stdout: "checkpoint canteen in grid G12, staffed 24h added\n", stderr: ""))
    }

    @Test func checkpointAdd_withJSON_printsTheRow() throws {
        let fixture = try CtlFixture()
        let row = #"""
            {"ok":true,"result":{"id":"canteen","name":"","grid":"G12","staffed":"24h","stations":0,\#
            "created_at":"2020-02-07T08:15:00+08:00","removed_at":null}}
            """#
        let (run, _) = try fixture.run(
            ["checkpoint", "add", "canteen", "--grid", "G12", "--json"],
            replies: [.line(row)]
        )
        #expect(run == CtlRun(status: 0, stdout: Replies.result(of: row) + "\n", stderr: ""))
    }

    @Test func checkpointRemove_withForce_sendsForceAndSaysWhen() throws {
        let fixture = try CtlFixture()
        let row = #"""
            {"ok":true,"result":{"id":"gate-3","name":"North gate","grid":"G7","staffed":"24h","stations":2,\#
            "created_at":"2020-02-07T08:15:00+08:00","removed_at":"2020-02-09T12:00:00+08:00"}}
            """#
        let (run, requests) = try fixture.run(["checkpoint", "remove", "gate-3", "--force"], replies: [.line(row)])
        #expect(requests == [#"{"cmd":"checkpoint.remove","id":"gate-3","force":true}"#])
        #expect(
            run == CtlRun(status: 0, stdout: "checkpoint gate-3 removed at 2020-02-09 12:00\n", stderr: "")
        )
    }

    @Test func checkpointRemove_whenStationsRemain_exitsOneWithTheDaemonsMessageAndCode() throws {
        let fixture = try CtlFixture()
        let refusal = Replies.failure("E_CONFLICT", "checkpoint gate-3 still has 2 stations: revoke them or use force")
        let (run, requests) = try fixture.run(["checkpoint", "remove", "gate-3"], replies: [.line(refusal)])
        #expect(requests == [#"{"cmd":"checkpoint.remove","id":"gate-3"}"#])
        #expect(
            run
                == CtlRun(
                    status: 1,
                    stdout: "",
                    stderr: "checkpointctl: checkpoint gate-3 still has 2 stations: revoke them or use force "
                        + "(E_CONFLICT)\n"
                )
        )
    }

    @Test func checkpointAdd_withKind_sendsItAndSaysItUnlessCompound() throws {
        let fixture = try CtlFixture()
        let row = #"""
            {"ok":true,"result":{"id":"plant-1","name":"Plant 1 gate","grid":"G7","staffed":"24h",\#
            "kind":"workplace","stations":0,"created_at":"2020-02-07T08:15:00+08:00","removed_at":null}}
            """#
        let (run, requests) = try fixture.run(
            ["checkpoint", "add", "plant-1", "--grid", "G7", "--name", "Plant 1 gate", "--kind", "Workplace"],
            replies: [.line(row)]
        )
        let sent = #"{"cmd":"checkpoint.add","id":"plant-1","grid":"G7","name":"Plant 1 gate","kind":"workplace"}"#
        #expect(requests == [sent])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: "checkpoint plant-1 \"Plant 1 gate\" in grid G7, staffed 24h, kind workplace added\n",
                    stderr: ""
                )
        )
    }

    @Test func checkpointSet_kind_sendsOnlyWhatIsGivenAndNamesTheReconnectedStations() throws {
        let fixture = try CtlFixture()
        let row = #"""
            {"ok":true,"result":{"id":"gate-3","name":"North gate","grid":"G7","staffed":"24h","kind":"workplace",\#
            "stations":2,"created_at":"2020-02-07T08:15:00+08:00","removed_at":null,\#
            "reconnected":["gate-3-a","gate-3-b"]}}
            """#
        let (run, requests) = try fixture.run(
            ["checkpoint", "set", "gate-3", "--kind", "workplace"], replies: [.line(row)])
        #expect(requests == [#"{"cmd":"checkpoint.set","id":"gate-3","kind":"workplace"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        checkpoint gate-3 "North gate" in grid G7, staffed 24h, kind workplace changed
                        reconnecting to learn the new kind: gate-3-a, gate-3-b

                        """,
                    stderr: ""
                )
        )
    }

    @Test func checkpointSet_otherFields_sendsThemAndSaysNothingOfReconnecting() throws {
        let fixture = try CtlFixture()
        let row = #"""
            {"ok":true,"result":{"id":"gate-3","name":"Gate 3","grid":"G8","staffed":"07:00-19:00","kind":"compound",\#
            "stations":2,"created_at":"2020-02-07T08:15:00+08:00","removed_at":null,"reconnected":[]}}
            """#
        let (run, requests) = try fixture.run(
            ["checkpoint", "set", "gate-3", "--name", "Gate 3", "--grid", "G8", "--staffed", "07:00-19:00"],
            replies: [.line(row)]
        )
        #expect(
            requests == [#"{"cmd":"checkpoint.set","id":"gate-3","name":"Gate 3","grid":"G8","staffed":"07:00-19:00"}"#]
        )
        #expect(
            run
                == CtlRun(
                    status: 0, stdout: "checkpoint gate-3 \"Gate 3\" in grid G8, staffed 07:00-19:00 changed\n",
                    stderr: "")
        )
    }

    @Test func checkpointSet_whenTheDaemonRefuses_exitsOneWithItsMessage() throws {
        let fixture = try CtlFixture()
        let refusal = Replies.failure("E_NOT_FOUND", "no checkpoint gate-9; `checkpointctl checkpoint list` shows them")
        let (run, _) = try fixture.run(["checkpoint", "set", "gate-9", "--kind", "visit"], replies: [.line(refusal)])
        #expect(
            run
                == CtlRun(
                    status: 1, stdout: "",
                    stderr: "checkpointctl: no checkpoint gate-9; `checkpointctl checkpoint list` shows them "
                        + "(E_NOT_FOUND)\n")
        )
    }

    /// Issue 19: a workplace gate of an enterprise site.
    @Test func checkpointAdd_withSite_sendsItAndSaysIt() throws {
        let fixture = try CtlFixture()
        let row = #"""
            {"ok":true,"result":{"id":"plant-1","name":"","grid":"G7","staffed":"24h","kind":"workplace",\#
            "site":"F1","stations":0,"created_at":"2020-02-07T08:15:00+08:00","removed_at":null}}
            """#
        let (run, requests) = try fixture.run(
            ["checkpoint", "add", "plant-1", "--grid", "G7", "--kind", "workplace", "--site", "F1"],
            replies: [.line(row)])
        #expect(requests == [#"{"cmd":"checkpoint.add","id":"plant-1","grid":"G7","kind":"workplace","site":"F1"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0, stdout: "checkpoint plant-1 in grid G7, staffed 24h, kind workplace, site F1 added\n",
                    stderr: ""))
    }

    @Test(arguments: [("F1", ", site F1"), ("-", "")])
    func checkpointSet_site_attachesOrDetachesWithADash(site: String, shown: String) throws {
        let fixture = try CtlFixture()
        let value = site == "-" ? "null" : #""\#(site)""#
        let row = #"""
            {"ok":true,"result":{"id":"plant-1","name":"","grid":"G7","staffed":"24h","kind":"workplace",\#
            "site":\#(value),"stations":0,"created_at":"2020-02-07T08:15:00+08:00","removed_at":null,\#
            "reconnected":[]}}
            """#
        let (run, requests) = try fixture.run(["checkpoint", "set", "plant-1", "--site", site], replies: [.line(row)])
        #expect(requests == [#"{"cmd":"checkpoint.set","id":"plant-1","site":""# + site + #""}"#])
        #expect(
            run
                == CtlRun(
                    status: 0, stdout: "checkpoint plant-1 in grid G7, staffed 24h, kind workplace\(shown) changed\n",
                    stderr: ""))
    }

    @Test func checkpointAdd_withABadSite_exitsTwoWithoutConnecting() throws {
        let run = try CtlFixture().run(["checkpoint", "add", "plant-1", "--grid", "G7", "--site", "F 1"])
        #expect(run.status == 2, "\(run)")
        #expect(run.stderr.hasPrefix("Error: site 'F 1' is not an id"), "\(run)")
    }

    @Test func checkpointRemove_withJSON_whenNotFound_stillExitsOneOnStderr() throws {
        let fixture = try CtlFixture()
        let refusal = Replies.failure("E_NOT_FOUND", "no checkpoint nope")
        let (run, _) = try fixture.run(["checkpoint", "remove", "nope", "--json"], replies: [.line(refusal)])
        #expect(run == CtlRun(status: 1, stdout: "", stderr: "checkpointctl: no checkpoint nope (E_NOT_FOUND)\n"))
    }
}
