/// Seq numbers missing between the first and the last one a station sent (SPEC §9 "Upload gaps"), kept
/// as sorted, disjoint ranges and updated as records arrive, so `stations` never scans records.
struct StationGaps: Hashable {
    private(set) var ranges: [ClosedRange<Int64>] = []

    init(ranges: [ClosedRange<Int64>] = []) {
        self.ranges = ranges.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// Notes that `seq` arrived, given the station's first and last seq before it (nil for its first record).
    /// Returns whether the gaps changed.
    @discardableResult
    mutating func record(_ seq: Int64, first: Int64?, last: Int64?) -> Bool {
        guard let first, let last else { return false }
        if seq > last {
            guard seq > last + 1 else { return false }
            ranges.append((last + 1)...(seq - 1))
        } else if seq < first {
            guard seq + 1 <= first - 1 else { return false }
            ranges.insert((seq + 1)...(first - 1), at: 0)
        } else if let index = ranges.firstIndex(where: { $0.contains(seq) }) {
            let range = ranges[index]
            var pieces: [ClosedRange<Int64>] = []
            if range.lowerBound < seq { pieces.append(range.lowerBound...(seq - 1)) }
            if seq < range.upperBound { pieces.append((seq + 1)...range.upperBound) }
            ranges.replaceSubrange(index...index, with: pieces)
        } else {
            return false
        }
        return true
    }

    func contains(_ seq: Int64) -> Bool { ranges.contains { $0.contains(seq) } }
}
