import CheckpointTestSupport
import Foundation
import Testing

/// The command line, the CSV check and the language choice, through the real binary but without a daemon:
/// `--server` points at a port nobody listens on and `--retry-for 0` gives up at once.
struct CommandLineTests {
    /// Runs `checkpoint-station send` with a fresh spool and the given CSV.
    static func send(
        _ csv: String, server: String = "127.0.0.1:1", environment extra: [String: String] = [:],
        arguments: [String] = []
    ) throws -> CompletedProcess {
        let directory = try TemporaryDirectory(prefix: "stcl")
        let file = try directory.write(csv, to: "input.csv")
        var environment = ChildProcess.cleanEnvironment(adding: ["CHECKPOINT_TOKEN": "test-token", "TZ": "UTC"])
        for name in ["LANG", "LC_ALL", "LC_MESSAGES"] { environment[name] = nil }
        environment.merge(extra) { _, new in new }
        return try ChildProcess.run(
            try BuiltProduct.checkpointStation(),
            ["send", "--server", server, "--station", "st-1", "--spool", directory.file("spool"), "--retry-for", "0"]
                + arguments + [file],
            environment: environment)
    }

    @Test(arguments: [
        ("TEMP,13800138000", "a TEMP line needs a temperature"),
        ("TEMP,13800138000,36.66", "more than one decimal"),
        ("TEMP,13800138000,96.8", "between 30.0 and 45.0"),
        ("EXIT,13800138000,,,outside", "origin is only for ENTRY"),
        ("ENTRY,13800138000,,,abroad", "origin must be empty, local or outside"),
        ("TEMP,13800138000,36.6,1581034500", "looks like seconds"),
        ("TEMP,13800138000,36.6,,,,extra", "expected at most 6"),
        ("TEMP,13800138000,36.6,,,extra", "id: "),
        (#"TEMP,"13800138000,36.6"#, "no closing quote"),
        ("LEAVE,13800138000,36.6", "kind must be TEMP, ENTRY or EXIT"),
        ("TEMP,1380013800,36.6", "10 digits"),
    ])
    func csv_badLine_isRejectedWithItsLineNumberBeforeSending(line: String, message: String) throws {
        let result = try Self.send("TEMP,13800138001,36.6\n\(line)\n")
        #expect(result.code == 1, "\(result.standardOutput) \(result.standardError)")
        #expect(result.standardOutput.contains("rejected line 2: "), "\(result.standardOutput)")
        #expect(result.standardOutput.contains(message), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("rejected 1 · waiting 1"))
    }

    @Test(arguments: [
        "person,kind,temp\n13800138000,temp,36.6\n",
        "kind,person,temp,ts,origin\r\nENTRY,\"+86 138-0013-8000\",,2020-02-07T08:15:00+08:00,outside\r\n",
        "# thermometer 7\n\nTEMP, 13800138000 ,36.6\n",
        "EXIT,other:E1234567\n",
    ])
    func csv_goodForms_areAcceptedAndWait(csv: String) throws {
        let result = try Self.send(csv)
        #expect(result.code == 75, "\(result.standardOutput) \(result.standardError)")
        #expect(result.standardOutput.contains("rejected 0 · waiting 1"), "\(result.standardOutput)")
    }

    @Test(arguments: ["10.0.0.5:7117", "tcp:gate.example:7000", "localhost", "[::1]:7117", "unix:/run/x/station.sock"])
    func server_acceptsTheFormsOfSpec10(server: String) throws {
        let result = try Self.send("", server: server)
        #expect(result.code == 0, "nothing to send: \(result.standardError)")
    }

    @Test(arguments: ["unix:", "host:0", "host:70000", "::1:7117", "[::1", ":7117", "tcp:"])
    func server_refusesNonsenseWithUsage(server: String) throws {
        let result = try Self.send("", server: server)
        #expect(result.code == 64)
        #expect(result.standardError.contains("--server"), "\(result.standardError)")
    }

    @Test(arguments: [
        (["LANG": "zh_CN.UTF-8"], true),
        (["LC_ALL": "zh_CN.UTF-8"], true),
        (["LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"], true),
        (["LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"], false),
        (["LC_ALL": "", "LANG": "zh_CN.UTF-8"], true),
        (["LANG": "C.UTF-8"], false),
        ([:], false),
    ])
    func language_followsLcAllThenLcMessagesThenLang(environment: [String: String], chinese: Bool) throws {
        let result = try Self.send("TEMP,13800138000,36.6\n", environment: environment)
        #expect(result.code == 75)
        let expected = chinese ? "待上传 1" : "waiting 1"
        #expect(result.standardOutput.contains(expected), "\(result.standardOutput)")
    }

    @Test func options_badStationOrMissingFile_sayWhatToDo() throws {
        let badStation = try Self.send("", arguments: ["--station", "not ok"])
        #expect(badStation.code == 64)
        #expect(badStation.standardError.contains("is not a valid id"))
        let directory = try TemporaryDirectory(prefix: "stcl")
        let missing = try ChildProcess.run(
            try BuiltProduct.checkpointStation(),
            ["send", "--station", "st-1", "--token-file", directory.file("no-such-token"), "--spool",
             directory.file("spool"), "/dev/null"])
        #expect(missing.code == 66)
        #expect(missing.standardError.contains("ask the operator for the station's token"))
    }
}
