/// What the station is told about a stored record: the fields of its `OK`, repeated exactly by a later `DUP`.
public struct RecordReceipt: Sendable, Hashable {
    public var id: Int64
    public var verdicts: Verdicts
    /// Alerts this record opened, in id order.
    public var alertIDs: [Int64]
    /// The end of the quarantine order this record opened, if it opened one (`until=`).
    public var quarantineUntil: Timestamp?

    public init(id: Int64, verdicts: Verdicts, alertIDs: [Int64] = [], quarantineUntil: Timestamp? = nil) {
        self.id = id
        self.verdicts = verdicts
        self.alertIDs = alertIDs
        self.quarantineUntil = quarantineUntil
    }
}
