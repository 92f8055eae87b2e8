import CheckpointCore
import CheckpointStore
import Synchronization

/// Issue 13 acceptance 10: a control connection with no request in flight for `control_idle_timeout` is closed.
/// A request is in flight from its line until its last reply, so a `watch` (which answers until the client goes)
/// or a long `export` is never idle.
final class ControlIdleWatch: Sendable {
    private struct State {
        var inFlight = false
        var lastActivity: UInt64
    }

    private let timeout: UInt64
    private let state: VisibleMutex<State>
    private let now: @Sendable () -> UInt64

    init(timeout: Duration, now: @escaping @Sendable () -> UInt64 = { Monotonic.nanoseconds() }) {
        let (seconds, attoseconds) = timeout.components
        self.timeout = UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
        self.now = now
        self.state = VisibleMutex(State(lastActivity: now()))
    }

    /// A request line arrived.
    func begin() {
        state.withLock { $0.inFlight = true }
    }

    /// Its last reply was sent: the idle time starts again.
    func end() {
        let now = self.now()
        state.withLock {
            $0.inFlight = false
            $0.lastActivity = now
        }
    }

    /// The time left before the connection is idle: nil when it is idle now.
    func remaining() -> UInt64? {
        let now = self.now()
        return state.withLock { state -> UInt64? in
            if state.inFlight { return timeout }
            let idleFor = now &- state.lastActivity
            return idleFor >= timeout ? nil : timeout - idleFor
        }
    }

    /// Returns true once the connection has been idle for the timeout; false when the task is cancelled first
    /// (the connection ended).
    func waitUntilIdle() async -> Bool {
        while let wait = remaining() {
            do {
                try await Task.sleep(nanoseconds: wait)
            } catch {
                return false
            }
        }
        return !Task.isCancelled
    }
}
