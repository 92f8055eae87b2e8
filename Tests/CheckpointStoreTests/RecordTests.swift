import CheckpointCore
@testable import CheckpointStore
import Testing

@Suite struct RecordTests {
    static let recordColumns =
        "SELECT station_id, seq, person, ts, kind, temp, origin, verdict, checkpoint_id FROM records WHERE id = "

    @Test func store_whenTemperatureBelowThreshold_passesAndWritesRow() async throws {
        try await StoreHarness.run { harness, writer, station in
            let outcome = await writer.store(station.record(1, .temp, People.alice, temp: 372))
            let stored = try #require(outcome.stored)
            #expect(stored.id > 0)
            #expect(stored.verdicts == [])
            #expect(stored.alertIDs.isEmpty)
            #expect(stored.quarantineUntil == nil)

            let row = try harness.row(Self.recordColumns + "\(stored.id)", columns: 9)
            let expected: [Int64?] = [
                station.key, 1, 13_800_138_000, ManualClock.start.milliseconds, 0, 372, nil, 0, station.checkpointKey,
            ]
            #expect(row == expected)
            #expect(try harness.int("SELECT COUNT(*) FROM alerts") == 0)
        }
    }

    @Test func store_whenTemperatureAtThreshold_reportsFeverAndOpensAlert() async throws {
        try await StoreHarness.run { harness, writer, station in
            let outcome = await writer.store(station.record(1, .temp, People.alice, temp: 373))
            let stored = try #require(outcome.stored)
            #expect(stored.verdicts == .fever)
            let alertID = try #require(stored.alertIDs.first)
            #expect(stored.alertIDs.count == 1)

            let alert = try harness.row(
                "SELECT record_id, person, checkpoint_id, station_id, at FROM alerts WHERE id = \(alertID)", columns: 5)
            let expected: [Int64?] = [
                stored.id, 13_800_138_000, station.checkpointKey, station.key, ManualClock.start.milliseconds,
            ]
            #expect(alert == expected)
            let shown = try harness.text("SELECT type || ' ' || state || ' ' || recheck FROM alerts")
            #expect(shown == "FEVER open pending")
            #expect(try harness.int("SELECT verdict FROM records WHERE id = \(stored.id)") == 1)
        }
    }

    @Test func store_whenEntryFromOutside_opensQuarantineUntilFourteenDaysLater() async throws {
        try await StoreHarness.run { harness, writer, station in
            let arrival = at(3 * Span.hour)
            let record = station.record(1, .entry, People.bob, temp: nil, at: arrival, origin: .outside)
            let outcome = await writer.store(record)
            let stored = try #require(outcome.stored)
            #expect(stored.verdicts == .quarantine)
            #expect(stored.alertIDs.isEmpty)
            #expect(stored.quarantineUntil == arrival.adding(milliseconds: 14 * Span.day))

            let order = try harness.row("SELECT person, start, end, record_id FROM quarantines", columns: 4)
            let expected: [Int64?] = [
                13_900_139_000, arrival.milliseconds, arrival.milliseconds + 14 * Span.day, stored.id,
            ]
            #expect(order == expected)
            #expect(try harness.int("SELECT origin FROM records WHERE id = \(stored.id)") == 1)
        }
    }

    @Test func store_whenQuarantinedPersonPassesAfterGrace_reportsViolationWithAlert() async throws {
        try await StoreHarness.run { harness, writer, station in
            _ = await writer.store(station.record(1, .entry, People.bob, temp: nil, origin: .outside))
            let exit = station.record(2, .exit, People.bob, temp: nil, at: at(30 * Span.minute))
            let withinGrace = await writer.store(exit)
            #expect(withinGrace.stored?.verdicts == [])
            #expect(withinGrace.stored?.alertIDs == [])

            let outcome = await writer.store(station.record(3, .entry, People.bob, temp: nil, at: at(2 * Span.hour)))
            let stored = try #require(outcome.stored)
            #expect(stored.verdicts == .violation)
            #expect(stored.quarantineUntil == nil)
            let alertID = try #require(stored.alertIDs.first)
            #expect(try harness.text("SELECT type FROM alerts WHERE id = \(alertID)") == "VIOLATION")
            #expect(try harness.int("SELECT record_id FROM alerts WHERE id = \(alertID)") == stored.id)
            #expect(try harness.int("SELECT COUNT(*) FROM quarantines") == 1)
        }
    }

    @Test func store_whenPersonIsOther_storesOneNegativeKeyForAllTheirRecords() async throws {
        try await StoreHarness.run { harness, writer, station in
            let first = try #require(await writer.store(station.record(1, .temp, People.passport)).stored)
            let second = try #require(await writer.store(station.record(2, .exit, People.passport, at: at(1))).stored)

            let firstKey = try #require(try harness.int("SELECT person FROM records WHERE id = \(first.id)"))
            #expect(firstKey < 0)
            #expect(try harness.int("SELECT person FROM records WHERE id = \(second.id)") == firstKey)
            #expect(try harness.column("SELECT ident FROM people_other") == ["other:E1234567"])
            #expect(try harness.int("SELECT id FROM people_other") == -firstKey)
        }
    }

    @Test func store_whenSeqIsResent_returnsOriginalFieldsAndWritesNothing() async throws {
        try await StoreHarness.run { harness, writer, station in
            let originals = [
                station.record(5, .temp, People.alice, temp: 384),
                station.record(6, .entry, People.bob, temp: nil, origin: .outside),
                station.record(7, .temp, People.passport, temp: 366),
            ]
            var stored: [RecordReceipt] = []
            for record in originals { stored.append(try #require(await writer.store(record).stored)) }
            #expect(stored[0].alertIDs.count == 1)
            #expect(stored[1].quarantineUntil != nil)
            let before = try harness.fingerprint()
            harness.clock.advance(milliseconds: Span.minute)

            for (record, original) in zip(originals, stored) {
                let outcome = await writer.store(record)
                #expect(outcome.duplicate == original)
            }
            #expect(try harness.fingerprint() == before)
        }
    }

    @Test func store_whenSeqIsRepeatedInsideOneBatch_answersSecondAsDuplicate() async throws {
        try await StoreHarness.run { harness, writer, station in
            let record = station.record(9, .entry, People.carol, temp: 390, origin: .outside)
            let outcomes = Outcomes()
            let pause = try await WriterPause.hold(writer)
            writer.submit(record, completion: outcomes.completion(0))
            writer.submit(record, completion: outcomes.completion(1))
            await pause.release()
            #expect(await outcomes.wait(for: 2))

            let first = try #require(outcomes[0]?.stored)
            #expect(first.verdicts == [.fever, .quarantine])
            #expect(first.alertIDs.count == 1)
            #expect(outcomes[1]?.duplicate == first)
            #expect(try harness.int("SELECT COUNT(*) FROM records WHERE seq = 9") == 1)
            #expect(try harness.int("SELECT COUNT(*) FROM alerts") == 1)
            #expect(try harness.int("SELECT COUNT(*) FROM quarantines") == 1)
            #expect(try harness.int("SELECT entries FROM hourly_counts") == 1)
        }
    }

    /// SPEC §3: a resend writes nothing, even when the resent line names someone the store has never seen; since
    /// issue 13 another person under a stored seq is not a `DUP` but `.seqReused` (`E_SEQ`).
    @Test func store_whenResendNamesAnUnknownOtherPerson_writesNothingAndIsSeqReused() async throws {
        try await StoreHarness.run { harness, writer, station in
            let original = try #require(await writer.store(station.record(1, .temp, People.alice)).stored)
            let before = try harness.fingerprint()

            let outcome = await writer.store(station.record(1, .temp, .other("NEVERSEEN1")))
            guard case .seqReused(let storedID) = outcome else {
                Issue.record("expected .seqReused, got \(outcome)")
                return
            }
            #expect(storedID == original.id)
            #expect(try harness.fingerprint() == before)
            #expect(await writer.store(station.record(1, .temp, People.alice)).duplicate == original)
        }
    }

    @Test func batch_whenOneOperationConflicts_storesTheOthersOnce() async throws {
        try await StoreHarness.run { harness, writer, station in
            let outcomes = Outcomes()
            let pause = try await WriterPause.hold(writer)
            writer.submit(station.record(1, .temp, People.alice, temp: 385), completion: outcomes.completion(0))
            let conflicting = Task {
                try await writer.addCheckpoint(code: "gate-1", name: "again", grid: "grid-1", staffed: "24h")
            }
            #expect(await eventually { writer.currentHealth.queueDepth == 2 })
            writer.submit(station.record(2, .temp, People.bob, temp: 386), completion: outcomes.completion(1))
            await pause.release()

            #expect(await outcomes.wait(for: 2))
            #expect(await conflicting.result.storeErrorCode == .conflict)
            let first = try #require(outcomes[0]?.stored)
            let second = try #require(outcomes[1]?.stored)
            #expect(first.alertIDs.count == 1 && second.alertIDs.count == 1)
            #expect(try harness.int("SELECT COUNT(*) FROM records") == 2)
            #expect(try harness.int("SELECT COUNT(*) FROM alerts") == 2)
            let alertRecords = try harness.column("SELECT record_id FROM alerts ORDER BY id")
            #expect(alertRecords == ["\(first.id)", "\(second.id)"])
            #expect(try harness.int("SELECT fevers FROM hourly_counts") == 2)
        }
    }
}

extension Result {
    /// The code of the `StoreError` this result failed with.
    var storeErrorCode: StoreError.Code? {
        if case .failure(let error) = self { return (error as? StoreError)?.code }
        return nil
    }
}
