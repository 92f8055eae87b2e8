import CheckpointWire

/// The daemon's refusal of a record or of the HELLO, as the volunteer reads it: in Chinese the reason's text from
/// the station's table (``StationErrorReason``, read from the `E_` code and the message), in English the daemon's
/// own message. The spool's rejected file keeps the daemon's message either way, for the operator.
enum DaemonErrorText {
    static func shown(code: String, message: String, strings: Strings = L) -> String {
        guard strings.language == .chinese, let reason = StationErrorReason(code: code, message: message),
            let key = text(for: reason)
        else {
            return message
        }
        return strings(key)
    }

    /// `temp-range` → ``Text/reasonTempRange``.
    static func text(for reason: StationErrorReason) -> Text? {
        let words = reason.name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }
        return Text(rawValue: "reason" + words.joined())
    }
}
