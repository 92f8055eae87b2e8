import Foundation

/// Finds the binaries under test: `$CHECKPOINTD_BIN`, `$CHECKPOINTCTL_BIN` or `$CHECKPOINT_STATION_BIN` when set,
/// else next to the test bundle (SwiftPM puts products and the test bundle in the same `.build/<triple>/<config>`
/// directory), or a few directories up.
public enum BuiltProduct {
    public static func checkpointd() throws -> String {
        try locate("checkpointd", override: "CHECKPOINTD_BIN")
    }

    public static func checkpointctl() throws -> String {
        try locate("checkpointctl", override: "CHECKPOINTCTL_BIN")
    }

    public static func checkpointStation() throws -> String {
        try locate("checkpoint-station", override: "CHECKPOINT_STATION_BIN")
    }

    static func locate(_ name: String, override: String) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment[override], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw TestSupportError("\(override)=\(path) is not an executable file")
            }
            return path
        }
        var starts: [String] = []
        if let first = CommandLine.arguments.first { starts.append(first) }
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append(executable)
        }
        var candidates: [String] = []
        for start in starts {
            var directory = URL(fileURLWithPath: start).deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(directory.appendingPathComponent(name).path)
                directory = directory.deletingLastPathComponent()
            }
        }
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            return found
        }
        throw TestSupportError(
            "\(name) not found (looked at \(candidates.joined(separator: ", "))); "
                + "run `swift build --product \(name)` or set \(override)"
        )
    }
}
