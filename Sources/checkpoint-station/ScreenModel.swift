import CheckpointCore

/// A record as the screen shows it, from the moment it is saved until its answer.
struct ShownRecord: Equatable {
    enum Outcome: Equatable {
        /// Sent; the answer is expected within a moment.
        case checking
        /// Saved in the spool but not checked: the daemon cannot be reached (or did not answer in time).
        case offline
        case answered(RecordAnswer)
        case rejected(code: String, message: String)
    }

    var seq: Int64
    var draft: RecordDraft
    var outcome: Outcome
    /// Monotonic seconds when it was saved (for the "checking" grace period).
    var savedAt: Double

    /// Red: the gate must act (bell).
    var isAlarm: Bool {
        guard case .answered(let answer) = outcome else { return false }
        return answer.verdicts.contains(.fever) || answer.verdicts.contains(.violation)
    }
}

/// The connection as the status line shows it.
enum LinkStatus: Equatable {
    case online
    case connecting
    case offline(nextTryInSeconds: Int, reason: String?)
    case refused(String)
    /// The TLS server is not trusted; the message says why.
    case untrusted(String)
}

/// Everything one frame of the interactive screen shows.
struct ScreenModel {
    var station: String
    var checkpoint: String?
    /// Shown after the checkpoint when it is a workplace or a home visit.
    var checkpointKind: CheckpointKind = .compound
    var fever: String?
    var clock: Timestamp
    var link: LinkStatus
    var sentToday: Int
    var feversToday: Int
    var waiting: Int
    var form: EntryForm
    var current: ShownRecord?
    /// Earlier records, newest first.
    var recent: [ShownRecord]
    /// A one-line message above the verdict: an error, or an alarm that arrived late.
    var flash: Flash?
    var colour: Bool

    struct Flash: Equatable {
        var text: String
        var alarm: Bool
    }
}

/// The words of a verdict, in the process's language.
enum VerdictText {
    /// `PASS`, `FEVER · NEW QUARANTINE until 2020-02-21`, `saved offline — not checked`, ...
    static func headline(_ outcome: ShownRecord.Outcome) -> String {
        switch outcome {
        case .checking:
            return L(.verdictChecking)
        case .offline:
            return L(.verdictOffline)
        case .rejected(let code, _):
            return L(.verdictRejected, code)
        case .answered(let answer):
            var parts: [String] = []
            if answer.verdicts.contains(.fever) { parts.append(L(.verdictFever)) }
            if answer.verdicts.contains(.violation) {
                // At a workplace the worker is told why, in the words of the notices: not yet out of quarantine.
                parts.append(L(answer.checkpointKind == .workplace ? .verdictMayNotStartWork : .verdictViolation))
            }
            if answer.verdicts.contains(.quarantine) {
                parts.append(L(.verdictQuarantine, answer.until.map(LocalTime.date) ?? "?"))
            }
            if answer.verdicts.contains(.checkID) { parts.append(L(.verdictCheckID)) }
            if answer.verdicts.contains(.visitor) { parts.append(L(.verdictVisitor)) }
            if answer.verdicts.contains(.notice) { parts.append(L(.verdictNotice)) }
            return parts.isEmpty ? L(.verdictPass) : parts.joined(separator: " · ")
        }
    }

    /// SGR parameters of the verdict band: pass green, fever and violation red (they win over the rest), new
    /// quarantine, check-id (scan the ID card), visitor (verify) and notice (outing quota or time) yellow.
    static func bandStyle(_ outcome: ShownRecord.Outcome) -> String {
        switch outcome {
        case .checking: return "1;30;47"
        case .offline: return "1;97;44"
        case .rejected: return "1;97;45"
        case .answered(let answer):
            if answer.verdicts.contains(.fever) || answer.verdicts.contains(.violation) { return "1;97;41" }
            if !answer.verdicts.isDisjoint(with: VerdictText.yellow) { return "1;30;43" }
            return "1;97;42"
        }
    }

    /// The verdicts shown yellow when neither fever nor violation (red) is among them: the gate looks or acts, but
    /// nothing is an alarm (no bell).
    static let yellow: Verdicts = [.quarantine, .checkID, .visitor, .notice]

    /// SGR parameters for the verdict word in the list of recent records.
    static func listStyle(_ outcome: ShownRecord.Outcome) -> String {
        switch outcome {
        case .checking: return "2"
        case .offline: return "1;34"
        case .rejected: return "1;35"
        case .answered(let answer):
            if answer.verdicts.contains(.fever) || answer.verdicts.contains(.violation) { return "1;31" }
            if !answer.verdicts.isDisjoint(with: VerdictText.yellow) { return "1;33" }
            return "1;32"
        }
    }

    /// `workplace` or `home visit` after the checkpoint in the top bar; nothing for a compound gate.
    static func checkpointLabel(_ kind: CheckpointKind) -> String? {
        switch kind {
        case .compound: nil
        case .workplace: L(.checkpointWorkplace)
        case .visit: L(.checkpointVisit)
        }
    }

    static func kind(_ draft: RecordDraft) -> String {
        switch draft.kind {
        case .temp: return L(.kindTemp)
        case .entry: return draft.origin == .outside ? L(.kindEntryOutside) : L(.kindEntry)
        case .exit: return L(.kindExit)
        }
    }

    /// `138****8000 · 37.8 °C · IN · 08:15:02`
    static func details(_ record: ShownRecord) -> String {
        var parts = [record.draft.person.masked]
        if let temperature = record.draft.temperature { parts.append(L(.temperatureValue, temperature.description)) }
        parts.append(kind(record.draft))
        parts.append(LocalTime.time(record.draft.timestamp))
        if case .rejected(let code, let message) = record.outcome {
            parts.append(DaemonErrorText.shown(code: code, message: message))
        }
        return parts.joined(separator: " · ")
    }
}
