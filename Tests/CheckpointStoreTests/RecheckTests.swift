import CheckpointCore
@testable import CheckpointStore
import Testing

/// SPEC §9 fever re-check, through the store: the alert row's `recheck` column and the writer's memory.
@Suite struct RecheckTests {
    static func recheck(_ harness: StoreHarness, alert: Int64) throws -> String? {
        try harness.text("SELECT recheck FROM alerts WHERE id = \(alert)")
    }

    @Test func recheck_whenNextTempIsBelowThresholdInsideWindow_clearsAlert() async throws {
        try await StoreHarness.run { harness, writer, station in
            let fever = try #require(await writer.store(station.record(1, .temp, People.alice, temp: 385)).stored)
            let alert = try #require(fever.alertIDs.first)
            #expect(try Self.recheck(harness, alert: alert) == "pending")

            let reading = station.record(2, .temp, People.alice, temp: 366, at: at(10 * Span.minute))
            let cool = try #require(await writer.store(reading).stored)
            #expect(cool.verdicts == [] && cool.alertIDs.isEmpty)
            #expect(try Self.recheck(harness, alert: alert) == "cleared-on-recheck")
            #expect(try harness.int("SELECT recheck_record_id FROM alerts WHERE id = \(alert)") == cool.id)
            #expect(try harness.text("SELECT state FROM alerts WHERE id = \(alert)") == "open")
            #expect(try harness.int("SELECT COUNT(*) FROM records") == 2, "both readings stay stored")
        }
    }

    @Test func recheck_whenSecondFeverInsideWindow_confirmsAlertWithoutOpeningAnother() async throws {
        try await StoreHarness.run { harness, writer, station in
            let fever = try #require(await writer.store(station.record(1, .temp, People.alice, temp: 385)).stored)
            let alert = try #require(fever.alertIDs.first)

            let reading = station.record(2, .temp, People.alice, temp: 388, at: at(14 * Span.minute))
            let second = try #require(await writer.store(reading).stored)
            #expect(second.verdicts == .fever)
            #expect(second.alertIDs.isEmpty)
            #expect(try Self.recheck(harness, alert: alert) == "confirmed")
            #expect(try harness.int("SELECT recheck_record_id FROM alerts WHERE id = \(alert)") == second.id)
            #expect(try harness.int("SELECT COUNT(*) FROM alerts") == 1)

            // Settled: a third fever is a new alert with a re-check of its own.
            let later = station.record(3, .temp, temp: 390, at: at(20 * Span.minute))
            let third = try #require(await writer.store(later).stored)
            let next = try #require(third.alertIDs.first)
            #expect(try Self.recheck(harness, alert: next) == "pending")
            #expect(try Self.recheck(harness, alert: alert) == "confirmed")
        }
    }

    @Test func recheck_whenWindowPassesWithoutReading_housekeepingMarksMissed() async throws {
        try await StoreHarness.run { harness, writer, station in
            let fever = try #require(await writer.store(station.record(1, .temp, People.alice, temp: 385)).stored)
            let bobsFever = station.record(2, .temp, People.bob, temp: 385, at: at(Span.minute))
            let other = try #require(await writer.store(bobsFever).stored)
            let alert = try #require(fever.alertIDs.first)
            let otherAlert = try #require(other.alertIDs.first)

            harness.clock.advance(milliseconds: 15 * Span.minute + 30 * Span.second)
            #expect(try await eventually(within: .seconds(5)) { try Self.recheck(harness, alert: alert) == "missed" })
            #expect(try Self.recheck(harness, alert: otherAlert) == "pending", "its window has not passed")
            #expect(try harness.int("SELECT recheck_record_id FROM alerts WHERE id = \(alert)") == nil)

            // Missed is final: a cool reading now does not clear it.
            _ = await writer.store(station.record(3, .temp, People.alice, temp: 366, at: at(16 * Span.minute)))
            #expect(try Self.recheck(harness, alert: alert) == "missed")
            harness.clock.advance(milliseconds: Span.minute)
            let missed = try await eventually(within: .seconds(5)) {
                try Self.recheck(harness, alert: otherAlert) == "missed"
            }
            #expect(missed)
        }
    }
}
