import CheckpointTestSupport
import Testing

/// The exit statuses (SPEC §4): 2 for usage errors, 3 when the daemon cannot be reached, `--help` 0.
struct ExitStatusTests {
    @Test(arguments: [
        (["status", "--bogus"], "Error: Unknown option '--bogus'"),
        (["checkpoint", "add", "gate-3"], "Error: Missing expected argument '--grid <grid>'"),
        (["station", "add", "gate-3-a"], "Error: Missing expected argument '--checkpoint <id>'"),
        (["station", "revoke"], "Error: Missing expected argument '<id>'"),
        (["checkpoint", "frobnicate"], "Error: Unexpected argument 'frobnicate'"),
        (
            ["checkpoint", "add", "plant-1", "--grid", "G7", "--kind", "factory"],
            "Error: The value 'factory' is invalid for '--kind <kind>'. Please provide one of 'compound', 'workplace' "
                + "or 'visit'."
        ),
        (
            ["checkpoint", "set", "plant-1", "--kind", "office"],
            "Error: The value 'office' is invalid for '--kind <kind>'. Please provide one of 'compound', 'workplace' "
                + "or 'visit'."
        ),
        (["checkpoint", "set", "plant-1"], "Error: nothing to change: give --kind, --name, --grid, --staffed or --site"),
        (["checkpoint", "set", "--kind", "visit"], "Error: Missing expected argument '<id>'"),
        (
            ["checkpoint", "set", "plant-1", "--grid", "G 7"],
            "Error: grid 'G 7' is not an id: use 1-32 of A-Z a-z 0-9 _ . - starting with a letter or digit"
        ),
        (
            ["checkpoint", "add", "gate 3", "--grid", "G7"],
            "Error: checkpoint 'gate 3' is not an id: use 1-32 of A-Z a-z 0-9 _ . - starting with a letter or digit"
        ),
        (["stats", "--checkpoint", "gate-3", "--grid", "G7"], "Error: give --checkpoint or --grid, not both"),
        (
            ["stats", "--by", "week"],
            "Error: The value 'week' is invalid for '--by <grouping>'. Please provide one of 'checkpoint', 'grid', "
                + "'hour', 'day' or 'category'."
        ),
        (["alerts", "--limit", "0"], "Error: --limit must be 1 or more, not 0"),
        (
            ["alerts", "--state", "closed"],
            "Error: The value 'closed' is invalid for '--state <state>'. Please provide one of 'open', 'acked' or "
                + "'all'."
        ),
        // Seven types (issue 19 added SITE and RECHECK_DUE): ArgumentParser lists them a line each after this one.
        (["alerts", "--type", "cough"], "Error: The value 'cough' is invalid for '--type <type>'. Please provide one "
            + "of the following:"),
        (["ack"], "Error: Missing expected argument '<id>'"),
        (["ack", "seven"], "Error: The value 'seven' is invalid for '<id>'"),
        (["trace", "13800138000"], "Error: Missing expected argument '--reason <text>'"),
        (["trace", "13800138000", "--reason", " "], "Error: --reason must say why: every trace is audited"),
        (["trace", "13800138000", "--reason", "r", "--days", "0"], "Error: --days must be 1 or more, not 0"),
        (["records", "--kind", "lookup"], "Error: The value 'lookup' is invalid for '--kind <kind>'. Please provide "
            + "one of 'TEMP', 'ENTRY' or 'EXIT'."),
        (["presence"], "Error: give --checkpoint ID or --grid ID"),
        (["presence", "--checkpoint", "a", "--grid", "G7"], "Error: give --checkpoint or --grid, not both"),
        (["quarantine", "add", "13800138000"], "Error: Missing expected argument '--reason <text>'"),
        (["quarantine", "list", "--all", "--active"], "Error: Unknown option '--active'"),
        (["export", "--reason", "r"], "Error: Missing expected argument '--since <time>'"),
        (["export", "--since", "today"], "Error: Missing expected argument '--reason <text>'"),
        (
            ["export", "--since", "today", "--reason", "r", "--format", "xlsx"],
            "Error: The value 'xlsx' is invalid for '--format <format>'. Please provide one of 'csv' and 'jsonl'."
        ),
        (["backup"], "Error: Missing expected argument '<name>'"),
        (["backup", "copy.db"], "Error: Missing expected argument '--reason <text>'"),
        (["backup", "/srv/copy.db", "--reason", "r"], "Error: NAME must be a file name inside the daemon's backup_dir, "
            + "without '/' and not starting with '.'"),
        (["watch", "--types", "alerts"], "Error: The value 'alerts' is invalid for '--types <types>'. Please provide "
            + "one of 'alert', 'record' or 'alert,record'."),
    ])
    func usage_whenTheCommandLineIsWrong_exitsTwoWithoutConnecting(arguments: [String], firstLine: String) throws {
        let fixture = try CtlFixture()
        let run = try fixture.run(arguments)
        #expect(run.status == 2)
        #expect(run.stdout == "")
        #expect(run.stderr.split(separator: "\n").first.map(String.init) == firstLine)
        #expect(run.stderr.contains("Usage: checkpointctl "))
    }

    @Test func connect_whenNoSocketExists_exitsThreeNamingThePathAndWhatToDo() throws {
        let fixture = try CtlFixture()
        let path = fixture.directory.file("missing.sock")
        let run = try fixture.run(["status", "--socket", path])
        #expect(
            run
                == CtlRun(
                    status: 3,
                    stdout: "",
                    stderr: """
                        checkpointctl: cannot reach checkpointd at \(path) (from --socket): No such file or directory
                        checkpointctl: is checkpointd running? start it, or pass --socket PATH / set CHECKPOINTD_CONTROL

                        """
                )
        )
    }

    @Test func connect_whenNothingListens_exitsThreeSayingTheSocketIsStale() throws {
        let fixture = try CtlFixture()
        // A socket file whose listener is gone, as a daemon killed with -9 leaves behind.
        _ = try FakeControlServer(path: fixture.socketPath)
        let run = try fixture.run(["checkpoint", "list"])
        #expect(run.status == 3)
        #expect(run.stdout == "")
        #expect(
            run.stderr
                == """
                checkpointctl: cannot reach checkpointd at \(fixture.socketPath) (from CHECKPOINTD_CONTROL): \
                Connection refused
                checkpointctl: nothing is listening there (a socket left by a stopped daemon?): is checkpointd \
                running? start it, or pass --socket PATH / set CHECKPOINTD_CONTROL

                """
        )
    }

    @Test(arguments: [
        ["watch"], ["export", "--since", "today", "--reason", "r"], ["stats"], ["ack", "1"], ["reload"],
    ])
    func connect_forEveryKindOfCommand_whenNoSocketExists_exitsThree(arguments: [String]) throws {
        let fixture = try CtlFixture()
        let run = try fixture.run(arguments)
        #expect(run.status == 3)
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix("checkpointctl: cannot reach checkpointd at \(fixture.socketPath) "))
    }

    /// checkpointctl(1): exit 1 when standard output cannot be written (a full disk behind `> stats.json`), for
    /// one-answer commands as for streams: stdio would have dropped the error at exit.
    @Test(arguments: [false, true])
    func stats_whenStandardOutputCannotBeWritten_exitsOneSayingSo(json: Bool) throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            json ? ["stats", "--json"] : ["stats"], replies: [.line(Replies.stats)], standardOutput: "/dev/full")
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.contains("cannot write to standard output"), "\(run)")
    }

    @Test func reply_toWatch_whenTheDaemonHangsUpFirst_exitsThree() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(["watch"], replies: [.hangUp])
        #expect(run.status == 3)
        #expect(
            run.stderr.hasPrefix("checkpointctl: checkpointd at \(fixture.socketPath) closed the connection before ")
        )
    }

    @Test func reply_whenTheDaemonHangsUpFirst_exitsThree() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(["station", "list"], replies: [.hangUp])
        #expect(requests == [#"{"cmd":"stations"}"#])
        #expect(
            run
                == CtlRun(
                    status: 3,
                    stdout: "",
                    stderr: """
                        checkpointctl: checkpointd at \(fixture.socketPath) closed the connection before replying \
                        to stations
                        checkpointctl: see the daemon's log (journalctl -u checkpointd) for why

                        """
                )
        )
    }

    @Test func reply_whenItIsNotJSON_exitsThree() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(["station", "list"], replies: [.line("OK hello")])
        #expect(run.status == 3)
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix("checkpointctl: checkpointd sent a reply that is not a control reply: "))
    }

    @Test(arguments: [
        [], ["--help"], ["help"], ["status", "--help"], ["checkpoint", "--help"], ["checkpoint", "add", "--help"],
        ["checkpoint", "list", "--help"], ["checkpoint", "remove", "--help"], ["station", "--help"],
        ["station", "add", "--help"], ["station", "list", "--help"], ["station", "revoke", "--help"],
        ["station", "rotate", "-h"], ["help", "station", "rotate"], ["stats", "--help"], ["alerts", "--help"],
        ["ack", "--help"], ["watch", "--help"], ["trace", "--help"], ["records", "--help"], ["presence", "--help"],
        ["quarantine", "--help"], ["quarantine", "list", "--help"], ["quarantine", "add", "--help"],
        ["quarantine", "release", "--help"], ["export", "--help"], ["audit", "--help"], ["backup", "--help"],
        ["check", "--help"], ["reload", "--help"], ["help", "quarantine", "add"],
    ])
    func help_exitsZeroWithUsageAndAnExample(arguments: [String]) throws {
        let fixture = try CtlFixture()
        let run = try fixture.run(arguments)
        #expect(run.status == 0)
        #expect(run.stderr == "")
        #expect(run.stdout.contains("USAGE: checkpointctl"))
        let example = run.stdout.split(separator: "Example:\n").dropFirst().first ?? ""
        #expect(example.hasPrefix("  checkpointctl ") || example.hasPrefix("  $ checkpointctl "))
    }
}
