/// What `audit.verify` found: the chain is whole, or the first place where it is not.
public struct AuditVerification: Sendable, Hashable {
    /// The rows checked (all of them when the chain is whole).
    public var rows: Int
    /// The first id of the chain (after the anchor) and the last one, with its hash in hex.
    public var firstID: Int64?
    public var headID: Int64?
    public var headHash: String?
    /// The row the anchor stands for (the last one retention deleted), if any.
    public var anchorID: Int64?
    /// The first row that is wrong (edited, or the first of the missing ones); nil when the chain is whole.
    public var problemRow: Int64?
    /// What is wrong, for people.
    public var problem: String?

    public var isWhole: Bool { problem == nil }
}

extension AuditChain {
    /// Walks the whole table in id order and stops at the first row that does not fit.
    static func verify(_ db: SQLiteConnection) throws(StoreError) -> AuditVerification {
        let anchor = try self.anchor(db)
        let recordedHead = try meta(db, headKey).flatMap(Link.init(text:))
        var result = AuditVerification(rows: 0, anchorID: anchor?.id)
        var previous = anchor ?? .start
        func fail(_ row: Int64, _ problem: String) -> AuditVerification {
            result.problemRow = row
            result.problem = problem
            return result
        }
        let query = try db.prepare("SELECT \(columns) FROM audit ORDER BY id", persistent: false)
        while try query.step() {
            let row = Row(query)
            if row.id != previous.id + 1 {
                let missing = Self.range(previous.id + 1, row.id - 1)
                if row.id <= previous.id {
                    return fail(row.id, "row \(row.id) is not after the anchor (row \(previous.id)): added by hand")
                }
                if anchor == nil && previous.id == 0 {
                    return fail(1, "\(missing) missing and no anchor records their deletion by retention")
                }
                return fail(previous.id + 1, "\(missing) deleted: row \(row.id) follows row \(previous.id)")
            }
            if row.chained(after: previous.hash) != row.hash {
                let edited =
                    previous.id == (anchor?.id ?? 0)
                    ? "row \(row.id) was edited: its content does not match its hash"
                    : "row \(row.id) was edited: its content does not match its hash (or row \(previous.id)'s hash "
                        + "was changed)"
                return fail(row.id, edited)
            }
            if result.firstID == nil { result.firstID = row.id }
            previous = Link(id: row.id, hash: row.hash)
            result.rows += 1
            result.headID = row.id
            result.headHash = hex(row.hash)
        }
        if let recordedHead {
            if recordedHead.id > previous.id {
                let missing = Self.range(previous.id + 1, recordedHead.id)
                return fail(previous.id + 1, "\(missing) deleted: the last row written was row \(recordedHead.id)")
            }
            if recordedHead.id < previous.id {
                let added = Self.range(recordedHead.id + 1, previous.id)
                let problem = "\(added) added without checkpointd (its last row is \(recordedHead.id))"
                return fail(recordedHead.id + 1, problem)
            }
            if recordedHead.id == previous.id && recordedHead.hash != previous.hash && result.rows > 0 {
                return fail(previous.id, "row \(previous.id) was changed after it was written (the head differs)")
            }
        }
        return result
    }

    private static func range(_ first: Int64, _ last: Int64) -> String {
        first == last ? "row \(first) was" : "rows \(first)-\(last) were"
    }
}
