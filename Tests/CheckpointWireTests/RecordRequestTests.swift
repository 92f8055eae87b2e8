import CheckpointCore
import CheckpointWire
import Testing

@Suite struct RecordRequestTests {
    static let now = Timestamp(milliseconds: 1_700_000_000_000)
    static let day: Int64 = 86_400_000
    static let retentionDays = 30

    private func record(ts milliseconds: Int64?) throws -> Record {
        let ts = milliseconds.map { " ts=\($0)" } ?? ""
        return try parseRecord("TEMP seq=1 person=13800138000 temp=36.6\(ts)")
    }

    @Test func resolvedTime_whenTsIsAbsent_isNow() throws {
        #expect(try record(ts: nil).resolvedTime(now: Self.now, retentionDays: Self.retentionDays) == Self.now)
    }

    @Test(arguments: [
        Int64(0), -1, 1, -60_000, Record.maximumFutureMilliseconds, -30 * day, -30 * day + 1, -29 * day,
    ])
    func resolvedTime_whenTsIsWithinLimits_isTheTs(offset: Int64) throws {
        let ts = Self.now.milliseconds + offset
        let resolved = try record(ts: ts).resolvedTime(now: Self.now, retentionDays: Self.retentionDays)
        #expect(resolved == Timestamp(milliseconds: ts))
    }

    @Test(arguments: [
        (Record.maximumFutureMilliseconds + 1, "future"), (3_600_000, "future"),
        (-30 * day - 1, "retention"), (-365 * day, "retention"),
    ])
    func resolvedTime_whenTsIsTooFarAheadOrTooOld_isETime(offset: Int64, hint: String) throws {
        let request = try record(ts: Self.now.milliseconds + offset)
        let error = try #require(wireError { () throws(WireError) in
            try request.resolvedTime(now: Self.now, retentionDays: Self.retentionDays)
        })
        #expect(error.code == .time)
        #expect(error.message.contains(hint))
    }

    @Test func maximumFuture_isFiveMinutes() {
        #expect(Record.maximumFutureMilliseconds == 300_000)
    }

    @Test func resolvedTime_whenRetentionIsShorter_refusesWhatALongerOneKeeps() throws {
        let request = try record(ts: Self.now.milliseconds - 10 * Self.day)
        #expect(throws: WireError.self) { try request.resolvedTime(now: Self.now, retentionDays: 7) }
        #expect(try request.resolvedTime(now: Self.now, retentionDays: 14).milliseconds
            == Self.now.milliseconds - 10 * Self.day)
    }
}
