import Glibc

/// Wakes the writer thread: `signal()` from any thread, `wait(nanoseconds:)` on the writer. The timeout runs on
/// `CLOCK_MONOTONIC`, so stepping the wall clock never lengthens or shortens the writer's idle wake.
///
/// `DispatchSemaphore.wait(timeout:)` on Linux waits until a `CLOCK_REALTIME` deadline: a wall clock stepped back by
/// an hour while the writer is idle held back its housekeeping (missed re-checks, silent checkpoints, follow-up
/// windows) for that hour, until a record came.
final class WakeSignal: @unchecked Sendable {
    // The mutex guards `pending`; pthread objects must not move, so they live in allocated memory.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var pending = false

    init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Wakes the waiter, or the next wait if none is waiting (signals before a wait are kept as one).
    func signal() {
        pthread_mutex_lock(mutex)
        pending = true
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Waits for a signal at most `nanoseconds` of monotonic time; false when the time ran out first.
    func wait(nanoseconds: Int) -> Bool {
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let total = deadline.tv_nsec + nanoseconds
        deadline.tv_sec += total / 1_000_000_000
        deadline.tv_nsec = total % 1_000_000_000
        pthread_mutex_lock(mutex)
        while !pending {
            if pthread_cond_timedwait(condition, mutex, &deadline) == ETIMEDOUT { break }
        }
        let signalled = pending
        pending = false
        pthread_mutex_unlock(mutex)
        return signalled
    }
}
