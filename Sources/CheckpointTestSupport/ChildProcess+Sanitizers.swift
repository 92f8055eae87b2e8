import Foundation

extension ChildProcess {
    /// The variables that steer a sanitized binary (where its reports go, what stops it) and the Swift runtime's
    /// backtracer. `scripts/sanitize` sets them for the test process; every child gets them too, so a sanitized
    /// daemon or terminal writes its reports where the script looks for them, even when a test gives the child a
    /// small environment of its own.
    static let sanitizerVariables = ["ASAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS", "UBSAN_OPTIONS", "SWIFT_BACKTRACE"]

    /// `environment` plus each of ``sanitizerVariables`` this test process has and `environment` does not set.
    static func addingSanitizerOptions(to environment: [String: String]) -> [String: String] {
        let own = ProcessInfo.processInfo.environment
        var result = environment
        for name in sanitizerVariables where result[name] == nil {
            if let value = own[name] { result[name] = value }
        }
        return result
    }

    /// `-E NAME` for each of ``sanitizerVariables`` this test process has, for a launcher such as
    /// `systemd-socket-activate` that passes the daemon only the variables it is told to (it reads their values
    /// from its own environment, which ``addingSanitizerOptions(to:)`` filled).
    public static func sanitizerOptionsForwarded() -> [String] {
        let own = ProcessInfo.processInfo.environment
        return sanitizerVariables.filter { own[$0] != nil }.flatMap { ["-E", $0] }
    }
}
