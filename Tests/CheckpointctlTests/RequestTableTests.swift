import CheckpointTestSupport
import CheckpointWire
import Foundation
import Testing

/// `checkpointctl` sends only what the control command table lists: every subcommand, run with every option it
/// has against the fake daemon, asks for a command of the table with arguments that command takes.
struct RequestTableTests {
    /// Each subcommand with all of its options (two runs where options exclude each other).
    static let invocations: [[String]] = [
        ["status"],
        ["stats", "--since", "24h", "--checkpoint", "gate-3", "--by", "hour"],
        ["stats", "--grid", "G7"],
        ["stats", "--since", "2d", "--until", "today", "--by", "day"],
        ["report", "daily", "--date", "2026-12-05", "--grid", "G7", "--format", "csv"],
        [
            "alerts", "--state", "all", "--type", "fever", "--since", "24h", "--limit", "5", "--reveal", "--reason",
            "r",
        ],
        ["ack", "7", "--note", "sent home", "--by", "li"],
        ["watch", "--types", "alert,record", "--reason", "night shift", "--reveal"],
        ["trace", "13800138000", "--reason", "contact", "--days", "3"],
        ["clearance", "13800138000", "--reason", "return to work", "--json"],
        [
            "records", "--checkpoint", "gate-3", "--person", "13800138000", "--kind", "temp", "--since", "24h",
            "--until", "now", "--limit", "5", "--reason", "grid office", "--reveal",
        ],
        ["presence", "--checkpoint", "gate-3", "--reveal", "--reason", "r"],
        ["presence", "--grid", "G7"],
        ["quarantine", "list", "--person", "13800138000", "--all", "--limit", "5", "--reason", "r", "--reveal"],
        ["quarantine", "add", "13800138000", "--reason", "contact", "--days", "14", "--start", "now", "--note", "n"],
        ["quarantine", "release", "13800138000", "--note", "tested negative", "--by", "li"],
        ["export", "--since", "24h", "--until", "now", "--format", "jsonl", "--reason", "monthly report"],
        ["audit", "--since", "24h", "--limit", "5"],
        ["checkpoint", "list"],
        [
            "checkpoint", "add", "gate-3", "--grid", "G7", "--name", "North gate", "--staffed", "07:00-19:00",
            "--kind", "workplace",
        ],
        ["checkpoint", "set", "gate-3", "--kind", "visit", "--name", "North gate", "--grid", "G8", "--staffed", "24h"],
        ["checkpoint", "remove", "gate-3", "--force"],
        ["station", "list"],
        ["station", "add", "gate-3-a", "--checkpoint", "gate-3"],
        ["station", "rotate", "gate-3-a"],
        ["station", "revoke", "gate-3-a"],
        ["backup", "checkpointd.db", "--reason", "nightly"],
        ["check"],
        ["reload"],
        ["person", "erase", "13800138000", "--reason", "request 7", "--yes"],
        ["person", "link", "13911112222", "500227198501011230", "--reason", "registered by her son"],
        ["person", "unlink", "13911112222", "500227198501011230", "--reason", "wrong card"],
        ["person", "show", "13911112222", "--reason", "check-id at gate-3"],
        ["audit", "--verify"],
        ["person", "import", "roster.csv", "--encoding", "utf8", "--replace", "--reason", "weekly roster"],
        ["person", "list", "--grid", "G7", "--category", "new", "--limit", "5", "--reason", "follow-up"],
        ["site", "list", "--grid", "G7", "--tag", "yellow"],
        ["site", "add", "F1", "--name", "Hongxing", "--grid", "G7"],
        ["site", "tag", "F1", "yellow", "--reason", "no log", "--recheck-by", "2026-12-10", "--by", "li"],
        ["site", "recheck", "F1", "--note", "log kept", "--by", "li"],
        ["site", "show", "F1"],
        ["site", "workers", "import", "F1", "staff.csv", "--encoding", "utf8"],
        ["site", "health-form", "F1", "--date", "today", "--format", "csv", "--reason", "weekly form"],
        ["checkpoint", "add", "plant-1", "--grid", "G7", "--kind", "workplace", "--site", "F1"],
        ["checkpoint", "set", "plant-1", "--site", "-"],
        ["stats", "--since", "today", "--by", "category"],
    ]

    /// The files the import invocations read, in the directory checkpointctl runs in.
    static let files = [
        "roster.csv": "id,phone,name,grid,category\n,13800138000,张三,G7,home\n",
        "staff.csv": "id,phone,name,department\n,13800138000,张三,cutting\n",
    ]

    @Test(arguments: invocations)
    func subcommand_withEveryOption_sendsOnlyArgumentsTheTableLists(arguments: [String]) throws {
        let fixture = try CtlFixture()
        for (name, text) in Self.files {
            try Data(text.utf8).write(to: URL(fileURLWithPath: fixture.directory.file(name)))
        }
        let answer = #"{"ok":true,"result":{}}"#
        let (_, requests) = try fixture.run(arguments, replies: [.line(answer), .line(answer)])
        #expect(!requests.isEmpty, "checkpointctl \(arguments.joined(separator: " ")) sent nothing")
        for line in requests {
            let request = try ControlRequest.parse(line)
            let spec = try #require(
                ControlCommandTable.named(request.command), "\(request.command) is not in the table")
            for key in request.arguments.keys {
                #expect(
                    spec.argumentNames.contains(key), "\(request.command) got \(key), which the table does not list")
            }
        }
    }

    @Test func invocations_coverEveryCommandOfTheTable() throws {
        let asked = Set(Self.invocations.map { $0.prefix(2).joined(separator: " ") })
        let commands: Set<String> = [
            "status", "stats", "alerts", "ack", "watch", "trace", "clearance", "records", "presence",
            "quarantine list", "quarantine add", "quarantine release", "export", "audit", "checkpoint list",
            "checkpoint add", "checkpoint set", "checkpoint remove", "station list", "station add", "station rotate",
            "station revoke",
            "backup", "reload", "check", "person erase", "audit --verify", "person link", "person unlink",
            "person show", "report daily", "person import", "person list", "site list", "site add", "site tag",
            "site recheck", "site show", "site workers", "site health-form",
        ]
        #expect(commands.allSatisfy { command in asked.contains { $0.hasPrefix(command) } })
        // status asks for version and health; the other subcommands map one to one onto the rest of the table.
        #expect(ControlCommandTable.all.count == commands.count + 1)
    }
}
