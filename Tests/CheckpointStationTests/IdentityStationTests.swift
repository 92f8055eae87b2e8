import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// Issue 15 at the gate: a shared phone's record answers `check-id` ("scan the ID card") on the screen, in both
/// languages; `send` carries the ID scanned with a phone in the CSV's `id` column.
@Suite(.serialized)
struct IdentityStationTests {
    static let phone = "13911112222"
    static let resident = "500227198501011230"
    static let second = "500227199003034565"

    /// Links the phone to two IDs: it is shared.
    static func share(_ fixture: StationFixture) throws {
        let control = try fixture.daemon.control()
        for id in [resident, second] {
            let reply = try control.requestLine(
                #"{"cmd":"person.link","person":"\#(phone)","id":"\#(id)","reason":"grandparents"}"#)
            #expect(reply.hasPrefix(#"{"ok":true"#), "\(reply)")
        }
    }

    @Test(arguments: Language.allCases)
    func screen_whenThePhoneIsShared_asksForTheIDCardInYellow(language: Language) throws {
        let fixture = try StationFixture()
        try Self.share(fixture)
        let terminal = try fixture.interactive(language)
        let words = language == .english ? "SCAN THE ID CARD (shared phone)" : "请扫身份证（多人共用手机号）"
        var mark = terminal.mark()
        terminal.type(Self.phone + "\r")
        terminal.type("36.6\r")
        try terminal.waitForBand(.yellow, words, after: mark)
        #expect(!terminal.bytes[mark...].contains(0x07), "not an alarm: no bell")

        mark = terminal.mark()
        terminal.type(Self.phone + "\r")
        terminal.type("38.6\r")
        let fever = language == .english ? "FEVER" : "发烧"
        let band = try terminal.waitForBand(.red, fever, after: mark)
        #expect(band == fever + " · " + words, "a fever stays red, and the ID card is still asked for: \(band)")
        #expect(terminal.bytes[mark...].contains(0x07), "a fever rings the bell")
        terminal.type("\u{03}")
        #expect(terminal.exitStatus(within: 10) == 0)
    }

    @Test func send_withTheIDColumn_linksAndIsJudgedByTheID_andCountsCheckIDs() throws {
        let fixture = try StationFixture()
        try Self.share(fixture)
        let csv = """
            kind,person,temp,ts,origin,id
            ENTRY,\(Self.phone),,,,
            ENTRY,\(Self.phone),,,,\(Self.resident)
            TEMP,13800138000,36.5,,,other:E1234567

            """
        let result = try fixture.send(csv)
        #expect(result.code == 0, "stdout: \(result.standardOutput) stderr: \(result.standardError)")
        let output = result.standardOutput
        #expect(output.contains("sent 3 · fever 0 · violation 0 · new quarantine 0 · rejected 0 · waiting 0"))
        #expect(output.contains("1 records were of a phone several people share and got check-id"), "\(output)")
        let database = fixture.daemon.databasePath
        #expect(try SQLiteShell.scalar(database, "SELECT COUNT(*) FROM person_links") == "3", "one new link")
        #expect(try SQLiteShell.scalar(database, "SELECT COUNT(*) FROM records WHERE verdict = 8") == "1")
    }

    @Test func send_whenTheIDColumnIsWrong_rejectsTheLineSayingWhatToPutThere() throws {
        let fixture = try StationFixture()
        let csv = """
            kind,person,id
            EXIT,\(Self.phone),13800138000
            EXIT,\(Self.resident),\(Self.second)
            EXIT,\(Self.phone),50022719850101123
            EXIT,\(Self.phone),\(Self.resident)

            """
        let result = try fixture.send(csv)
        #expect(result.code == 1, "stdout: \(result.standardOutput) stderr: \(result.standardError)")
        let output = result.standardOutput
        #expect(output.contains("rejected line 2: id is the resident ID or other:ID scanned with the phone"))
        #expect(output.contains("rejected line 3: id goes with a phone number in person"))
        #expect(output.contains("rejected line 4: id: a person number has 17 digits"), "\(output)")
        #expect(try fixture.stored() == (1, 1))
    }
}
