import CheckpointCore
import CheckpointStore
import CheckpointWire
import Synchronization

/// Fans committed events out to `watch` connections (SPEC §4). Each watcher has a bounded buffer; one that
/// falls too far behind is dropped (its stream ends and it is told why) — a slow watcher never slows ingest,
/// because publishing only appends to buffers.
final class EventHub: Sendable {
    struct Subscription: Sendable {
        let id: UInt64
        let lines: AsyncStream<String>
    }

    private struct Watcher {
        var alerts: Bool
        var records: Bool
        var people: PeopleView
        /// Only the events of this grid (issue 16); nil: all.
        var grid: String?
        var continuation: AsyncStream<String>.Continuation
    }

    private struct State {
        var watchers: [UInt64: Watcher] = [:]
        var nextID: UInt64 = 1
        var overflowed: Set<UInt64> = []
    }

    /// Lines a watcher may have waiting before it is dropped.
    static let bufferLimit = 10_000

    private let state = VisibleMutex(State())
    private let recordSwitch: EventSwitch
    private let encoder: EventEncoder

    init(recordSwitch: EventSwitch, encoder: EventEncoder) {
        self.recordSwitch = recordSwitch
        self.encoder = encoder
    }

    func subscribe(alerts: Bool, records: Bool, people: PeopleView, grid: String? = nil) -> Subscription {
        let (stream, continuation) = AsyncStream<String>.makeStream(
            bufferingPolicy: .bufferingOldest(EventHub.bufferLimit))
        let id = state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.watchers[id] = Watcher(
                alerts: alerts, records: records, people: people, grid: grid, continuation: continuation)
            return id
        }
        updateRecordSwitch()
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        return Subscription(id: id, lines: stream)
    }

    /// Whether the watcher was dropped for falling behind (its stream ended without a disconnect).
    func wasDropped(_ id: UInt64) -> Bool {
        state.withLock { $0.overflowed.remove(id) != nil }
    }

    private func unsubscribe(_ id: UInt64) {
        _ = state.withLock { $0.watchers.removeValue(forKey: id) }
        updateRecordSwitch()
    }

    private func updateRecordSwitch() {
        recordSwitch.set(state.withLock { $0.watchers.values.contains(where: \.records) })
    }

    /// Called on the writer thread after each commit: encodes each event once per view (masked, and in full only
    /// when a watcher asked `reveal`), then appends it to buffers.
    func publish(_ events: [CommittedEvent]) {
        let watchers = state.withLock { $0.watchers }
        guard !watchers.isEmpty else { return }
        // A record's grid is looked up only when some watcher narrows by grid.
        let anyByGrid = watchers.values.contains { $0.grid != nil }
        for event in events {
            guard let isRecord = encoder.isRecord(event) else { continue }
            let grid = anyByGrid ? encoder.grid(of: event) : nil
            var lines: [PeopleView: String] = [:]
            for (id, watcher) in watchers where isRecord ? watcher.records : watcher.alerts {
                if let wanted = watcher.grid, wanted != grid { continue }
                guard let line = lines[watcher.people] ?? encoder.line(for: event, people: watcher.people) else {
                    continue
                }
                lines[watcher.people] = line
                if case .dropped = watcher.continuation.yield(line) {
                    state.withLock { _ = $0.overflowed.insert(id) }
                    watcher.continuation.finish()
                }
            }
        }
    }
}

/// Turns events into `watch` lines: `{"event":"alert","alert":{...}}`, `{"event":"escalation",...}`,
/// `{"event":"record","record":{...}}`.
struct EventEncoder: Sendable {
    let json: ControlJSON

    /// Whether a watcher sees `event` as a record event (false: an alert event; nil: not shown).
    func isRecord(_ event: CommittedEvent) -> Bool? {
        switch event {
        case .alertOpened, .alertChanged, .alertAcknowledged, .alertEscalated: return false
        case .recordStored: return true
        case .quarantineOpened, .personLinked: return nil
        }
    }

    /// The grid an event belongs to: an alert's, or a record's checkpoint's.
    func grid(of event: CommittedEvent) -> String? {
        switch event {
        case .alertOpened(let alert), .alertChanged(let alert), .alertAcknowledged(let alert), .alertEscalated(let alert):
            return alert.grid
        case .recordStored(let record): return json.directory.entry(forKey: record.incoming.stationKey)?.checkpointGrid
        case .quarantineOpened, .personLinked: return nil
        }
    }

    func line(for event: CommittedEvent, people: PeopleView) -> String? {
        switch event {
        case .alertOpened(let alert), .alertChanged(let alert), .alertAcknowledged(let alert):
            return envelope("alert", "alert", .object(json.alert(alert, people: people)))
        case .alertEscalated(let alert):
            return envelope("escalation", "alert", .object(json.alert(alert, people: people)))
        case .recordStored(let record):
            return envelope("record", "record", .object(json.record(record, people: people)))
        case .quarantineOpened, .personLinked:
            return nil
        }
    }

    private func envelope(_ event: String, _ key: String, _ value: JSONValue) -> String {
        JSONValue.object(["event": .string(event), key: value]).serialized()
    }
}
