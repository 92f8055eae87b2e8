import CheckpointTestSupport
import Foundation
import Testing

/// Issue 16 point 5: the daemon's refusals reach the volunteer in the terminal's language, chosen from the `E_`
/// code and its reason (CheckpointWire `StationErrorReason`); the spool's rejected file keeps the daemon's words.
@Suite struct DaemonErrorLanguageTests {
    /// A real daemon refuses the token: the Chinese terminal says so in Chinese, with the code.
    @Test func send_whenTheTokenIsWrong_inChinese_saysItInChinese() throws {
        let fixture = try StationFixture()
        _ = try fixture.directory.write("not-the-token\n", to: "token")
        let result = try fixture.send(StationFixture.csv(count: 1), language: .chinese)
        #expect(result.code == 77, "stdout: \(result.standardOutput) stderr: \(result.standardError)")
        #expect(result.standardError.contains("E_AUTH: 本站点的令牌被拒绝：请向管理员索取新令牌"), "\(result.standardError)")
        #expect(!result.standardError.contains("wrong token"), "\(result.standardError)")
        #expect(fixture.spoolRecords().count == 1)
    }

    /// The same refusal in English is the daemon's own message, as before.
    @Test func send_whenTheTokenIsWrong_inEnglish_showsTheDaemonsMessage() throws {
        let fixture = try StationFixture()
        _ = try fixture.directory.write("not-the-token\n", to: "token")
        let result = try fixture.send(StationFixture.csv(count: 1), language: .english)
        #expect(result.code == 77)
        #expect(result.standardError.contains("E_AUTH: wrong token for station st-1"), "\(result.standardError)")
    }

    /// A record the daemon rejects: each reason is shown in Chinese on the summary line; the rejected file keeps
    /// the daemon's English message for the operator.
    @Test(arguments: [
        ("E_TEMP", "temperature must be between 30.0 and 45.0 degrees Celsius; re-measure", "体温不在 30.0–45.0 °C 之间：请重新测量（摄氏度）"),
        ("E_PERSON", "resident ID check digit does not match; check the 18 characters", "身份证号校验位不对：请重新扫描或输入 18 位号码"),
        ("E_TIME", "ts is more than 5 minutes in the future: check the terminal's clock", "终端时钟快了：请校准本机的日期和时间"),
        ("E_FIELD", "unknown key colour", "记录中有服务器不接受的字段：请联系管理员"),
    ])
    func send_whenTheDaemonRejectsARecord_inChinese_saysWhyInChinese(
        code: String, message: String, chinese: String
    ) throws {
        let run = try RefusingServer(code: code, message: message, locale: "zh_CN.UTF-8", prefix: "stn-lang")
        let (result, directory, printed) = (run.result, run.directory, run.printed)
        #expect(result.code == 1, "\(printed)")
        #expect(printed.contains("\(code): \(chinese)"), "\(printed)")
        #expect(!printed.contains(message), "\(printed)")
        let rejected = try String(contentsOfFile: directory.file("spool") + "/rejected", encoding: .utf8)
        #expect(rejected.contains(code), "\(rejected)")
    }

    /// Every reason the wire knows has a text in the terminal's tables (which a test checks in both languages).
    @Test func everyReason_hasATextInTheTables() throws {
        let cases = try StringTableTests.textCases()
        for reason in [
            "syntax", "verb", "proto", "field", "id-check", "person", "temp-range", "temp", "time-future", "time",
            "seq-reused", "seq", "hello-timeout", "throttled", "hello-first", "unregistered", "certificate", "token",
            "too-long", "busy", "shutting-down", "disk-full", "storage",
        ] {
            let name = "reason" + reason.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            #expect(cases.contains(name), "\(reason)")
        }
    }
}
