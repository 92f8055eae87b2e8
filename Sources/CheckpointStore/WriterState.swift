import CheckpointCore

/// What the writer keeps in memory so that the per-record path needs no extra queries: the quarantine orders
/// and pending fever re-checks per person, the highest seq per station, the keys of `other:` people.
///
/// Changes made while a batch runs go to a `Delta` first and are merged only after the batch has committed;
/// a rolled-back batch just drops its delta, so memory never runs ahead of the database.
struct WriterState {
    struct Order: Hashable {
        var id: Int64
        var order: QuarantineOrder
        var released: Bool
    }

    struct StationSeq: Hashable {
        var first: Int64?
        var last: Int64
        var lastSeen: Int64?
    }

    var orders: [Int64: [Order]] = [:]
    var pendingRechecks: [Int64: PendingRecheck] = [:]
    var stationSeqs: [Int64: StationSeq] = [:]
    var otherPeople: [String: Int64] = [:]
    var gaps: [Int64: StationGaps] = [:]

    struct HourKey: Hashable {
        var checkpoint: Int64
        var hour: Int64
    }

    struct HourCounts {
        var temps = 0
        var entries = 0
        var exits = 0
        var fevers = 0
        var violations = 0

        mutating func add(_ other: HourCounts) {
            temps += other.temps
            entries += other.entries
            exits += other.exits
            fevers += other.fevers
            violations += other.violations
        }
    }

    /// Changes of one batch, merged by `apply(_:)` after its commit.
    struct Delta {
        var orders: [Int64: [Order]] = [:]
        var pendingRechecks: [Int64: PendingRecheck?] = [:]
        var stationSeqs: [Int64: StationSeq] = [:]
        var otherPeople: [String: Int64] = [:]
        var gaps: [Int64: StationGaps] = [:]
        var hours: [HourKey: HourCounts] = [:]
        /// Checkpoint key → receipt time of its latest record in the batch (silence watch).
        var activity: [Int64: Timestamp] = [:]
        /// Temperatures per station in the batch (drift watch).
        var readings: [(station: Int64, tenths: Int)] = []
        var events: [CommittedEvent] = []
        var afterCommit: [() -> Void] = []
    }

    // MARK: reads that see the running batch

    func orders(of person: Int64, delta: Delta) -> [Order] {
        delta.orders[person] ?? orders[person] ?? []
    }

    func activeOrder(of person: Int64, at instant: Timestamp, delta: Delta) -> Order? {
        orders(of: person, delta: delta).last { !$0.released && $0.order.isActive(at: instant) }
    }

    func pendingRecheck(of person: Int64, delta: Delta) -> PendingRecheck? {
        if let changed = delta.pendingRechecks[person] { return changed }
        return pendingRechecks[person]
    }

    func stationSeq(_ station: Int64, delta: Delta) -> StationSeq? {
        delta.stationSeqs[station] ?? stationSeqs[station]
    }

    func gaps(of station: Int64, delta: Delta) -> StationGaps {
        delta.gaps[station] ?? gaps[station] ?? StationGaps()
    }

    func otherPersonKey(_ ident: String, delta: Delta) -> Int64? {
        delta.otherPeople[ident] ?? otherPeople[ident]
    }

    // MARK: writes into the batch

    func addOrder(_ order: Order, person: Int64, delta: inout Delta) {
        var list = orders(of: person, delta: delta)
        list.append(order)
        list.sort { $0.order.start < $1.order.start }
        delta.orders[person] = list
    }

    func replaceOrders(_ list: [Order], person: Int64, delta: inout Delta) {
        delta.orders[person] = list
    }

    /// Merges a committed batch.
    mutating func apply(_ delta: Delta) {
        for (person, list) in delta.orders { orders[person] = list }
        for (person, pending) in delta.pendingRechecks { pendingRechecks[person] = pending }
        for (station, seq) in delta.stationSeqs { stationSeqs[station] = seq }
        for (ident, key) in delta.otherPeople { otherPeople[ident] = key }
        for (station, list) in delta.gaps { gaps[station] = list }
    }

    /// Forgets orders that ended before `cutoff` (they can no longer decide a verdict: older records are refused).
    mutating func dropOrders(endingBefore cutoff: Timestamp) {
        for (person, list) in orders {
            let kept = list.filter { $0.order.end >= cutoff && !$0.released }
            orders[person] = kept.isEmpty ? nil : kept
        }
    }
}
