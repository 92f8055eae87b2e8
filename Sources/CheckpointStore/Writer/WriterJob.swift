/// One unit of work for the writer thread. `execute` runs inside the group transaction; `finish` runs after
/// the transaction committed (`nil`) or failed, exactly once.
protocol WriterJob: AnyObject, Sendable {
    /// Counts towards `committedRecords`.
    var isRecord: Bool { get }
    /// Where `finish` should run; nil: on the writer thread.
    var executor: (any CompletionExecutor)? { get }
    func execute(_ engine: WriterEngine) throws(StoreError)
    func finish(_ error: StoreError?)
}

final class RecordJob: WriterJob, @unchecked Sendable {
    // Safe because `outcome` is written by `execute` on the writer thread and read by `finish` after the writer
    // has handed the job to its executor (or on the writer thread itself), which orders the two.
    let record: IncomingRecord
    let executor: (any CompletionExecutor)?
    private let completion: @Sendable (RecordOutcome) -> Void
    private var outcome: RecordOutcome?

    init(
        record: IncomingRecord, executor: (any CompletionExecutor)? = nil,
        completion: @escaping @Sendable (RecordOutcome) -> Void
    ) {
        self.record = record
        self.executor = executor
        self.completion = completion
    }

    var isRecord: Bool { true }

    func execute(_ engine: WriterEngine) throws(StoreError) {
        outcome = try engine.store(record)
    }

    func finish(_ error: StoreError?) {
        if let error {
            completion(.failed(error))
        } else if let outcome {
            completion(outcome)
        } else {
            completion(.failed(StoreError(.misuse, "record finished without being executed")))
        }
    }
}

final class OperationJob<T: Sendable>: WriterJob, @unchecked Sendable {
    // Safe because `result` is written by `execute` on the writer thread and read by `finish` after the writer
    // has handed the job to its executor (or on the writer thread itself), which orders the two.
    private let body: @Sendable (WriterEngine) throws(StoreError) -> T
    private let completion: @Sendable (Result<T, StoreError>) -> Void
    private var result: T?
    let isRecord: Bool
    let executor: (any CompletionExecutor)?

    init(
        counted: Bool, executor: (any CompletionExecutor)? = nil,
        body: @escaping @Sendable (WriterEngine) throws(StoreError) -> T,
        completion: @escaping @Sendable (Result<T, StoreError>) -> Void
    ) {
        self.isRecord = counted
        self.executor = executor
        self.body = body
        self.completion = completion
    }

    func execute(_ engine: WriterEngine) throws(StoreError) {
        result = try body(engine)
    }

    func finish(_ error: StoreError?) {
        if let error {
            completion(.failure(error))
        } else if let result {
            completion(.success(result))
        } else {
            completion(.failure(StoreError(.misuse, "operation finished without being executed")))
        }
    }
}

/// Runs the completions of one caller's jobs (e.g. one event loop's). After each commit the writer hands every
/// executor all its completions as one piece of work, so answering a batch costs one thread hop per executor,
/// not one per record.
public protocol CompletionExecutor: AnyObject, Sendable {
    func run(_ completions: @escaping @Sendable () -> Void)
}
