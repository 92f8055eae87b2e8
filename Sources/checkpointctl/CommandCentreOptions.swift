import ArgumentParser
import CheckpointWire

/// Help text shared by the options that take a time (`--since`, `--until`, `--start`); the daemon parses them.
enum TimeHelp {
    static let forms = "RFC 3339, Unix ms, now, today, or a time ago: 90m, 24h, 7d"

    static func option(_ what: String) -> ArgumentHelp {
        ArgumentHelp("\(what) (\(forms)).", valueName: "time")
    }
}

/// `--kind`: the record kinds of the station protocol, typed in any case.
enum RecordKindOption: String, ExpressibleByArgument, CaseIterable {
    case temp = "TEMP"
    case entry = "ENTRY"
    case exit = "EXIT"

    init?(argument: String) {
        self.init(rawValue: argument.uppercased())
    }
}

/// `--type`: the alert types (SPEC §3, §9), typed in any case.
enum AlertTypeOption: String, ExpressibleByArgument, CaseIterable {
    case fever = "FEVER"
    case violation = "VIOLATION"
    case silent = "SILENT"
    case drift = "DRIFT"
    case followup = "FOLLOWUP"
    /// Issue 19: a record at a gate of a site tagged red.
    case site = "SITE"
    /// Issue 19: a yellow site's follow-up inspection date passed with no recheck.
    case recheckDue = "RECHECK_DUE"

    init?(argument: String) {
        self.init(rawValue: argument.uppercased().replacing("-", with: "_"))
    }
}

/// Colours shared by the command-centre tables (SPEC §4: fever and violation red, acked dim, escalated bold).
enum Emphasis {
    /// A verdict such as `pass`, `fever` or `fever,violation`: red when it is a fever or a violation, yellow for
    /// a new quarantine, a shared phone's `check-id`, a visitor or a notice (as the station shows them).
    static func verdict(_ text: String) -> [TerminalStyle.Attribute] {
        let verdicts = text.split(separator: ",")
        if verdicts.contains("fever") || verdicts.contains("violation") {
            return [.red]
        }
        let notable = ["quarantine", "check-id", "visitor", "notice"]
        return verdicts.contains { notable.contains(String($0)) } ? [.yellow] : []
    }

    /// An alert type: FEVER and VIOLATION red, the device and gate alerts yellow.
    static func alertType(_ text: String) -> [TerminalStyle.Attribute] {
        switch text {
        case "FEVER", "VIOLATION", "SITE": [.red]
        case "SILENT", "DRIFT", "RECHECK_DUE": [.yellow]
        default: []
        }
    }
}

/// Reads a count such as `limit` or `days` as a whole number greater than zero, refusing anything else before
/// connecting (exit 2).
extension ParsableArguments {
    static func validatePositive(_ value: Int?, _ flag: String) throws {
        if let value, value < 1 {
            throw ValidationError(L("{1} must be 1 or more, not {2}", flag, String(value)))
        }
    }
}

/// A `--reason` of an audited command must say something (blank is refused before connecting, exit 2): `what` is
/// what the audit trail records ("trace", "clearance check", "lookup", "link").
extension ParsableArguments {
    static func validateReason(_ reason: String, audits what: String) throws {
        guard reason.contains(where: { !$0.isWhitespace }) else {
            throw ValidationError(L("--reason must say why: every {1} is audited", L.word(what)))
        }
    }
}
