import CheckpointCore
@testable import CheckpointStore
import Testing

/// Issue 15 point 3: `PersonHistory`, the one read of a person's orders, fevers and gates, on the writer (`LOOKUP
/// clear=`) and on a reader (`clearance`).
@Suite struct PersonHistoryTests {
    /// The writer answers LOOKUP: each of its queries seeks an index by person, never walks a table or the alerts
    /// of every person (migration 4), for one key and for several (identity links).
    @Test(arguments: [1, 3])
    func plans_ofEveryQuery_seekAnIndexByPerson(keys: Int) async throws {
        let harness = try StoreHarness()
        await harness.close(try harness.openWriter())
        let db = try harness.database()
        let expected = [
            (PersonHistory.ordersSQL(keys: keys), "quarantines_person"),
            (PersonHistory.feversSQL(keys: keys), "alerts_person_at"),
            (PersonHistory.passagesSQL(keys: keys), "records_day_person_ts"),
        ]
        for (sql, index) in expected {
            let plan = try db.prepare("EXPLAIN QUERY PLAN " + sql, persistent: false)
            var details: [String] = []
            while try plan.step() { details.append(plan.string(3) ?? "") }
            #expect(details.contains { $0.contains("USING INDEX \(index)") }, "\(index): \(details)")
            let tables = ["quarantines", "a", "alerts", "r", "records", "c", "checkpoints"]
            let walked = details.filter { detail in
                tables.contains { detail == "SCAN \($0)" || detail.hasPrefix("SCAN \($0) ") }
            }
            #expect(walked.isEmpty, "a table is walked: \(details)")
        }
    }

    /// A fever counts for `clearance_days` × 24 h after it was taken: the writer's clock decides, to the millisecond.
    @Test func lookup_whenAConfirmedFeverIsFifteenDaysOld_isClearAndAMillisecondEarlierIsNot() async throws {
        try await StoreHarness.run { harness, writer, station in
            _ = await writer.store(station.record(1, .temp, People.alice, temp: 382))
            _ = await writer.store(station.record(2, .temp, People.alice, temp: 380, at: at(Span.minute)))
            harness.clock.advance(milliseconds: 15 * Span.day - 1)
            let before = try await writer.status(of: People.alice)
            #expect(before.clearance == .fever(since: ManualClock.start))
            harness.clock.advance(milliseconds: 1)
            #expect(try await writer.status(of: People.alice).clearance == .clear)
        }
    }

    /// An `other:` id is found through `people_other`; its fever and gates come back on a reader, and the order
    /// in force wins the verdict.
    @Test func clearance_whenThePersonIsAnOtherId_readsOrdersFeversAndGates() async throws {
        try await StoreHarness.run { harness, writer, station in
            _ = await writer.store(station.record(1, .temp, People.passport, temp: 385))
            _ = await writer.store(station.record(2, .temp, People.passport, temp: 366, at: at(Span.minute)))
            _ = await writer.store(station.record(3, .temp, People.passport, temp: 384, at: at(Span.hour)))
            _ = await writer.store(station.record(4, .entry, People.passport, temp: nil, at: at(2 * Span.hour),
                                                  origin: .outside))
            _ = await writer.store(station.record(5, .temp, People.alice, temp: 390, at: at(2 * Span.hour)))
            harness.clock.advance(milliseconds: 3 * Span.hour)
            let reader = try StoreReader(path: harness.path, connections: 1)
            let now = harness.clock.now()
            let history = try reader.clearance(person: People.passport, since: at(-Span.day), now: now)
            #expect(history.fevers.map(\.temperature) == [Temperature(tenths: 385), Temperature(tenths: 384)])
            // The ENTRY came after the second fever's re-check window: missed.
            #expect(history.fevers.map(\.recheck) == [.clearedOnRecheck, .missed])
            #expect(history.passages.map(\.kind) == [.temp, .temp, .temp, .entry])
            #expect(history.passages.allSatisfy { $0.checkpointCode == "gate-1" && $0.checkpointName == "Gate gate-1" })
            #expect(history.orders.map(\.end) == [at(2 * Span.hour + 14 * Span.day)])
            #expect(history.clearance(now: now, days: 15) == .quarantine(until: at(2 * Span.hour + 14 * Span.day)))
            let clearFrom = history.clearFrom(now: now, days: 15)
            #expect(clearFrom == at(Span.hour + 15 * Span.day), "the missed fever outlasts the order")
            let nobody = try reader.clearance(person: People.dave, since: at(-Span.day), now: now)
            #expect(nobody == .empty)
        }
    }
}
