import CheckpointStore
import CheckpointWire
import NIOCore
import Synchronization

/// The open station connections, for the connection limits, `stations` (`connected`), `stations_connected`,
/// closing a revoked station's sessions, and the drain at shutdown.
final class SessionRegistry: Sendable {
    struct Session: Sendable {
        /// nil until the connection's HELLO succeeds: until then it counts against the unauthenticated budget.
        var station: String?
        /// The peer's IP address (TCP); nil for the Unix socket.
        let address: String?
        let channel: any Channel
        /// Stop reading, answer what was read, then close.
        var drain: (@Sendable () -> Void)?
    }

    /// Whether a new connection may stay, and if not, what it is told before it is closed.
    enum Admission {
        case admitted(UInt64)
        case refused(WireError)
    }

    private struct State {
        var sessions: [UInt64: Session] = [:]
        var nextID: UInt64 = 1
        /// Open connections without a successful HELLO, in all and per address (issue 13).
        var unauthenticated = 0
        var unauthenticatedByAddress: [String: Int] = [:]

        mutating func leaveUnauthenticated(_ session: Session) {
            guard session.station == nil else { return }
            unauthenticated -= 1
            guard let address = session.address, let count = unauthenticatedByAddress[address] else { return }
            unauthenticatedByAddress[address] = count > 1 ? count - 1 : nil
        }
    }

    private let state = VisibleMutex(State())

    /// Admits a new connection, or refuses it with `E_BUSY`: when `max_connections` are open (SPEC §10: station
    /// connections only, TCP and Unix together), when unauthenticated connections hold their quarter of them, or
    /// when `address` holds `max_unauthenticated_per_address` (issue 13). An admitted connection leaves the
    /// registry when its channel closes.
    func admit(_ channel: any Channel, address: String?, limits: StationLimits) -> Admission {
        let admission: Admission = state.withLock { state in
            if state.sessions.count >= limits.maxConnections {
                return .refused(
                    WireError(
                        .busy,
                        """
                        the server has \(limits.maxConnections) station connections open (max_connections); \
                        try again shortly
                        """))
            }
            if state.unauthenticated >= limits.maxUnauthenticated {
                return .refused(
                    WireError(
                        .busy,
                        """
                        the server has \(limits.maxUnauthenticated) connections that have not said HELLO yet \
                        (a quarter of max_connections); try again shortly
                        """))
            }
            if let address,
                state.unauthenticatedByAddress[address, default: 0] >= limits.maxUnauthenticatedPerAddress
            {
                return .refused(
                    WireError(
                        .busy,
                        """
                        this address has \(limits.maxUnauthenticatedPerAddress) connections that have not said HELLO \
                        yet (max_unauthenticated_per_address); say HELLO on those or close them
                        """))
            }
            let id = state.nextID
            state.nextID += 1
            state.sessions[id] = Session(station: nil, address: address, channel: channel, drain: nil)
            state.unauthenticated += 1
            if let address { state.unauthenticatedByAddress[address, default: 0] += 1 }
            return .admitted(id)
        }
        if case .admitted(let id) = admission {
            channel.closeFuture.whenComplete { _ in self.remove(id) }
        }
        return admission
    }

    func setDrain(_ id: UInt64, _ drain: @escaping @Sendable () -> Void) {
        state.withLock { $0.sessions[id]?.drain = drain }
    }

    func authenticated(_ id: UInt64, station: String) {
        state.withLock { state in
            guard let session = state.sessions[id] else { return }
            state.leaveUnauthenticated(session)
            state.sessions[id]?.station = station
        }
    }

    private func remove(_ id: UInt64) {
        state.withLock { state in
            guard let session = state.sessions.removeValue(forKey: id) else { return }
            state.leaveUnauthenticated(session)
        }
    }

    /// Connections that have not said a successful HELLO yet (for `health`).
    var unauthenticatedConnections: Int { state.withLock { $0.unauthenticated } }

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
