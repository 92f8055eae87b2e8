import ArgumentParser
import CheckpointCore
import CheckpointWire

/// `checkpointctl clearance PERSON --reason ...` (issue 15 point 3, 扫码复工): may the person go back to work, with
/// their last `clearance_days` days; audited as `trace` is.
struct ClearanceCheck: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "clearance",
        abstract: "Check whether a person may go back to work, with their last days (audited).",
        discussion: """
            For an employer or a grid clerk before a worker returns to work. Shows the person's quarantine orders \
            and fevers over the last clearance_days days (the daemon's setting, default 15), the checkpoints they \
            passed each day, and a verdict in English and in Chinese: CLEAR, or NOT CLEAR with why: a quarantine \
            order in force (with its end: returning workers may not start before their 14 days are over), or a \
            fever within the days that a re-check did not clear (a confirmed fever, a re-check missed or still \
            pending). When both apply the order is named; "clear from" says when the person will be clear if \
            nothing new happens.

            A reason is required: the daemon writes each check to its audit table (who, when, whom, why) and to the \
            journal before answering, as for trace; checkpointctl audit lists them. The person is a mobile number \
            (+86, spaces and dashes are fine), an 18-character resident ID, or other: and a document number.

            --json prints one object for an employer's system: clear (true or false), why (quarantine, fever or \
            null), until (the order's end), since (the fever's time), clear_from, and the lists quarantines, fevers \
            and per_day (docs/operations.md lists every field). The exit status is 0 for both verdicts: read clear.

            Example:
              checkpointctl clearance 13800138000 --reason "return to work, Hongxing factory"
              checkpointctl clearance "+86 138-0013-8000" --reason "employer check 2020-031" --json
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The person: mobile number, resident ID, or other:ID.")
    var person: String

    @Option(help: ArgumentHelp("Why you check this person; it goes to the audit log.", valueName: "text"))
    var reason: String

    func validate() throws {
        do throws(CheckpointCore.ValidationError) {
            _ = try PersonID(parsing: person)
        } catch {
            throw ArgumentParser.ValidationError(L("PERSON: {1}", error.message))
        }
        try Self.validateReason(reason, audits: "clearance check")
    }

    var request: ControlRequest {
        ControlRequest(.clearance) { arguments in
            arguments[.person] = .string(person)
            arguments[.reason] = .string(reason)
        }
    }

    func render(_ result: JSONObject, style: TerminalStyle) -> String {
        var output = "clearance check / 复工查询: \(result.text("person"))\n"
        output += "window / 查询时段: \(result.text("from")) to \(result.text("to")) "
        output += "(\(result.text("clearance_days")) days / 天)\n"

        let orders = Self.objects(result["quarantines"])
        output += "\nquarantine orders / 隔离令: " + (orders.isEmpty ? "none / 无\n" : "\(orders.count)\n")
        if !orders.isEmpty { output += Quarantine.table(orders, withPerson: false).rendered(style: style) }

        let fevers = Self.objects(result["fevers"])
        output += "\nfevers / 发热: " + (fevers.isEmpty ? "none / 无\n" : "\(fevers.count)\n")
        if !fevers.isEmpty { output += Self.feverTable(fevers).rendered(style: style) }

        let days = Self.objects(result["per_day"])
        output += "\ncheckpoints passed per day / 每日经过的卡点: "
        output += days.isEmpty ? "none / 无\n" : "\(Stats.count(Int64(days.count), "day")) / \(days.count) 天\n"
        if !days.isEmpty { output += Self.dayTable(days).rendered(style: style) }

        output += "\n" + Self.verdict(result, style: style)
        return output
    }

    /// The verdict, in English and then in Chinese, and when the person will be clear (when that is not the end of
    /// the order named).
    static func verdict(_ result: JSONObject, style: TerminalStyle) -> String {
        guard result["clear"] != .bool(true) else {
            let days = result.text("clearance_days")
            return style.paint("CLEAR", .bold, .green) + " — no quarantine order in force, no fever in \(days) days\n"
                + style.paint("可以复工", .bold, .green) + "：无在执行的隔离令，近 \(days) 天无发热\n"
        }
        var english: String
        var chinese: String
        if result["why"] == .string("quarantine") {
            english = "quarantine until \(result.text("until"))"
            chinese = "居家隔离至 \(result.text("until"))"
        } else {
            english = "fever on \(result.text("since"))"
            chinese = "\(result.text("since")) 发热"
        }
        var text = style.paint("NOT CLEAR", .bold, .red) + " — " + english + "\n"
        text += style.paint("不可复工", .bold, .red) + "：" + chinese + "\n"
        // After an order alone, "clear from" would only repeat its end.
        if result.has("clear_from"), result["clear_from"] != result["until"] {
            text += "clear from \(result.text("clear_from")) if nothing new happens / "
            text += "如无新情况，\(result.text("clear_from")) 起可以复工\n"
        }
        return text
    }

    static func feverTable(_ rows: [JSONObject]) -> Table {
        var table = Table([
            .init(title: "ALERT", alignment: .right), .init(title: "AT"), .init(title: "TEMP", alignment: .right),
            .init(title: "RE-CHECK"), .init(title: "COUNTS"), .init(title: "CHECKPOINT"), .init(title: "NAME"),
        ])
        for row in rows {
            let counts = row["blocks"] == .bool(true)
            table.append(
                [
                    row.text("alert_id"), row.text("at"), row.text("temp"), L.word(row.text("recheck")), counts ? L("yes") : L("no"),
                    row.text("checkpoint"), row.text("checkpoint_name"),
                ].map { Table.Cell(text: $0) }, attributes: counts ? [] : [.dim])
        }
        return table
    }

    /// One row per day and checkpoint; the day and its total on its first row only.
    static func dayTable(_ days: [JSONObject]) -> Table {
        var table = Table([
            .init(title: "DAY"), .init(title: "RECORDS", alignment: .right), .init(title: "CHECKPOINT"),
            .init(title: "NAME"), .init(title: "GRID"), .init(title: "PASSED", alignment: .right),
        ])
        for day in days {
            for (index, gate) in objects(day["checkpoints"]).enumerated() {
                let first = index == 0
                table.append(
                    [
                        first ? day.text("day") : "", first ? day.text("records") : "", gate.text("checkpoint"),
                        gate.text("name"), gate.text("grid"), gate.text("records"),
                    ].map { Table.Cell(text: $0) })
            }
        }
        return table
    }

    private static func objects(_ value: JSONValue?) -> [JSONObject] {
        (value?.arrayValue ?? []).compactMap(\.objectValue)
    }
}
