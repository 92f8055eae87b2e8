import ArgumentParser
import CheckpointCore
import CheckpointWire

extension Site {
    /// `checkpointctl site health-form ID --date D [--format table|csv]`: the 员工健康信息表.
    struct HealthForm: RequestCommand {
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case table
            case csv
        }

        static let configuration = CommandConfiguration(
            commandName: "health-form",
            abstract: "The staff health form of a site for one day (audited).",
            discussion: """
                A row per worker on the site's staff list, and per person not on it who passed one of its \
                gates that day: whether they passed a gate, their first and last time, every temperature taken, \
                the highest, whether one was a fever, and whether they may work (the rule of checkpointctl \
                clearance: not while a quarantine order is in force, nor after a fever that a re-check did not \
                clear). Then how many workers the list has and how many passed.

                The day is a local day of the daemon's display zone. The form names people in full, so the daemon \
                writes each one to its audit trail, with --reason when given.

                --format csv has column names in Chinese and English, starts with a UTF-8 byte order mark and \
                ends lines with CRLF, so Excel (on Chinese Windows too) opens it as it is; a cell a spreadsheet \
                would read as a formula (=, +, -, @) starts with '.

                Example:
                  checkpointctl site health-form F1 --date today
                  checkpointctl site health-form F1 --date 2026-12-05 --format csv --reason "weekly report" \
                > F1-2026-12-05.csv
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The site's id.")
        var id: String

        @Option(help: ArgumentHelp("The local day: YYYY-MM-DD, today or yesterday.", valueName: "date"))
        var date: String

        @Option(help: ArgumentHelp("table (default) or csv.", valueName: "format"))
        var format: Format?

        @Option(help: ArgumentHelp("Why (written to the audit trail).", valueName: "text"))
        var reason: String?

        func validate() throws {
            try Self.validateIdentifier(id, "site")
            guard ["today", "yesterday"].contains(date) || LocalDay(date: date) != nil else {
                throw ValidationError(L("--date must be a day as YYYY-MM-DD (2026-12-05), today or yesterday"))
            }
            if let reason { try Self.validateReason(reason, audits: "health form") }
        }

        var request: ControlRequest {
            ControlRequest(.siteHealthForm) { arguments in
                arguments[.id] = .string(id)
                arguments[.date] = .string(date)
                arguments.setIfPresent(.reason, reason)
            }
        }

        func run() throws {
            let environment = ProcessEnvironment.current()
            let connection = try ControlConnection(location: global.socketLocation(environment: environment))
            let result = try exchange(over: connection)
            let text: String
            if global.json {
                text = JSONValue.object(result).serialized() + "\n"
            } else if format == .csv {
                text = Self.csv(result)
            } else {
                text = render(result, style: .forStandardOutput(environment: environment))
            }
            try StandardOutput().write(text)
        }

        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            var output = L(
                "staff health form of site {1} \"{2}\", {3} ({4} to {5})", result.text("site"), result.text("name"),
                result.text("date"), result.text("from"), result.text("to")) + "\n\n"
            let rows = result.items
            if rows.isEmpty {
                output += L("nobody on the staff list and nobody at the site's gates") + "\n"
            } else {
                var table = Table([
                    .init(title: "FULL NAME"), .init(title: "PERSON"), .init(title: "DEPARTMENT"),
                    .init(title: "PASSED GATE"), .init(title: "FIRST"), .init(title: "LAST"), .init(title: "TEMPS"),
                    .init(title: "MAX", alignment: .right), .init(title: "FEVER"), .init(title: "CLEARANCE"),
                    .init(title: "ON STAFF LIST"),
                ])
                for row in rows {
                    let fever = row["fever"] == .bool(true)
                    let clear = row["clear"] == .bool(true)
                    let listed = row["on_staff_list"] != .bool(false)
                    table.append([
                        Table.Cell(text: row.text("name")), Table.Cell(text: row.text("person")),
                        Table.Cell(text: row.text("department")), Table.Cell(text: Self.yesNo(row["passed"])),
                        Table.Cell(text: Self.clock(row, "first_at")), Table.Cell(text: Self.clock(row, "last_at")),
                        Table.Cell(text: Self.temperatures(row)), Table.Cell(text: row.text("max_temp")),
                        Table.Cell(text: Self.yesNo(row["fever"]), attributes: fever ? [.red] : []),
                        Table.Cell(text: Self.clearance(row), attributes: clear ? [.green] : [.bold, .red]),
                        Table.Cell(text: Self.yesNo(row["on_staff_list"]), attributes: listed ? [] : [.yellow]),
                    ])
                }
                output += table.rendered(style: style)
            }
            return output + "\n" + Self.totals(result) + "\n"
        }

        /// `12 workers on the staff list, 9 passed a gate`.
        static func totals(_ result: JSONObject) -> String {
            L("{1} on the staff list, {2} passed a gate", L.count(result["workers"]?.intValue ?? 0, "worker"),
                result.text("passed"))
        }

        static func yesNo(_ value: JSONValue?) -> String {
            value == .bool(true) ? L("yes") : L("no")
        }

        /// `08:05` of a time the daemon sent (the form's day is in its title); `-` when there is none.
        static func clock(_ row: JSONObject, _ key: String) -> String {
            let text = row.text(key)
            guard let space = text.firstIndex(of: " ") else { return text }
            return String(text[text.index(after: space)...])
        }

        /// `36.5 36.8`, in the order taken.
        static func temperatures(_ row: JSONObject) -> String {
            let temps = (row["temps"]?.arrayValue ?? []).map(\.displayText)
            return temps.isEmpty ? "-" : temps.joined(separator: " ")
        }

        /// `clear`, or `not clear (under quarantine) until 2026-12-19 00:00`.
        static func clearance(_ row: JSONObject) -> String {
            guard row["clear"] != .bool(true) else { return L("clear") }
            var text = L("not clear ({1})", why(row["why"]?.stringValue))
            if row.has("until") { text += L(" until {1}", row.text("until")) }
            return text
        }

        private static func why(_ code: String?) -> String {
            switch code {
            case "quarantine": L("under quarantine")
            case "fever": L("fever not cleared by a re-check")
            case let other?: InertText.escaped(other)
            case nil: "-"
            }
        }
    }
}

extension Site.HealthForm {
    /// The CSV columns: bilingual titles, as the form is printed for both.
    static let csvHeader = [
        "姓名 name", "证件号/手机号 person", "部门 department", "当日过卡 passed a gate", "首次 first", "末次 last",
        "体温 temperatures", "最高体温 max", "发烧 fever", "可否复工 clearance", "原因 why", "至 until",
        "在员工名单 on staff list",
    ]

    /// RFC 4180 with a UTF-8 byte order mark and CRLF line ends (as `report daily`), every cell through
    /// ``CSVCell/field(_:)`` (a name such as `=cmd` is not a formula), and the totals as the last line.
    static func csv(_ result: JSONObject) -> String {
        func both(_ value: JSONValue?) -> String { value == .bool(true) ? "是 yes" : "否 no" }
        func raw(_ row: JSONObject, _ key: String) -> String { InertText.escaped(row[key]?.stringValue ?? "") }
        func blankForNone(_ text: String) -> String { text == "-" ? "" : text }
        var lines = [csvHeader.map(CSVCell.field).joined(separator: ",")]
        for row in result.items {
            let clear = row["clear"] == .bool(true)
            let why: String =
                switch row["why"]?.stringValue {
                case "quarantine"?: "隔离中 under quarantine"
                case "fever"?: "发烧未经复测排除 fever not cleared by a re-check"
                case let other?: InertText.escaped(other)
                case nil: ""
                }
            let cells = [
                raw(row, "name"), raw(row, "person"), raw(row, "department"), both(row["passed"]),
                blankForNone(clock(row, "first_at")), blankForNone(clock(row, "last_at")),
                blankForNone(temperatures(row)), raw(row, "max_temp"), both(row["fever"]),
                clear ? "可复工 clear" : "不可复工 not clear", why, row.has("until") ? row.text("until") : "",
                both(row["on_staff_list"]),
            ]
            lines.append(cells.map(CSVCell.field).joined(separator: ","))
        }
        let totals = "合计 total: 名单 \(result.text("workers")) 人 workers, 过卡 \(result.text("passed")) 人 passed"
        lines.append(CSVCell.field(totals))
        return "\u{FEFF}" + lines.map { $0 + "\r\n" }.joined()
    }
}
