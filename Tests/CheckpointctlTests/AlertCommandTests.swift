import CheckpointCore
import Testing

@testable import checkpointctl

/// `checkpointctl alerts` and `checkpointctl ack`.
struct AlertCommandTests {
    static let alertTable = """
        ID  TYPE       AT                COUNT  LAST              PERSON       WHERE            STATE        \
        RECHECK             ESCALATED         DETAIL
         5  SILENT     2020-02-07 11:25      1  -                 -            east             open         \
        -                   -                 no record for 30 min while staffed (24h)
         3  FEVER      2020-02-07 09:30      1  -                 13912345678  gate-3/gate-3-b  acked by li  \
        cleared-on-recheck  -                 temp=37.6
         2  VIOLATION  2020-02-07 09:50      3  2020-02-07 10:40  15011112222  gate-3/gate-3-a  open         \
        -                   2020-02-07 10:00  -

        """

    @Test func alerts_printsATableWithStateRecheckAndEscalation() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(["alerts", "--state", "all"], replies: [.line(Replies.alerts)])
        #expect(requests == [#"{"cmd":"alerts","state":"all"}"#])
        #expect(run == CtlRun(status: 0, stdout: Self.alertTable, stderr: ""))
    }

    /// Every type the daemon raises can be asked for (FOLLOWUP came with issue 16), and in Chinese.
    @Test func alertsType_acceptsEveryAlertTypeOfTheDaemon() throws {
        #expect(AlertTypeOption.allCases.map(\.rawValue) == AlertType.allCases.map(\.rawValue))
        let (run, requests) = try CtlFixture().run(
            ["alerts", "--type", "followup", "--grid", "G7", "--lang", "zh"],
            replies: [
                .line(
                    #"{"ok":true,"result":{"items":[{"id":1,"type":"FOLLOWUP","at":"2026-12-07T02:31:00+08:00","#
                        + #""person":"138****8002","checkpoint":null,"station":null,"record_id":null,"state":"open","#
                        + #""recheck":null,"escalated_at":null,"acked_at":null,"acked_by":null,"note":null,"#
                        + #""detail":"no reading 02:29-02:31","count":1,"last_at":null,"grid":"G7","#
                        + #""detail_code":"followup"}]}}"#)
            ]
        )
        #expect(requests == [#"{"cmd":"alerts","type":"FOLLOWUP","grid":"G7"}"#])
        #expect(run.stdout.contains("随访") && run.stdout.contains("网格 G7"), "\(run.stdout)")
        #expect(run.stdout.contains("02:29 至 02:31 无体温记录"), "\(run.stdout)")
    }

    @Test func alerts_sendsEveryFilterGiven() throws {
        let fixture = try CtlFixture()
        let (_, requests) = try fixture.run(
            ["alerts", "--state", "acked", "--type", "fever", "--since", "24h", "--limit", "20"],
            replies: [.line(Replies.empty)]
        )
        #expect(requests == [#"{"cmd":"alerts","state":"acked","type":"FEVER","since":"24h","limit":20}"#])
    }

    @Test(arguments: [
        ([], "no open alerts\n"),
        (["--state", "all", "--since", "today"], "no alerts since today\n"),
        (["--type", "DRIFT"], "no open DRIFT alerts\n"),
    ])
    func alerts_whenThereAreNone_saysWhichThereAreNoneOf(arguments: [String], expected: String) throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(["alerts"] + arguments, replies: [.line(Replies.empty)])
        #expect(run == CtlRun(status: 0, stdout: expected, stderr: ""))
    }

    @Test func alerts_withJSON_printsTheRawResult() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(["alerts", "--json"], replies: [.line(Replies.alerts)])
        #expect(run == CtlRun(status: 0, stdout: Replies.result(of: Replies.alerts) + "\n", stderr: ""))
    }

    @Test func alerts_onATerminal_paintsViolationsRedEscalatedBoldAndAckedDim() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(["alerts"], replies: [.line(Replies.alerts)], onTerminal: true)
        #expect(run.stdout.contains("\u{1B}[1;31mVIOLATION\u{1B}[0m"))
        #expect(run.stdout.contains("\u{1B}[1m15011112222\u{1B}[0m"))
        #expect(run.stdout.contains("\u{1B}[2;31mFEVER\u{1B}[0m"))
        #expect(run.stdout.contains("\u{1B}[2macked by li\u{1B}[0m"))
        #expect(run.stdout.contains("\u{1B}[33mSILENT\u{1B}[0m"))
    }

    @Test func ack_sendsTheIdAsANumberWithNoteAndBy() throws {
        let fixture = try CtlFixture()
        let (run, requests) = try fixture.run(
            ["ack", "7", "--note", "sent to the fever clinic", "--by", "li"],
            replies: [.line(Replies.ackedAlert)]
        )
        #expect(requests == [#"{"cmd":"ack","id":7,"note":"sent to the fever clinic","by":"li"}"#])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        alert 7 (FEVER 13800138001 at gate-3) acknowledged by li at 2020-02-07 08:20
                        note: sent to the fever clinic

                        """,
                    stderr: ""
                )
        )
    }

    /// Issue 15: a violation case says how many violations the acknowledgement covers.
    @Test func ack_ofAViolationCase_saysHowManyViolations() throws {
        let fixture = try CtlFixture()
        let acked = #"""
            {"ok":true,"result":{"id":9,"type":"VIOLATION","at":"2020-02-07T07:52:10+08:00","person":"139****9000",\#
            "checkpoint":"plant-1","station":"plant-1-a","record_id":1,"state":"acked","recheck":null,\#
            "escalated_at":null,"acked_at":"2020-02-07T09:20:00+08:00","acked_by":"li","note":"sent home",\#
            "detail":null,"count":3,"last_at":"2020-02-07T09:05:45+08:00"}}
            """#
        let (run, _) = try fixture.run(["ack", "9", "--note", "sent home"], replies: [.line(acked)])
        #expect(
            run
                == CtlRun(
                    status: 0,
                    stdout: """
                        alert 9 (VIOLATION 139****9000 at plant-1, 3 violations) acknowledged by li at 2020-02-07 09:20
                        note: sent home

                        """,
                    stderr: ""
                )
        )
    }

    @Test func ack_withoutNoteOrBy_leavesThemToTheDaemon() throws {
        let fixture = try CtlFixture()
        let (_, requests) = try fixture.run(["ack", "7"], replies: [.line(Replies.ackedAlert)])
        #expect(requests == [#"{"cmd":"ack","id":7}"#])
    }

    @Test func ack_withJSON_printsTheAlert() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(["ack", "7", "--json"], replies: [.line(Replies.ackedAlert)])
        #expect(run == CtlRun(status: 0, stdout: Replies.result(of: Replies.ackedAlert) + "\n", stderr: ""))
    }

    @Test func ack_whenAlreadyAcknowledged_exitsOneWithTheDaemonsMessage() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["ack", "3"],
            replies: [.line(Replies.failure("E_CONFLICT", "alert 3 was already acknowledged by li"))]
        )
        #expect(
            run
                == CtlRun(
                    status: 1,
                    stdout: "",
                    stderr: "checkpointctl: alert 3 was already acknowledged by li (E_CONFLICT)\n"
                )
        )
    }
}
