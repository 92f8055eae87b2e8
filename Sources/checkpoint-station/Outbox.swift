import CheckpointCore
import CheckpointWire

/// The records not yet answered, in seq order, over the `Spool` that keeps them durable.
///
/// A record enters through `add` (appended and fsynced before anyone may send it) and leaves through `answered`
/// (`OK`/`DUP`) or `rejected` (`ERR`, written to the rejected file first). Answered records are dropped from the
/// file by `compactIfDue`, in batches; until then a crash only means they are sent again and come back `DUP`.
final class Outbox {
    let spool: Spool
    /// Records in seq order, including answered ones not yet swept out (see `settled`).
    private var pending: [SpoolRecord]
    /// Answered records still in `pending`: removing from the front of a long array one by one would cost
    /// quadratic time for a large backlog, so they are swept out in bulk.
    private var settled: Set<Int64> = []
    private(set) var nextSeq: Int64
    private(set) var counters: DayCounters
    /// How often each record made by this process was handed to a connection, to tell a lost reply (sent twice,
    /// then `DUP`) from a reused seq (sent once, yet `DUP`: the spool was reset, e.g. a new laptop).
    private var transmissions: [Int64: Int] = [:]
    private var answeredSinceCompaction = 0

    /// What became of an answered record.
    enum Settled: Equatable {
        case stored
        /// The seq had been used before this spool existed: the record was NOT stored and goes again as `newSeq`.
        case renumbered(newSeq: Int64)
    }

    init(spool: Spool, today: String) throws(StationError) {
        self.spool = spool
        self.pending = spool.loaded
        let highest = max(spool.loaded.last?.seq ?? 0, spool.rejectedSeqs.max() ?? 0)
        self.nextSeq = max(spool.headerNext, highest + 1, 1)
        var counters = spool.headerCounters
        counters.roll(to: today)
        self.counters = counters
        try spool.compact(keeping: pending, next: nextSeq, counters: counters)
    }

    var waitingCount: Int { pending.count - settled.count }

    /// Numbers the drafts, appends them to the spool and fsyncs. Only then are they pending (and may be sent).
    @discardableResult
    func add(_ drafts: [RecordDraft]) throws(StationError) -> [SpoolRecord] {
        guard nextSeq + Int64(drafts.count) <= StationRequestParser.maximumSeq else {
            throw StationError(
                .spool, "the station has used every seq up to 2^53-1; register a new station id with the operator")
        }
        let records = drafts.enumerated().map { SpoolRecord(seq: nextSeq + Int64($0.offset), draft: $0.element) }
        try spool.append(records)
        nextSeq += Int64(records.count)
        pending.append(contentsOf: records)
        for record in records { transmissions[record.seq] = 0 }
        return records
    }

    func record(seq: Int64) -> SpoolRecord? {
        index(of: seq).map { pending[$0] }
    }

    /// The first pending record with a seq above `seq`, in seq order.
    func firstPending(after seq: Int64) -> SpoolRecord? {
        var low = 0
        var high = pending.count
        while low < high {
            let middle = (low + high) / 2
            if pending[middle].seq <= seq { low = middle + 1 } else { high = middle }
        }
        while low < pending.count, settled.contains(pending[low].seq) { low += 1 }
        return low < pending.count ? pending[low] : nil
    }

    /// Notes that `seq` was handed to a connection.
    func transmitted(seq: Int64) {
        if let count = transmissions[seq] { transmissions[seq] = count + 1 }
    }

    /// `OK` or `DUP` for `seq`. A `DUP` for a record sent exactly once by this process cannot be ours: its seq
    /// was used before (the spool directory was lost or copied), so the reading was not stored. It is numbered
    /// again above the old one, doubling, so a few rounds find free numbers however far the old spool had got.
    func answered(seq: Int64, _ answer: RecordAnswer, today: String) throws(StationError) -> Settled {
        guard let index = index(of: seq) else { return .stored }
        if answer.duplicate, transmissions[seq] == 1 {
            return .renumbered(newSeq: try renumber(at: index))
        }
        remove(at: index)
        counters.roll(to: today)
        counters.sent += 1
        if answer.verdicts.contains(.fever) { counters.fevers += 1 }
        answeredSinceCompaction += 1
        return .stored
    }

    /// `ERR code=E_SEQ` for `seq`: the daemon stored another record under it (a lost or copied spool, or someone
    /// else holding the station's token claimed the number). The record was not stored; it is numbered again
    /// above, nothing is lost. Nil when `seq` is not pending.
    func reused(seq: Int64) throws(StationError) -> Int64? {
        guard let index = index(of: seq) else { return nil }
        return try renumber(at: index)
    }

    /// Appends the record at `index` again under a new seq past the old one, doubling (so a few rounds get past
    /// however far the numbers were used), fsynced before the old entry goes; returns the new seq.
    private func renumber(at index: Int) throws(StationError) -> Int64 {
        let old = pending[index]
        let seq = old.seq
        let doubled = seq > StationRequestParser.maximumSeq / 2 ? StationRequestParser.maximumSeq : seq * 2 + 1
        nextSeq = max(nextSeq, doubled)
        guard let renumbered = try add([old.draft]).first else {
            throw StationError(.internalError, "renumbering seq \(seq) produced no record; please report this")
        }
        remove(at: index)
        answeredSinceCompaction += 1
        return renumbered.seq
    }

    /// `ERR` for `seq`: kept in the rejected file with the reason, then dropped from the spool.
    func rejected(seq: Int64, code: String, message: String, at instant: Timestamp) throws(StationError) {
        guard let index = index(of: seq) else { return }
        if !spool.rejectedSeqs.contains(seq) {
            try spool.reject(pending[index].line, code: code, message: message, at: instant)
        }
        remove(at: index)
        answeredSinceCompaction += 1
    }

    /// Rewrites the spool without the answered records: at once when nothing is in flight (the screen then shows
    /// what the file holds), else every 500 answers, so a long backlog costs few rewrites.
    func compactIfDue(idle: Bool, today: String) throws(StationError) {
        guard answeredSinceCompaction > 0, idle || answeredSinceCompaction >= 500 else { return }
        counters.roll(to: today)
        sweep()
        try spool.compact(keeping: pending, next: nextSeq, counters: counters)
        answeredSinceCompaction = 0
    }

    private func remove(at index: Int) {
        transmissions[pending[index].seq] = nil
        settled.insert(pending[index].seq)
        if settled.count >= 4096 { sweep() }
    }

    private func sweep() {
        guard !settled.isEmpty else { return }
        pending.removeAll { settled.contains($0.seq) }
        settled.removeAll()
    }

    private func index(of seq: Int64) -> Int? {
        var low = 0
        var high = pending.count
        while low < high {
            let middle = (low + high) / 2
            if pending[middle].seq < seq { low = middle + 1 } else { high = middle }
        }
        return low < pending.count && pending[low].seq == seq && !settled.contains(seq) ? low : nil
    }
}
