/// One unit of work for the writer thread. `execute` runs inside the group transaction; `finish` runs after
/// the transaction committed (`nil`) or failed, exactly once.
protocol WriterJob: AnyObject, Sendable {
    /// Counts towards `committedRecords`.
    var isRecord: Bool { get }
    func execute(_ engine: WriterEngine) throws(StoreError)
    func finish(_ error: StoreError?)
}

final class RecordJob: WriterJob, @unchecked Sendable {
    // Safe because `outcome` is written by `execute` and read by `finish`, both on the writer thread.
    let record: IncomingRecord
    private let completion: @Sendable (RecordOutcome) -> Void
    private var outcome: RecordOutcome?

    init(record: IncomingRecord, completion: @escaping @Sendable (RecordOutcome) -> Void) {
        self.record = record
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
    // Safe because `result` is written by `execute` and read by `finish`, both on the writer thread.
    private let body: @Sendable (WriterEngine) throws(StoreError) -> T
    private let completion: @Sendable (Result<T, StoreError>) -> Void
    private var result: T?
    let isRecord: Bool

    init(
        counted: Bool, body: @escaping @Sendable (WriterEngine) throws(StoreError) -> T,
        completion: @escaping @Sendable (Result<T, StoreError>) -> Void
    ) {
        self.isRecord = counted
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
