import CheckpointTestSupport
import Foundation
import Testing

/// `checkpointctl site health-form` (issue 19): the staff health form (员工健康信息表), as a table and as CSV.
struct HealthFormCommandTests {
    @Test func healthForm_printsARowPerWorkerAndTheTotals() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(
            ["site", "health-form", "F1", "--date", "2020-02-07", "--reason", "weekly form"],
            replies: [.line(SiteReplies.healthForm)])
        #expect(requests == [#"{"cmd":"site.health_form","id":"F1","date":"2020-02-07","reason":"weekly form"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        staff health form of site F1 "Hongxing garment factory", 2020-02-07 (2020-02-07 00:00 to \
                        2020-02-08 00:00)

                        FULL NAME           PERSON              DEPARTMENT      PASSED GATE  FIRST  LAST   TEMPS      \
                         MAX  FEVER  CLEARANCE                                            ON STAFF LIST
                        张三                13800138000         cutting         yes          07:55  17:31  36.5 36.8  \
                        36.8  no     clear                                                yes
                        李四                500227198501011230  sewing, line 2  yes          08:02  08:02  37.9       \
                        37.9  yes    not clear (fever not cleared by a re-check)          yes
                        王芳                13911112222         -               no           -      -      -          \
                           -  no     not clear (under quarantine) until 2020-02-19 00:00  yes
                        =cmd|' /C calc'!A0  13700137000         @SUM(1)         yes          09:10  09:10  36.4       \
                        36.4  no     clear                                                no

                        3 workers on the staff list, 2 passed a gate

                        """,
                    stderr: ""))
    }

    @Test func healthForm_onATerminal_paintsFeversAndNotClearRedAndClearGreen() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["site", "health-form", "F1", "--date", "today"], replies: [.line(SiteReplies.healthForm)],
            onTerminal: true)
        #expect(run.stdout.contains("\u{1B}[31myes\u{1B}[0m"), "\(run)")
        #expect(run.stdout.contains("\u{1B}[32mclear\u{1B}[0m"), "\(run)")
        #expect(run.stdout.contains("\u{1B}[1;31mnot clear (under quarantine) until 2020-02-19 00:00\u{1B}[0m"))
        #expect(run.stdout.contains("\u{1B}[33mno\u{1B}[0m"), "a person not on the staff list: \(run)")
    }

    @Test func healthForm_asCSV_hasBilingualTitlesNeutralisedFormulasAndTheTotals() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(
            ["site", "health-form", "F1", "--date", "yesterday", "--format", "csv"],
            replies: [.line(SiteReplies.healthForm)])
        #expect(requests == [#"{"cmd":"site.health_form","id":"F1","date":"yesterday"}"#])
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run)")
        let lines = [
            "姓名 name,证件号/手机号 person,部门 department,当日过卡 passed a gate,首次 first,末次 last,"
                + "体温 temperatures,最高体温 max,发烧 fever,可否复工 clearance,原因 why,至 until,在员工名单 on staff list",
            "张三,13800138000,cutting,是 yes,07:55,17:31,36.5 36.8,36.8,否 no,可复工 clear,,,是 yes",
            "李四,500227198501011230,\"sewing, line 2\",是 yes,08:02,08:02,37.9,37.9,是 yes,不可复工 not clear,"
                + "发烧未经复测排除 fever not cleared by a re-check,,是 yes",
            "王芳,13911112222,,否 no,,,,,否 no,不可复工 not clear,隔离中 under quarantine,2020-02-19 00:00,是 yes",
            "'=cmd|' /C calc'!A0,13700137000,'@SUM(1),是 yes,09:10,09:10,36.4,36.4,否 no,可复工 clear,,,否 no",
            "\"合计 total: 名单 3 人 workers, 过卡 2 人 passed\"",
        ]
        let bytes = try #require(FileManager.default.contents(atPath: fixture.directory.file("stdout")))
        #expect(Array(bytes) == [0xEF, 0xBB, 0xBF] + Array(lines.map { $0 + "\r\n" }.joined().utf8))
    }

    @Test func healthForm_withJSON_printsTheDaemonsResult() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["site", "health-form", "F1", "--date", "today", "--json"], replies: [.line(SiteReplies.healthForm)])
        #expect(run == CtlRun(status: 0, stdout: Replies.result(of: SiteReplies.healthForm) + "\n", stderr: ""))
    }

    @Test(arguments: ["2020-02-30", "tomorrow", "7 Feb"])
    func healthForm_whenTheDateIsNotADay_exitsTwoWithoutConnecting(date: String) throws {
        let fixture = try CtlFixture()
        let run = try fixture.run(["site", "health-form", "F1", "--date", date])
        #expect(run.status == 2)
        #expect(
            run.stderr.hasPrefix("Error: --date must be a day as YYYY-MM-DD (2026-12-05), today or yesterday"),
            "\(run)")
    }
}
