import Testing

/// `checkpointctl person list` and the roster and staff lists of `person show` (issue 19).
struct PersonRosterTests {
    @Test func personList_printsTheGridsResidentsAndItsHouseholds() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(
            ["person", "list", "--grid", "G7", "--category", "居家", "--limit", "50", "--reason", "quota check"],
            replies: [.line(SiteReplies.personList)])
        #expect(
            requests == [#"{"cmd":"person.list","grid":"G7","category":"home","limit":50,"reason":"quota check"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        FULL NAME  PERSON              PHONE        HOME         HOUSEHOLD  CATEGORY  CHECKPOINT
                        王芳       500227198501011230  13911112222  3栋2单元501  3-2-501    home      gate-3
                        张三       13800138000         13800138000  5栋101       5-101      new       -

                        grid G7: 2 residents shown, 2 households

                        """,
                    stderr: ""))
    }

    @Test func personList_inChinese_namesTheColumnsAndCategoriesInChinese() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["person", "list", "--grid", "G7", "--reason", "quota check"], replies: [.line(SiteReplies.personList)],
            environment: ["LANG": "zh_CN.UTF-8"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.hasPrefix("姓名  人员                手机号       住址         户       类别  卡点\n"), "\(run)")
        #expect(run.stdout.contains("  居家  gate-3\n") && run.stdout.contains("  新来  -\n"), "\(run)")
        #expect(run.stdout.hasSuffix("\n网格 G7：显示 2 名居民，共 2 户\n"), "\(run)")
    }

    @Test(arguments: [
        (["--grid", "G7"], "Missing expected argument '--reason <text>'"),
        (["--grid", "G7", "--reason", " "], "--reason must say why: every roster read is audited"),
        (["--grid", "G 7", "--reason", "r"], "grid 'G 7' is not an id"),
        (["--grid", "G7", "--reason", "r", "--category", "visitor"], "The value 'visitor' is invalid for '--category"),
    ])
    func personList_withoutAGoodGridOrReason_exitsTwoWithoutConnecting(arguments: [String], message: String) throws {
        let run = try CtlFixture().run(["person", "list"] + arguments)
        #expect(run.status == 2, "\(run)")
        #expect(run.stderr.hasPrefix("Error: " + message), "\(run)")
    }

    @Test func personShow_printsTheRosterLineAndTheSitesBeforeTheLinks() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(
            ["person", "show", "13911112222", "--reason", "visitor check"], replies: [.line(SiteReplies.personShow)])
        #expect(requests == [#"{"cmd":"person.show","person":"13911112222","reason":"visitor check"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        13911112222: one person as 500227198501011230, 13911112222
                        on the roster of grid G7 as 王芳 (home), home 3栋2单元501, household 3-2-501, checkpoint \
                        gate-3; imported 2020-02-06 20:00
                        on the staff list of 1 site
                        SITE  NAME                      DEPARTMENT
                        F1    Hongxing garment factory  cutting

                        PHONE        ID                  LINKED AT         BY          RECORD
                        13911112222  500227198501011230  2020-02-06 20:00  roster.csv       -

                        """,
                    stderr: ""))
    }

    @Test func personShow_whenNotOnAnyRoster_saysSo() throws {
        let fixture = try CtlFixture()
        let reply = #"""
            {"ok":true,"result":{"person":"13800138000","identity":["13800138000"],"shared_by":[],"check_id":false,\#
            "links":[],"roster":null,"sites":[]}}
            """#
        let (run, _) = try fixture.run(["person", "show", "13800138000", "--reason", "r"], replies: [.line(reply)])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: "13800138000: one person as 13800138000\nnot on any grid's roster\nno links / 无关联\n",
                    stderr: ""))
    }
}
