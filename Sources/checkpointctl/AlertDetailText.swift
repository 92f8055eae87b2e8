import CheckpointCore
import CheckpointWire

/// Texts the daemon writes for people (an alert's detail, the automatic order reason), shown in the process's
/// language from their code (``AlertDetail``, ``OrderReason``); a text without a code is shown as the daemon sent
/// it.
enum AlertDetailText {
    /// The message key of each detail code; the values fill `{1}`, `{2}`, ...
    static let keys: [String: String] = [
        "temp": "temp={1}",
        "silent": "no record for {1} min while staffed ({2})",
        "drift": "station median {1} °C vs grid {2} median {3} °C",
        "followup": "no reading {1}-{2}",
        "ordered_by": "ordered by district {1}",
    ]

    /// The `detail` of an alert row, `-` when it has none.
    static func shown(_ alert: JSONObject) -> String {
        guard let text = alert["detail"]?.stringValue, let detail = AlertDetail(parsing: text),
            let key = keys[detail.code]
        else {
            return alert.text("detail")
        }
        return InertText.escaped(L(key, detail.values))
    }

    /// The `reason` of an order row: the automatic one in the process's language.
    static func reason(_ order: JSONObject) -> String {
        guard let text = order["reason"]?.stringValue, OrderReason.code(of: text) != nil else {
            return order.text("reason")
        }
        return L(OrderReason.outsideArrival)
    }
}
