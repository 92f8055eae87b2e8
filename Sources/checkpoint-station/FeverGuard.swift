import CheckpointCore

/// The terminal's own check of the daemon's verdict (issue 13): a reading at or above the fever threshold the
/// daemon told at HELLO (`OK HELLO ... fever=37.3`) is never shown as a pass, whatever the reply says. A reply that
/// says pass for such a reading (a daemon that lies, or a reply rewritten on the way) is shown as a fever.
enum FeverGuard {
    /// `answer`, with `fever` added when `temperature` is at or above `threshold` and the answer lacks it.
    static func checked(_ answer: RecordAnswer, temperature: Temperature?, threshold: Temperature?) -> RecordAnswer {
        guard let temperature, let threshold, temperature >= threshold, !answer.verdicts.contains(.fever) else {
            return answer
        }
        var flagged = answer
        flagged.verdicts.insert(.fever)
        return flagged
    }
}
