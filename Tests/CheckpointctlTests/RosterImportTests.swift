import CheckpointTestSupport
import CheckpointWire
import Foundation
import Testing

/// `checkpointctl person import` and `site workers import` (issue 19): a file is checked before connecting, then
/// sent in requests of `rows` over one connection, `final` on the last one only.
struct RosterImportTests {
    static let header = "id,phone,name,grid,checkpoint,home,household,category"

    static func staged(_ count: Int) -> FakeControlServer.Reply {
        .line(#"{"ok":true,"result":{"staged":\#(count),"final":false}}"#)
    }

    static let imported = #"""
        {"ok":true,"result":{"staged":1500,"imported":1500,"removed":3,"linked":2,"grids":["G1","G2"],"final":true}}
        """#

    /// `lines` lines of residents after the header: phones 13800000000, 13800000001, ...; two grids.
    static func roster(_ lines: Int) -> String {
        var text = header + "\n"
        for index in 0..<lines {
            let phone = "138" + String(format: "%08d", index)
            text += ",\(phone),居民\(index),G\(index % 2 + 1),gate-3,\(index / 10)栋\(index % 10)01,,home\n"
        }
        return text
    }

    static func write(_ text: String, to name: String, in fixture: CtlFixture) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: fixture.directory.file(name)))
    }

    /// The rows of every request, in order, and whether each request was final.
    static func batches(_ requests: [String]) throws
        -> [(rows: [JSONObject], final: JSONValue?, request: ControlRequest)]
    {
        try requests.map { line in
            let request = try ControlRequest.parse(line)
            let rows = (request.arguments["rows"]?.arrayValue ?? []).compactMap(\.objectValue)
            return (rows, request.arguments["final"], request)
        }
    }

    @Test func personImport_bigFile_sendsChunksOnOneConnectionFinalOnlyOnTheLast() throws {
        let fixture = try CtlFixture()
        try Self.write(Self.roster(1500), to: "roster.csv", in: fixture)
        let replies = [Self.staged(300), Self.staged(600), Self.staged(900), Self.staged(1200), .line(Self.imported)]
        let (run, requests) = try fixture.run(
            ["person", "import", "roster.csv", "--replace", "--reason", "weekly roster"], replies: replies)
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        imported 1500 residents from roster.csv into grids G1, G2
                        taken off the roster, not in the file: 3 residents of those grids
                        2 phones newly linked to the documents on the same lines

                        """,
                    stderr: ""))
        let batches = try Self.batches(requests)
        #expect(batches.count >= 3 && batches.count == replies.count, "\(batches.count) requests")
        for line in requests {
            #expect(line.utf8.count + 1 <= 48 * 1024, "a request of \(line.utf8.count) bytes")
        }
        for (index, batch) in batches.enumerated() {
            let last = index == batches.count - 1
            #expect(batch.request.command == "person.import")
            #expect(batch.final == .bool(last), "request \(index + 1) of \(batches.count)")
            #expect(batch.request.arguments["source"] == .string("roster.csv"))
            #expect(batch.request.arguments["replace"] == .bool(true))
            #expect(batch.request.arguments["reason"] == .string("weekly roster"))
            #expect(!batch.rows.isEmpty)
        }
        let rows = batches.flatMap(\.rows)
        #expect(rows.count == 1500)
        #expect(rows.map { $0["line"] } == (2...1501).map { JSONValue.string(String($0)) })
        let first: JSONObject = [
            "id": .string(""), "phone": .string("13800000000"), "name": .string("居民0"), "grid": .string("G1"),
            "checkpoint": .string("gate-3"), "home": .string("0栋001"), "household": .string(""),
            "category": .string("home"), "line": .string("2"),
        ]
        #expect(rows.first == first)
        #expect(rows.last?["phone"] == .string("13800001499") && rows.last?["grid"] == .string("G2"))
    }

    @Test func personImport_withBadLines_printsEveryOneAndSendsNothing() throws {
        let fixture = try CtlFixture()
        let text = Self.header + "\n"
            + ",13800138000,张三,G1,,,,home\n"
            + ",12345,李四,G1,,,,home\n"
            + "\n"
            + ",13800138001,,G1,,,,home\n"
            + ",13800138002,王五,G1,,,,sometimes\n"
        try Self.write(text, to: "bad.csv", in: fixture)
        // No daemon listens: connecting would fail with exit 3.
        let run = try fixture.run(["person", "import", "bad.csv"])
        #expect(run.status == 1, "\(run)")
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(run)")
        #expect(lines.first == "checkpointctl: the roster has 3 wrong lines; nothing was imported")
        #expect(lines.dropFirst().prefix(3).map { $0.prefix(8) } == ["line 3: ", "line 5: ", "line 6: "], "\(run)")
        #expect(lines.count == 5 && lines[2].contains("name is empty"), "\(run)")
        #expect(lines.last == "checkpointctl: correct the file and import it again: nothing was sent to checkpointd")
    }

    @Test func personImport_inChinese_leadsInChinese() throws {
        let fixture = try CtlFixture()
        try Self.write(Self.header + "\n,12345,李四,G1,,,,home\n", to: "bad.csv", in: fixture)
        let run = try fixture.run(["person", "import", "bad.csv"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.hasPrefix("checkpointctl: 名册有 1 行有误，未导入\n第 2 行："), "\(run)")
    }

    @Test func personImport_whenTheFileCannotBeRead_saysWhyAndSendsNothing() throws {
        let fixture = try CtlFixture()
        let run = try fixture.run(["person", "import", "missing.csv"])
        #expect(
            run
                == CtlRun(
                    status: 1, stdout: "",
                    stderr: "checkpointctl: cannot read missing.csv: No such file or directory\n"
                        + "checkpointctl: check the file's path and that you may read it; nothing was sent to "
                        + "checkpointd\n"))
    }

    /// 张三 and 居家 in GBK, as Excel saves a CSV file on Chinese Windows.
    static let gbkRoster: [UInt8] =
        Array("id,phone,name,grid,category\n,13800138000,".utf8) + [0xD5, 0xC5, 0xC8, 0xFD]
        + Array(",G1,".utf8) + [0xBE, 0xD3, 0xBC, 0xD2] + Array("\n".utf8)

    @Test func personImport_gbkFileWithEncodingGBK_sendsTheNamesAsUnicode() throws {
        let fixture = try CtlFixture()
        try Data(Self.gbkRoster).write(to: URL(fileURLWithPath: fixture.directory.file("gbk.csv")))
        let reply = #"{"ok":true,"result":{"staged":1,"imported":1,"removed":0,"linked":0,"grids":["G1"],"#
            + #""final":true}}"#
        let (run, requests) = try fixture.run(
            ["person", "import", "gbk.csv", "--encoding", "gbk"], replies: [.line(reply)])
        #expect(run == CtlRun(status: 0, stdout: "imported 1 resident from gbk.csv into grids G1\n", stderr: ""))
        let batches = try Self.batches(requests)
        #expect(batches.count == 1 && batches.first?.final == .bool(true))
        let row = try #require(batches.first?.rows.first)
        #expect(row["name"] == .string("张三") && row["category"] == .string("居家") && row["line"] == .string("2"))
        #expect(batches.first?.request.arguments["replace"] == nil)
    }

    @Test func personImport_gbkFileReadAsUTF8_isRefusedNamingTheEncodingOption() throws {
        let fixture = try CtlFixture()
        try Data(Self.gbkRoster).write(to: URL(fileURLWithPath: fixture.directory.file("gbk.csv")))
        let run = try fixture.run(["person", "import", "gbk.csv"])
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.hasPrefix("checkpointctl: gbk.csv cannot be imported; nothing was imported\ngbk.csv: "))
        #expect(run.stderr.contains("--encoding gbk"), "\(run)")
    }

    @Test func personImport_whenTheDaemonRefusesLines_printsThemAsTheyCame() throws {
        let fixture = try CtlFixture()
        try Self.write(Self.roster(3), to: "roster.csv", in: fixture)
        let refusal = Replies.failure(
            "E_ARG",
            #"2 lines are wrong; nothing was imported:\nline 2: the same person as line 1\n"#
                + #"line 4: category must be home, work or new (居家, 上班 or 新来)"#)
        let (run, requests) = try fixture.run(["person", "import", "roster.csv"], replies: [.line(refusal)])
        #expect(requests.count == 1)
        #expect(
            run
                == CtlRun(
                    status: 1, stdout: "",
                    stderr: """
                        checkpointctl: checkpointd refused the roster: 2 wrong lines; nothing was imported (E_ARG)
                        line 2: the same person as line 1
                        line 4: category must be home, work or new (居家, 上班 or 新来)
                        checkpointctl: correct the file and import it again: nothing was stored

                        """))
    }

    @Test func personImport_withJSON_printsTheFinalResult() throws {
        let fixture = try CtlFixture()
        try Self.write(Self.roster(2), to: "roster.csv", in: fixture)
        let (run, _) = try fixture.run(["person", "import", "roster.csv", "--json"], replies: [.line(Self.imported)])
        #expect(run == CtlRun(status: 0, stdout: Replies.result(of: Self.imported) + "\n", stderr: ""))
    }

    @Test func workersImport_sendsTheSiteAndTheStaffList() throws {
        let fixture = try CtlFixture()
        let text = "姓名,手机号,部门\n张三,13800138000,cutting\n李四,13800138001,\"sewing, line 2\"\n"
        try Self.write(text, to: "staff.csv", in: fixture)
        let reply = #"{"ok":true,"result":{"staged":2,"imported":2,"removed":40,"linked":0,"grids":[],"final":true}}"#
        let (run, requests) = try fixture.run(["site", "workers", "import", "F1", "staff.csv"], replies: [.line(reply)])
        #expect(
            run
                == CtlRun(
                    status: 0, stdout: "site F1: the staff list is now 2 workers from staff.csv (it had 40 workers)\n",
                    stderr: ""))
        let batches = try Self.batches(requests)
        #expect(batches.count == 1 && batches.first?.final == .bool(true))
        #expect(batches.first?.request.command == "site.workers.import")
        #expect(batches.first?.request.arguments["id"] == .string("F1"))
        let second: JSONObject = [
            "id": .string(""), "phone": .string("13800138001"), "name": .string("李四"),
            "department": .string("sewing, line 2"), "line": .string("3"),
        ]
        #expect(batches.first?.rows.last == second)
    }

    @Test func workersImport_withBadLines_namesTheStaffList() throws {
        let fixture = try CtlFixture()
        try Self.write("name,phone\n张三,13800138000\n张三,13800138000\n", to: "staff.csv", in: fixture)
        let run = try fixture.run(["site", "workers", "import", "F1", "staff.csv"])
        #expect(run.status == 1, "\(run)")
        #expect(
            run.stderr.hasPrefix(
                "checkpointctl: the staff list has 1 wrong line; nothing was imported\n"
                    + "line 3: the same person as line 2"), "\(run)")
    }
}
