import Foundation

/// A value shared between threads, behind a lock.
public final class Locked<Value>: @unchecked Sendable {
    // Safe because: every access to `value` holds `lock`.
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    public func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    public var current: Value { withLock { $0 } }
}

/// A plain OS thread running a blocking body (socket clients block; they must not sit on Swift's
/// cooperative thread pool). `join` waits for it with a limit.
public final class BackgroundThread: Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private let failure = Locked<(any Error)?>(nil)

    public init(_ name: String = "test-client", _ body: @escaping @Sendable () throws -> Void) {
        let finished = self.finished
        let failure = self.failure
        let thread = Thread {
            do {
                try body()
            } catch {
                failure.withLock { $0 = error }
            }
            finished.signal()
        }
        thread.name = name
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// Waits up to `seconds` for the body to end; rethrows what it threw. False if it is still running.
    @discardableResult
    public func join(seconds: Double = 120) throws -> Bool {
        guard finished.wait(timeout: .now() + seconds) == .success else { return false }
        finished.signal()
        if let error = failure.current { throw error }
        return true
    }
}

/// Runs `body(0..<count)` on `count` threads at once and waits for all of them.
public func runOnThreads(
    _ count: Int,
    seconds: Double = 300,
    _ body: @escaping @Sendable (Int) throws -> Void
) throws {
    let threads = (0..<count).map { index in BackgroundThread("test-client-\(index)") { try body(index) } }
    for (index, thread) in threads.enumerated() {
        guard try thread.join(seconds: seconds) else {
            throw TestSupportError("client thread \(index) still running after \(seconds) s")
        }
    }
}
