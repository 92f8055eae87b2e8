import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// Issue 19 at the gate: the verdicts `visitor` (not on the roster of the gate's grid) and `notice` (a `home`
/// resident over the household's outing quota or out too long) are shown yellow, in both languages, with no bell;
/// with a fever or a violation the band stays red and still says them; `send` counts them.
///
/// The station is run against a scripted server that answers each person with a fixed `verdict=`, so these tests
/// check the terminal's side of the contract whatever rules the daemon applies.
@Suite(.serialized)
struct VisitorNoticeStationTests {
    static let visitor = "13800138016"
    static let notice = "13800138032"
    static let feverVisitor = "13800138017"
    static let violationNotice = "13800138034"

    /// The `verdict=` the scripted server answers for each person; `pass` for anyone else.
    static let verdicts = [
        visitor: "visitor", notice: "notice", feverVisitor: "fever,visitor", violationNotice: "violation,notice",
    ]

    struct Words: Sendable {
        var visitor: String
        var notice: String
        var fever: String
        var violation: String
        var pass: String
    }

    static func words(_ language: Language) -> Words {
        switch language {
        case .english:
            Words(visitor: "visitor: verify", notice: "notice: over the household's outing quota or out too long",
                  fever: "FEVER", violation: "QUARANTINE VIOLATION", pass: "PASS")
        case .chinese:
            Words(visitor: "外来人员 请核实", notice: "出行提示：超出户出行限额或外出超时", fever: "发烧",
                  violation: "违反隔离", pass: "通过")
        }
    }

    @Test(arguments: Language.allCases)
    func screen_whenTheAnswerIsVisitor_showsVerifyInYellowWithoutTheBell(language: Language) throws {
        let gate = try ScriptedGate()
        let words = Self.words(language)
        let terminal = try gate.interactive(language)
        var mark = terminal.mark()
        terminal.type(Self.visitor + "\r")
        terminal.type("36.6\r")
        let band = try terminal.waitForBand(.yellow, words.visitor, after: mark)
        #expect(band == words.visitor)
        #expect(!terminal.bytes[mark...].contains(0x07), "not an alarm: no bell")

        // The next person passes; the visitor's record, now in the recent list, keeps its yellow word.
        mark = terminal.mark()
        terminal.type("13800138000\r")
        terminal.type("36.6\r")
        try terminal.waitForBand(.green, words.pass, after: mark)
        try terminal.waitFor("\u{1B}[1;33m" + words.visitor + "\u{1B}[0m", after: mark)
        terminal.type("\u{03}")
        #expect(terminal.exitStatus(within: 10) == 0)
    }

    @Test(arguments: Language.allCases)
    func screen_whenTheAnswerIsNotice_showsTheOutingNoticeInYellowWithoutTheBell(language: Language) throws {
        let gate = try ScriptedGate()
        let words = Self.words(language)
        let terminal = try gate.interactive(language)
        let mark = terminal.mark()
        terminal.type(Self.notice + "\r")
        terminal.type("36.6\r")
        let band = try terminal.waitForBand(.yellow, words.notice, after: mark)
        #expect(band == words.notice)
        #expect(!terminal.bytes[mark...].contains(0x07), "not an alert: no bell")
        terminal.type("\u{03}")
        #expect(terminal.exitStatus(within: 10) == 0)
    }

    @Test(arguments: Language.allCases)
    func screen_whenFeverOrViolationComeWithVisitorOrNotice_staysRedAndSaysBoth(language: Language) throws {
        let gate = try ScriptedGate()
        let words = Self.words(language)
        let terminal = try gate.interactive(language)
        var mark = terminal.mark()
        terminal.type(Self.feverVisitor + "\r")
        terminal.type("38.6\r")
        var band = try terminal.waitForBand(.red, words.fever, after: mark)
        #expect(band == words.fever + " · " + words.visitor, "red wins, and the visitor is still named: \(band)")
        #expect(terminal.bytes[mark...].contains(0x07), "a fever rings the bell")

        mark = terminal.mark()
        terminal.type(Self.violationNotice + "\r")
        terminal.type("36.6\r")
        band = try terminal.waitForBand(.red, words.violation, after: mark)
        #expect(band == words.violation + " · " + words.notice, "\(band)")
        #expect(terminal.bytes[mark...].contains(0x07), "a violation rings the bell")
        terminal.type("\u{03}")
        #expect(terminal.exitStatus(within: 10) == 0)
    }

    @Test func send_countsVisitorsAndNotices_inBothLanguages() throws {
        let csv = """
            kind,person,temp
            TEMP,\(Self.visitor),36.6
            TEMP,\(Self.notice),36.6
            TEMP,\(Self.feverVisitor),38.6
            TEMP,\(Self.violationNotice),36.6
            TEMP,13800138000,36.6

            """
        let english = try ScriptedGate().send(csv, language: .english)
        var output = english.standardOutput
        #expect(english.code == 0, "stdout: \(output) stderr: \(english.standardError)")
        #expect(
            output.contains("sent 5 · fever 1 · violation 1 · new quarantine 0 · rejected 0 · waiting 0"), "\(output)")
        #expect(output.contains("2 records got visitor: not on the resident roster of the gate's grid"), "\(output)")
        #expect(output.contains("2 records got notice: a home resident over the household's outing quota"), "\(output)")
        #expect(!output.contains("check-id"), "\(output)")

        let chinese = try ScriptedGate().send(csv, language: .chinese)
        output = chinese.standardOutput
        #expect(chinese.code == 0, "stdout: \(output) stderr: \(chinese.standardError)")
        #expect(output.contains("已上传 5 · 发烧 1 · 违反隔离 1 · 新隔离 0 · 被拒 0 · 待上传 0"), "\(output)")
        #expect(output.contains("2 条记录为外来人员（visitor）"), "\(output)")
        #expect(output.contains("2 条记录有出行提示（notice）"), "\(output)")
    }

    @Test func send_whenNoRecordIsAVisitorOrANotice_printsNeitherLine() throws {
        let result = try ScriptedGate().send("TEMP,13800138000,36.6\n", language: .english)
        #expect(result.code == 0, "stdout: \(result.standardOutput) stderr: \(result.standardError)")
        #expect(!result.standardOutput.contains("got visitor"), "\(result.standardOutput)")
        #expect(!result.standardOutput.contains("got notice"), "\(result.standardOutput)")
    }
}

/// A scripted station server answering each record with `VisitorNoticeStationTests.verdicts`, and ways to run the
/// real `checkpoint-station` against it.
final class ScriptedGate {
    let server: ScriptedStationServer
    let directory: TemporaryDirectory
    let tokenFile: String

    init() throws {
        server = try ScriptedStationServer { line in
            let fields = line.split(separator: " ")
            if fields.first == "HELLO" {
                return "OK HELLO station=st-1 checkpoint=gate-1 proto=1 server=checkpointd/1.0.0 fever=37.3"
            }
            if fields.first == "PING" { return "PONG" }
            guard let seq = fields.first(where: { $0.hasPrefix("seq=") })?.dropFirst(4),
                let person = fields.first(where: { $0.hasPrefix("person=") })?.dropFirst(7)
            else { return nil }
            let verdict = VisitorNoticeStationTests.verdicts[String(person)] ?? "pass"
            return "OK seq=\(seq) id=\(seq) verdict=\(verdict)"
        }
        directory = try TemporaryDirectory(prefix: "stn-visitor")
        tokenFile = try directory.write("0123456789abcdef0123456789abcdef\n", to: "token")
        chmod(tokenFile, 0o600)
    }

    var arguments: [String] {
        [
            "--server", "tcp:127.0.0.1:\(server.port)", "--station", "st-1", "--token-file", tokenFile,
            "--spool", directory.file("spool"), "--backoff-max", "0.5",
        ]
    }

    func environment(_ language: Language) -> [String: String] {
        var environment = ChildProcess.cleanEnvironment(adding: [
            "LANG": language.rawValue, "LC_ALL": language.rawValue, "TERM": "xterm-256color", "TZ": "UTC",
        ])
        for name in ["LC_MESSAGES", "NO_COLOR", "CHECKPOINT_TOKEN", "XDG_STATE_HOME"] { environment[name] = nil }
        return environment
    }

    /// The interactive screen on a pseudo-terminal, once it shows its prompt.
    func interactive(_ language: Language) throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(
            executable: try BuiltProduct.checkpointStation(), arguments: arguments,
            environment: environment(language))
        try terminal.waitFor(language == .english ? "Person" : "人员")
        return terminal
    }

    /// Writes `csv` to a file and runs `send` on it to completion.
    func send(_ csv: String, language: Language) throws -> CompletedProcess {
        let file = try directory.write(csv, to: "input.csv")
        return try ChildProcess.run(
            try BuiltProduct.checkpointStation(), ["send"] + arguments + ["--retry-for", "10", file],
            environment: environment(language), seconds: 60)
    }
}
