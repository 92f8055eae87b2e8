public import Logging
public import PostgresNIO
import NIOConcurrencyHelpers

extension PostgresConnection {
    /// Runs a statement and reads its whole answer. PostgresNIO's `query` returns once the statement is described,
    /// and a server error found while it runs (a key taken, a policy refusing the row) reaches only the reader of
    /// its rows: a statement whose rows nobody reads could fail unseen, and a later COMMIT of the failed
    /// transaction answers ROLLBACK without an error. Every statement here goes through `run`.
    public func run(
        _ query: PostgresQuery, logger: Logger, file: String = #fileID, line: Int = #line
    ) async throws {
        let rows = try await self.query(query, logger: logger, file: file, line: line)
        for try await _ in rows {}
    }
}

extension AsyncSequence where Self: Sendable {
    /// Every element, read to the end: a row sequence left unread part-way would keep the connection's answer
    /// waiting (the next statement on the connection would wait behind it).
    func collect() async throws -> [Element] {
        var elements: [Element] = []
        for try await element in self { elements.append(element) }
        return elements
    }
}

extension PostgresConnection {
    /// Runs `body` until it ends or the connection closes, whichever comes first. PostgresNIO loses a statement
    /// written to a connection the server has just closed (the write fails with nobody told), so `body` could wait
    /// for its answer forever; here the close ends the wait with an error, and `body` is cancelled and left to
    /// finish on its own.
    public func whileOpen<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let outcome = ResumeOnce<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                outcome.set(continuation)
                let work = Task {
                    do { outcome.resume(with: .success(try await body())) } catch { outcome.resume(with: .failure(error)) }
                }
                outcome.onEnd { work.cancel() }
                self.closeFuture.whenComplete { _ in
                    outcome.resume(with: .failure(CityError("the city database closed the connection")))
                }
            }
        } onCancel: {
            outcome.resume(with: .failure(CancellationError()))
        }
    }
}

/// A continuation resumed once, by whichever of its racers ends first.
final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    // Safe because: every field is guarded by `lock`.
    private let lock = NIOLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var early: Result<T, any Error>?
    private var ended = false
    private var endActions: [@Sendable () -> Void] = []

    func set(_ continuation: CheckedContinuation<T, any Error>) {
        let early: Result<T, any Error>? = lock.withLock {
            if let early = self.early { return early }
            self.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    func onEnd(_ action: @escaping @Sendable () -> Void) {
        let runNow = lock.withLock { () -> Bool in
            if ended { return true }
            endActions.append(action)
            return false
        }
        if runNow { action() }
    }

    func resume(with result: Result<T, any Error>) {
        let (continuation, actions): (CheckedContinuation<T, any Error>?, [@Sendable () -> Void]) = lock.withLock {
            guard !ended else { return (nil, []) }
            ended = true
            let taken = self.continuation
            self.continuation = nil
            if taken == nil { early = result }
            let actions = endActions
            endActions = []
            return (taken, actions)
        }
        continuation?.resume(with: result)
        for action in actions { action() }
    }
}
