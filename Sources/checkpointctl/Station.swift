import ArgumentParser
import CheckpointWire

/// `checkpointctl station add|list|revoke|rotate`: the terminals that send readings, and their tokens.
struct Station: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Register stations, list them, revoke them and rotate their tokens.",
        discussion: """
            A station is one terminal at a checkpoint. It proves who it is with a token that `add` and `rotate` \
            print once; the daemon keeps only a hash. Revoking or rotating closes the station's open sessions.

            Example:
              checkpointctl station add gate-3-a --checkpoint gate-3
              checkpointctl station list
            """,
        subcommands: [Add.self, List.self, Revoke.self, Rotate.self]
    )
}

extension Station {
    struct List: RequestCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the stations, with whether each is connected.",
            discussion: """
                STATE is connected, offline or revoked (revoked rows are dimmed on a terminal). SEQ is the first \
                and last record number received; MISSING lists the numbers in between that never arrived (records \
                lost on the way: a terminal numbers them 1, 2, 3, ...). LAST CHANGE says when the station was \
                created, its token last rotated, or it was revoked.

                Example:
                  checkpointctl station list
                  checkpointctl station list --json | jq -r '.items[] | select(.connected | not) | .id'
                """
        )

        @OptionGroup var global: GlobalOptions

        var request: ControlRequest { ControlRequest(.stations) }

        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            let rows = result.items
            guard !rows.isEmpty else {
                return L("no stations yet: add one with `checkpointctl station add ID --checkpoint CHECKPOINT`") + "\n"
            }
            var table = Table([
                .init(title: "ID"), .init(title: "CHECKPOINT"), .init(title: "STATE"),
                .init(title: "SEQ", alignment: .right), .init(title: "MISSING"), .init(title: "LAST SEEN"),
                .init(title: "LAST CHANGE"),
            ])
            for row in rows {
                let revoked = row.has("revoked_at")
                let state: Table.Cell
                if revoked {
                    state = Table.Cell(text: L.word("revoked"))
                } else if case .bool(true)? = row["connected"] {
                    state = Table.Cell(text: L.word("connected"), attributes: [.green])
                } else {
                    state = Table.Cell(text: L.word("offline"))
                }
                table.append(
                    [
                        Table.Cell(text: row.text("id")), Table.Cell(text: row.text("checkpoint")), state,
                        Table.Cell(text: Self.sequenceRange(row)), Self.missingCell(row),
                        Table.Cell(text: row.text("last_seen")), Table.Cell(text: Self.lastChange(row)),
                    ],
                    attributes: revoked ? [.dim] : []
                )
            }
            return table.rendered(style: style)
        }

        /// `1-532`, `7` when both ends are the same, `-` before the first record.
        static func sequenceRange(_ row: JSONObject) -> String {
            let first = row.text("first_seq")
            let last = row.text("last_seq")
            if first == "-" && last == "-" {
                return "-"
            }
            return first == last ? first : "\(first)-\(last)"
        }

        /// The seq numbers that never arrived (SPEC §9 upload gaps): `10`, `4-6,10`, or the first ranges and the
        /// total, `4-6,10,12,15,… (57 in all)`; yellow on a terminal. `-` when none are missing.
        static func missingCell(_ row: JSONObject) -> Table.Cell {
            let ranges = (row["missing"]?.arrayValue ?? []).compactMap { range -> String? in
                guard let bounds = range.arrayValue, bounds.count == 2,
                    let low = bounds[0].intValue, let high = bounds[1].intValue
                else {
                    return nil
                }
                return low == high ? String(low) : "\(low)-\(high)"
            }
            guard !ranges.isEmpty else {
                return Table.Cell(text: "-")
            }
            let shown = 4
            var text = ranges.prefix(shown).joined(separator: ",")
            if ranges.count > shown {
                text += L(",… ({1} in all)", row.text("missing_count"))
            }
            return Table.Cell(text: text, attributes: [.yellow])
        }

        /// The latest of revoked, rotated and created, with its time as the daemon sent it.
        static func lastChange(_ row: JSONObject) -> String {
            for (key, word) in [("revoked_at", "revoked"), ("rotated_at", "rotated"), ("created_at", "created")]
            where row.has(key) {
                return L.word(word) + " " + row.text(key)
            }
            return "-"
        }
    }

    struct Revoke: RequestCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a station: its token stops working at once.",
            discussion: """
                The daemon closes the station's open sessions and refuses its token from now on. The station and \
                its records stay listed. To give the terminal a new token instead, use `rotate`.

                Example:
                  checkpointctl station revoke gate-3-a
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The station's id.")
        var id: String

        func validate() throws {
            try Self.validateIdentifier(id, "station")
        }

        var request: ControlRequest { ControlRequest(.stationRevoke) { arguments in arguments[.id] = .string(id) } }

        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            var text = L("station {1} revoked", result.text("id"))
            if result.has("revoked_at") {
                text += L(" at {1}", result.text("revoked_at"))
            }
            return text + L("; its sessions were closed and its token no longer works") + "\n"
        }
    }
}
