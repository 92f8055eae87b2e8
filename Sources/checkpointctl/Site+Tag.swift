import ArgumentParser
import CheckpointCore
import CheckpointWire

extension Site {
    /// `checkpointctl site tag ID blue|yellow|red --reason R [--recheck-by YYYY-MM-DD] [--by NAME]`.
    struct Tag: RequestCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tag a site blue, yellow or red (admins only).",
            discussion: """
                blue: approved to reopen. yellow: problems found; give --recheck-by, the local day by which the \
                follow-up inspection is due: if no recheck is recorded by then (checkpointctl site recheck), a \
                RECHECK_DUE alert opens. red: stopped at once; every record at the site's gates raises a SITE \
                alert (one per site and day, counting the records). Every tag is kept in the site's history \
                (checkpointctl site show) with its reason and who gave it.

                --recheck-by goes with yellow only: it is refused here, before anything is sent, for blue and \
                red, and yellow is refused without it.

                Example:
                  checkpointctl site tag F1 yellow --reason "no temperature log at the gate" --recheck-by 2026-12-10
                  checkpointctl site tag F1 red --reason "third failed inspection" --by "district office"
                  checkpointctl site tag F1 blue --reason "recheck passed"
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The site's id.")
        var id: String

        @Argument(help: ArgumentHelp("blue, yellow or red.", valueName: "tag"))
        var tag: SiteTagOption

        @Option(help: ArgumentHelp("Why (kept in the site's tag history).", valueName: "text"))
        var reason: String

        @Option(
            name: .customLong("recheck-by"),
            help: ArgumentHelp(
                "yellow only: the local day by which the follow-up inspection is due (YYYY-MM-DD).",
                valueName: "date"))
        var recheckBy: String?

        @Option(help: ArgumentHelp("Who tags the site (default: your user name).", valueName: "name"))
        var by: String?

        func validate() throws {
            try Self.validateIdentifier(id, "site")
            guard reason.contains(where: { !$0.isWhitespace }) else {
                throw ValidationError(L("--reason must say why the site gets this tag"))
            }
            switch (tag, recheckBy) {
            case (.yellow, nil):
                throw ValidationError(
                    L("a yellow tag needs --recheck-by YYYY-MM-DD: the day by which the follow-up inspection is due"))
            case (.blue, _?), (.red, _?):
                throw ValidationError(
                    L("--recheck-by goes with yellow only: a {1} site has no follow-up inspection; leave it out",
                        L.word(tag.rawValue)))
            case (.yellow, let date?):
                guard LocalDay(date: date) != nil else {
                    throw ValidationError(L("--recheck-by must be a day as YYYY-MM-DD (2026-12-10), not {1}", date))
                }
            default:
                break
            }
        }

        var request: ControlRequest {
            ControlRequest(.siteTag) { arguments in
                arguments[.id] = .string(id)
                arguments[.tag] = .string(tag.rawValue)
                arguments[.reason] = .string(reason)
                arguments.setIfPresent(.recheckBy, recheckBy)
                arguments.setIfPresent(.by, by)
            }
        }

        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            var text = L("site {1} tagged {2}", result.text("id"), Site.tag(result, style: style)) + "\n"
            text += Site.summary(result, style: style)
            switch result.text("tag") {
            case "red":
                text += L("every record at its gates now raises a SITE alert") + "\n"
            case "yellow":
                text += L("a RECHECK_DUE alert opens if no recheck is recorded by {1}", result.text("recheck_by"))
                text += "\n"
            default:
                break
            }
            return text
        }
    }

    /// `checkpointctl site show ID`: a site, its tag history and its rechecks.
    struct Show: RequestCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a site: its tag, gates, workers, tag history and rechecks.",
            discussion: """
                The tag history is newest first: each tag with when, why, the recheck date of a yellow tag and \
                who gave it. Then the rechecks recorded, newest first.

                Example:
                  checkpointctl site show F1
                  checkpointctl site show F1 --json | jq .history
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The site's id.")
        var id: String

        func validate() throws {
            try Self.validateIdentifier(id, "site")
        }

        var request: ControlRequest {
            ControlRequest(.siteShow) { arguments in
                arguments[.id] = .string(id)
            }
        }

        func render(_ site: JSONObject, style: TerminalStyle) -> String {
            var text = Site.summary(site, style: style)
            text += L("reason: {1} (by {2})", site.text("tag_reason"), site.text("tagged_by")) + "\n"
            let recheck = site.has("last_recheck_at") ? site.text("last_recheck_at") : L("none")
            text += L("last recheck: {1}", recheck) + "\n"
            let gates = (site["checkpoints"]?.arrayValue ?? []).map(\.displayText)
            text += L("checkpoints: {1}", gates.isEmpty ? L("none") : gates.joined(separator: L(", "))) + "\n"
            text += L(
                "workers: {1} on the staff list, {2} seen today", site.text("workers"),
                site.text("workers_seen_today")) + "\n"
            let alerts = site["open_alerts"]?.intValue ?? 0
            text += L("open alerts: {1}", style.paint(site.text("open_alerts"), alerts > 0 ? [.red] : [])) + "\n"
            text += L("created: {1}", site.text("created_at")) + "\n"

            let history = (site["history"]?.arrayValue ?? []).compactMap(\.objectValue)
            text += "\n" + L("tag history:") + "\n"
            if history.isEmpty {
                text += L("none") + "\n"
            } else {
                var table = Table([
                    .init(title: "AT"), .init(title: "TAG"), .init(title: "REASON"), .init(title: "RECHECK BY"),
                    .init(title: "BY"),
                ])
                for entry in history {
                    table.append([
                        Table.Cell(text: entry.text("at")),
                        Table.Cell(text: L.word(entry.text("tag")), attributes: Site.colour(entry.text("tag"))),
                        Table.Cell(text: entry.text("reason")), Table.Cell(text: entry.text("recheck_by")),
                        Table.Cell(text: entry.text("by")),
                    ])
                }
                text += table.rendered(style: style)
            }

            let rechecks = (site["rechecks"]?.arrayValue ?? []).compactMap(\.objectValue)
            text += "\n" + L("rechecks:") + "\n"
            guard !rechecks.isEmpty else { return text + L("none") + "\n" }
            var table = Table([.init(title: "AT"), .init(title: "NOTE"), .init(title: "BY")])
            for recheck in rechecks {
                table.append(["at", "note", "by"].map { Table.Cell(text: recheck.text($0)) })
            }
            return text + table.rendered(style: style)
        }
    }
}
