import CheckpointTestSupport
import Foundation

/// Runs a real program (openssl, python3, checkpointctl) to its end, off the test's thread, with a time limit.
struct ExternalCommand {
    struct Result: CustomStringConvertible {
        var status: Int32
        var output: String
        var description: String { "exit \(status): \(output)" }
    }

    /// Runs `arguments`; the first is looked up in PATH.
    static func run(_ arguments: [String], timeout: TimeInterval = 30) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    continuation.resume(returning: try runBlocking(arguments, timeout: timeout))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// A shell line, for pipes: `bash -c line`.
    static func shell(_ line: String, timeout: TimeInterval = 30) async throws -> Result {
        try await run(["/bin/bash", "-c", line], timeout: timeout)
    }

    private static func runBlocking(_ arguments: [String], timeout: TimeInterval) throws -> Result {
        let finished = try ChildProcess.run(
            "/usr/bin/env", arguments, environment: ChildProcess.inheritedEnvironment(), seconds: timeout)
        return Result(status: finished.code, output: finished.standardOutput + finished.standardError)
    }
}
