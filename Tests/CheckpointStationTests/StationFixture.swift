import CheckpointTestSupport
import Foundation
import Glibc

/// The languages a screen test runs in, as the environment says them.
enum Language: String, CaseIterable, Sendable {
    case english = "en_US.UTF-8"
    case chinese = "zh_CN.UTF-8"
}

/// A real daemon with one registered station, its token in a file (mode 0600), and a spool directory; and ways
/// to run the real `checkpoint-station` against them.
final class StationFixture {
    let daemon: DaemonProcess
    let directory: TemporaryDirectory
    let station: String
    let token: String
    let tokenFile: String
    let spool: String

    init(station: String = "st-1") throws {
        daemon = try DaemonProcess.started()
        directory = try TemporaryDirectory(prefix: "stn")
        self.station = station
        token = try daemon.registerStation(station: station)
        tokenFile = try directory.write(token + "\n", to: "token")
        chmod(tokenFile, 0o600)
        spool = directory.file("spool")
    }

    /// `--server ... --station ... --token-file ... --spool ... --backoff-max ...`
    func arguments(spool: String? = nil, backoffMax: Double = 0.5) -> [String] {
        [
            "--server", "tcp:127.0.0.1:\(daemon.tcpPort)", "--station", station, "--token-file", tokenFile,
            "--spool", spool ?? self.spool, "--backoff-max", String(backoffMax),
        ]
    }

    func environment(_ language: Language = .english) -> [String: String] {
        var environment = ChildProcess.cleanEnvironment(adding: [
            "LANG": language.rawValue, "LC_ALL": language.rawValue, "TERM": "xterm-256color", "TZ": "UTC",
        ])
        for name in ["LC_MESSAGES", "NO_COLOR", "CHECKPOINT_TOKEN", "XDG_STATE_HOME"] { environment[name] = nil }
        return environment
    }

    /// The interactive screen on a pseudo-terminal, once it shows its prompt.
    func interactive(_ language: Language = .english, extra: [String] = []) throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(
            executable: try BuiltProduct.checkpointStation(), arguments: arguments() + extra, environment: environment(language))
        try terminal.waitFor(language == .english ? "Person" : "人员")
        return terminal
    }

    /// Writes `csv` to a file and runs `send` on it to completion.
    func send(
        _ csv: String, extra: [String] = [], seconds: Double = 180, language: Language = .english
    ) throws -> CompletedProcess {
        let file = try directory.write(csv, to: "input-\(UInt32.random(in: 0...UInt32.max)).csv")
        return try ChildProcess.run(
            try BuiltProduct.checkpointStation(), ["send"] + arguments() + extra + [file],
            environment: environment(language), seconds: seconds)
    }

    /// Starts `send FILE` without waiting.
    func spawnSend(file: String, extra: [String] = []) throws -> ChildProcess {
        try ChildProcess(
            executable: try BuiltProduct.checkpointStation(), arguments: ["send"] + arguments() + extra + [file],
            environment: environment(), standardOutput: directory.file("send.stdout"),
            standardError: directory.file("send.stderr"))
    }

    /// `SELECT COUNT(*), COUNT(DISTINCT seq) FROM records` of the daemon's database, read-only from outside.
    func stored() throws -> (count: Int, distinct: Int) {
        let row = try SQLiteShell.query(daemon.databasePath, "SELECT COUNT(*), COUNT(DISTINCT seq) FROM records")
        guard let first = row.first, first.count == 2, let count = Int(first[0]), let distinct = Int(first[1]) else {
            throw TestSupportError("unexpected answer from sqlite3: \(row)")
        }
        return (count, distinct)
    }

    /// The record lines in the spool file (without its header).
    func spoolRecords(in directory: String? = nil) -> [String] {
        let path = (directory ?? spool) + "/spool"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    }

    /// `count` CSV lines of passing TEMP readings for distinct people.
    static func csv(count: Int, firstPerson: Int = 0) -> String {
        (0..<count).map { "TEMP,\(TestPerson.phone(firstPerson + $0)),36.5\n" }.joined()
    }
}
