import Testing

/// `checkpointctl status`: two requests on one connection, two lines of output.
struct StatusTests {
    @Test func status_whenHealthy_printsVersionAndHealthLines() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(["status"], replies: [.line(Replies.version), .line(Replies.healthy)])
        #expect(requests == [#"{"cmd":"version"}"#, #"{"cmd":"health"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        checkpointd 0.1.0 up 2h13m, protocol 1, SQLite 3.40.1
                        health: ok  (db writable, last commit 120 ms ago, queue 0)

                        """,
                    stderr: ""
                )
        )
    }

    @Test func status_whenDegraded_saysSoWithTheErrorAndStillExitsZero() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(["status"], replies: [.line(Replies.version), .line(Replies.degraded)])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        checkpointd 0.1.0 up 2h13m, protocol 1, SQLite 3.40.1
                        health: degraded  (db NOT writable, last commit 1m33s ago, queue 412)
                        error: disk I/O error

                        """,
                    stderr: ""
                )
        )
    }

    @Test func status_withJSON_printsBothResultsAsOneLine() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["status", "--json"],
            replies: [.line(Replies.version), .line(Replies.healthy)]
        )
        let expected =
            #"{"version":"# + Replies.result(of: Replies.version) + #","health":"#
            + Replies.result(of: Replies.healthy) + "}\n"
        #expect(run == CtlRun(status: 0, stdout: expected, stderr: ""))
    }

    @Test func status_whenHealthIsRefused_exitsOneWithTheDaemonsMessage() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["status"],
            replies: [.line(Replies.version), .line(Replies.failure("E_DENIED", "not allowed"))]
        )
        #expect(run == CtlRun(status: 1, stdout: "", stderr: "checkpointctl: not allowed (E_DENIED)\n"))
    }
}
