import CheckpointCore
import CheckpointStore

/// `ALERT_TEXT_EN` and `ALERT_TEXT_ZH`: one line an SMS script can send as it is, e.g.
/// `New alert: FEVER #12 at gate-1 (grid g1), 2026-12-05 10:57, 138****8000, temp=38.5` and
/// `【新告警】发热 #12，卡点 gate-1（网格 g1），2026-12-05 10:57，138****8000，temp=38.5`.
extension AlertNotice {
    /// Chinese names of the alert types, by raw value (a type without one shows its raw value).
    static let chineseTypes = [
        "FEVER": "发热", "VIOLATION": "隔离违规", "SILENT": "卡点静默", "DRIFT": "体温计偏差",
        "FOLLOWUP": "隔离测温未报", "SITE": "停工企业有人进出", "RECHECK_DUE": "企业复查逾期",
    ]

    static let chineseRechecks: [RecheckState: String] = [
        .pending: "待复测", .confirmed: "复测仍发热", .clearedOnRecheck: "复测已排除", .missed: "未复测",
    ]

    func englishText(grid: String?, zone: any DisplayZone) -> String {
        let headline =
            switch event {
            case .opened: "New alert"
            case .escalated: "Escalated, not acknowledged"
            case .rechecked: "Re-check \(alert.recheck?.rawValue ?? "-")"
            case .acked: "Acknowledged (closed)"
            }
        var head = "\(alert.type.rawValue) #\(alert.id)"
        if let checkpoint = alert.checkpointCode { head += " at \(checkpoint)" }
        if let grid, !grid.isEmpty { head += " (grid \(grid))" }
        var parts = [head]
        parts.append(AlertNotice.localMinute(alert.at, zone: zone))
        parts += facts
        return headline + ": " + parts.joined(separator: ", ")
    }

    func chineseText(grid: String?, zone: any DisplayZone) -> String {
        let recheck = alert.recheck.flatMap { AlertNotice.chineseRechecks[$0] } ?? "-"
        let headline =
            switch event {
            case .opened: "新告警"
            case .escalated: "告警升级：超时未确认"
            case .rechecked: "复测结果：\(recheck)"
            case .acked: "告警已确认处理"
            }
        let type = AlertNotice.chineseTypes[alert.type.rawValue] ?? alert.type.rawValue
        var head = "\(type) #\(alert.id)"
        if let checkpoint = alert.checkpointCode { head += "，卡点 \(checkpoint)" }
        if let grid, !grid.isEmpty { head += "（网格 \(grid)）" }
        var parts = [head]
        parts.append(AlertNotice.localMinute(alert.at, zone: zone))
        parts += facts
        return "【\(headline)】" + parts.joined(separator: "，")
    }

    /// The masked person and the detail, when there are any.
    private var facts: [String] {
        [alert.person?.masked, alert.detail].compactMap { $0 }.filter { !$0.isEmpty }
    }
}
