/// Each `home` resident's latest `ENTRY` or `EXIT` through a compound gate, kept by the writer so that an entry's
/// `outing_max` check does not read the resident's last 14 days back from the records (issue 19). An entry is made
/// only by reading the records (the resident's first entry after a start or a roster change) and then follows every
/// passage stored; a batch's passages count once it commits.
struct PassageMemory {
    struct Passage: Hashable {
        var isExit: Bool
        var at: Int64
    }

    /// By the resident's roster key: their latest passage of all those stored.
    private var committed: [Int64: Passage] = [:]
    private var batch: [Int64: Passage] = [:]

    /// The resident's latest passage, when it is known.
    func latest(of resident: Int64) -> Passage? {
        batch.isEmpty ? committed[resident] : batch[resident] ?? committed[resident]
    }

    /// What the records said: the resident's latest passage (nil: none in the look-back).
    mutating func learn(_ passage: Passage?, of resident: Int64) {
        // No passage in the look-back is remembered as an entry long ago: the next exit replaces it.
        batch[resident] = passage ?? Passage(isExit: false, at: Int64.min)
    }

    /// A passage just stored: it becomes the latest when it is (a terminal's backlog may be older), and only for a
    /// resident already known (an unknown one's latest is read from the records when first needed).
    mutating func stored(_ passage: Passage, of resident: Int64) {
        guard let known = latest(of: resident), known.at <= passage.at else { return }
        batch[resident] = passage
    }

    mutating func commit() {
        guard !batch.isEmpty else { return }
        committed.merge(batch) { $1 }
        batch = [:]
    }

    mutating func rollback() { batch = [:] }

    /// Forgets everything (the roster changed, or records were erased).
    mutating func reset() {
        committed = [:]
        batch = [:]
    }
}
