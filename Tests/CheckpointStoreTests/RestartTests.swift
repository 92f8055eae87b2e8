import CheckpointCore
@testable import CheckpointStore
import Testing

@Suite struct RestartTests {
    @Test func restart_whenReopened_restoresRechecksOrdersAndStationSeqs() async throws {
        let harness = try StoreHarness()
        let first = try harness.openWriter()
        let station = try await harness.register(first)
        let sent = [
            station.record(1, .temp, People.alice, temp: 385),
            station.record(2, .entry, People.bob, temp: nil, origin: .outside),
            station.record(3, .temp, People.passport, temp: 366),
        ]
        var originals: [RecordReceipt] = []
        for record in sent { originals.append(try #require(await first.store(record).stored)) }
        let alert = try #require(originals[0].alertIDs.first)
        await harness.close(first)

        harness.clock.advance(milliseconds: 5 * Span.minute)
        let writer = try harness.openWriter()
        do {
            let entry = try #require(writer.directory.entry(for: "st-1"))
            #expect(entry.key == station.key && entry.checkpointCode == "gate-1" && !entry.revoked)
            for (record, original) in zip(sent, originals) {
                #expect(await writer.store(record).duplicate == original)
            }

            let reading = station.record(4, .temp, People.alice, temp: 366, at: at(5 * Span.minute))
            #expect(await writer.store(reading).stored?.verdicts == [])
            #expect(try harness.text("SELECT recheck FROM alerts WHERE id = \(alert)") == "cleared-on-recheck")

            let passage = await writer.store(station.record(5, .exit, People.bob, temp: nil, at: at(2 * Span.hour)))
            #expect(passage.stored?.verdicts == .violation)
            #expect(try await writer.status(of: People.bob).quarantineUntil == originals[1].quarantineUntil)

            #expect(await writer.store(station.record(6, .temp, People.passport)).stored != nil)
            #expect(try harness.int("SELECT COUNT(*) FROM people_other") == 1)
            #expect(try harness.int("SELECT COUNT(DISTINCT person) FROM records WHERE person < 0") == 1)
            #expect(try harness.row("SELECT first_seq, last_seq FROM stations", columns: 2) == [1, 6])
        }
        await harness.close(writer)
    }

    /// SPEC §6 drain: everything read before the stop is committed and answered.
    @Test func drain_whenRecordsAreQueued_commitsAndAnswersEveryOne() async throws {
        let harness = try StoreHarness()
        let writer = try harness.openWriter()
        let station = try await harness.register(writer)
        let outcomes = Outcomes()
        for index in 0..<300 {
            let record = station.record(Int64(index + 1), .temp, People.numbered(index))
            writer.submit(record, completion: outcomes.completion(index))
        }
        await writer.drainAndStop()

        #expect(outcomes.count == 300, "drainAndStop returned before every record was answered")
        #expect(outcomes.all.values.allSatisfy { $0.stored != nil })
        #expect(try harness.int("SELECT COUNT(*) FROM records") == 300)
        let late = await writer.store(station.record(301))
        #expect(late.failure?.code == .shutdown)
        do {
            _ = try await writer.status(of: People.alice)
            Issue.record("a stopped writer answered a LOOKUP")
        } catch {
            #expect(error.code == .shutdown)
        }
    }
}

@Suite struct LookupTests {
    @Test func lookup_whenPersonIsUnknown_reportsNoOrderAndNoTemperature() async throws {
        try await StoreHarness.run { harness, writer, station in
            _ = await writer.store(station.record(1, .temp, People.alice, temp: 366))
            for person in [People.bob, People.passport] {
                let status = try await writer.status(of: person)
                #expect(
                    status == PersonStatus(person: person, quarantineUntil: nil, lastTemperature: nil, clearance: .clear))
            }
            #expect(try harness.int("SELECT COUNT(*) FROM people_other") == 0, "a LOOKUP stores nothing")
        }
    }

    @Test func lookup_whenPersonHasRecords_reportsLatestTemperatureByRecordTimeAndActiveOrder() async throws {
        try await StoreHarness.run { harness, writer, station in
            _ = await writer.store(station.record(1, .temp, People.bob, temp: 368, at: at(-10 * Span.minute)))
            _ = await writer.store(station.record(2, .entry, People.bob, temp: 370, origin: .outside))
            // A terminal's backlog: older, sent later. It is not the last temperature.
            _ = await writer.store(station.record(3, .temp, People.bob, temp: 364, at: at(-Span.hour)))
            _ = await writer.store(station.record(4, .exit, People.bob, temp: nil, at: at(Span.minute)))

            let status = try await writer.status(of: People.bob)
            #expect(status.lastTemperature == Temperature(tenths: 370))
            #expect(status.quarantineUntil == at(14 * Span.day))

            harness.clock.advance(milliseconds: 14 * Span.day)
            let after = try await writer.status(of: People.bob)
            #expect(after.quarantineUntil == nil, "the order has ended")
            #expect(after.lastTemperature == Temperature(tenths: 370))
        }
    }
}
