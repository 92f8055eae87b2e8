import CheckpointCore
import CheckpointTestSupport
@testable import CheckpointStore
import Dispatch
import Foundation
import Synchronization
import Testing

/// A wall clock that moves only when the test says so.
final class ManualClock: WallClock {
    /// 2020-02-07T00:15:00Z.
    static let start = Timestamp(milliseconds: 1_581_034_500_000)

    private let current: VisibleMutex<Timestamp>

    init(_ start: Timestamp = ManualClock.start) {
        current = VisibleMutex(start)
    }

    func now() -> Timestamp {
        current.withLock { $0 }
    }

    func advance(milliseconds: Int64) {
        current.withLock { $0 = $0.adding(milliseconds: milliseconds) }
    }
}

enum Span {
    static let second: Int64 = 1000
    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000
}

/// Times relative to the clock's start.
func at(_ offset: Int64) -> Timestamp {
    ManualClock.start.adding(milliseconds: offset)
}

enum People {
    static let alice = PersonID.phone("13800138000")
    static let bob = PersonID.phone("13900139000")
    static let carol = PersonID.phone("13700137000")
    static let dave = PersonID.phone("13600136000")
    static let passport = PersonID.other("E1234567")

    static func numbered(_ number: Int) -> PersonID {
        .phone(String(13_100_000_000 + number))
    }
}

enum Tokens {
    static let first = TokenDigest(salt: Array(repeating: 1, count: 16), hash: Array(repeating: 2, count: 32))
    static let second = TokenDigest(salt: Array(repeating: 3, count: 16), hash: Array(repeating: 4, count: 32))
}

/// A registered station, and the records it sends.
struct TestStation: Sendable {
    var key: Int64
    var checkpointKey: Int64

    func record(
        _ seq: Int64, _ kind: RecordKind = .temp, _ person: PersonID = People.alice, temp: Int? = 365,
        at time: Timestamp = ManualClock.start, origin: Origin? = nil, note: String? = nil
    ) -> IncomingRecord {
        IncomingRecord(
            Record(
                kind: kind, seq: seq, person: person, temperature: temp.map { Temperature(tenths: $0) },
                origin: origin, note: note),
            stationKey: key, checkpointKey: checkpointKey, at: time)
    }
}

/// What the writer told its observer.
final class ObserverLog: Sendable {
    private struct Calls {
        var failures: [StoreError] = []
        var recoveries = 0
        var events: [CommittedEvent] = []
    }

    private let calls = VisibleMutex(Calls())

    var observer: WriterObserver {
        WriterObserver(
            committed: { events in self.calls.withLock { $0.events += events } },
            storageFailed: { error in self.calls.withLock { $0.failures.append(error) } },
            storageRecovered: { self.calls.withLock { $0.recoveries += 1 } })
    }

    var failures: [StoreError] { calls.withLock { $0.failures } }
    var recoveries: Int { calls.withLock { $0.recoveries } }
    var events: [CommittedEvent] { calls.withLock { $0.events } }
}

/// Collects completions of records submitted without waiting.
final class Outcomes: Sendable {
    private let results = VisibleMutex<[Int: RecordOutcome]>([:])

    func completion(_ index: Int) -> @Sendable (RecordOutcome) -> Void {
        { outcome in self.results.withLock { $0[index] = outcome } }
    }

    var count: Int { results.withLock { $0.count } }
    var all: [Int: RecordOutcome] { results.withLock { $0 } }
    subscript(index: Int) -> RecordOutcome? { results.withLock { $0[index] } }

    func wait(for expected: Int, within timeout: Duration = .seconds(30)) async -> Bool {
        await eventually(within: timeout) { count >= expected }
    }
}

/// Polls `condition` until it holds or `timeout` passes; returns its last value.
func eventually(within timeout: Duration = .seconds(10), _ condition: () throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try condition()
}

/// Parks the writer thread inside a group transaction (after running `body` in it), so that whatever is
/// submitted meanwhile lands together in the next batch. Always `release()` it.
struct WriterPause {
    private let gate: DispatchSemaphore
    private let task: Task<Void, Never>

    static func hold(
        _ writer: IngestWriter,
        doing body: @escaping @Sendable (WriterEngine) throws(StoreError) -> Void = { _ in }
    ) async throws -> WriterPause {
        let entered = DispatchSemaphore(value: 0)
        let gate = DispatchSemaphore(value: 0)
        let task = Task {
            _ = try? await writer.perform { engine throws(StoreError) in
                try body(engine)
                entered.signal()
                gate.wait()
            }
        }
        let inside = await eventually { entered.wait(timeout: .now()) == .success }
        try #require(inside, "the writer never ran the pause")
        return WriterPause(gate: gate, task: task)
    }

    func release() async {
        gate.signal()
        await task.value
    }
}

extension IngestWriter {
    /// Submits and waits for the durable outcome.
    func store(_ record: IncomingRecord) async -> RecordOutcome {
        await withCheckedContinuation { continuation in
            submit(record) { continuation.resume(returning: $0) }
        }
    }

    func status(of person: PersonID) async throws(StoreError) -> PersonStatus {
        let result = await withCheckedContinuation { continuation in
            lookup(person) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }
}

extension RecordOutcome {
    var stored: RecordReceipt? {
        if case .stored(let record) = self { return record }
        return nil
    }

    var duplicate: RecordReceipt? {
        if case .duplicate(let record) = self { return record }
        return nil
    }

    var failure: StoreError? {
        if case .failed(let error) = self { return error }
        return nil
    }
}

/// One test's database file, clock and observer, plus queries through connections of its own.
final class StoreHarness {
    let directory: TemporaryDirectory
    let clock = ManualClock()
    let log = ObserverLog()

    var path: String { directory.path + "/checkpointd.sqlite" }

    init() throws {
        directory = try TemporaryDirectory(prefix: "cpstore")
    }

    func options(_ configure: (inout StoreOptions) -> Void = { _ in }) -> StoreOptions {
        var options = StoreOptions(databasePath: path)
        configure(&options)
        return options
    }

    /// Opens and starts a writer; every writer opened must be closed with `close(_:)`.
    func openWriter(_ options: StoreOptions? = nil) throws -> IngestWriter {
        let writer = try IngestWriter(options: options ?? self.options(), clock: clock, observer: log.observer)
        writer.start()
        return writer
    }

    /// Checks that the writer left no statement running, then drains and stops it.
    func close(_ writer: IngestWriter) async {
        let busy = try? await writer.perform { engine throws(StoreError) in
            try engine.db.integer("SELECT COUNT(*) FROM sqlite_stmt WHERE busy AND sql NOT LIKE '%sqlite_stmt%'")
        }
        #expect(busy == 0, "a statement of the writer is still busy")
        await writer.drainAndStop()
        // The writer thread closes its connection just after `drainAndStop()` returns; the last close checkpoints
        // and removes the WAL under an exclusive lock. Wait for it, so the next open or the cleanup does not race it.
        _ = await eventually(within: .seconds(5)) { !FileManager.default.fileExists(atPath: path + "-wal") }
    }

    /// Registers `station` at `checkpoint` (adding the checkpoint when it is new).
    @discardableResult
    func register(
        _ writer: IngestWriter, station: String = "st-1", checkpoint: String = "gate-1"
    ) async throws -> TestStation {
        do {
            _ = try await writer.addCheckpoint(
                code: checkpoint, name: "Gate \(checkpoint)", grid: "grid-1", staffed: "24h")
        } catch {
            guard error.code == .conflict else { throw error }
        }
        _ = try await writer.addStation(code: station, checkpointCode: checkpoint, token: Tokens.first)
        let entry = try #require(writer.directory.entry(for: station))
        return TestStation(key: entry.key, checkpointKey: entry.checkpointKey)
    }

    /// A fresh writer with station `st-1` at `gate-1`; closed after `body`, also when it throws.
    static func run(
        _ configure: (inout StoreOptions) -> Void = { _ in },
        _ body: (StoreHarness, IngestWriter, TestStation) async throws -> Void
    ) async throws {
        let harness = try StoreHarness()
        let writer = try harness.openWriter(harness.options(configure))
        do {
            let station = try await harness.register(writer)
            try await body(harness, writer, station)
        } catch {
            await harness.close(writer)
            throw error
        }
        await harness.close(writer)
    }

    // MARK: reading the file through another connection

    /// A read-only connection of the test's own. It waits for locks as the daemon's readers do: closing the last
    /// writer connection checkpoints and removes the WAL under an exclusive lock.
    func database() throws -> SQLiteConnection {
        let db = try SQLiteConnection(path: path, mode: .readOnly)
        db.setBusyTimeout(milliseconds: 5000)
        return db
    }

    func int(_ sql: String) throws -> Int64? {
        try database().integer(sql)
    }

    func text(_ sql: String) throws -> String? {
        try database().text(sql)
    }

    /// The first row of `sql`, `columns` integers wide (nil for NULL); nil when there is no row.
    func row(_ sql: String, columns: Int32) throws -> [Int64?]? {
        let statement = try database().prepare(sql, persistent: false)
        guard try statement.step() else { return nil }
        return (0..<columns).map { statement.optionalInt64($0) }
    }

    /// The first column of every row.
    func column(_ sql: String) throws -> [String] {
        let statement = try database().prepare(sql, persistent: false)
        var values: [String] = []
        while try statement.step() { values.append(statement.string(0) ?? "NULL") }
        return values
    }

    /// Everything a record can write: row counts, hourly count sums and station progress.
    func fingerprint() throws -> [Int64?] {
        try row("""
            SELECT (SELECT COUNT(*) FROM records), (SELECT COUNT(*) FROM alerts), (SELECT COUNT(*) FROM quarantines),
                (SELECT COUNT(*) FROM people_other), (SELECT COUNT(*) FROM hourly_counts),
                (SELECT TOTAL(temps + entries + exits + fevers + violations) FROM hourly_counts),
                (SELECT TOTAL(first_seq) FROM stations), (SELECT TOTAL(last_seq) FROM stations),
                (SELECT TOTAL(last_seen) FROM stations),
                (SELECT COUNT(*) FROM alerts WHERE recheck IS NOT 'pending')
            """, columns: 10) ?? []
    }
}
