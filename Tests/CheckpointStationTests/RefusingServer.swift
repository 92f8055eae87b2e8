import CheckpointTestSupport
import Foundation

/// A station server that accepts `HELLO` and answers every record with `ERR ... code=CODE msg="MESSAGE"`, and one
/// `checkpoint-station send` of one TEMP record to it, in a given locale: what the terminal makes of a refusal.
struct RefusingServer {
    let server: ScriptedStationServer
    let directory: TemporaryDirectory
    let result: CompletedProcess

    var printed: String { result.standardOutput + result.standardError }

    init(code: String, message: String, locale: String, prefix: String) throws {
        server = try ScriptedStationServer { line in
            if line.hasPrefix("HELLO ") {
                return "OK HELLO station=st-1 checkpoint=gate-1 proto=1 server=checkpointd/1.0.0 fever=37.3"
            }
            let seq = line.split(separator: " ").first { $0.hasPrefix("seq=") }?.dropFirst(4) ?? "-"
            return "ERR seq=\(seq) code=\(code) msg=\"\(message)\""
        }
        directory = try TemporaryDirectory(prefix: prefix)
        let tokenFile = try directory.write("0123456789abcdef0123456789abcdef\n", to: "token")
        chmod(tokenFile, 0o600)
        let csv = try directory.write("TEMP,13800138000,36.6\n", to: "input.csv")
        let environment = ChildProcess.cleanEnvironment(adding: ["LANG": locale, "LC_ALL": locale])
        result = try ChildProcess.run(
            try BuiltProduct.checkpointStation(),
            [
                "send", "--server", "tcp:127.0.0.1:\(server.port)", "--station", "st-1", "--token-file", tokenFile,
                "--spool", directory.file("spool"), "--backoff-max", "0.5", "--retry-for", "3", csv,
            ], environment: environment, seconds: 60)
    }
}
