import CheckpointSystemd
import CheckpointTestSupport
import Foundation
import Logging
import Testing

/// `"<st_dev>:<st_ino>"` of fd 2, as systemd writes JOURNAL_STREAM.
private func stderrIdentity() throws -> String {
    var status = stat()
    guard fstat(STDERR_FILENO, &status) == 0 else {
        throw POSIXError(.EBADF)
    }
    return "\(status.st_dev):\(status.st_ino)"
}

extension ProcessGlobalTests {
    @Suite struct LogDestinationTests {
        @Test func usesJournal_whenAutoAndJournalStreamIsStderr_isTrue() throws {
            let identity = try stderrIdentity()
            #expect(LogDestination.usesJournal(setting: "auto", environment: ["JOURNAL_STREAM": identity]))
        }

        @Test func usesJournal_whenAutoAndJournalStreamIsAnotherFile_isFalse() throws {
            let identity = try stderrIdentity()
            let parts = identity.split(separator: ":")
            let otherInode = "\(parts[0]):\((UInt64(parts[1]) ?? 0) + 1)"
            for value in [otherInode, "", "1", "abc:def", identity + ":1", " " + identity] {
                #expect(!LogDestination.usesJournal(setting: "auto", environment: ["JOURNAL_STREAM": value]))
            }
            #expect(!LogDestination.usesJournal(setting: "auto", environment: [:]))
        }

        @Test func usesJournal_whenStderrRedirectedAway_isFalse() throws {
            // systemd set JOURNAL_STREAM, then someone ran us with 2>file: the variable is inherited
            // but no longer describes fd 2.
            let identity = try stderrIdentity()
            var result = true
            _ = try capturingStandardError {
                result = LogDestination.usesJournal(setting: "auto", environment: ["JOURNAL_STREAM": identity])
            }
            #expect(!result)
        }

        @Test func usesJournal_whenForced_ignoresTheEnvironment() throws {
            let identity = try stderrIdentity()
            #expect(LogDestination.usesJournal(setting: "journal", environment: [:]))
            #expect(!LogDestination.usesJournal(setting: "stderr", environment: ["JOURNAL_STREAM": identity]))
        }
    }
}

// LoggingSystem.bootstrap may run once per process, and other test targets share this process,
// so bootstrapping is tested in a child: this test binary again, running only
// `BootstrapChild`, which reports what the bootstrapped logger turned out to be.

private let bootstrapVariable = "CHECKPOINT_SYSTEMD_TEST_BOOTSTRAP"

extension ProcessGlobalTests {
    @Suite struct LogDestinationBootstrapTests {
        @Test func bootstrap_whenStderr_logsPlainLinesAtTheLevel() throws {
            let result = try TestBinary.run(filter: "BootstrapChild", environment: [bootstrapVariable: "stderr"])
            #expect(result.status == .exited(0), "\(result.standardError)")
            let lines = result.standardError.split(separator: "\n").map(String.init)
            #expect(lines.contains("report handler=StderrLogHandler level=notice"))
            #expect(lines.contains("notice shown station_id=st-01"))
            #expect(!lines.contains { $0.contains("hidden") })
        }

        @Test func bootstrap_whenAutoUnderJournald_choosesTheJournal() throws {
            let result = try TestBinary.run(filter: "BootstrapChild", environment: [bootstrapVariable: "auto"])
            #expect(result.status == .exited(0), "\(result.standardError)")
            let lines = result.standardError.split(separator: "\n")
            #expect(lines.contains("report handler=JournalLogHandler level=debug"))
        }
    }
}

@Suite struct BootstrapChild {
    @Test func bootstrapAndReport() throws {
        guard let setting = ProcessInfo.processInfo.environment[bootstrapVariable] else {
            return
        }
        if setting == "auto" {
            // As systemd would set it for a unit with StandardError=journal.
            var environment = ProcessInfo.processInfo.environment
            environment["JOURNAL_STREAM"] = try stderrIdentity()
            LogDestination.bootstrap(setting: setting, level: .debug, environment: environment)
        } else {
            LogDestination.bootstrap(setting: setting, level: .notice, environment: [:])
        }
        // A second call must not trap (LoggingSystem.bootstrap would).
        LogDestination.bootstrap(setting: "journal", level: .trace, environment: [:])

        let logger = Logger(label: "checkpointd.child")
        let line = "report handler=\(type(of: logger.handler)) level=\(logger.logLevel)\n"
        FileHandle.standardError.write(Data(line.utf8))
        if setting == "stderr" {
            logger.info("hidden")
            logger.notice("shown", metadata: ["station_id": "st-01"])
        }
    }
}
