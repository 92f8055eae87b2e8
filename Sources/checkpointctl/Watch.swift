import ArgumentParser
import CheckpointWire
import Glibc

/// `checkpointctl watch`: alerts, escalations and records as they happen, one line each.
struct Watch: ParsableCommand {
    /// `--types alert,record`: which events to follow.
    struct EventTypes: ExpressibleByArgument {
        static let known = ["alert", "record"]
        var names: [String]

        init?(argument: String) {
            var names: [String] = []
            for name in argument.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
                guard Self.known.contains(name) else {
                    return nil
                }
                if !names.contains(name) {
                    names.append(name)
                }
            }
            self.names = names
        }

        static var allValueStrings: [String] { ["alert", "record", "alert,record"] }
    }

    static let configuration = CommandConfiguration(
        abstract: "Follow alerts, escalations and records as they happen.",
        discussion: """
            Prints the open alerts first, then one line per event until you press Ctrl-C (exit 0) or the daemon \
            closes the connection (exit 0, with a note on standard error). A line starts with the event's time \
            of day; a line "-- DATE --" comes first and whenever the date changes. People are masked (138****8000) \
            unless --reveal is given (admins, with --reason; audited); following records needs --reason (audited). \
            On a terminal fevers and violations are red, escalations bold and \
            acknowledged alerts dimmed.

            --json prints the daemon's event lines as they are ({"event":"alert","alert":{...}}, "escalation", \
            "record"). A watcher that falls too far behind is dropped by the daemon: the exit status is then 1.

            Example:
              $ checkpointctl watch --types alert,record --reason "night shift, district office"
              -- 2020-02-07 --
              11:14:44 TEMP #812 138****8001 38.2 fever at gate-3/gate-3-a seq 12
              11:14:44 FEVER #3 138****8001 at gate-3/gate-3-a: temp=38.2, recheck pending
              11:24:45 ESCALATED FEVER #3 138****8001 at gate-3/gate-3-a: temp=38.2
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("What to follow (default: alert).", valueName: "types"))
    var types: EventTypes?

    @OptionGroup var grid: GridOption

    @OptionGroup var disclosure: DisclosureOptions

    var request: ControlRequest {
        ControlRequest(.watch) { arguments in
            arguments.setIfPresent(.types, types?.names.joined(separator: ","))
            grid.add(to: &arguments)
            disclosure.add(to: &arguments)
        }
    }

    func run() throws {
        let environment = ProcessEnvironment.current()
        let location = global.socketLocation(environment: environment)
        let connection = try ControlConnection(location: location, timeoutSeconds: nil)
        Self.exitQuietlyOnInterrupt()
        try connection.send(request)
        guard let first = try connection.readLine() else {
            throw CtlError(
                .disconnected,
                L("checkpointd at {1} closed the connection before replying to {2}", location.path, "watch"),
                hint: L("see the daemon's log (journalctl -u checkpointd) for why")
            )
        }
        let watching = try ControlConnection.result(ofReply: first)
        if !global.json {
            StandardError.write(L("watching {1} on {2}; Ctrl-C to stop", watching.text("watching"), location.path) + "\n")
        }
        let output = StandardOutput(capacity: 0)
        var printer = WatchPrinter(style: .forStandardOutput(environment: environment))
        while let line = try connection.readLine() {
            if line.hasPrefix(#"{"ok":"#) {
                // Only an error ends the stream from the daemon's side (the watcher was dropped).
                _ = try ControlConnection.result(ofReply: line)
                continue
            }
            if global.json {
                try output.writeLine(line)
                continue
            }
            guard case .object(let event)? = try? JSONParser.parse(line) else {
                throw CtlError(.badReply, L("checkpointd sent a watch line that is not a JSON object"))
            }
            for text in printer.lines(for: event) {
                try output.writeLine(text)
            }
        }
        StandardError.write("checkpointctl: " + L("checkpointd at {1} closed the connection; watch ended", location.path) + "\n")
    }

    /// Ctrl-C (and SIGTERM) end a watch normally: exit 0. Every line is written as it comes, so nothing is lost.
    /// The signals are also unblocked: a parent may have started us with them blocked (Foundation's `Process`
    /// does), and a watch that cannot be stopped is worse than one that stops.
    private static func exitQuietlyOnInterrupt() {
        signal(SIGINT) { _ in _exit(ExitStatus.done) }
        signal(SIGTERM) { _ in _exit(ExitStatus.done) }
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }
}

/// Turns `watch` events into lines for people: `11:14:44 FEVER #3 13800138001 at gate-3/gate-3-a: temp=38.2`.
struct WatchPrinter {
    let style: TerminalStyle
    private var lastDate: String?

    init(style: TerminalStyle) {
        self.style = style
    }

    /// The event's line, preceded by a `-- DATE --` line when its date differs from the previous event's.
    mutating func lines(for event: JSONObject) -> [String] {
        let name = event.text("event")
        let line: (time: String, text: String)
        switch name {
        case "alert", "escalation":
            let alert = event["alert"]?.objectValue ?? JSONObject()
            let escalation = name == "escalation"
            line = (Self.eventTime(alert, escalation: escalation), alertText(alert, escalation: escalation))
        case "record":
            let record = event["record"]?.objectValue ?? JSONObject()
            line = (record.rawText("at"), recordText(record))
        default:
            // An event this version does not know (from a newer daemon): shown whole rather than dropped.
            let payload = event[name]?.objectValue ?? event
            line = (payload.rawText("at"), "\(name) \(JSONValue.object(payload).serialized())")
        }
        let (date, clock) = Self.split(line.time)
        var lines: [String] = []
        if let date, date != lastDate {
            lines.append("-- \(date) --")
            lastDate = date
        }
        lines.append("\(clock) \(line.text)")
        return lines
    }

    /// When the event happened: the escalation, the acknowledgement, the latest violation a case counted, or else
    /// the alert's own time.
    private static func eventTime(_ alert: JSONObject, escalation: Bool) -> String {
        if escalation, alert.has("escalated_at") {
            return alert.rawText("escalated_at")
        }
        if alert.text("state") == "acked", alert.has("acked_at") {
            return alert.rawText("acked_at")
        }
        if repeats(alert) > 1, alert.has("last_at") {
            return alert.rawText("last_at")
        }
        return alert.rawText("at")
    }

    /// How many violations a VIOLATION case counts (1 for any other alert).
    private static func repeats(_ alert: JSONObject) -> Int {
        Int(alert.text("count")) ?? 1
    }

    private func alertText(_ alert: JSONObject, escalation: Bool) -> String {
        // Escalations (and open alerts escalated earlier) bold, acknowledged alerts dim; each part is painted on
        // its own so the type keeps its colour.
        let acked = alert.text("state") == "acked"
        let base: [TerminalStyle.Attribute] = acked ? [.dim] : escalation || alert.has("escalated_at") ? [.bold] : []
        let type = alert.text("type")
        var parts: [String] = escalation ? [L.word("ESCALATED")] : []
        let typeIndex = parts.count
        parts += [L.word(type), "#\(alert.text("id"))"]
        if alert.has("person") {
            parts.append(alert.text("person"))
        }
        if let place = Alerts.place(alert) {
            parts.append(L("at {1}", place))
        }
        var details: [String] = []
        if alert.has("detail") {
            details.append(AlertDetailText.shown(alert))
        }
        if alert.has("recheck") {
            details.append(L("recheck {1}", L.word(alert.text("recheck"))))
        }
        if Self.repeats(alert) > 1 {
            details.append(
                L("case of {1} violations, first {2}", String(Self.repeats(alert)), Self.split(alert.rawText("at")).clock))
        }
        if !escalation, alert.has("escalated_at") {
            details.append(L("escalated {1}", Self.split(alert.rawText("escalated_at")).clock))
        }
        if acked {
            details.append(L("acked by {1}", alert.text("acked_by")))
        }
        if !details.isEmpty {
            parts[parts.count - 1] += ":"
            parts.append(details.joined(separator: L(", ")))
        }
        return parts.enumerated().map { index, part in
            style.paint(part, index == typeIndex ? base + Emphasis.alertType(type) : base)
        }.joined(separator: " ")
    }

    private func recordText(_ record: JSONObject) -> String {
        let verdict = record.text("verdict")
        var parts = [L.word(record.text("kind")), "#\(record.text("id"))", record.text("person")]
        if record.has("temp") {
            parts.append(record.text("temp"))
        }
        parts.append(style.paint(Records.verdictText(verdict), Emphasis.verdict(verdict)))
        if let place = Alerts.place(record) {
            parts.append(L("at {1}", place))
        }
        parts.append(L("seq {1}", record.text("seq")))
        return parts.joined(separator: " ")
    }

    /// `2020-02-07T11:14:44+08:00` as (`2020-02-07`, `11:14:44`); anything else is kept whole as the time.
    static func split(_ time: String) -> (date: String?, clock: String) {
        let characters = Array(time)
        guard characters.count >= 19, characters[10] == "T" else {
            return (nil, time)
        }
        return (String(characters[..<10]), String(characters[11..<19]))
    }
}
