import Foundation
import Testing

/// Issue 16 point 5: checkpointctl speaks Chinese when the locale (or `--lang`) asks for it, English otherwise.
struct LanguageTests {
    static let chinese = ["LANG": "zh_CN.UTF-8"]

    /// POSIX order: the first non-empty of LC_ALL, LC_MESSAGES, LANG decides; C and POSIX are English.
    @Test(arguments: [
        (["LANG": "zh_CN.UTF-8"], true),
        (["LC_ALL": "zh_CN.UTF-8"], true),
        (["LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"], true),
        (["LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"], false),
        (["LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"], true),
        (["LC_ALL": "C", "LANG": "zh_CN.UTF-8"], false),
        (["LANG": "POSIX"], false),
        ([:], false),
    ])
    func language_followsTheLocaleInPOSIXOrder(environment: [String: String], isChinese: Bool) throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["status"], replies: [.line(Replies.version), .line(Replies.healthy)], environment: environment)
        #expect(run.status == 0)
        let english = "checkpointd 0.1.0 up 2h13m, protocol 1, SQLite 3.40.1\n"
            + "health: ok  (db writable, last commit 120 ms ago, queue 0)\n"
        let chinese = "checkpointd 0.1.0，已运行 2小时13分，协议 1，SQLite 3.40.1\n"
            + "运行状态：正常（数据库可写，上次提交在 120 毫秒 前，队列 0）\n"
        #expect(run.stdout == (isChinese ? chinese : english), "\(run)")
    }

    @Test(arguments: [
        (["status", "--lang", "en"], chinese, false),
        (["status", "--lang=en"], chinese, false),
        (["status", "--lang", "zh"], ["LANG": "C"], true),
        (["status", "--lang=zh"], ["LC_ALL": "en_US.UTF-8"], true),
    ])
    func lang_overridesTheLocale(arguments: [String], environment: [String: String], isChinese: Bool) throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            arguments, replies: [.line(Replies.version), .line(Replies.healthy)], environment: environment)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("运行状态：正常") == isChinese, "\(run)")
        #expect(run.stdout.contains("health: ok") == !isChinese, "\(run)")
    }

    @Test func lang_whenNotALanguage_isAUsageErrorListingTheChoices() throws {
        let fixture = try CtlFixture()
        let run = try fixture.run(["status", "--lang", "fr"])
        #expect(run.status == 2, "\(run)")
        #expect(run.stderr.contains("'en'") && run.stderr.contains("'zh'"), "\(run)")
        #expect(run.stdout.isEmpty)
    }

    /// Errors are in Chinese too: a socket nobody listens on, and a usage error of our own.
    @Test func errors_inChinese_sayWhatToDo() throws {
        let fixture = try CtlFixture()
        let missing = try fixture.run(["alerts"], environment: Self.chinese)
        #expect(missing.status == 3, "\(missing)")
        let reach = "checkpointctl: 无法连接 \(fixture.socketPath)（来自 CHECKPOINTD_CONTROL）上的 checkpointd："
        #expect(missing.stderr.hasPrefix(reach), "\(missing)")
        let hint = "checkpointctl: checkpointd 在运行吗？请启动它，或用 --socket PATH 指定 / 设置 CHECKPOINTD_CONTROL\n"
        #expect(missing.stderr.hasSuffix(hint), "\(missing)")

        let usage = try CtlFixture().run(["alerts", "--limit", "0"], environment: Self.chinese)
        #expect(usage.status == 2, "\(usage)")
        #expect(usage.stderr.contains("--limit 必须是 1 或更大的数，而不是 0"), "\(usage)")
    }

    /// A refusal keeps the daemon's message and code and adds what the code means, in Chinese.
    @Test func refusal_inChinese_addsTheMeaningOfTheCode() throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(
            ["status"], replies: [.line(Replies.version), .line(Replies.failure("E_DENIED", "not allowed"))],
            environment: Self.chinese)
        #expect(
            run
                == CtlRun(
                    status: 1, stdout: "",
                    stderr: "checkpointctl: not allowed (E_DENIED)\ncheckpointctl: "
                        + "无权执行：需要守护进程的管理员组权限，或为需审计的查询提供 --reason\n"))
    }

    /// Every table's header row is Chinese under zh_CN: no English column title escapes.
    @Test(arguments: [
        (["alerts"], Replies.alerts),
        (["records"], Replies.records),
        (["quarantine", "list", "--all"], #"{"ok":true,"result":{"items":["# + Replies.quarantineRows + "]}}"),
        (["checkpoint", "list"], Replies.checkpoints),
        (["station", "list"], Replies.stations),
        (["stats"], Replies.stats),
        (["stats", "--by", "hour"], Replies.statsByHour),
        (["presence", "--grid", "G7"], Replies.presence),
        (["audit"], Replies.audit),
        (["trace", "15011112222", "--reason", "case 7"], Replies.trace),
        (["site", "list"], SiteReplies.sites),
        (["person", "list", "--grid", "G7", "--reason", "r"], SiteReplies.personList),
        (["stats", "--by", "category"], SiteReplies.statsByCategory),
        (["site", "health-form", "F1", "--date", "today"], SiteReplies.healthForm),
    ])
    func tables_inChinese_haveChineseHeaders(arguments: [String], reply: String) throws {
        let fixture = try CtlFixture()
        let (run, _) = try fixture.run(arguments, replies: [.line(reply)], environment: Self.chinese)
        #expect(run.status == 0, "\(run)")
        let headers = Self.headerLines(run.stdout)
        #expect(!headers.isEmpty, "\(run)")
        for header in headers {
            #expect(!Self.hasEnglishWord(header), "\(arguments): \(header)")
        }
        // Times in tables are local clock times to the minute.
        #expect(!run.stdout.contains("T0") && !run.stdout.contains("+08:00"), "\(run)")
    }

    /// The header rows of a command's tables: the line before each first data row, found as lines that are all
    /// titles (no digits) right at the start or after a blank line.
    static func headerLines(_ output: String) -> [String] {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var headers: [String] = []
        for (index, line) in lines.enumerated() where !line.isEmpty {
            let afterBlank = index == 0 || lines[index - 1].isEmpty
            let tabular = line.contains("  ")
            if afterBlank && tabular && index + 1 < lines.count && !lines[index + 1].isEmpty {
                headers.append(line)
            }
        }
        return headers
    }

    /// Two or more ASCII letters in a row (`ORDER`, `AT`).
    static func hasEnglishWord(_ text: String) -> Bool {
        var letters = 0
        for scalar in text.unicodeScalars {
            letters = scalar.isASCII && scalar.properties.isAlphabetic ? letters + 1 : 0
            if letters >= 2 {
                return true
            }
        }
        return false
    }

    /// What the daemon writes for people (an alert's detail, the automatic order reason) and the words it sends
    /// (types, states, kinds) are shown in Chinese from their codes.
    @Test func daemonTexts_inChinese_areShownFromTheirCodes() throws {
        let fixture = try CtlFixture()
        let (alerts, _) = try fixture.run(["alerts"], replies: [.line(Replies.alerts)], environment: Self.chinese)
        for text in ["值守时段（24h）内 30 分钟没有记录", "体温 37.6 °C", "已由 li 确认", "复测正常", "无记录", "违反隔离"] {
            #expect(alerts.stdout.contains(text), "\(text): \(alerts)")
        }
        for text in ["no record for", "temp=", "acked by", "cleared-on-recheck", "SILENT", "VIOLATION"] {
            #expect(!alerts.stdout.contains(text), "\(text): \(alerts)")
        }
        let orders = #"{"ok":true,"result":{"items":["# + Replies.quarantineRows + "]}}"
        let (list, _) = try CtlFixture().run(
            ["quarantine", "list", "--all"], replies: [.line(orders)], environment: Self.chinese)
        #expect(list.stdout.contains("来自市外") && !list.stdout.contains("arrival from outside"), "\(list)")
        #expect(list.stdout.contains("confirmed fever"), "an operator's own reason stays as written: \(list)")
        let (records, _) = try CtlFixture().run(
            ["records"], replies: [.line(Replies.records)], environment: Self.chinese)
        #expect(records.stdout.contains("进（来自市外）") && records.stdout.contains("违反隔离"), "\(records)")
    }

    /// Tables show the daemon's local time to the minute; `--json` keeps RFC 3339 as sent. The zone is the daemon's
    /// (+08:00 here), so a time just after local midnight is on the new local day.
    @Test func times_inTables_areLocalToTheMinute_andJSONKeepsRFC3339() throws {
        let fixture = try CtlFixture()
        let row = #"{"id":9,"at":"2020-02-08T00:03:15.566+08:00","kind":"TEMP","person":"13800138000","temp":"36.6","#
            + #""verdict":"pass","origin":null,"note":null,"checkpoint":"gate-3","checkpoint_name":"North gate","#
            + #""grid":"G7","station":"gate-3-a","seq":21}"#
        let reply = #"{"ok":true,"result":{"items":["# + row + "]}}"
        let (table, _) = try fixture.run(["records"], replies: [.line(reply)])
        #expect(table.stdout.contains("  2020-02-08 00:03  TEMP"), "\(table)")
        #expect(!table.stdout.contains("00:03:15"), "\(table)")
        let (json, _) = try CtlFixture().run(["records", "--json"], replies: [.line(reply)])
        #expect(json.stdout.contains(#""at":"2020-02-08T00:03:15.566+08:00""#), "\(json)")
    }

    /// `status` says which zone times are shown in, as the daemon reports it.
    @Test func status_showsTheDisplayZone() throws {
        let fixture = try CtlFixture()
        let version = Replies.version.replacingOccurrences(
            of: #""uptime_s":7980}"#, with: #""uptime_s":7980,"display_timezone":"Asia/Shanghai","utc_offset":"+08:00"}"#)
        let (english, _) = try fixture.run(["status"], replies: [.line(version), .line(Replies.healthy)])
        #expect(english.stdout.hasSuffix("display zone: Asia/Shanghai (UTC+08:00)\n"), "\(english)")
        let (chinese, _) = try CtlFixture().run(
            ["status"], replies: [.line(version), .line(Replies.healthy)], environment: Self.chinese)
        #expect(chinese.stdout.hasSuffix("显示时区：Asia/Shanghai（UTC+08:00）\n"), "\(chinese)")
    }
}
