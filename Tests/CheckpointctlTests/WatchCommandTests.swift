import Testing

/// `checkpointctl watch`: one line per event, until the daemon closes (0), drops the watcher (1) or Ctrl-C (0).
struct WatchCommandTests {
    @Test func watch_printsOneLinePerEventAndExitsZeroWhenTheDaemonCloses() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(
            ["watch", "--types", "alert,record"],
            replies: [.lines([Replies.watching] + Replies.watchEvents)]
        )
        #expect(requests == [#"{"cmd":"watch","types":"alert,record"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: Replies.watchLines,
                    stderr: """
                        watching alert,record on \(fixture.socketPath); Ctrl-C to stop
                        checkpointctl: checkpointd at \(fixture.socketPath) closed the connection; watch ended

                        """
                )
        )
    }

    @Test func watch_withoutTypes_leavesThemToTheDaemon() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(
            ["watch"],
            replies: [.lines([#"{"ok":true,"result":{"watching":["alert"]}}"#])]
        )
        #expect(requests == [#"{"cmd":"watch"}"#])
        #expect(run.status == 0)
        #expect(run.stdout == "")
    }

    @Test func watch_withJSON_printsTheRawEventLines() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["watch", "--types", "record,alert,record", "--json"],
            replies: [.lines([Replies.watching] + Replies.watchEvents)]
        )
        #expect(run.status == 0)
        #expect(run.stdout == Replies.watchEvents.map { $0 + "\n" }.joined())
        #expect(
            run.stderr == "checkpointctl: checkpointd at \(fixture.socketPath) closed the connection; watch ended\n"
        )
    }

    @Test func watch_sendsTypesOnceEachInTheOrderGiven() throws {
        let fixture = try CtlFixture()
        let (_, requests) = try fixture.run(
            ["watch", "--types", "record,alert,record"],
            replies: [.lines([Replies.watching])]
        )
        #expect(requests == [#"{"cmd":"watch","types":"record,alert"}"#])
    }

    @Test func watch_whenDroppedForFallingBehind_exitsOne() throws {
        let fixture = try CtlFixture()
        let dropped = Replies.failure(
            "E_BUSY",
            "this watcher fell more than 10000 events behind and was dropped; reconnect"
        )
        let (run, _) = try fixture.run(
            ["watch", "--types", "alert,record"],
            replies: [.lines([Replies.watching, Replies.watchEvents[1], dropped])]
        )
        #expect(
            run
                == CtlRun(
                    status: 1,
                    stdout: "-- 2020-02-07 --\n11:23:26 TEMP #22 18612345678 38.4 fever at gate-3/gate-3-b seq 7\n",
                    stderr: """
                        watching alert,record on \(fixture.socketPath); Ctrl-C to stop
                        checkpointctl: this watcher fell more than 10000 events behind and was dropped; reconnect \
                        (E_BUSY)

                        """
                )
        )
    }

    @Test func watch_whenTheTypesAreRefused_exitsOne() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["watch"],
            replies: [.line(Replies.failure("E_ARG", "types must be alert, record or alert,record"))]
        )
        #expect(
            run
                == CtlRun(
                    status: 1,
                    stdout: "",
                    stderr: "checkpointctl: types must be alert, record or alert,record (E_ARG)\n"
                )
        )
    }

    @Test func watch_onCtrlC_exitsZeroQuietlyWithEveryLineWritten() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["watch", "--types", "alert,record"],
            replies: [.lines([Replies.watching] + Replies.watchEvents)],
            interruptAfter: "while staffed (24h)\n"
        )
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: Replies.watchLines,
                    stderr: "watching alert,record on \(fixture.socketPath); Ctrl-C to stop\n"
                )
        )
    }

    @Test func watch_onATerminal_paintsFeverRedEscalationBoldAndAckedDim() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["watch", "--types", "alert,record"],
            replies: [.lines([Replies.watching] + Replies.watchEvents)],
            onTerminal: true
        )
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 9)
        #expect(
            lines[1]
                == "23:59:00 \u{1B}[31mFEVER\u{1B}[0m #1 13800138001 at gate-3/gate-3-a: temp=38.2, recheck confirmed"
        )
        #expect(lines[3] == "11:23:26 TEMP #22 18612345678 38.4 \u{1B}[31mfever\u{1B}[0m at gate-3/gate-3-b seq 7")
        #expect(
            lines[4]
                == "11:25:10 \u{1B}[1mESCALATED\u{1B}[0m \u{1B}[1;31mVIOLATION\u{1B}[0m \u{1B}[1m#2\u{1B}[0m "
                + "\u{1B}[1m15011112222\u{1B}[0m \u{1B}[1mat gate-3/gate-3-a\u{1B}[0m"
        )
        #expect(lines[5].hasPrefix("11:26:00 \u{1B}[2;31mFEVER\u{1B}[0m \u{1B}[2m#1\u{1B}[0m "))
        #expect(lines[6].hasPrefix("11:27:00 \u{1B}[2;31mVIOLATION\u{1B}[0m "))
        #expect(lines[7] == "11:29:30 \u{1B}[31mVIOLATION\u{1B}[0m #8 13700137000 at plant-1/plant-1-a: case of 3 "
            + "violations, first 11:28:00")
    }
}

extension WatchCommandTests {
    @Test func watch_anOpenAlertEscalatedEarlier_isBoldAndSaysWhen() throws {
        let fixture = try CtlFixture()
        let replayed = #"""
            {"event":"alert","alert":{"id":2,"type":"VIOLATION","at":"2020-02-07T09:50:00+08:00",\#
            "person":"15011112222","checkpoint":"gate-3","station":"gate-3-a","record_id":12,"state":"open",\#
            "recheck":null,"escalated_at":"2020-02-07T11:25:10.003+08:00","acked_at":null,"acked_by":null,\#
            "note":null,"detail":null}}
            """#
        let (plain, _) = try fixture.run(["watch"], replies: [.lines([Replies.watching, replayed])])
        #expect(
            plain.stdout
                == "-- 2020-02-07 --\n09:50:00 VIOLATION #2 15011112222 at gate-3/gate-3-a: escalated 11:25:10\n"
        )
        let terminalFixture = try CtlFixture()
        let (painted, _) = try terminalFixture.run(
            ["watch"],
            replies: [.lines([Replies.watching, replayed])],
            onTerminal: true
        )
        #expect(painted.stdout.contains("\u{1B}[1;31mVIOLATION\u{1B}[0m \u{1B}[1m#2\u{1B}[0m"))
    }
}
