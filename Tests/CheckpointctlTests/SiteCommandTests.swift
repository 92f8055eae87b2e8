import CheckpointTestSupport
import Foundation
import Testing

/// `checkpointctl site ...` (issue 19): enterprise sites, against the fake daemon.
struct SiteCommandTests {
    static let siteTable = """
        ID  NAME                      GRID  TAG     SINCE             RECHECK BY            WORKERS  SEEN TODAY  \
        OPEN ALERTS
        F1  Hongxing garment factory  G7    yellow  2020-02-07 10:00  2020-02-10 (overdue)      120          98  \
                  1
        F2  东风机械                  G7    blue    2020-02-01 09:00  -                          35           0  \
                  0
        F3  Dawn foods                G8    red     2020-02-08 16:30  -                           8           2  \
                  3

        """

    @Test func siteList_printsATableOfTagsRechecksAndWorkers() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(["site", "list"], replies: [.line(SiteReplies.sites)])
        #expect(requests == [#"{"cmd":"sites"}"#])
        #expect(run == CtlRun(status: 0, stdout: Self.siteTable, stderr: ""))
    }

    @Test func siteList_onATerminal_paintsTagsInTheirColoursAndAnOverdueRecheckRed() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(
            ["site", "list", "--grid", "G7", "--tag", "YELLOW"], replies: [.line(SiteReplies.sites)],
            onTerminal: true)
        #expect(requests == [#"{"cmd":"sites","grid":"G7","tag":"yellow"}"#])
        #expect(run.stdout.contains("\u{1B}[33myellow\u{1B}[0m"), "\(run)")
        #expect(run.stdout.contains("\u{1B}[34mblue\u{1B}[0m"), "\(run)")
        #expect(run.stdout.contains("\u{1B}[1;31mred\u{1B}[0m"), "\(run)")
        #expect(run.stdout.contains("\u{1B}[1;31m2020-02-10 (overdue)\u{1B}[0m"), "\(run)")
    }

    @Test func siteList_withNoColour_isPlain() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["site", "list"], replies: [.line(SiteReplies.sites)], environment: ["NO_COLOR": "1"], onTerminal: true)
        #expect(run == CtlRun(status: 0, stdout: Self.siteTable, stderr: ""))
    }

    @Test func siteList_whenNoneMatch_saysSo() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(["site", "list", "--tag", "red"], replies: [.line(Replies.empty)])
        #expect(run == CtlRun(status: 0, stdout: "no sites match\n", stderr: ""))
    }

    @Test func siteShow_printsTheSiteThenItsTagHistoryAndRechecks() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(["site", "show", "F1"], replies: [.line(SiteReplies.siteShow)])
        #expect(requests == [#"{"cmd":"site.show","id":"F1"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        site F1 "Hongxing garment factory" in grid G7: yellow since 2020-02-07 10:00, recheck by \
                        2020-02-10 (overdue)
                        reason: no temperature log at the gate (by li)
                        last recheck: none
                        checkpoints: plant-1, plant-2
                        workers: 120 on the staff list, 98 seen today
                        open alerts: 1
                        created: 2020-02-01 08:00

                        tag history:
                        AT                TAG     REASON                          RECHECK BY  BY
                        2020-02-07 10:00  yellow  no temperature log at the gate  2020-02-10  li
                        2020-02-01 08:00  blue    approved to reopen              -           wang

                        rechecks:
                        AT                NOTE               BY
                        2020-02-05 14:00  masks at the gate  zhao

                        """,
                    stderr: ""))
    }

    @Test func siteAdd_sendsIdNameAndGrid() throws {
        let fixture = try CtlFixture()
        let reply = SiteReplies.site(SiteReplies.blueSite)
        let (run, requests) = try fixture.run(
            ["site", "add", "F2", "--name", "东风机械", "--grid", "G7"], replies: [.line(reply)])
        #expect(requests == [#"{"cmd":"site.add","id":"F2","name":"东风机械","grid":"G7"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0, stdout: "site F2 added\nsite F2 \"东风机械\" in grid G7: blue since 2020-02-01 09:00\n",
                    stderr: ""))
    }

    @Test func siteTag_yellow_sendsTheRecheckDateAndSaysWhatFollows() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(
            [
                "site", "tag", "F1", "yellow", "--reason", "no temperature log at the gate", "--recheck-by",
                "2020-02-10", "--by", "li",
            ], replies: [.line(SiteReplies.site(SiteReplies.yellowSite))])
        #expect(
            requests == [
                #"{"cmd":"site.tag","id":"F1","tag":"yellow","reason":"no temperature log at the gate","#
                    + #""recheck_by":"2020-02-10","by":"li"}"#
            ])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        site F1 tagged yellow
                        site F1 "Hongxing garment factory" in grid G7: yellow since 2020-02-07 10:00, recheck by \
                        2020-02-10 (overdue)
                        a RECHECK_DUE alert opens if no recheck is recorded by 2020-02-10

                        """,
                    stderr: ""))
    }

    @Test func siteTag_red_saysEveryRecordRaisesASiteAlert() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(
            ["site", "tag", "F3", "Red", "--reason", "third failed inspection"],
            replies: [.line(SiteReplies.site(SiteReplies.redSite))])
        #expect(requests == [#"{"cmd":"site.tag","id":"F3","tag":"red","reason":"third failed inspection"}"#])
        #expect(run.status == 0 && run.stdout.hasSuffix("every record at its gates now raises a SITE alert\n"))
    }

    /// Refused before connecting (no daemon listens: a connection would exit 3), saying what to do.
    @Test(arguments: [
        (["F1", "yellow", "--reason", "r"], "a yellow tag needs --recheck-by YYYY-MM-DD"),
        (["F1", "blue", "--reason", "r", "--recheck-by", "2020-02-10"], "--recheck-by goes with yellow only: a blue"),
        (["F1", "red", "--reason", "r", "--recheck-by", "2020-02-10"], "--recheck-by goes with yellow only: a red"),
        (["F1", "yellow", "--reason", "r", "--recheck-by", "10/02/2020"], "--recheck-by must be a day as YYYY-MM-DD"),
        (["F1", "green", "--reason", "r"], "The value 'green' is invalid for '<tag>'"),
        (["F1", "yellow", "--reason", " ", "--recheck-by", "2020-02-10"], "--reason must say why the site gets"),
    ])
    func siteTag_whenTheTagAndRecheckDateDoNotGo_exitsTwoWithoutConnecting(arguments: [String], message: String)
        throws
    {
        let fixture = try CtlFixture()
        let run = try fixture.run(["site", "tag"] + arguments)
        #expect(run.status == 2, "\(run)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("Error: " + message), "\(run)")
    }

    @Test func siteTag_yellowWithoutRecheckDate_inChinese_saysWhatToDo() throws {
        let fixture = try CtlFixture()
        let run = try fixture.run(
            ["site", "tag", "F1", "yellow", "--reason", "r"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("标记黄色须给出 --recheck-by YYYY-MM-DD：复查的截止日期"), "\(run)")
    }

    @Test func siteRecheck_sendsTheNoteAndWho() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(
            ["site", "recheck", "F1", "--note", "log kept", "--by", "zhao"],
            replies: [.line(SiteReplies.site(SiteReplies.yellowSite))])
        #expect(requests == [#"{"cmd":"site.recheck","id":"F1","note":"log kept","by":"zhao"}"#])
        #expect(run.status == 0 && run.stdout.hasPrefix("recheck of site F1 recorded\nsite F1 "), "\(run)")
    }
}
