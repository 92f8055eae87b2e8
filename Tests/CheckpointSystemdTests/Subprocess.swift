import Foundation

/// Runs a program to completion and collects what it wrote.
struct Subprocess {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// Runs `executable` with `arguments`; `environment` nil inherits ours. Output goes to files
    /// rather than pipes, so a chatty child can never block on a full pipe.
    static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil
    ) throws -> Result {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let process = try Self.start(
            executable,
            arguments,
            environment: environment,
            standardOutput: directory.file("stdout"),
            standardError: directory.file("stderr")
        )
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            standardOutput: (try? String(contentsOfFile: directory.file("stdout"), encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOfFile: directory.file("stderr"), encoding: .utf8)) ?? ""
        )
    }

    /// Starts `executable` with its output going to the files at the given paths (created or truncated).
    static func start(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        standardOutput: String,
        standardError: String
    ) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment {
            process.environment = environment
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try Self.truncatedFile(standardOutput)
        process.standardError = try Self.truncatedFile(standardError)
        try process.run()
        return process
    }

    private static func truncatedFile(_ path: String) throws -> FileHandle {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw POSIXError(.EIO)
        }
        return try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    }
}
