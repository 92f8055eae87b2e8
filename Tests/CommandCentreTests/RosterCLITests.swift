import CheckpointTestSupport
import Foundation
import Testing

/// Issue 19 end to end through `checkpointctl` and the real daemon: a roster saved by Excel on Chinese Windows (GBK,
/// Chinese headers) and one big enough to go over several requests, a file with bad lines that imports nothing, and
/// an enterprise's staff list and health form as CSV.
@Suite struct RosterCLITests {
    static func ctl(_ centre: Centre, _ arguments: [String], language: String = "C.UTF-8") throws -> CompletedProcess {
        try ChildProcess.run(
            try BuiltProduct.checkpointctl(), arguments + ["--socket", centre.daemon.controlSocketPath],
            environment: ChildProcess.cleanEnvironment(adding: ["NO_COLOR": "1", "LANG": language]))
    }

    /// `text` in GBK, as Excel writes "CSV (逗号分隔)" on Chinese Windows (through iconv, as an independent encoder).
    static func gbk(_ text: String, in directory: TemporaryDirectory) throws -> String {
        let utf8 = try directory.write(text, to: "roster-utf8.csv")
        let gbk = directory.file("roster-gbk.csv")
        let converted = try ChildProcess.run("/usr/bin/iconv", ["-f", "UTF-8", "-t", "GBK", "-o", gbk, utf8])
        guard converted.status == .exited(0) else { throw TestSupportError("iconv: \(converted.standardError)") }
        return gbk
    }

    @Test func gbkRosterWithChineseHeaders_importsAndTheGateKnowsItsResidents() throws {
        let centre = try Centre()
        _ = try centre.station("st-1", checkpoint: "gate-1", grid: "G7")
        let directory = try TemporaryDirectory()
        let file = try Self.gbk(
            """
            身份证号,手机号,姓名,网格,门岗,住址,户号,类别
            110105198001011238,13800000001,张三,G7,gate-1,3栋2单元501,,居家
            ,13800000002,李四,G7,gate-1,3栋2单元501,,上班

            """, in: directory)
        let asUTF8 = try Self.ctl(centre, ["person", "import", file])
        #expect(asUTF8.status != .exited(0) && asUTF8.standardError.contains("--encoding gbk"), "\(asUTF8)")

        let imported = try Self.ctl(centre, ["person", "import", file, "--encoding", "gbk"])
        #expect(imported.status == .exited(0), "\(imported)")
        let listed = try Self.ctl(centre, ["person", "list", "--grid", "G7", "--reason", "grid visit"])
        #expect(listed.status == .exited(0), "\(listed)")
        for text in ["张三", "李四", "3栋2单元501", "110105198001011238"] {
            #expect(listed.standardOutput.contains(text), "\(text) in \(listed.standardOutput)")
        }
        #expect(try centre.send("ENTRY", "person=13800000001")["verdict"] == "pass")
        #expect(try centre.send("ENTRY", "person=13900000009")["verdict"] == "visitor")
    }

    @Test func aRosterOfManyLines_goesOverSeveralRequestsAndIsStoredWhole() throws {
        let centre = try Centre()
        let directory = try TemporaryDirectory()
        var lines = ["id,phone,name,grid,checkpoint,home,household,category"]
        for index in 0..<3_000 {
            lines.append(",\(13_000_000_000 + index * 7),居民\(index),G\(index % 3),,\(index / 4)号楼,,home")
        }
        let file = try directory.write(lines.joined(separator: "\r\n") + "\r\n", to: "big.csv")
        // More than two requests' worth (48 KiB each) even as CSV; as JSON rows it is about three times that.
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)).count > 2 * 48 * 1024, "big enough to split")
        let imported = try Self.ctl(centre, ["person", "import", file, "--json"])
        #expect(imported.status == .exited(0), "\(imported)")
        #expect(imported.standardOutput.contains(#""imported":3000"#), "\(imported.standardOutput)")
        let listed = try centre.control.must("person.list", ["grid": "G1", "reason": "r"])
        #expect(listed.items.count == 1_000)
    }

    @Test func aFileWithBadLines_printsEveryOneAndImportsNothing() throws {
        let centre = try Centre()
        let directory = try TemporaryDirectory()
        let file = try directory.write(
            """
            id,phone,name,grid,category
            ,13800000001,张三,G7,home
            ,1380000,李四,G7,home
            ,13800000003,王五,G7,retired

            """, to: "bad.csv")
        let run = try Self.ctl(centre, ["person", "import", file], language: "zh_CN.UTF-8")
        #expect(run.status != .exited(0), "\(run)")
        let output = run.standardOutput + run.standardError
        #expect(output.contains("line 3") || output.contains("第 3 行"), "\(output)")
        #expect(output.contains("line 4") || output.contains("第 4 行"), "\(output)")
        #expect(output.contains("未导入"), "Chinese lead-in: \(output)")
        #expect(try centre.control.must("person.list", ["grid": "G7", "reason": "r"]).items.isEmpty)
    }

    @Test func staffListAndHealthForm_throughTheCLI() throws {
        let centre = try Centre()
        #expect(try Self.ctl(centre, ["site", "add", "F1", "--name", "东风纺织厂", "--grid", "G7"]).status == .exited(0))
        let gate = try Self.ctl(
            centre, ["checkpoint", "add", "plant-1", "--grid", "G7", "--kind", "workplace", "--site", "F1"])
        #expect(gate.status == .exited(0), "\(gate)")
        _ = try centre.station("st-p", checkpoint: "plant-1", grid: "G7")
        let directory = try TemporaryDirectory()
        let list = try directory.write(
            "\u{FEFF}身份证号,手机号,姓名,部门\n,13800138001,陈一,织布车间\n,13800138002,=HYPERLINK(1),仓库\n",
            to: "staff.csv")
        let imported = try Self.ctl(centre, ["site", "workers", "import", "F1", list])
        #expect(imported.status == .exited(0), "\(imported)")
        _ = try centre.send("TEMP", "person=13800138001 temp=36.6", station: "st-p")

        let form = try Self.ctl(centre, ["site", "health-form", "F1", "--date", "today", "--format", "csv"])
        #expect(form.status == .exited(0), "\(form)")
        let csv = form.standardOutput
        #expect(csv.hasPrefix("\u{FEFF}"), "Excel reads it as UTF-8")
        let rows = csv.split(separator: "\r\n").map(String.init)
        #expect(rows.first?.contains("姓名") == true, "\(rows)")
        #expect(rows.contains { $0.contains("陈一") && $0.contains("36.6") && $0.contains("是") }, "\(rows)")
        #expect(rows.contains { $0.contains("'=HYPERLINK(1)") }, "a formula is neutralised: \(rows)")
        let tag = try Self.ctl(centre, ["site", "tag", "F1", "yellow", "--reason", "no log"])
        #expect(tag.status == .exited(2), "yellow needs --recheck-by, refused before connecting: \(tag)")
    }
}
