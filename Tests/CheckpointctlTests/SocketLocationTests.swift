import CheckpointTestSupport
import Foundation
import Testing

/// Which socket `checkpointctl` uses: `--socket`, then `CHECKPOINTD_CONTROL`, then the default path (SPEC §4).
struct SocketLocationTests {
    @Test func socket_whenBothAreGiven_theFlagWinsOverTheEnvironment() throws {
        let fixture = try CtlFixture()
        let flagPath = fixture.directory.file("flag.sock")
        let (run, requests) = try fixture.run(
            ["checkpoint", "list", "--socket", flagPath],
            replies: [.line(Replies.empty)],
            environment: ["CHECKPOINTD_CONTROL": fixture.directory.file("elsewhere.sock")],
            serverPath: flagPath
        )
        #expect(requests == [#"{"cmd":"checkpoints"}"#])
        #expect(run.status == 0)
    }

    @Test func socket_withoutTheFlag_usesTheEnvironment() throws {
        let fixture = try CtlFixture()
        let path = fixture.directory.file("env.sock")
        let (run, requests) = try fixture.run(
            ["station", "list"],
            replies: [.line(Replies.empty)],
            environment: ["CHECKPOINTD_CONTROL": path],
            serverPath: path
        )
        #expect(requests == [#"{"cmd":"stations"}"#])
        #expect(run.status == 0)
    }

    @Test func socket_whenTheEnvironmentPointsNowhere_theErrorNamesTheVariable() throws {
        let fixture = try CtlFixture()
        let path = fixture.directory.file("nowhere.sock")
        let run = try fixture.run(["status"], environment: ["CHECKPOINTD_CONTROL": path])
        #expect(run.status == 3)
        #expect(
            run.stderr.hasPrefix(
                "checkpointctl: cannot reach checkpointd at \(path) (from CHECKPOINTD_CONTROL): No such file"
            )
        )
    }

    @Test(.enabled(if: !FileManager.default.fileExists(atPath: "/run/checkpointd/control.sock")))
    func socket_withNeitherFlagNorEnvironment_usesTheRuntimeDirectory() throws {
        let fixture = try CtlFixture()
        let runtime = fixture.directory.file("runtime")
        try FileManager.default.createDirectory(atPath: runtime + "/checkpointd", withIntermediateDirectories: true)
        let (run, requests) = try fixture.run(
            ["checkpoint", "list"],
            replies: [.line(Replies.empty)],
            environment: ["CHECKPOINTD_CONTROL": "", "XDG_RUNTIME_DIR": runtime],
            serverPath: runtime + "/checkpointd/control.sock"
        )
        #expect(requests == [#"{"cmd":"checkpoints"}"#])
        #expect(run.status == 0)
    }

    @Test(.enabled(if: !FileManager.default.fileExists(atPath: "/run/checkpointd/control.sock")))
    func socket_withNothingSet_namesTheDefaultPathInTheError() throws {
        let fixture = try CtlFixture()
        let run = try fixture.run(["status"], environment: ["CHECKPOINTD_CONTROL": ""])
        let expected = fixture.directory.file("home") + "/.local/state/checkpointd/run/control.sock"
        #expect(run.status == 3)
        #expect(
            run.stderr.hasPrefix("checkpointctl: cannot reach checkpointd at \(expected) (the default path): ")
        )
    }
}
