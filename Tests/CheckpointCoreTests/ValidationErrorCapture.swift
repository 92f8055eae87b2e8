import CheckpointCore
import Testing

/// The `ValidationError` that `body` throws, or `nil` when it returns normally. Lets a table-driven test `#require`
/// an error and then inspect its code and message. Any other error type is recorded as a failure.
func validationError<Value>(_ body: () throws -> Value) -> ValidationError? {
    do {
        _ = try body()
        return nil
    } catch let error as ValidationError {
        return error
    } catch {
        Issue.record("expected a ValidationError, got \(type(of: error))")
        return nil
    }
}
