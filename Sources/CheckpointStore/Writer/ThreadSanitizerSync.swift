import Glibc

/// Tells ThreadSanitizer about a happens-before edge it cannot see; does nothing in a build without it.
///
/// `Synchronization.Mutex` on Linux takes a contended lock in its slow path, inside the uninstrumented
/// libswiftSynchronization.so with a priority-inheritance futex: the kernel hands the lock over, so ThreadSanitizer
/// sees no acquire and reports every access under a contended `Mutex` as a race (`scripts/sanitize thread`,
/// docs/reliability.md, "Sanitizers"). A critical section that calls ``acquire(_:)`` first and ``release(_:)``
/// last on the same address makes the edge visible; ``VisibleMutex`` does that for every lock of ours. The entry points are looked up once with `dlsym`: only a
/// `-sanitize=thread` binary exports them, so elsewhere the cost is one nil check.
package enum ThreadSanitizerSync {
    private typealias Annotation = @convention(c) (UnsafeMutableRawPointer?) -> Void

    private static let acquireEntry = entry("__tsan_acquire")
    private static let releaseEntry = entry("__tsan_release")

    /// After taking a lock: what the last ``release(_:)`` on `address` published is visible from here on.
    package static func acquire(_ address: UnsafeMutableRawPointer) { acquireEntry?(address) }

    /// Before giving a lock up: publishes this thread's writes to the next ``acquire(_:)`` on `address`.
    package static func release(_ address: UnsafeMutableRawPointer) { releaseEntry?(address) }

    private static func entry(_ name: String) -> Annotation? {
        // RTLD_DEFAULT (a null handle): the symbol wherever it is, here the sanitizer runtime linked into the binary.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(symbol, to: Annotation.self)
    }
}
