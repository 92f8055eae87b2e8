import CheckpointTestSupport
import CheckpointWire
import Foundation
import Glibc
import Testing

/// SPEC §6 and §10: SIGTERM drains and exits 0, configuration errors exit 78, one daemon per control socket.
@Suite struct ProcessTests {
    @Test func sigterm_whileStationsPipeline_answersWhatWasReadStoresItAndExitsZero() throws {
        let daemon = try DaemonProcess.started()
        let stations = ["st-1", "st-2"]
        var tokens: [String: String] = [:]
        for station in stations { tokens[station] = try daemon.registerStation(station: station) }
        let perStation = 20_000
        let progress = Locked(0)
        let streams = try stations.enumerated().map { index, station in
            (
                stream: PipelinedStream(station: station, personBase: index * 100_000, seqs: 1...perStation),
                client: try daemon.session(station: station, token: tokens[station] ?? "")
            )
        }
        var status: TerminationStatus?
        let outcomes = try runStreams(streams, progress: progress) {
            _ = Deadline.poll(seconds: 10, interval: 0.002) { progress.current >= perStation / 5 }
            daemon.send(signal: SIGTERM)
            status = daemon.exitStatus(within: 60)
        }
        #expect(status == .exited(0), "SIGTERM exits 0 after the drain; stderr:\n\(daemon.stderrText.suffix(2000))")
        print("drain: \(outcomes.map { $0.acknowledged.count }) of \(perStation) per station acknowledged")
        #expect(outcomes.contains { $0.sawEndOfFile }, "SIGTERM must land while records are still in flight")

        let stored = try daemon.storedSeqs()
        for (station, outcome) in zip(stations, outcomes) {
            // Replies are in order, so a missing answer shows as an unexpected reply or a gap before EOF.
            #expect(outcome.unexpected.isEmpty, "\(station): \(outcome.unexpected.prefix(3))")
            let acknowledged = Set(outcome.acknowledged)
            let lost = acknowledged.subtracting(stored[station] ?? [])
            #expect(lost.count == 0, "\(station): acknowledged but not stored: \(lost.sorted().prefix(5))")
            let unanswered = (stored[station] ?? []).subtracting(acknowledged)
            #expect(
                unanswered.count == 0,
                "\(station): stored, never answered: \(unanswered.sorted().prefix(3)); reset: \(outcome.wasReset)"
            )
        }
    }

    /// No service may sleep through a stop (a timer waiting out its interval would hold the exit for it): an
    /// idle daemon exits long before systemd's stop timeout, whatever its background services are doing.
    @Test func sigterm_whenIdle_exitsZeroWithoutWaitingForBackgroundTimers() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.openSession()
        expectRecordOK(try client.request("TEMP seq=1 person=13800138000 temp=36.6"), seq: 1)
        #expect(try daemon.terminate(seconds: 20) == .exited(0))
        #expect(client.isClosed(within: 10), "sessions are closed at shutdown")
    }

    @Test func checkConfig_whenValid_printsConfigurationOKAndExitsZero() throws {
        let daemon = try DaemonProcess(arguments: ["--max-line-bytes", "64"])
        let result = try ChildProcess.run(daemon.executable, daemon.arguments + ["--check-config"])
        #expect(result.status == .exited(0), "\(result.standardError)")
        #expect(result.standardOutput.contains("configuration OK"), "stdout: \(result.standardOutput)")
    }

    @Test func config_whenFeverThresholdOutOfRange_exits78NamingFileLineAndKey() throws {
        let daemon = try DaemonProcess()
        let file = try daemon.directory.write("fever_threshold = 50\n", to: "bad.conf")
        for extra in [["--check-config"], []] {
            let result = try ChildProcess.run(daemon.executable, daemon.arguments + ["--config", file] + extra)
            #expect(result.status == .exited(78), "\(extra): \(result.standardError)")
            #expect(result.standardError.contains("\(file):1: fever_threshold:"), "\(extra): \(result.standardError)")
            #expect(!result.standardOutput.contains("configuration OK"))
        }
    }

    @Test func config_whenValueIsBadOnLaterLine_namesThatLine() throws {
        let daemon = try DaemonProcess()
        let text = "# checkpointd\nfever_threshold = 37.5\n\nidle_timeout = 300\n"
        let file = try daemon.directory.write(text, to: "bad.conf")
        let result = try ChildProcess.run(daemon.executable, ["--config", file, "--check-config"])
        #expect(result.status == .exited(78))
        #expect(result.standardError.contains("\(file):4: idle_timeout:"), "\(result.standardError)")
    }

    @Test func commandLine_whenFlagIsUnknown_exitsWithUsageErrorNamingIt() throws {
        let daemon = try DaemonProcess()
        let result = try ChildProcess.run(daemon.executable, daemon.arguments + ["--no-such-flag", "1"])
        print("unknown flag: \(result.status); stderr: \(result.standardError)")
        #expect([.exited(78), .exited(64), .exited(2)].contains(result.status), "observed \(result.status)")
        #expect(result.standardError.contains("no-such-flag"), "\(result.standardError)")
    }

    @Test func version_printsTheVersionTheDaemonReports() throws {
        let daemon = try DaemonProcess.started()
        let result = try ChildProcess.run(daemon.executable, ["--version"])
        #expect(result.status == .exited(0))
        let reported = try daemon.control().result("version")["version"]?.stringValue
        let version = try #require(reported)
        #expect(result.standardOutput.contains(version), "\(result.standardOutput) vs \(version)")
    }

    @Test func secondDaemon_onTheSameControlSocket_exitsSayingAlreadyRunning() throws {
        let first = try DaemonProcess.started()
        let token = try first.registerStation(station: "st-1")
        let second = try DaemonProcess(controlSocketPath: first.controlSocketPath)
        try second.spawn()
        let status = second.exitStatus(within: 30)
        #expect(status != nil && status != .exited(0), "the second daemon must fail: \(String(describing: status))")
        #expect(second.stderrText.contains("already running"), "\(second.stderrText)")

        #expect(try first.control().result("health")["status"] != nil, "the first daemon still owns the socket")
        #expect(try first.session(station: "st-1", token: token).request("PING") == "PONG")
    }
}

/// What an operator sees of a running daemon: its sockets and `health`.
@Suite struct RunningDaemonTests {
    @Test func sockets_areCreatedWithMode0660() throws {
        let daemon = try DaemonProcess.started()
        for path in [daemon.stationSocketPath, daemon.controlSocketPath] {
            var info = stat()
            #expect(stat(path, &info) == 0, "\(path) exists")
            #expect(info.st_mode & S_IFMT == S_IFSOCK, "\(path) is a socket")
            #expect(info.st_mode & 0o777 == 0o660, "\(path) mode \(String(info.st_mode & 0o777, radix: 8))")
        }
    }

    /// Issue 14 (soak): the daemon's descriptors do not grow under load. SQLite opens a connection's WAL at its first
    /// read, so every reader reads once at start: the writer and each of the `reader_connections` hold the WAL open
    /// before any query, and a burst of concurrent queries opens nothing more.
    @Test func readers_holdTheirWALFromTheStart_andConcurrentQueriesOpenNoMoreFiles() throws {
        let daemon = try DaemonProcess.started(["--reader-connections", "3"])
        let walDescriptors = { () throws -> Int in
            try FileManager.default.contentsOfDirectory(atPath: "/proc/\(daemon.pid)/fd").filter { name in
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(daemon.pid)/fd/\(name)"))
                    == daemon.databasePath + "-wal"
            }.count
        }
        #expect(try walDescriptors() == 1 + 3, "the writer's and the three readers' WAL")
        try runOnThreads(6) { _ in
            for _ in 0..<5 { _ = try daemon.control().result("stats") }
        }
        #expect(try walDescriptors() == 1 + 3, "no reader opened another file")
    }

    @Test func health_whenRunning_reportsOkWritableCommitAgeAndQueueDepth() throws {
        let daemon = try DaemonProcess.started()
        let client = try daemon.openSession()
        expectRecordOK(try client.request("TEMP seq=1 person=13800138000 temp=36.6"), seq: 1)
        let health = try daemon.control().result("health")
        #expect(health["status"]?.stringValue == "ok", "\(health)")
        #expect(health["db_writable"] == .bool(true), "\(health)")
        #expect(health["last_commit_age_ms"]?.intValue.map { $0 >= 0 } == true, "\(health)")
        #expect(health["queue_depth"]?.intValue.map { $0 >= 0 } == true, "\(health)")
    }
}
