import NIOCore
import Synchronization

/// The open station connections, for the connection limit, `stations` (`connected`), `stations_connected`,
/// closing a revoked station's sessions, and the drain at shutdown.
final class SessionRegistry: Sendable {
    struct Session: Sendable {
        var station: String?
        let channel: any Channel
        /// Stop reading, answer what was read, then close.
        var drain: (@Sendable () -> Void)?
    }

    private struct State {
        var sessions: [UInt64: Session] = [:]
        var nextID: UInt64 = 1
    }

    private let state = Mutex(State())

    /// Admits a new connection, or says no when `limit` are open (SPEC §10: station connections only, TCP and
    /// Unix together). An admitted connection leaves the registry when its channel closes.
    func admit(_ channel: any Channel, limit: Int) -> UInt64? {
        let id: UInt64? = state.withLock { state in
            guard state.sessions.count < limit else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.sessions[id] = Session(station: nil, channel: channel, drain: nil)
            return id
        }
        if let id {
            channel.closeFuture.whenComplete { _ in self.remove(id) }
        }
        return id
    }

    func setDrain(_ id: UInt64, _ drain: @escaping @Sendable () -> Void) {
        state.withLock { $0.sessions[id]?.drain = drain }
    }

    func authenticated(_ id: UInt64, station: String) {
        state.withLock { $0.sessions[id]?.station = station }
    }

    private func remove(_ id: UInt64) {
        _ = state.withLock { $0.sessions.removeValue(forKey: id) }
    }

    var connectedStations: Set<String> {
        state.withLock { Set($0.sessions.values.compactMap(\.station)) }
    }

    var openConnections: Int { state.withLock { $0.sessions.count } }

    /// Closes every session of `station` (revoked or rotated token).
    func close(station: String) {
        let channels = state.withLock { $0.sessions.values.filter { $0.station == station }.map(\.channel) }
        for channel in channels { channel.close(promise: nil) }
    }

    /// Asks every session to drain and waits until all are closed.
    func drainAll() async {
        let sessions = state.withLock { Array($0.sessions.values) }
        for session in sessions {
            if let drain = session.drain { drain() } else { session.channel.close(promise: nil) }
        }
        for session in sessions { try? await session.channel.closeFuture.get() }
    }
}
