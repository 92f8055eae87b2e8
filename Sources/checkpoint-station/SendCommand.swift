import ArgumentParser
import CheckpointCore
import Glibc

/// `checkpoint-station send FILE|-`: the non-interactive form for thermometers and scripts (SPEC §8, §10).
struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send the records of a CSV file (or - for standard input), print a summary and exit.",
        discussion: """
            CSV columns: kind,person,temp,ts,origin (header optional; kind TEMP, ENTRY or EXIT; temp required for \
            TEMP; ts RFC 3339 or Unix milliseconds, empty for now; origin outside, on an ENTRY: arriving from \
            outside the city, opens a quarantine order). \
            Records waiting in the spool from earlier runs are sent first; `send /dev/null` sends only those.

            Exit status: 0 every record was answered, 1 some were rejected (by the CSV check or the daemon; see the \
            summary and the spool's rejected file), 75 records are left waiting in the spool because the daemon \
            could not be reached (they are safe; run send again later), 77 the daemon refused the station's token, \
            64 usage, 66 unreadable file, 73 spool problem.
            """)

    @ParentCommand var root: CheckpointStation
    @OptionGroup var options: StationOptions

    @Option(
        name: .customLong("retry-for"),
        help: ArgumentHelp(
            "How long to keep trying to reach the daemon without progress, in seconds; then one last attempt, "
                + "and if that fails too the rest stays in the spool and send exits 75 (0: one attempt).",
            valueName: "seconds"))
    var retryFor: Double = 30

    @Argument(help: ArgumentHelp("The CSV file, or - for standard input.", valueName: "file"))
    var file: String

    func run() throws {
        let setup = try StationSetup.resolve(
            options.filled(from: root.options), environment: ProcessEnvironment.current())
        guard retryFor >= 0 else { throw StationError(.usage, L(.errorBadRetryFor)) }
        let input = try readInput()
        Signals.install()
        let parsed = CSVInput.parse(input, now: LocalTime.now())
        let spool = try Spool(
            directory: setup.spoolDirectory, station: setup.station, today: LocalTime.date(LocalTime.now()),
            rejectedRetentionDays: setup.rejectedRetentionDays)
        let outbox = try Outbox(spool: spool, today: LocalTime.date(LocalTime.now()))
        var batch = BatchRun(outbox: outbox, problems: parsed.problems, spool: spool)
        let added = try outbox.add(parsed.drafts.map(\.draft))
        for (record, source) in zip(added, parsed.drafts) { batch.lineBySeq[record.seq] = source.line }
        if spool.unreadableLines > 0 {
            StandardStreams.error(L(.unreadableSpoolLines, String(spool.unreadableLines), spool.rejectedPath) + "\n")
        }
        let uplink = Uplink(
            settings: UplinkSettings(
                address: setup.address, station: setup.station, token: setup.token,
                maximumBackoff: setup.maximumBackoff, tls: setup.tls),
            outbox: outbox)
        let outcome = try batch.drive(uplink, retryFor: retryFor)
        uplink.shutdown()
        try outbox.compactIfDue(idle: true, today: LocalTime.date(LocalTime.now()))
        if case .refused(let message) = outcome {
            StandardStreams.output(batch.summary(waitingIn: nil))
            throw StationError(.refused, L(.errorRefused, setup.station, message))
        }
        if case .untrusted(let message) = outcome {
            StandardStreams.output(batch.summary(waitingIn: setup.spoolDirectory))
            StandardStreams.error("checkpoint-station: " + L(.errorUntrusted, message) + "\n")
            Glibc.exit(ExitStatus.waiting)
        }
        StandardStreams.output(batch.summary(waitingIn: setup.spoolDirectory))
        if !batch.rejections.isEmpty { Glibc.exit(ExitStatus.rejected) }
        if outbox.waitingCount > 0 { Glibc.exit(ExitStatus.waiting) }
    }

    private func readInput() throws(StationError) -> [UInt8] {
        if file == "-" {
            return try FileIO.readAll(STDIN_FILENO, path: "standard input", code: .noInput, hint: "")
        }
        guard let bytes = try FileIO.read(file, code: .noInput, hint: L(.hintInputFile)) else {
            throw StationError(.noInput, L(.errorInputMissing, file))
        }
        return bytes
    }
}

/// The state of one `send` run: the loop, the counts and the rejections for the summary.
struct BatchRun {
    enum Outcome {
        case finished
        case gaveUp
        case interrupted
        case refused(String)
        /// The TLS server is not trusted: the message says why; the records stay in the spool.
        case untrusted(String)
    }

    struct Rejection {
        var line: Int?
        var seq: Int64?
        var reason: String
    }

    let outbox: Outbox
    let spool: Spool
    var lineBySeq: [Int64: Int] = [:]
    var rejections: [Rejection]
    var sent = 0
    var fevers = 0
    var violations = 0
    var quarantines = 0
    /// Records of a shared phone answered `check-id` (issue 15).
    var checkIDs = 0
    /// Records answered `visitor` (not on the roster of the gate's grid) or `notice` (outing quota or time) (issue 19).
    var visitors = 0
    var notices = 0
    var renumbered = 0

    init(outbox: Outbox, problems: [CSVInput.Problem], spool: Spool) {
        self.outbox = outbox
        self.spool = spool
        self.rejections = problems.map { Rejection(line: $0.line, seq: nil, reason: $0.message) }
    }

    /// Sends until every record is answered, the daemon refuses us, a signal asks us to stop, or `retryFor`
    /// seconds pass without an answer while the daemon cannot be reached. At that deadline one last attempt is
    /// made, whenever the backoff would have made the next one, so a daemon that came back since the previous
    /// attempt is not missed (issue 15); `--retry-for 0` makes one attempt.
    mutating func drive(_ uplink: Uplink, retryFor: Double) throws(StationError) -> Outcome {
        var lastProgress = LocalTime.monotonic()
        /// The last attempt at the deadline has been started (until the next progress).
        var lastAttempt = false
        while outbox.waitingCount > 0 {
            let now = LocalTime.monotonic()
            if !Signals.pending().filter({ $0 != SIGWINCH }).isEmpty { return .interrupted }
            if case .refused(let message) = uplink.state { return .refused(message) }
            if case .untrusted(let message) = uplink.state { return .untrusted(message) }
            if !uplink.isOnline, now - lastProgress >= retryFor {
                if uplink.isConnecting {
                    lastAttempt = true  // the attempt under way is the last one
                } else if lastAttempt {
                    return .gaveUp
                } else {
                    lastAttempt = true
                    uplink.retryNow(now: now)
                }
            }
            var events = try uplink.tick(now: now)
            let revents = EventWait.wait(
                uplink: uplink.pollDescriptor(), others: [], timeout: uplink.nextWake(now: now) - now)
            if revents.uplink != 0 {
                events += try uplink.handle(revents: revents.uplink, now: LocalTime.monotonic())
            }
            for event in events where note(event) {
                lastProgress = LocalTime.monotonic()
                lastAttempt = false
            }
            try outbox.compactIfDue(idle: uplink.isIdle, today: LocalTime.date(LocalTime.now()))
        }
        return .finished
    }

    /// Counts an event; true when it is progress (an answer).
    private mutating func note(_ event: UplinkEvent) -> Bool {
        switch event {
        case .stateChanged:
            return false
        case .answered(_, let answer):
            sent += 1
            if answer.verdicts.contains(.fever) { fevers += 1 }
            if answer.verdicts.contains(.violation) { violations += 1 }
            if answer.verdicts.contains(.quarantine) { quarantines += 1 }
            if answer.verdicts.contains(.checkID) { checkIDs += 1 }
            if answer.verdicts.contains(.visitor) { visitors += 1 }
            if answer.verdicts.contains(.notice) { notices += 1 }
            return true
        case .renumbered(let record, let newSeq):
            lineBySeq[newSeq] = lineBySeq[record.seq]
            renumbered += 1
            return true
        case .rejected(let record, let code, let message):
            let shown = DaemonErrorText.shown(code: code, message: message)
            rejections.append(Rejection(line: lineBySeq[record.seq], seq: record.seq, reason: "\(code): \(shown)"))
            return true
        case .feverOverridden(_, let temperature, let threshold):
            StandardStreams.error(
                L(.flashFeverOverride, L(.temperatureValue, temperature.description), threshold.description) + "\n")
            return false
        }
    }

    /// The summary for stdout: counts, then each rejection by line number (or seq for earlier runs), then where
    /// waiting (when the daemon could not be reached: `directory`) and rejected records are kept.
    func summary(waitingIn directory: String?) -> String {
        var text = L(
            .summaryCounts, String(sent), String(fevers), String(violations), String(quarantines),
            String(rejections.count), String(outbox.waitingCount)) + "\n"
        let ordered = rejections.sorted { ($0.line ?? Int.max, $0.seq ?? 0) < ($1.line ?? Int.max, $1.seq ?? 0) }
        for rejection in ordered {
            if let line = rejection.line {
                text += "  " + L(.summaryRejectedLine, String(line), rejection.reason) + "\n"
            } else {
                text += "  " + L(.summaryRejectedSeq, String(rejection.seq ?? 0), rejection.reason) + "\n"
            }
        }
        if renumbered > 0 {
            text += L(.summaryRenumbered, String(renumbered)) + "\n"
        }
        if checkIDs > 0 {
            text += L(.summaryCheckID, String(checkIDs)) + "\n"
        }
        if visitors > 0 {
            text += L(.summaryVisitor, String(visitors)) + "\n"
        }
        if notices > 0 {
            text += L(.summaryNotice, String(notices)) + "\n"
        }
        if rejections.contains(where: { $0.seq != nil }) {
            text += L(.summaryRejectedFile, spool.rejectedPath) + "\n"
        }
        if outbox.waitingCount > 0, let directory {
            text += L(.summaryWaiting, String(outbox.waitingCount), directory) + "\n"
        }
        return text
    }
}

/// Unbuffered writes to standard output and standard error.
enum StandardStreams {
    static func output(_ text: String) {
        _ = FileIO.writeAll(STDOUT_FILENO, Array(text.utf8))
    }

    static func error(_ text: String) {
        _ = FileIO.writeAll(STDERR_FILENO, Array(text.utf8))
    }
}
