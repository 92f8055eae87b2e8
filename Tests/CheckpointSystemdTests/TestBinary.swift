import CheckpointTestSupport
import Foundation

/// This test binary, run again in a child process to do what must not happen in the shared test
/// process (bootstrapping swift-log, inheriting fds from systemd-socket-activate).
enum TestBinary {
    /// The path of the running test executable.
    static func path() throws -> String {
        try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    }

    /// The arguments that make it run only the Swift Testing tests matching `filter`.
    static func arguments(filter: String) -> [String] {
        ["--testing-library", "swift-testing", "--filter", filter]
    }

    /// Runs the tests matching `filter` in a child with `environment` added to ours.
    static func run(filter: String, environment: [String: String]) throws -> CompletedProcess {
        try ChildProcess.run(
            try Self.path(),
            Self.arguments(filter: filter),
            environment: ChildProcess.inheritedEnvironment(adding: environment),
            seconds: 300
        )
    }
}
