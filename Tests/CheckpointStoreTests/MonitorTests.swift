import CheckpointCore
@testable import CheckpointStore
import Synchronization
import Testing

/// A `WriterEngine` driven on the test's own thread with the harness's `ManualClock`: batches and the §9
/// watchers' sweeps run exactly when the test says, so each step can be checked.
final class EngineRig {
    let harness: StoreHarness
    private let configure: (inout StoreOptions) -> Void
    private(set) var engine: WriterEngine
    /// Every event committed so far, by batches and sweeps, in order.
    private(set) var events: [CommittedEvent] = []

    init(_ configure: @escaping (inout StoreOptions) -> Void = { _ in }) throws {
        harness = try StoreHarness()
        self.configure = configure
        engine = try WriterEngine(
            options: harness.options(configure), clock: harness.clock, directory: StationDirectory(),
            recordEvents: EventSwitch())
    }

    deinit { engine.close() }

    var clock: ManualClock { harness.clock }

    /// Closes the engine and opens a new one on the same file (a daemon restart at the clock's time).
    func restart() throws {
        engine.close()
        engine = try WriterEngine(
            options: harness.options(configure), clock: harness.clock, directory: StationDirectory(),
            recordEvents: EventSwitch())
    }

    /// Runs `body` in one group transaction, as the writer thread runs an operation.
    @discardableResult
    func run<T: Sendable>(_ body: @escaping @Sendable (WriterEngine) throws(StoreError) -> T) throws -> T {
        let result = Mutex<Result<T, StoreError>?>(nil)
        let job = OperationJob(counted: false, body: body, completion: { outcome in result.withLock { $0 = outcome } })
        switch engine.runBatch([job]) {
        case .committed(_, let committed, _): events += committed
        case .jobFailed(_, let error), .storageFailed(let error): throw error
        }
        job.finish(nil)
        guard let outcome = result.withLock({ $0 }) else { throw StoreError(.misuse, "the job never finished") }
        return try outcome.get()
    }

    /// Stores `records` in one group transaction; every one must be stored (not a duplicate).
    @discardableResult
    func store(_ records: [IncomingRecord]) throws -> [RecordReceipt] {
        let outcomes = Outcomes()
        let jobs = records.enumerated().map { RecordJob(record: $1, completion: outcomes.completion($0)) }
        switch engine.runBatch(jobs) {
        case .committed(_, let committed, _): events += committed
        case .jobFailed(_, let error), .storageFailed(let error): throw error
        }
        for job in jobs { job.finish(nil) }
        return try records.indices.map { index in
            guard let stored = outcomes[index]?.stored else { throw StoreError(.misuse, "record \(index) not stored") }
            return stored
        }
    }

    @discardableResult
    func store(_ record: IncomingRecord) throws -> RecordReceipt {
        try store([record])[0]
    }

    /// One housekeeping pass with every interval due (the re-check sweep, the watchers, a purge step).
    @discardableResult
    func sweep(sourceLocation: SourceLocation = #_sourceLocation) -> [CommittedEvent] {
        engine.monitors.lastSweep = 0
        engine.purge.lastRecheckSweep = 0
        engine.purge.lastPass = 0
        if case .failed(let error) = engine.housekeep(degraded: false) {
            Issue.record("housekeeping failed: \(error)", sourceLocation: sourceLocation)
        }
        let swept = engine.takeHousekeepingEvents()
        events += swept
        return swept
    }

    /// Registers `station` at `checkpoint` (adding the checkpoint, in `grid` with `staffed` hours, when new).
    @discardableResult
    func station(
        _ station: String = "st-1", checkpoint: String = "gate-1", grid: String = "grid-1", staffed: String = "24h"
    ) throws -> TestStation {
        do {
            try run { engine throws(StoreError) in
                _ = try engine.addCheckpoint(code: checkpoint, name: "Gate \(checkpoint)", grid: grid, staffed: staffed)
            }
        } catch let error as StoreError where error.code == .conflict {}
        try run { engine throws(StoreError) in
            _ = try engine.addStation(code: station, checkpointCode: checkpoint, token: Tokens.first)
        }
        guard let entry = engine.directory.entry(for: station) else { throw StoreError(.misuse, "no \(station)") }
        return TestStation(key: entry.key, checkpointKey: entry.checkpointKey)
    }

    /// Advances the clock to `offset` after its start.
    func setClock(to offset: Int64) {
        clock.advance(milliseconds: at(offset).milliseconds - clock.now().milliseconds)
    }

    /// Alert ids of one kind of event, in the order they were committed.
    func ids(of kind: EventKind) -> [Int64] {
        events.compactMap { event in
            switch (event, kind) {
            case (.alertOpened(let row), .opened), (.alertEscalated(let row), .escalated): row.id
            default: nil
            }
        }
    }

    enum EventKind { case opened, escalated }

    func count(_ type: AlertType) throws -> Int64? {
        try harness.int("SELECT COUNT(*) FROM alerts WHERE type = '\(type.rawValue)'")
    }
}

/// SPEC §9 escalation: a violation or confirmed fever not acknowledged within `escalate_after` (10 min).
@Suite struct EscalationTests {
    /// Alice under an operator's order that started two hours ago: her passages now are violations.
    static func quarantined(_ rig: EngineRig) throws {
        let start = rig.clock.now().adding(milliseconds: -2 * Span.hour)
        try rig.run { engine throws(StoreError) in
            _ = try engine.addQuarantine(person: People.alice, start: start, days: 14, reason: "contact", note: nil)
        }
    }

    static func escalatedAt(_ rig: EngineRig, _ id: Int64) throws -> Int64? {
        try rig.harness.row("SELECT escalated_at FROM alerts WHERE id = \(id)", columns: 1)?.first ?? nil
    }

    @Test func escalation_whenViolationNotAckedWithinEscalateAfter_marksItAndEmitsOneEventOnce() throws {
        let rig = try EngineRig()
        let station = try rig.station()
        try Self.quarantined(rig)
        let violation = try rig.store(station.record(1, .entry, People.alice, temp: nil))
        #expect(violation.verdicts == .violation)
        let alert = try #require(violation.alertIDs.first)

        rig.setClock(to: 10 * Span.minute - 1)
        rig.sweep()
        #expect(try Self.escalatedAt(rig, alert) == nil, "one millisecond early")
        #expect(rig.ids(of: .escalated).isEmpty)

        rig.setClock(to: 10 * Span.minute)
        let swept = rig.sweep()
        #expect(try Self.escalatedAt(rig, alert) == at(10 * Span.minute).milliseconds)
        #expect(rig.ids(of: .escalated) == [alert])
        if case .alertEscalated(let row)? = swept.first {
            #expect(row.type == .violation && row.escalatedAt == at(10 * Span.minute) && row.state == "open")
        }

        for minutes in [11, 30, 120] {
            rig.setClock(to: Int64(minutes) * Span.minute)
            rig.sweep()
        }
        #expect(rig.ids(of: .escalated) == [alert], "escalated exactly once")
        #expect(try Self.escalatedAt(rig, alert) == at(10 * Span.minute).milliseconds)
    }

    @Test func escalation_whenAlertAckedInTime_neverEscalates() throws {
        let rig = try EngineRig()
        let station = try rig.station()
        try Self.quarantined(rig)
        let alert = try #require(try rig.store(station.record(1, .exit, People.alice, temp: nil)).alertIDs.first)
        rig.setClock(to: 5 * Span.minute)
        try rig.run { engine throws(StoreError) in _ = try engine.acknowledgeAlert(id: alert, note: "seen", by: "ops") }

        for hours in [1, 5, 48] {
            rig.setClock(to: Int64(hours) * Span.hour)
            rig.sweep()
        }
        #expect(rig.ids(of: .escalated).isEmpty)
        #expect(try Self.escalatedAt(rig, alert) == nil)
    }

    /// Only a confirmed fever escalates: not a pending one, nor one cleared or missed on re-check.
    @Test func escalation_whenFeverIsPendingClearedOrMissed_doesNotEscalateButConfirmedDoes() throws {
        let rig = try EngineRig()
        let station = try rig.station()
        let pending = try rig.store(station.record(1, .temp, People.alice, temp: 385))
        let confirmed = try rig.store(station.record(2, .temp, People.bob, temp: 386))
        let cleared = try rig.store(station.record(3, .temp, People.carol, temp: 390))
        rig.setClock(to: 2 * Span.minute)
        try rig.store([
            station.record(4, .temp, People.bob, temp: 388, at: at(2 * Span.minute)),
            station.record(5, .temp, People.carol, temp: 366, at: at(2 * Span.minute)),
        ])
        let bobsAlert = try #require(confirmed.alertIDs.first)

        rig.setClock(to: 10 * Span.minute)
        rig.sweep()
        #expect(rig.ids(of: .escalated) == [bobsAlert], "counted from the alert's creation, not the confirmation")

        rig.setClock(to: 3 * Span.hour)
        rig.sweep()
        rig.sweep()
        #expect(try rig.harness.text("SELECT recheck FROM alerts WHERE id = \(pending.alertIDs[0])") == "missed")
        #expect(rig.ids(of: .escalated) == [bobsAlert])
        #expect(try Self.escalatedAt(rig, pending.alertIDs[0]) == nil)
        #expect(try Self.escalatedAt(rig, cleared.alertIDs[0]) == nil)
    }

    @Test func escalation_whenAlertIsForABacklogRecord_countsFromCreationNotFromTheRecordsTime() throws {
        let rig = try EngineRig()
        let station = try rig.station()
        let start = rig.clock.now().adding(milliseconds: -3 * Span.day)
        try rig.run { engine throws(StoreError) in
            _ = try engine.addQuarantine(person: People.alice, start: start, days: 14, reason: "contact", note: nil)
        }
        let yesterday = at(-Span.day)
        let stored = try rig.store(station.record(1, .entry, People.alice, temp: nil, at: yesterday))
        let alert = try #require(stored.alertIDs.first)
        #expect(try rig.harness.int("SELECT at FROM alerts WHERE id = \(alert)") == yesterday.milliseconds)

        rig.sweep()
        rig.setClock(to: 9 * Span.minute)
        rig.sweep()
        #expect(rig.ids(of: .escalated).isEmpty, "a day-old record's alert is not escalated at once")
        rig.setClock(to: 10 * Span.minute)
        rig.sweep()
        #expect(rig.ids(of: .escalated) == [alert])
    }
}

/// SPEC §9/§10 silent checkpoint: no record for `silent_after` (30 min) while staffed raises one SILENT alert
/// per silent spell, counted from the later of the writer's start and the last record.
@Suite struct SilentCheckpointTests {
    /// The operator's zone for staffed hours: +08:00, where the clock's start is 08:15.
    static let zone = FixedOffsetZone(seconds: 8 * 3600)

    /// The clock offset of local time `hour:minute` on `day` (0 = the clock's first day).
    static func local(_ hour: Int64, _ minute: Int64, day: Int64 = 0) -> Int64 {
        (hour * 60 + minute - (8 * 60 + 15)) * Span.minute + day * Span.day
    }

    static func silentAlerts(_ rig: EngineRig, at offsets: [Int64]) throws -> [Int64?] {
        try offsets.map { offset in
            rig.setClock(to: offset)
            rig.sweep()
            return try rig.count(.silent)
        }
    }

    @Test func silent_when24hCheckpointRecordsNothingForSilentAfter_raisesOneAlertPerSilentSpell() throws {
        let rig = try EngineRig()
        let station = try rig.station()
        #expect(try Self.silentAlerts(rig, at: [29 * Span.minute, 30 * Span.minute - 1]) == [0, 0])
        rig.setClock(to: 30 * Span.minute)
        let swept = rig.sweep()
        #expect(try rig.count(.silent) == 1)
        if case .alertOpened(let row)? = swept.first {
            #expect(row.type == .silent && row.checkpointCode == "gate-1" && row.at == at(30 * Span.minute))
        } else {
            Issue.record("no alert event for the SILENT alert: \(swept)")
        }
        let spell = [31, 45, 90, 600].map { Int64($0) * Span.minute }
        #expect(try Self.silentAlerts(rig, at: spell) == [1, 1, 1, 1], "one alert per spell, not one per sweep")

        rig.setClock(to: 11 * Span.hour)
        try rig.store(station.record(1, at: rig.clock.now()))
        let next = [29 * Span.minute, 30 * Span.minute, 31 * Span.minute, 2 * Span.hour]
        #expect(try Self.silentAlerts(rig, at: next.map { 11 * Span.hour + $0 }) == [1, 2, 2, 2])
    }

    @Test func silent_whenWriterRestartsLongAfterTheLastRecord_countsFromTheRestart() throws {
        let rig = try EngineRig()
        let station = try rig.station()
        try rig.store(station.record(1))
        rig.setClock(to: 3 * Span.hour)
        try rig.restart()
        let offsets = [0, 29 * Span.minute, 30 * Span.minute].map { 3 * Span.hour + $0 }
        #expect(try Self.silentAlerts(rig, at: offsets) == [0, 0, 1])
    }

    @Test func silent_whenCheckpointHasStaffedHours_watchesOnlyInsideThemCountingFromTheWindowStart() throws {
        let rig = try EngineRig { $0.zone = Self.zone }
        let station = try rig.station(staffed: "09:00-17:00")
        // 44 minutes after the start, but before the window: not watched; inside, silence counts from 09:00.
        #expect(try Self.silentAlerts(rig, at: [Self.local(8, 59), Self.local(9, 29)]) == [0, 0])
        #expect(try Self.silentAlerts(rig, at: [Self.local(9, 30)]) == [1])

        rig.setClock(to: Self.local(16, 40))
        try rig.store(station.record(1, at: rig.clock.now()))
        let after = [Self.local(16, 59), Self.local(17, 10), Self.local(17, 30), Self.local(23, 0)]
        #expect(try Self.silentAlerts(rig, at: after) == [1, 1, 1, 1], "17:10 is outside the staffed hours")
    }

    @Test func silent_whenStaffedHoursCrossMidnight_watchesAcrossMidnightOnly() throws {
        let rig = try EngineRig { $0.zone = Self.zone }
        let station = try rig.station(staffed: "22:00-06:00")
        let evening = [Self.local(12, 0), Self.local(21, 59), Self.local(22, 29), Self.local(22, 30)]
        #expect(try Self.silentAlerts(rig, at: evening) == [0, 0, 0, 1])

        rig.setClock(to: Self.local(23, 0))
        try rig.store(station.record(1, at: rig.clock.now()))
        let night = [
            Self.local(23, 29), Self.local(0, 10, day: 1), Self.local(6, 30, day: 1), Self.local(12, 0, day: 1),
        ]
        #expect(try Self.silentAlerts(rig, at: night) == [1, 2, 2, 2], "00:10 is inside 22:00-06:00")
    }

    /// A spell ends with the staffed hours: a gate left empty again the next day is a new hole in the cordon.
    @Test func silent_whenStaffedCheckpointIsSilentAgainNextDay_raisesANewAlertInTheNextWindow() throws {
        let rig = try EngineRig { $0.zone = Self.zone }
        try rig.station(staffed: "09:00-17:00")
        let days = [Self.local(9, 30), Self.local(17, 30), Self.local(9, 29, day: 1), Self.local(9, 30, day: 1)]
        #expect(try Self.silentAlerts(rig, at: days) == [1, 1, 1, 2])
    }
}

/// SPEC §9/§10 thermometer drift: a station's median over `drift_window` readings against the pooled median of
/// the other stations of its grid, differing by more than 0.5 °C, once each side has min(50, `drift_window`) readings.
@Suite struct DriftTests {
    static func readings(_ station: TestStation, _ seqs: ClosedRange<Int64>, tenths: Int) -> [IncomingRecord] {
        seqs.map { station.record($0, .temp, People.numbered(Int($0)), temp: tenths) }
    }

    static func driftingStations(_ rig: EngineRig) throws -> [String] {
        try rig.harness.column("SELECT station_id FROM alerts WHERE type = 'DRIFT' ORDER BY id")
    }

    @Test func drift_whenMedianDiffersByMoreThanHalfADegree_raisesOneAlertOnceItHas50Readings() throws {
        let rig = try EngineRig()
        let drifting = try rig.station("st-a", checkpoint: "gate-1")
        let others = try ["st-b", "st-c", "st-d"].map { try rig.station($0, checkpoint: "gate-2") }
        let exactlyHalf = try rig.station("st-e", checkpoint: "gate-3")
        let elsewhere = try rig.station("st-f", checkpoint: "gate-9", grid: "grid-2")
        try rig.store(
            others.flatMap { Self.readings($0, 1...50, tenths: 365) } + Self.readings(exactlyHalf, 1...50, tenths: 370))
        try rig.store(Self.readings(elsewhere, 1...60, tenths: 372) + Self.readings(drifting, 1...49, tenths: 372))
        rig.sweep()
        #expect(try Self.driftingStations(rig).isEmpty, "49 readings are not enough; st-f has no other station")

        try rig.store(Self.readings(drifting, 50...50, tenths: 372))
        let swept = rig.sweep()
        #expect(try Self.driftingStations(rig) == [String(drifting.key)], "0.7 °C off; st-e is only 0.5 °C off")
        if case .alertOpened(let row)? = swept.first {
            #expect(row.type == .drift && row.stationCode == "st-a" && row.checkpointCode == "gate-1")
        } else {
            Issue.record("no alert event for the DRIFT alert: \(swept)")
        }
        try rig.store(Self.readings(drifting, 51...70, tenths: 372))
        rig.sweep()
        rig.sweep()
        #expect(try Self.driftingStations(rig) == [String(drifting.key)], "one alert per drift spell")
    }

    @Test func drift_whenOtherStationsHaveFewerThan50ReadingsPooled_waits() throws {
        let rig = try EngineRig()
        let drifting = try rig.station("st-a", checkpoint: "gate-1")
        let few = try rig.station("st-b", checkpoint: "gate-2")
        let more = try rig.station("st-c", checkpoint: "gate-2")
        try rig.store(Self.readings(drifting, 1...60, tenths: 380) + Self.readings(few, 1...20, tenths: 365)
            + Self.readings(more, 1...29, tenths: 365))
        rig.sweep()
        #expect(try Self.driftingStations(rig).isEmpty, "the others have 49 readings between them")
        try rig.store(Self.readings(more, 30...30, tenths: 365))
        rig.sweep()
        #expect(try Self.driftingStations(rig) == [String(drifting.key)])
    }

    /// Issue 15 point 6: a `drift_window` under 50 is compared once each side has `drift_window` readings (SPEC
    /// §10: min(50, `drift_window`)); before, a station never held the 50 readings asked for and drift never fired.
    @Test func drift_whenWindowIsUnder50_comparesOnceEachSideHasAWindowOfReadings() throws {
        let rig = try EngineRig { $0.monitoring.driftWindow = 20 }
        let drifting = try rig.station("st-a", checkpoint: "gate-1")
        let few = try rig.station("st-b", checkpoint: "gate-2")
        let more = try rig.station("st-c", checkpoint: "gate-2")
        try rig.store(Self.readings(drifting, 1...19, tenths: 372) + Self.readings(few, 1...9, tenths: 365)
            + Self.readings(more, 1...10, tenths: 365))
        rig.sweep()
        #expect(try Self.driftingStations(rig).isEmpty, "19 readings of st-a, 19 of the others: not yet")
        try rig.store(Self.readings(drifting, 20...20, tenths: 372))
        rig.sweep()
        #expect(try Self.driftingStations(rig).isEmpty, "st-a has 20, the others still 19 between them")
        try rig.store(Self.readings(few, 10...10, tenths: 365))
        rig.sweep()
        #expect(try Self.driftingStations(rig) == [String(drifting.key)], "20 on each side, 0.7 °C apart")
    }

    @Test func drift_whenStationComesBackWithinThreshold_endsTheSpellAndALaterDriftIsANewAlert() throws {
        let rig = try EngineRig { $0.monitoring.driftWindow = 50 }
        let drifting = try rig.station("st-a", checkpoint: "gate-1")
        let others = try ["st-b", "st-c"].map { try rig.station($0, checkpoint: "gate-2") }
        try rig.store(
            others.flatMap { Self.readings($0, 1...50, tenths: 365) } + Self.readings(drifting, 1...50, tenths: 372))
        rig.sweep()
        #expect(try rig.count(.drift) == 1)

        try rig.store(Self.readings(drifting, 51...100, tenths: 366))
        rig.sweep()
        #expect(try rig.count(.drift) == 1)
        #expect(rig.engine.monitors.driftSpells[drifting.key] == nil, "back within 0.5 °C: the spell is over")

        try rig.store(Self.readings(drifting, 101...150, tenths: 358))
        rig.sweep()
        #expect(try Self.driftingStations(rig) == [String(drifting.key), String(drifting.key)])
    }
}
