import Foundation
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

    /// Issue 16 point 3: with `alert_command` set, a third line counts its runs; without it, nothing more.
    @Test func status_withAnAlertCommand_printsItsCountsOnALineOfTheirOwn() throws {
        let fixture = try CtlFixture()
        let health = #"""
            {"ok":true,"result":{"status":"ok","db_writable":true,"last_commit_age_ms":120,"queue_depth":0,\#
            "alert_command":{"configured":true,"queued":2,"running":1,"succeeded":41,"failed":1,"retried":3,\#
            "timed_out":1,"dropped":0}}}
            """#
        let (run, _) = try fixture.run(["status"], replies: [.line(Replies.version), .line(health)])
        #expect(
            run.stdout == """
                checkpointd 0.1.0 up 2h13m, protocol 1, SQLite 3.40.1
                health: ok  (db writable, last commit 120 ms ago, queue 0)
                alert command: 2 queued, 1 running, 41 succeeded, 1 failed, 3 retried, 1 timed out, 0 dropped

                """)
        let off = health.replacingOccurrences(of: #""configured":true"#, with: #""configured":false"#)
        let (quiet, _) = try CtlFixture().run(["status"], replies: [.line(Replies.version), .line(off)])
        #expect(!quiet.stdout.contains("alert command"), "\(quiet.stdout)")
    }
}
