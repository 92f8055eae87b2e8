import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// Issue 14, point 4: `checkpoint-station send` in a network namespace, the daemon on the host, the link between
/// them impaired (10 % loss, 200 ± 50 ms delay, reordering, in both directions) and cut for 30 s in the middle: all
/// 10,000 records arrive exactly once, in seq order, and the terminal's summary and spool agree with the database.
/// Over TLS (`checkpointctl tls` certificates for the host's address), as a district connects a terminal across a
/// network it does not control.
///
/// The link is the namespace's veth pair shaped by `tc netem` where the kernel has `sch_netem`, else test support's
/// `LinkEmulator` on a TUN pair with the same figures (its randomness from `CHECKPOINTD_TEST_SEED`). Needs root and
/// `ip netns`; `CHECKPOINTD_NETNS=skip` skips it, `=require` (CI) makes a missing prerequisite a failure.
@Suite(.serialized)
struct LossyLinkTests {
    static let records = 10_000
    static let station = "st-lossy"
    static let lossy = LinkImpairment.lossy
    static let cut = LinkImpairment.cut
    static let partitionSeconds = 30.0

    @Test(.timeLimit(.minutes(20)))
    func send_acrossALossyLinkCutFor30Seconds_deliversEveryRecordOnceInOrderAndCountsAgree() throws {
        let cancel: (String) throws -> Void = { try Test.cancel(Comment(rawValue: $0)) }
        try NetworkNamespace.with("LossyLinkTests", skip: cancel) { namespace in
            let seed = SeededGenerator.fromEnvironment("LossyLinkTests").seed
            try namespace.withImpairableLink("LossyLinkTests", seed: seed, skip: cancel) { link in
                try Self.run(over: link, in: namespace)
            }
        }
    }

    static func run(over link: any ImpairableLink, in namespace: NetworkNamespace) throws {
        let folder = try TemporaryDirectory(prefix: "lossy")
        let tls = folder.file("tls")
        let ctl = try BuiltProduct.checkpointctl()
        for arguments in [
            ["tls", "init-ca", "--dir", tls, "--name", "Lossy District", "--days", "30"],
            ["tls", "server", "--dir", tls, "--host", link.hostAddress, "--days", "30"],
        ] {
            let made = try ChildProcess.run(ctl, arguments)
            guard made.code == 0 else { throw TestSupportError("checkpointctl \(arguments): \(made.standardError)") }
        }
        let port = try FreePort.tcp()
        let daemon = try DaemonProcess(arguments: [
            "--listen", "tls:\(link.hostAddress):\(port)",
            "--tls-cert", tls + "/server.pem", "--tls-key", tls + "/server.key", "--log-level", "debug",
        ])
        try daemon.start()
        let token = try daemon.registerStation(station: station)
        let tokenFile = try folder.write(token + "\n", to: "token")
        chmod(tokenFile, 0o600)
        let csv = try folder.write(
            (0..<records).map { "TEMP,\(TestPerson.phone($0)),36.5\n" }.joined(), to: "readings.csv")
        let spool = folder.file("spool")

        try link.impair(lossy)
        let retransmittedBefore = try namespace.retransmittedSegments()
        let started = Deadline.now()
        let dayAtStart = Self.utcDay()
        let (program, arguments) = try namespace.command(try BuiltProduct.checkpointStation(), [
            "send", "--server", "tls:\(link.hostAddress):\(port)", "--tls-ca", tls + "/ca.pem",
            "--station", station, "--token-file", tokenFile, "--spool", spool, "--backoff-max", "2",
            "--retry-for", "120", csv,
        ])
        let terminal = try ChildProcess(
            executable: program, arguments: arguments,
            environment: ChildProcess.cleanEnvironment(adding: [
                "LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8", "TZ": "UTC",
            ]),
            standardOutput: folder.file("send.stdout"), standardError: folder.file("send.stderr"))
        defer { if terminal.poll() == nil { terminal.send(signal: SIGKILL); _ = terminal.wait(seconds: 10) } }

        // The partition, in the middle: once a third of the records are stored, nothing passes for 30 s.
        let stored = { try storedCount(daemon) }
        let reachedThird = try Deadline.poll(seconds: 300, interval: 0.5) {
            try stored() >= records / 3 || terminal.poll() != nil
        }
        #expect(reachedThird && terminal.poll() == nil, "a third must arrive before the cut")
        let beforeCut = Deadline.now() - started
        try link.impair(cut)
        Deadline.sleep(1)
        let atCut = try stored()
        Deadline.sleep(partitionSeconds - 1)
        let afterCut = try stored()
        try link.impair(lossy)
        #expect(atCut == afterCut, "nothing may pass the cut: \(atCut) -> \(afterCut)")

        guard let status = terminal.wait(seconds: 600) else {
            throw TestSupportError("checkpoint-station send did not finish in 10 min; \(terminal.standardError)")
        }
        let seconds = Deadline.now() - started
        let retransmitted = try namespace.retransmittedSegments() - retransmittedBefore
        let output = terminal.standardOutput
        #expect(status == .exited(0), "stdout: \(output) stderr: \(terminal.standardError)")

        // The terminal's counters agree with the database: all sent, none waiting, none rejected.
        #expect(output.contains(
            "sent \(records) · fever 0 · violation 0 · new quarantine 0 · rejected 0 · waiting 0"), "\(output)")
        let spoolText = (try? String(contentsOfFile: spool + "/spool", encoding: .utf8)) ?? ""
        let waiting = spoolText.split(separator: "\n").filter { $0.hasPrefix("TEMP ") }
        #expect(waiting.isEmpty, "records left in the spool: \(waiting.count)")
        // The spool's header: the next seq follows the last record; today's sent count is every record (unless
        // the run crossed midnight, which starts a new day's count).
        let header = spoolText.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.contains(" next=\(records + 1) "), "\(header)")
        if Self.utcDay() == dayAtStart {
            #expect(header.contains(" sent=\(records) "), "\(header)")
        }

        // Exactly once, in seq order: the daemon's rows by id are seq 1, 2, ... 10,000.
        let rows = try SQLiteShell.query(
            daemon.databasePath,
            "SELECT r.seq FROM records r JOIN stations s ON s.id = r.station_id WHERE s.code = '\(station)' "
                + "ORDER BY r.id")
        let seqs = rows.compactMap { $0.first.flatMap { Int($0) } }
        #expect(seqs.count == records, "\(seqs.count) rows for \(records) records")
        #expect(Set(seqs).count == seqs.count, "a seq is stored twice")
        #expect(seqs == Array(1...records), "rows by id are not seq 1...\(records) in order")
        #expect(try SQLiteShell.scalar(daemon.databasePath, "PRAGMA integrity_check") == "ok")

        let sessions = daemon.stderrText.components(separatedBy: "station session started").count - 1
        print("LossyLinkTests: \(records) records over TLS through \(lossy) (both directions) on \(link), "
            + "cut for \(Int(partitionSeconds)) s after \(Int(beforeCut)) s: \(Int(seconds)) s in all, "
            + "\(sessions) TLS sessions (reconnects), \(retransmitted) TCP segments retransmitted by the terminal's "
            + "side, \(seqs.count) stored once in order, summary: \(output.split(separator: "\n").first ?? "")")
    }

    /// Today's date in UTC (the terminal runs with `TZ=UTC`), e.g. `2026-12-05`.
    static func utcDay() -> String {
        String(WallTime.rfc3339(WallTime.wholeSecondsAgo(0)).prefix(10))
    }

    static func storedCount(_ daemon: DaemonProcess) throws -> Int {
        Int(try SQLiteShell.scalar(daemon.databasePath, "SELECT COUNT(*) FROM records") ?? "") ?? -1
    }
}
