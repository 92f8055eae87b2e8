/// Canned reply lines, shaped as SPEC §4 and §10 describe them.
enum Replies {
    static let version = #"""
        {"ok":true,"result":{"version":"0.1.0","protocol":1,"control_protocol":1,"sqlite_version":"3.40.1",\#
        "started_at":"2020-02-07T08:15:00+08:00","uptime_s":7980}}
        """#

    static let healthy = #"""
        {"ok":true,"result":{"status":"ok","db_writable":true,"last_commit_age_ms":120,"queue_depth":0}}
        """#

    static let degraded = #"""
        {"ok":true,"result":{"status":"degraded","db_writable":false,"last_commit_age_ms":93000,"queue_depth":412,\#
        "error":"disk I/O error"}}
        """#

    static let checkpoints = #"""
        {"ok":true,"result":{"items":[\#
        {"id":"gate-3","name":"North gate","grid":"G7","staffed":"24h","kind":"compound","stations":2,\#
        "created_at":"2020-02-07T08:15:00+08:00","removed_at":null},\#
        {"id":"canteen","name":"","grid":"G12","staffed":"06:30-20:00","kind":"workplace","site":"F1","stations":12,\#
        "created_at":"2020-02-07T09:00:00+08:00","removed_at":"2020-02-08T18:00:00+08:00"},\#
        {"id":"east","name":"东门","grid":"G12","staffed":"24h","kind":"visit","stations":0,\#
        "created_at":"2020-02-08T07:00:00+08:00","removed_at":null}]}}
        """#

    static let stations = #"""
        {"ok":true,"result":{"items":[\#
        {"id":"gate-3-a","checkpoint":"gate-3","connected":true,"first_seq":1,"last_seq":532,\#
        "last_seen":"2020-02-07T10:02:11+08:00","created_at":"2020-02-07T08:20:00+08:00","rotated_at":null,\#
        "revoked_at":null,"missing":[[4,6],[10,10]],"missing_count":4},\#
        {"id":"gate-3-b","checkpoint":"gate-3","connected":false,"first_seq":null,"last_seq":null,\#
        "last_seen":null,"created_at":"2020-02-07T08:21:00+08:00","rotated_at":"2020-02-07T09:00:00+08:00",\#
        "revoked_at":null,"missing":[],"missing_count":0},\#
        {"id":"old-1","checkpoint":"canteen","connected":false,"first_seq":7,"last_seq":7,\#
        "last_seen":"2020-02-07T09:30:00+08:00","created_at":"2020-02-07T09:05:00+08:00","rotated_at":null,\#
        "revoked_at":"2020-02-08T17:00:00+08:00","missing":[],"missing_count":0}]}}
        """#

    static let empty = #"{"ok":true,"result":{"items":[]}}"#

    static let stationRow = #"""
        "id":"gate-3-c","checkpoint":"gate-3","connected":false,"first_seq":null,"last_seq":null,"last_seen":null,\#
        "created_at":"2020-02-07T11:00:00+08:00","rotated_at":null,"revoked_at":null
        """#

    static let stationAdded = #"{"ok":true,"result":{"# + stationRow + #","token":"3f9a0c5e7b214d8a9e6f1c2b3a4d5e6f"}}"#

    static func failure(_ code: String, _ message: String) -> String {
        #"{"ok":false,"error":{"code":""# + code + #"","message":""# + message + #""}}"#
    }

    /// The result object of a `{"ok":true,"result":{...}}` line, as text: what `--json` must print.
    static func result(of reply: String) -> String {
        let prefix = #"{"ok":true,"result":"#
        precondition(reply.hasPrefix(prefix), "not a success reply: \(reply)")
        return String(reply.dropFirst(prefix.count).dropLast())
    }
}
