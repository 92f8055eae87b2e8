import CheckpointCore

/// Draws a `ScreenModel` as one string of terminal output: home the cursor, write every row (each ending with
/// "erase to end of line"), erase below, and put the cursor back in the field being typed.
struct Screen {
    var columns: Int
    var rows: Int

    private struct Row {
        var text: String
        var style: String?
        /// Paint the whole width (a band), not only the text.
        var fill = false
    }

    func render(_ model: ScreenModel) -> String {
        let width = max(columns, 20)
        var lines: [Row] = []
        var cursor = (row: 1, column: 1)

        let label = VerdictText.checkpointLabel(model.checkpointKind).map { " (\($0))" } ?? ""
        let title = " checkpoint-station · \(model.station)" + (model.checkpoint.map { " · \($0)" + label } ?? "")
            + (model.fever.map { " · " + L(.feverThreshold, $0) } ?? "")
        let clock = LocalTime.time(model.clock) + " "
        let gap = max(1, width - TextWidth.of(title) - TextWidth.of(clock))
        lines.append(Row(text: TextWidth.truncate(title, to: width - TextWidth.of(clock) - 1)
            + String(repeating: " ", count: gap) + clock, style: "7", fill: true))
        lines.append(Row(text: statusLine(model, width: width)))
        lines.append(Row(text: ""))
        lines.append(Row(text: modeLine(model)))
        lines.append(Row(text: "  " + L(.keysHelp), style: "2"))
        lines.append(Row(text: ""))

        let personLabel = "  " + TextWidth.pad(L(.promptPerson), to: 10) + ": "
        let temperatureLabel = "  " + TextWidth.pad(L(.promptTemperature), to: 10) + ": "
        switch model.form.field {
        case .person:
            lines.append(Row(text: personLabel + model.form.personText))
            cursor = (lines.count, TextWidth.of(personLabel + model.form.personText) + 1)
            lines.append(Row(text: temperatureLabel, style: "2"))
        case .temperature:
            let person = model.form.person.map { $0.masked + "  ✓" } ?? model.form.personText
            lines.append(Row(text: personLabel + person))
            lines.append(Row(text: temperatureLabel + model.form.temperatureText))
            cursor = (lines.count, TextWidth.of(temperatureLabel + model.form.temperatureText) + 1)
        }
        lines.append(noticeRow(model))
        lines.append(Row(text: ""))

        if let current = model.current {
            let style = VerdictText.bandStyle(current.outcome)
            lines.append(Row(text: "", style: style, fill: true))
            lines.append(Row(text: TextWidth.center(VerdictText.headline(current.outcome), in: width), style: style,
                             fill: true))
            lines.append(Row(text: "", style: style, fill: true))
            lines.append(Row(text: "  " + VerdictText.details(current), style: "1"))
        } else {
            lines.append(contentsOf: [Row(text: ""), Row(text: "  " + L(.readyHint), style: "2"), Row(text: "")])
        }
        if !model.recent.isEmpty {
            lines.append(Row(text: ""))
            lines.append(Row(text: "  " + L(.recentTitle), style: "2"))
            for record in model.recent {
                var text = "  " + LocalTime.time(record.draft.timestamp) + "  "
                text += TextWidth.pad(record.draft.person.masked, to: 20)
                text += TextWidth.pad(record.draft.temperature?.description ?? "-", to: 6)
                // A longer kind ("in (from outside the city)") is shown whole, two spaces before the verdict.
                let kind = VerdictText.kind(record.draft)
                text += TextWidth.pad(kind, to: max(10, TextWidth.of(kind) + 2))
                lines.append(Row(text: text + paint(VerdictText.headline(record.outcome),
                                                    VerdictText.listStyle(record.outcome), model.colour)))
            }
        }

        var output = "\u{1B}[H"
        for (index, row) in lines.prefix(max(rows, 1)).enumerated() {
            if index > 0 { output += "\r\n" }
            let text = row.fill ? TextWidth.pad(row.text, to: width) : TextWidth.truncate(row.text, to: width)
            if let style = row.style, model.colour || row.fill || style == "7" {
                let effective = model.colour ? style : "7"
                output += "\u{1B}[\(effective)m" + text + "\u{1B}[0m"
            } else {
                output += text + "\u{1B}[0m"
            }
            output += "\u{1B}[K"
        }
        output += "\u{1B}[J"
        if cursor.row <= rows {
            output += "\u{1B}[\(cursor.row);\(min(cursor.column, width))H"
        }
        return output
    }

    private func statusLine(_ model: ScreenModel, width: Int) -> String {
        let state: String
        switch model.link {
        case .online:
            state = paint("● " + L(.stateOnline), "1;32", model.colour)
        case .connecting:
            state = paint("◌ " + L(.stateConnecting), "1;33", model.colour)
        case .offline(let seconds, _):
            state = paint("○ " + L(.stateOffline, String(seconds)), "1;31", model.colour)
        case .refused(let message):
            state = paint("✕ " + L(.stateRefused, message), "1;31", model.colour)
        case .untrusted:
            state = paint("✕ " + L(.stateUntrusted), "1;31", model.colour)
        }
        let waiting = L(.statusWaiting, String(model.waiting))
        return " " + state + " · " + L(.statusSent, String(model.sentToday)) + " · "
            + L(.statusFevers, String(model.feversToday)) + " · "
            + (model.waiting > 0 ? paint(waiting, "1;33", model.colour) : waiting)
    }

    private func modeLine(_ model: ScreenModel) -> String {
        let modes: [(EntryMode, Text)] = [(.temp, .modeTemp), (.entry, .modeIn), (.exit, .modeOut)]
        var text = "  " + L(.modeLabel) + ": "
        for (mode, label) in modes {
            let active = model.form.mode == mode && !model.form.outsideNext
            text += active ? paint("[" + L(label) + "]", "1;7", model.colour, fallback: true) : " " + L(label) + " "
            text += " "
        }
        if model.form.outsideNext {
            text += " " + paint("[" + L(.outsideNext) + "]", "1;30;43", model.colour, fallback: true)
        }
        return text
    }

    private func noticeRow(_ model: ScreenModel) -> Row {
        if let notice = model.form.notice {
            switch notice {
            case .badPerson: return Row(text: "  " + L(.noticeBadPerson), style: "1;31")
            case .badTemperature: return Row(text: "  " + L(.noticeBadTemperature), style: "1;31")
            case .needTemperature: return Row(text: "  " + L(.noticeNeedTemperature), style: "1;33")
            case .abandoned: return Row(text: "  " + L(.noticeAbandoned), style: "1;33")
            }
        }
        if let flash = model.flash {
            return Row(text: "  " + flash.text, style: flash.alarm ? "1;31" : "1;33")
        }
        switch model.form.field {
        case .person: return Row(text: "  " + L(.hintPerson), style: "2")
        case .temperature:
            return Row(text: "  " + L(model.form.kind == .temp ? .hintTemperature : .hintTemperatureOptional),
                       style: "2")
        }
    }

    private func paint(_ text: String, _ style: String, _ colour: Bool, fallback: Bool = false) -> String {
        if colour { return "\u{1B}[\(style)m" + text + "\u{1B}[0m" }
        return fallback ? "\u{1B}[7m" + text + "\u{1B}[0m" : text
    }
}
