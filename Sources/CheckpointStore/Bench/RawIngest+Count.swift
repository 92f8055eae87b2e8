extension RawIngest {
    /// For the soak's accounting: how many rows `records` holds, and how many of them have a `ts` at or after
    /// each of `bounds` (Unix milliseconds), read-only on a database no daemon has open.
    package static func countRecords(path: String, since bounds: [Int64]) throws(StoreError) -> (total: Int64, since: [Int64]) {
        let db = try SQLiteConnection(path: path, mode: .readOnly)
        let total = try db.integer("SELECT COUNT(*) FROM records") ?? 0
        var since: [Int64] = []
        for bound in bounds {
            since.append(try db.integer("SELECT COUNT(*) FROM records WHERE ts >= \(bound)") ?? 0)
        }
        return (total, since)
    }
}
