import CheckpointCore
@testable import CheckpointStore
import Testing

@Suite struct RegistryTests {
    /// Runs `body` and returns the code of the `StoreError` it threw, or nil when it did not throw.
    static func errorCode<T>(_ body: () async throws -> T) async -> StoreError.Code? {
        do {
            _ = try await body()
            return nil
        } catch {
            return (error as? StoreError)?.code
        }
    }

    @Test func addCheckpoint_whenNew_storesRowAndRefusesSecondAdd() async throws {
        try await StoreHarness.run { harness, writer, _ in
            let row = try await writer.addCheckpoint(
                code: "gate-2", name: "North gate", grid: "g7", staffed: "08:00-20:00")
            #expect(row.code == "gate-2" && row.name == "North gate" && row.grid == "g7")
            #expect(row.staffed == "08:00-20:00")
            #expect(row.createdAt == ManualClock.start && row.removedAt == nil && row.activeStations == 0)

            let again = await Self.errorCode {
                try await writer.addCheckpoint(code: "gate-2", name: "other", grid: "g1", staffed: "24h")
            }
            #expect(again == .conflict)
            let reader = try StoreReader(path: harness.path, connections: 1)
            let stored = try reader.checkpoints().first { $0.code == "gate-2" }
            #expect(stored == row)
        }
    }

    @Test func removeCheckpoint_whenStationIsActive_isConflictUnlessForced() async throws {
        try await StoreHarness.run { harness, writer, _ in
            let unforced = await Self.errorCode { try await writer.removeCheckpoint(code: "gate-1", force: false) }
            #expect(unforced == .conflict)
            #expect(writer.directory.entry(for: "st-1")?.revoked == false)

            harness.clock.advance(milliseconds: Span.minute)
            let removed = try await writer.removeCheckpoint(code: "gate-1", force: true)
            #expect(removed.removedAt == at(Span.minute))
            #expect(removed.activeStations == 0)
            #expect(writer.directory.entry(for: "st-1")?.revoked == true)
            let reader = try StoreReader(path: harness.path, connections: 1)
            #expect(try reader.stations().first?.revokedAt == at(Span.minute))
            let twice = await Self.errorCode { try await writer.removeCheckpoint(code: "gate-1", force: true) }
            #expect(twice == .notFound)

            let back = try await writer.addCheckpoint(code: "gate-1", name: "again", grid: "grid-1", staffed: "24h")
            #expect(back.removedAt == nil)
        }
    }

    @Test func addStation_whenCheckpointMissingOrRemoved_isNotFound() async throws {
        try await StoreHarness.run { _, writer, _ in
            let missing = await Self.errorCode {
                try await writer.addStation(code: "st-9", checkpointCode: "gate-9", token: Tokens.first)
            }
            #expect(missing == .notFound)
            _ = try await writer.addCheckpoint(code: "gate-2", name: "", grid: "g", staffed: "24h")
            _ = try await writer.removeCheckpoint(code: "gate-2", force: false)
            let removed = await Self.errorCode {
                try await writer.addStation(code: "st-9", checkpointCode: "gate-2", token: Tokens.first)
            }
            #expect(removed == .notFound)
            #expect(writer.directory.entry(for: "st-9") == nil)
            let twice = await Self.errorCode {
                try await writer.addStation(code: "st-1", checkpointCode: "gate-1", token: Tokens.second)
            }
            #expect(twice == .conflict)
            #expect(writer.directory.entry(for: "st-1")?.tokenHash == Tokens.first.hash)
        }
    }

    /// The directory answers `HELLO` on event loops: it must show a change only once it is durable.
    @Test func revokeStation_whenCommitted_updatesDirectoryOnlyAfterCommit() async throws {
        try await StoreHarness.run { _, writer, _ in
            let pause = try await WriterPause.hold(writer)
            let revoke = Task { try await writer.revokeStation(code: "st-1") }
            #expect(await eventually { writer.currentHealth.queueDepth == 1 })
            let insideTransaction = Task {
                try await writer.perform { _ throws(StoreError) in writer.directory.entry(for: "st-1")?.revoked }
            }
            #expect(await eventually { writer.currentHealth.queueDepth == 2 })
            await pause.release()

            let row = try await revoke.value
            #expect(row.revokedAt == ManualClock.start)
            #expect(try await insideTransaction.value == false, "the directory changed before the commit")
            #expect(writer.directory.entry(for: "st-1")?.revoked == true)
            #expect(await Self.errorCode { try await writer.revokeStation(code: "st-1") } == .notFound)
            let rotated = await Self.errorCode { try await writer.rotateStation(code: "st-1", token: Tokens.second) }
            #expect(rotated == .notFound)
        }
    }

    @Test func rotateStation_whenCommitted_replacesSaltAndHashOnlyAfterCommit() async throws {
        try await StoreHarness.run { harness, writer, station in
            let before = try #require(writer.directory.entry(for: "st-1"))
            harness.clock.advance(milliseconds: Span.hour)
            let pause = try await WriterPause.hold(writer)
            let rotate = Task { try await writer.rotateStation(code: "st-1", token: Tokens.second) }
            #expect(await eventually { writer.currentHealth.queueDepth == 1 })
            let insideTransaction = Task {
                try await writer.perform { _ throws(StoreError) in writer.directory.entry(for: "st-1")?.tokenHash }
            }
            #expect(await eventually { writer.currentHealth.queueDepth == 2 })
            await pause.release()

            let row = try await rotate.value
            #expect(row.rotatedAt == at(Span.hour) && row.revokedAt == nil)
            #expect(try await insideTransaction.value == Tokens.first.hash, "the directory changed before the commit")
            let after = try #require(writer.directory.entry(for: "st-1"))
            #expect(after.tokenSalt == Tokens.second.salt && after.tokenHash == Tokens.second.hash)
            #expect(after.key == before.key && after.checkpointKey == station.checkpointKey && !after.revoked)
        }
    }

    @Test func addStation_whenStationWasRevoked_bringsItBackWithNewToken() async throws {
        try await StoreHarness.run { _, writer, station in
            _ = try #require(await writer.store(station.record(1)).stored)
            _ = try await writer.revokeStation(code: "st-1")
            _ = try await writer.addCheckpoint(code: "gate-2", name: "", grid: "g", staffed: "24h")

            let row = try await writer.addStation(code: "st-1", checkpointCode: "gate-2", token: Tokens.second)
            #expect(row.revokedAt == nil && row.checkpointCode == "gate-2")
            #expect(row.lastSeq == 1)
            let entry = try #require(writer.directory.entry(for: "st-1"))
            #expect(!entry.revoked && entry.key == station.key && entry.checkpointCode == "gate-2")
            #expect(entry.tokenHash == Tokens.second.hash)
            // Its seqs are still its own: a resend is a duplicate.
            #expect(await writer.store(station.record(1)).duplicate != nil)
        }
    }
}
