import CheckpointCore

/// What the writer keeps in memory so that the per-record path needs no extra queries: the quarantine orders
/// and pending fever re-checks per person, the highest seq per station, the keys of `other:` people, the links
/// between phones and documents (issue 15).
///
/// Changes made while a batch runs go to a `Delta` first and are merged only after the batch has committed;
/// a rolled-back batch just drops its delta, so memory never runs ahead of the database.
struct WriterState {
    struct Order: Hashable {
        var id: Int64
        var order: QuarantineOrder
        var released: Bool
        /// The district that opened it, for an order from the city's registry (issue 17).
        var district: String? = nil
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
    /// The keys linked to each linked key: a phone's documents, a document's phones (`person_links`).
    var links: [Int64: [Int64]] = [:]
    var gaps: [Int64: StationGaps] = [:]
    /// The last audit journal entry moved into `audit` (committed); from `meta` at start.
    var auditMovedThrough: Int64 = 0

    struct HourKey: Hashable {
        var checkpoint: Int64
        var hour: Int64
    }

    /// Where a station's seq numbers stand while a batch runs: one dictionary entry per station and batch, read
    /// and written once per record (the idempotency check, then the new highest seq and any gap it closed).
    struct StationProgress {
        var seq: StationSeq
        var gaps: StationGaps
        /// Whether `gaps` differs from the committed state (rare: most stations send in order).
        var gapsChanged = false

        /// The progress of a station's first record ever.
        init(first seq: Int64) {
            self.seq = StationSeq(first: seq, last: seq, lastSeen: nil)
            self.gaps = StationGaps()
        }

        init(seq: StationSeq, gaps: StationGaps) {
            self.seq = seq
            self.gaps = gaps
        }

        /// Whether `seq` may be a resend: not above the highest seen, not inside a known gap.
        func mayHaveStored(_ seq: Int64) -> Bool {
            seq <= self.seq.last && !gaps.contains(seq)
        }

        /// Notes that `seq` was stored at `now` (milliseconds).
        mutating func stored(_ seq: Int64, at now: Int64) {
            if gaps.record(seq, first: self.seq.first ?? self.seq.last, last: self.seq.last) { gapsChanged = true }
            self.seq.first = min(self.seq.first ?? seq, seq)
            self.seq.last = max(self.seq.last, seq)
            self.seq.lastSeen = now
        }
    }

    /// Changes of one batch, merged by `apply(_:)` after its commit.
    struct CategoryHourKey: Hashable {
        var checkpoint: Int64
        var hour: Int64
        var category: CountedCategory
    }

    struct Delta {
        var orders: [Int64: [Order]] = [:]
        var pendingRechecks: [Int64: PendingRecheck?] = [:]
        var stations: [Int64: StationProgress] = [:]
        var otherPeople: [String: Int64] = [:]
        /// The new list of linked keys of each key whose links this batch changed (empty: no links left).
        var links: [Int64: [Int64]] = [:]
        /// `other:` people whose `people_other` row this batch deleted (an erasure, retention).
        var forgottenPeople: [String] = []
        /// The last audit journal entry this batch moved into `audit`.
        var auditMovedThrough: Int64?
        /// Counts per checkpoint and hour; its checkpoints are also the ones the silence watch hears from.
        var hours: [HourKey: RecordCounts] = [:]
        /// Counts per checkpoint, hour and roster category (issue 19); `unlisted` records are not in it.
        var categoryHours: [CategoryHourKey: RecordCounts] = [:]
        /// Temperatures per station in the batch (drift watch).
        var readings: [(station: Int64, tenths: Int)] = []
        var events: [CommittedEvent] = []
        var afterCommit: [() -> Void] = []
    }

    // MARK: reads that see the running batch

    func orders(of person: Int64, delta: Delta) -> [Order] {
        delta.orders[person] ?? orders[person] ?? []
    }

    /// A station's progress as committed; nil before its first record.
    func committedProgress(of station: Int64) -> StationProgress? {
        guard let seq = stationSeqs[station] else { return nil }
        return StationProgress(seq: seq, gaps: gaps[station] ?? StationGaps())
    }

    func otherPersonKey(_ ident: String, delta: Delta) -> Int64? {
        if let key = delta.otherPeople[ident] { return key }
        return delta.forgottenPeople.contains(ident) ? nil : otherPeople[ident]
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
        for (station, progress) in delta.stations {
            stationSeqs[station] = progress.seq
            if progress.gapsChanged { gaps[station] = progress.gaps }
        }
        for (ident, key) in delta.otherPeople { otherPeople[ident] = key }
        for (key, linked) in delta.links { links[key] = linked.isEmpty ? nil : linked }
        for ident in delta.forgottenPeople { otherPeople[ident] = nil }
        if let moved = delta.auditMovedThrough { auditMovedThrough = moved }
    }

    /// Forgets orders that ended before `cutoff` (they can no longer decide a verdict: older records are refused).
    mutating func dropOrders(endingBefore cutoff: Timestamp) {
        for (person, list) in orders {
            let kept = list.filter { $0.order.end >= cutoff && !$0.released }
            orders[person] = kept.isEmpty ? nil : kept
        }
    }
}
