import CheckpointTestSupport
import Foundation
import Testing

/// Issue 16 point 5 against the real daemon: `version` says where times are shown, alerts and orders carry the
/// codes of their texts, and checkpointctl shows them in Chinese.
@Suite struct LanguageCentreTests {
    static func ctl(_ arguments: [String], socket: String, language: String) throws -> CompletedProcess {
        try ChildProcess.run(
            try BuiltProduct.checkpointctl(), arguments + ["--socket", socket],
            environment: ChildProcess.cleanEnvironment(adding: ["NO_COLOR": "1", "LANG": language, "LC_ALL": language]),
            seconds: 30)
    }

    @Test func status_showsTheConfiguredDisplayZone() throws {
        let centre = try Centre(["--display-timezone", "Asia/Shanghai"])
        let version = try centre.control.must("version")
        #expect(version.result["display_timezone"] as? String == "Asia/Shanghai")
        #expect(version.result["utc_offset"] as? String == "+08:00")
        let english = try Self.ctl(["status"], socket: centre.daemon.controlSocketPath, language: "C")
        #expect(english.standardOutput.contains("display zone: Asia/Shanghai (UTC+08:00)\n"), "\(english.standardOutput)")
        let chinese = try Self.ctl(["status"], socket: centre.daemon.controlSocketPath, language: "zh_CN.UTF-8")
        #expect(chinese.standardOutput.contains("显示时区：Asia/Shanghai（UTC+08:00）\n"), "\(chinese.standardOutput)")
    }

    @Test func alertsAndOrders_carryTheCodesOfTheirTexts_andCtlShowsThemInChinese() throws {
        let centre = try Centre(["--display-timezone", "Asia/Shanghai"])
        try centre.send("ENTRY", "person=13800138000 origin=outside")
        try centre.send("TEMP", "person=13900139000 temp=38.6")
        let orders = try centre.control.must("quarantine.list").items
        #expect(orders.first?["reason"] as? String == "arrival from outside the city")
        #expect(orders.first?["reason_code"] as? String == "outside_arrival")
        let alerts = try centre.control.must("alerts").items
        #expect(alerts.first?["detail"] as? String == "temp=38.6")
        #expect(alerts.first?["detail_code"] as? String == "temp")

        let socket = centre.daemon.controlSocketPath
        let list = try Self.ctl(["quarantine", "list"], socket: socket, language: "zh_CN.UTF-8")
        #expect(list.standardOutput.contains("来自市外"), "\(list.standardOutput)")
        #expect(list.standardOutput.hasPrefix("隔离令  人员"), "\(list.standardOutput)")
        let table = try Self.ctl(["alerts"], socket: socket, language: "zh_CN.UTF-8")
        #expect(table.standardOutput.contains("体温 38.6 °C") && table.standardOutput.contains("发烧"), "\(table.standardOutput)")
        #expect(!table.standardOutput.contains("+08:00"), "tables show local times: \(table.standardOutput)")
    }
}
