import Synchronization

/// A `Synchronization.Mutex` whose critical sections ThreadSanitizer can see (``ThreadSanitizerSync``): every lock
/// of the store and the server is one, so a `scripts/sanitize thread` run reports real races only. Same `withLock`
/// as `Mutex`; the class around it gives the lock a stable address to name to ThreadSanitizer.
package final class VisibleMutex<Value>: Sendable {
    private let mutex: Mutex<Value>

    package init(_ value: consuming sending Value) {
        mutex = Mutex(value)
    }

    package func withLock<Returned, Failure: Error>(
        _ body: (inout sending Value) throws(Failure) -> sending Returned
    ) throws(Failure) -> sending Returned {
        let address = Unmanaged.passUnretained(self).toOpaque()
        return try mutex.withLock { (value: inout sending Value) throws(Failure) -> sending Returned in
            ThreadSanitizerSync.acquire(address)
            defer { ThreadSanitizerSync.release(address) }
            return try body(&value)
        }
    }
}
