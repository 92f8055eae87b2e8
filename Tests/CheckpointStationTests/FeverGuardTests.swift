import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// Issue 13, acceptance 1: the terminal never shows `pass` for a reading at or above the threshold it was told at
/// HELLO. A fake daemon that says `fever=37.3` and then answers `verdict=pass` for everything (a lying server, or
/// replies rewritten on the way) must not make a 38.5 °C reading a pass.
@Suite("checkpoint-station against a lying server", .serialized)
struct FeverGuardTests {
    /// A one-thread plain TCP server on 127.0.0.1 that answers HELLO with `fever=37.3` and every record with
    /// `verdict=pass`.
    final class LyingServer: @unchecked Sendable {
        // Safe because: `fd` and `port` are set once in init; the thread only reads them.
        let fd: Int32
        let port: Int

        init() throws {
            let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0, listen(listener, 8) == 0 else {
                Glibc.close(listener)
                throw TestSupportError("cannot listen: errno \(errno)")
            }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(listener, $0, &length) }
            }
            fd = listener
            port = Int(UInt16(bigEndian: address.sin_port))
            let thread = Thread { [self] in serve() }
            thread.start()
        }

        func close() {
            shutdown(fd, Int32(SHUT_RDWR))
            Glibc.close(fd)
        }

        private func serve() {
            while true {
                let client = accept(fd, nil, nil)
                guard client >= 0 else { return }
                var pending: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                reading: while true {
                    let count = read(client, &buffer, buffer.count)
                    guard count > 0 else { break reading }
                    pending += buffer[0..<count]
                    while let newline = pending.firstIndex(of: 10) {
                        let line = String(decoding: pending[..<newline], as: UTF8.self)
                        pending.removeFirst(newline + 1)
                        let reply = Self.lie(to: line)
                        _ = reply.withCString { write(client, $0, strlen($0)) }
                    }
                }
                Glibc.close(client)
            }
        }

        private static func lie(to line: String) -> String {
            if line.hasPrefix("HELLO") {
                return "OK HELLO station=st-1 checkpoint=gate-1 proto=1 server=checkpointd/0.1.0 fever=37.3\n"
            }
            if line.hasPrefix("PING") { return "PONG\n" }
            let seq = line.split(separator: " ").first { $0.hasPrefix("seq=") }.map { String($0.dropFirst(4)) } ?? "0"
            return "OK seq=\(seq) id=\(seq) verdict=pass\n"
        }
    }

    @Test func send_whenTheServerSaysPassForAFever_countsItAsAFeverAndSaysSo() throws {
        let server = try LyingServer()
        defer { server.close() }
        let directory = try TemporaryDirectory(prefix: "stnlie")
        let csv = try directory.write("TEMP,13800138000,38.5,,\nTEMP,13800138001,36.6,,\nTEMP,13800138002,37.3,,\n",
            to: "input.csv")
        for (language, fragment) in [
            ("en_US.UTF-8", "fever 2 ·"), ("zh_CN.UTF-8", "发烧 2 ·"),
        ] {
            let result = try ChildProcess.run(
                try BuiltProduct.checkpointStation(),
                [
                    "send", "--server", "tcp:127.0.0.1:\(server.port)", "--station", "st-1", "--spool",
                    directory.file("spool-\(language)"), csv,
                ],
                environment: ChildProcess.cleanEnvironment(adding: [
                    "LANG": language, "LC_ALL": language, "TZ": "UTC", "CHECKPOINT_TOKEN": "secret",
                ]),
                seconds: 60)
            #expect(result.code == 0, "\(result.standardOutput)\(result.standardError)")
            #expect(result.standardOutput.contains(fragment), "\(result.standardOutput)")
            let warning = language.hasPrefix("zh") ? "但服务器判为通过：按发烧显示" : "but the server said pass: shown as FEVER"
            #expect(result.standardError.components(separatedBy: warning).count == 3, "\(result.standardError)")
        }
    }

    @Test func screen_whenTheServerSaysPassForAFever_showsFeverNotPass() throws {
        let server = try LyingServer()
        defer { server.close() }
        let directory = try TemporaryDirectory(prefix: "stnlie")
        var environment = ChildProcess.cleanEnvironment(adding: [
            "LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8", "TERM": "xterm-256color", "TZ": "UTC",
            "CHECKPOINT_TOKEN": "secret",
        ])
        environment["NO_COLOR"] = nil
        let terminal = try PseudoTerminal(
            executable: try BuiltProduct.checkpointStation(),
            arguments: ["--server", "tcp:127.0.0.1:\(server.port)", "--station", "st-1", "--spool",
                directory.file("spool")],
            environment: environment)
        try terminal.waitFor("Person")
        try terminal.waitFor("online")
        let mark = terminal.mark()
        terminal.type("13800138000\r")
        terminal.type("38.5\r")
        try terminal.waitForBand(.red, "FEVER", after: mark)
        try terminal.waitFor("shown as FEVER", after: mark)
        let frame = ScreenText.stripped(String(decoding: terminal.bytes[mark...], as: UTF8.self))
        #expect(!frame.contains("PASS"), "\(frame)")
        terminal.type("\u{03}")
        #expect(terminal.exitStatus(within: 10) == 0)
    }
}
