import CheckpointTestSupport
import Foundation
import Testing

/// README.md's "A first session", run as a new user would: each `$ ` line through bash, with only the programs
/// `scripts/run` builds and what a fresh Debian 12 has (issue 15 point 6: it used `nc`, which nothing installs).
/// The daemon is the test's own, so the test points the programs at it: `CHECKPOINTD_CONTROL` for
/// `checkpointctl`, `--server` for `checkpoint-station`; everything else is the README's text.
@Suite struct ReadmeTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// One `$ ` line of the session and the output lines the README shows under it.
    struct Step {
        var command: String
        var output: [String]
    }

    /// The first ```sh block after "## A first session".
    static func session() throws -> [Step] {
        let readme = try String(contentsOf: repository.appendingPathComponent("README.md"), encoding: .utf8)
        guard let section = readme.range(of: "\n## A first session\n"),
            let open = readme.range(of: "```sh\n", range: section.upperBound..<readme.endIndex),
            let close = readme.range(of: "```", range: open.upperBound..<readme.endIndex)
        else { throw TestSupportError("README.md has no ```sh block under \"## A first session\"") }
        var steps: [Step] = []
        for line in readme[open.upperBound..<close.lowerBound].split(separator: "\n") {
            if line.hasPrefix("$ ") {
                steps.append(Step(command: String(line.dropFirst(2)), output: []))
            } else if !steps.isEmpty {
                steps[steps.count - 1].output.append(String(line))
            }
        }
        return steps
    }

    /// The programs a command line starts: the first word of each part between `|`, `;`, `&&`, `(` and `)`.
    static func programs(_ command: String) -> [String] {
        let code = command.components(separatedBy: " #").first ?? command
        return code.replacingOccurrences(of: "&&", with: ";")
            .split(whereSeparator: { "|;()".contains($0) })
            .compactMap { $0.split(separator: " ").first.map(String.init) }
    }

    /// The products `scripts/run` builds (`swift build --product NAME`).
    static func builtByRun() throws -> Set<String> {
        let script = try String(contentsOf: repository.appendingPathComponent("scripts/run"), encoding: .utf8)
        return Set(script.split(separator: "\n").compactMap { line -> String? in
            let words = line.split(separator: " ")
            guard words.count == 4, words[0] == "swift", words[1] == "build", words[2] == "--product" else { return nil }
            return String(words[3])
        })
    }

    @Test func firstSession_usesOnlyWhatScriptsRunBuildsAndTheShell() throws {
        let built = try Self.builtByRun()
        #expect(built.isSuperset(of: ["checkpointd", "checkpointctl", "checkpoint-station"]), "\(built)")
        let steps = try Self.session()
        #expect(steps.count >= 4, "\(steps.map(\.command))")
        let shell: Set<String> = ["echo", "umask", "cd"]
        for step in steps {
            for program in Self.programs(step.command) where !built.contains(program) && !shell.contains(program) {
                Issue.record("\(program) in `\(step.command)` is neither built by scripts/run nor part of bash")
            }
        }
    }

    @Test func firstSession_worksAsWritten() throws {
        let daemon = try DaemonProcess.started()
        let home = try TemporaryDirectory(prefix: "readme")
        // The programs under test on PATH, as `export PATH=...` puts scripts/run's build directory there.
        let bin = home.file("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: false)
        for (name, path) in [
            ("checkpointctl", try BuiltProduct.checkpointctl()),
            ("checkpoint-station", try BuiltProduct.checkpointStation()),
        ] {
            try FileManager.default.createSymbolicLink(atPath: bin + "/" + name, withDestinationPath: path)
        }
        var environment = ChildProcess.cleanEnvironment(adding: [
            "PATH": bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
            "HOME": home.path, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            "CHECKPOINTD_CONTROL": daemon.controlSocketPath,
        ])
        for name in ["XDG_STATE_HOME", "CHECKPOINT_TOKEN", "LC_MESSAGES", "NO_COLOR"] { environment[name] = nil }
        let prelude = """
            set -eo pipefail
            cd \(home.path)
            checkpoint-station() { command checkpoint-station --server tcp:127.0.0.1:\(daemon.tcpPort) "$@"; }

            """
        var token: String?
        for step in try Self.session() {
            var command = step.command
            if command.contains("<token>") {
                let known = try #require(token, "`\(command)` needs the token, and no step before printed one")
                command = command.replacingOccurrences(of: "<token>", with: known)
            }
            let result = try ChildProcess.run("/bin/bash", ["-c", prelude + command], environment: environment)
            #expect(result.code == 0, "`\(step.command)`: \(result.standardOutput) \(result.standardError)")
            for line in step.output {
                #expect(result.standardOutput.contains(line), "`\(step.command)` printed:\n\(result.standardOutput)")
            }
            if let found = result.standardOutput.firstMatch(of: /token: ([0-9a-f]+)/) { token = String(found.1) }
        }
        let fevers = try SQLiteShell.query(daemon.databasePath, "SELECT COUNT(*) FROM alerts WHERE type = 'FEVER'")
        #expect(fevers == [["1"]], "the reading of 37.4 was stored and raised a fever alert")
    }
}
