import CheckpointCore
@testable import CheckpointStore
import Testing

/// Issue 15, point 2: a checkpoint's kind is stored, shown, changed, and reaches the rules and the station
/// directory (which `OK HELLO` reads) once the change is committed.
@Suite struct CheckpointKindTests {
    /// Alice under an order that started two hours ago.
    static func quarantined(_ rig: EngineRig) throws {
        let start = rig.clock.now().adding(milliseconds: -2 * Span.hour)
        try rig.run { engine throws(StoreError) in
            _ = try engine.addQuarantine(person: People.alice, start: start, days: 14, reason: "contact", note: nil)
        }
    }

    static func change(
        _ rig: EngineRig, _ change: CheckpointChange, of code: String = "gate-1"
    ) throws -> (row: CheckpointRow, stations: [String]) {
        try rig.run { engine throws(StoreError) in try engine.changeCheckpoint(code: code, change) }
    }

    static func storeError(_ body: () throws -> Void) -> StoreError.Code? {
        do {
            try body()
            return nil
        } catch let error as StoreError {
            return error.code
        } catch {
            return nil
        }
    }

    @Test func add_withKind_storesItAndListsIt() throws {
        let rig = try EngineRig()
        let row = try rig.run { engine throws(StoreError) in
            try engine.addCheckpoint(code: "plant-1", name: "Plant 1", grid: "g1", staffed: "24h", kind: .workplace)
        }
        #expect(row.kind == .workplace)
        let plain = try rig.run { engine throws(StoreError) in
            try engine.addCheckpoint(code: "gate-1", name: "", grid: "g1", staffed: "24h")
        }
        #expect(plain.kind == .compound, "without a kind: a compound gate")
        let reader = try StoreReader(path: rig.harness.path, connections: 1)
        let listed = try reader.checkpoints().map { "\($0.code)=\($0.kind.rawValue)" }
        #expect(listed == ["gate-1=compound", "plant-1=workplace"])
        #expect(try rig.harness.text("SELECT kind FROM checkpoints WHERE code = 'plant-1'") == "workplace")
    }

    @Test func theSchema_refusesAKindItDoesNotKnow() throws {
        let rig = try EngineRig()
        try rig.station()
        #expect(Self.storeError {
            try rig.run { engine throws(StoreError) in try engine.db.execute("UPDATE checkpoints SET kind = 'farm'") }
        } == .constraint)
    }

    @Test func aTempOfAPersonUnderOrder_passesAtACompoundGateAndIsAViolationOnceItIsAWorkplace() throws {
        let rig = try EngineRig()
        let station = try rig.station()
        try Self.quarantined(rig)
        #expect(try rig.store(station.record(1, .temp, People.alice, temp: 366)).verdicts == [])
        #expect(rig.engine.directory.entry(for: "st-1")?.checkpointKind == .compound)

        let changed = try Self.change(rig, CheckpointChange(kind: .workplace))
        #expect(changed.row.kind == .workplace && changed.stations == ["st-1"])
        #expect(rig.engine.directory.entry(for: "st-1")?.checkpointKind == .workplace, "the directory follows")
        let atWork = try rig.store(station.record(2, .temp, People.alice, temp: 366))
        #expect(atWork.verdicts == .violation && atWork.alertIDs.count == 1)

        _ = try Self.change(rig, CheckpointChange(kind: .visit))
        #expect(try rig.store(station.record(3, .exit, People.alice, temp: nil)).verdicts == [], "a home visit")
        #expect(try rig.store(station.record(4, .temp, People.alice, temp: 384)).verdicts == .fever)
    }

    @Test func theKind_survivesARestart() throws {
        let rig = try EngineRig()
        let station = try rig.station()
        try Self.quarantined(rig)
        _ = try Self.change(rig, CheckpointChange(kind: .workplace))
        try rig.restart()
        #expect(rig.engine.directory.entry(for: "st-1")?.checkpointKind == .workplace)
        #expect(try rig.store(station.record(1, .temp, People.alice, temp: 366)).verdicts == .violation)
    }

    @Test func aChangeOfOtherFields_keepsTheKindAndTouchesNoSession() throws {
        let rig = try EngineRig()
        try rig.station()
        _ = try Self.change(rig, CheckpointChange(kind: .workplace))
        let renamed = try Self.change(rig, CheckpointChange(name: "Plant gate", grid: "g9", staffed: "07:00-19:00"))
        #expect(renamed.stations.isEmpty)
        #expect(renamed.row.name == "Plant gate" && renamed.row.grid == "g9" && renamed.row.staffed == "07:00-19:00")
        #expect(renamed.row.kind == .workplace)
        #expect(rig.engine.monitors.checkpoints.values.first?.staffed == StaffedHours("07:00-19:00"))
        let same = try Self.change(rig, CheckpointChange(kind: .workplace))
        #expect(same.stations.isEmpty, "the kind did not change")
    }

    @Test func aChange_ofAnUnknownOrRemovedCheckpoint_isNotFound() throws {
        let rig = try EngineRig()
        try rig.station()
        let visit = CheckpointChange(kind: .visit)
        #expect(Self.storeError { _ = try Self.change(rig, visit, of: "nowhere") } == .notFound)
        try rig.run { engine throws(StoreError) in _ = try engine.removeCheckpoint(code: "gate-1", force: true) }
        #expect(Self.storeError { _ = try Self.change(rig, visit) } == .notFound)
    }

    @Test func readdingARemovedWorkplace_takesTheKindGivenThen() throws {
        let rig = try EngineRig()
        try rig.run { engine throws(StoreError) in
            _ = try engine.addCheckpoint(code: "plant-1", name: "", grid: "g1", staffed: "24h", kind: .workplace)
            _ = try engine.removeCheckpoint(code: "plant-1", force: false)
        }
        let back = try rig.run { engine throws(StoreError) in
            try engine.addCheckpoint(code: "plant-1", name: "", grid: "g1", staffed: "24h")
        }
        #expect(back.kind == .compound && back.removedAt == nil)
        #expect(rig.engine.checkpointKinds.isEmpty)
    }

    @Test func addingOneThatExists_pointsToCheckpointSet() throws {
        let rig = try EngineRig()
        try rig.station()
        do {
            try rig.run { engine throws(StoreError) in
                _ = try engine.addCheckpoint(code: "gate-1", name: "", grid: "g1", staffed: "24h", kind: .workplace)
            }
            Issue.record("a second add was accepted")
        } catch let error as StoreError {
            #expect(error.code == .conflict)
            #expect(error.message.contains("checkpointctl checkpoint set gate-1"))
        }
    }
}
