import CheckpointCore
import CheckpointStore

/// What `alert_command` is told, in environment variables (docs/operations.md, "Alerts that reach a person"). A
/// fact that does not apply is set and empty. People appear only masked (`PERSON_MASKED`); the operator's note of
/// an acknowledgement is left out (free text may name anyone).
extension AlertNotice {
    /// The search path the command gets; the daemon's own environment is not passed on.
    static let searchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    func environment(grid: String?, zone: any DisplayZone) -> [String: String] {
        [
            "PATH": AlertNotice.searchPath,
            "LANG": "C.UTF-8",
            "ALERT_ID": String(alert.id),
            "ALERT_TYPE": alert.type.rawValue,
            "ALERT_EVENT": event.rawValue,
            "ALERT_STATE": state,
            "RECHECK": alert.recheck?.rawValue ?? "",
            "COUNT": String(alert.count),
            "GRID": grid ?? "",
            "CHECKPOINT": alert.checkpointCode ?? "",
            "STATION": alert.stationCode ?? "",
            "PERSON_MASKED": alert.person?.masked ?? "",
            "DETAIL": alert.detail ?? "",
            "AT": alert.at.formatted(in: zone),
            "ALERT_TEXT_EN": englishText(grid: grid, zone: zone),
            "ALERT_TEXT_ZH": chineseText(grid: grid, zone: zone),
        ]
    }

    /// `2026-12-05 10:57` in the display zone: what a person reads in a text message.
    static func localMinute(_ time: Timestamp, zone: any DisplayZone) -> String {
        let text = time.formatted(in: zone)
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5))
    }
}
