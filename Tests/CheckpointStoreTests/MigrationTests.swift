import CheckpointCore
@testable import CheckpointStore
import Testing

@Suite struct MigrationTests {
    static let tables = [
        "alerts", "audit", "checkpoints", "hourly_counts", "meta", "people_other", "person_links", "quarantines",
        "records", "schema_migrations", "stations",
    ]

    @Test func migrate_whenFileIsNew_recordsEveryMigration() async throws {
        let harness = try StoreHarness()
        await harness.close(try harness.openWriter())

        let versions = try harness.column("SELECT version FROM schema_migrations ORDER BY version")
        #expect(versions == Schema.migrations.map { String($0.version) })
        let stamped = try harness.int(
            "SELECT COUNT(*) FROM schema_migrations WHERE applied_at = \(ManualClock.start.milliseconds)")
        #expect(stamped == Int64(Schema.migrations.count))
        let tables = try harness.column("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        #expect(Set(tables).isSuperset(of: Self.tables))
    }

    @Test func migrate_whenOpenedAgain_appliesNothing() async throws {
        let harness = try StoreHarness()
        await harness.close(try harness.openWriter())
        harness.clock.advance(milliseconds: Span.day)
        await harness.close(try harness.openWriter())

        let rows = try harness.int("SELECT COUNT(*) FROM schema_migrations")
        #expect(rows == Int64(Schema.migrations.count))
        let latestStamp = try harness.int("SELECT MAX(applied_at) FROM schema_migrations")
        #expect(latestStamp == ManualClock.start.milliseconds)
        let db = try SQLiteConnection(path: harness.path, mode: .readWrite)
        #expect(try Schema.migrate(db, now: 0) == [])
    }

    @Test func open_whenFileIsNew_putsDatabaseInWALModeForOtherConnections() async throws {
        let harness = try StoreHarness()
        let writer = try harness.openWriter()
        let mode = try harness.text("PRAGMA journal_mode")
        await harness.close(writer)
        #expect(mode == "wal")
    }

    @Test(arguments: [true, false])
    func open_whenDurabilityIsConfigured_setsSynchronousOnWriter(full: Bool) async throws {
        let harness = try StoreHarness()
        let writer = try harness.openWriter(harness.options { $0.fullDurability = full })
        let synchronous = try await writer.perform { engine throws(StoreError) in
            try engine.db.integer("PRAGMA synchronous")
        }
        await harness.close(writer)
        #expect(synchronous == (full ? 2 : 1))
    }

    @Test func open_whenSchemaIsNewerThanBinary_refusesAndAsksForNewerCheckpointd() async throws {
        let harness = try StoreHarness()
        await harness.close(try harness.openWriter())
        let db = try SQLiteConnection(path: harness.path, mode: .readWrite)
        try db.execute("""
            INSERT INTO schema_migrations(version, summary, applied_at)
            VALUES (\(Schema.latestVersion + 1), 'from the future', 0)
            """)

        do {
            let writer = try IngestWriter(options: harness.options(), clock: harness.clock)
            writer.start()
            await writer.drainAndStop()
            Issue.record("a database of a newer schema was opened")
        } catch {
            #expect(error.message.contains("newer checkpointd"))
            #expect(error.message.contains("\(Schema.latestVersion + 1)"))
        }
        let rows = try harness.int("SELECT COUNT(*) FROM schema_migrations")
        #expect(rows == Int64(Schema.migrations.count) + 1)
    }
}
