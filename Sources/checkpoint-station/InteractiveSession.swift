import CheckpointCore
import Glibc

/// The interactive screen: one loop over the keyboard, the daemon's socket and the timers (SPEC §8).
final class InteractiveSession {
    let setup: StationSetup
    let terminal: Terminal
    let outbox: Outbox
    let uplink: Uplink
    private var form: EntryForm
    private var current: ShownRecord?
    private var recent: [ShownRecord] = []
    private var flash: ScreenModel.Flash?
    private var running = true
    private var dirty = true
    private var drawnSecond: Int64 = -1
    private var rejectedThisSession = 0
    private let colour: Bool

    /// How long a record may wait for its answer before the screen says "saved offline — not checked".
    static let checkingGrace = 2.5
    static let recentCount = 6

    private init(setup: StationSetup, terminal: Terminal, outbox: Outbox, mode: EntryMode, colour: Bool) {
        self.setup = setup
        self.terminal = terminal
        self.outbox = outbox
        self.uplink = Uplink(
            settings: UplinkSettings(
                address: setup.address, station: setup.station, token: setup.token,
                maximumBackoff: setup.maximumBackoff, tls: setup.tls),
            outbox: outbox)
        self.form = EntryForm(mode: mode)
        self.colour = colour
    }

    static func run(setup: StationSetup, mode: EntryMode) throws(StationError) {
        let terminal = try Terminal()
        let environment = ProcessEnvironment.current()
        let colour = (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
        let today = LocalTime.date(LocalTime.now())
        let spool = try Spool(
            directory: setup.spoolDirectory, station: setup.station, today: today,
            rejectedRetentionDays: setup.rejectedRetentionDays)
        let outbox = try Outbox(spool: spool, today: today)
        let session = InteractiveSession(setup: setup, terminal: terminal, outbox: outbox, mode: mode, colour: colour)
        if spool.unreadableLines > 0 {
            session.flash = .init(
                text: L(.unreadableSpoolLines, String(spool.unreadableLines), spool.rejectedPath), alarm: true)
        }
        Signals.install()
        terminal.enterRawMode()
        session.loop()
        session.uplink.shutdown()
        try? outbox.compactIfDue(idle: true, today: LocalTime.date(LocalTime.now()))
        terminal.restore()
        if outbox.waitingCount > 0 {
            StandardStreams.output(L(.quitWaiting, String(outbox.waitingCount), setup.spoolDirectory) + "\n")
        }
        if session.rejectedThisSession > 0 {
            StandardStreams.output(L(.summaryRejectedFile, spool.rejectedPath) + "\n")
        }
    }

    private func loop() {
        while running {
            let now = LocalTime.monotonic()
            for number in Signals.pending() {
                if number == SIGWINCH { dirty = true } else { running = false }
            }
            guard running else { break }
            guarded { try uplink.tick(now: now) }
            let keyboard = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = EventWait.wait(
                uplink: uplink.pollDescriptor(), others: [keyboard], timeout: uplink.nextWake(now: now) - now)
            if ready.others[0] != 0 {
                guard let keys = terminal.readKeys() else { break }
                for action in form.feed(keys, now: LocalTime.now()) {
                    switch action {
                    case .quit: running = false
                    case .redraw: dirty = true
                    case .submit(let draft): submit(draft)
                    }
                }
            }
            if ready.uplink != 0 {
                guarded { try uplink.handle(revents: ready.uplink, now: LocalTime.monotonic()) }
            }
            expireChecking(now: LocalTime.monotonic())
            do {
                try outbox.compactIfDue(idle: uplink.isIdle, today: LocalTime.date(LocalTime.now()))
            } catch {
                show(error, key: .flashProblem)
            }
            draw()
        }
    }

    private func submit(_ draft: RecordDraft) {
        let now = LocalTime.monotonic()
        do {
            guard let record = try outbox.add([draft]).first else { return }
            if let current { recent.insert(current, at: 0) }
            recent = Array(recent.prefix(InteractiveSession.recentCount))
            current = ShownRecord(
                seq: record.seq, draft: draft, outcome: uplink.isOnline ? .checking : .offline, savedAt: now)
            flash = nil
        } catch {
            // Nothing was saved: put the reading back so Enter tries again once the problem is fixed.
            form.person = draft.person
            form.field = .temperature
            form.temperatureText = draft.temperature?.description ?? ""
            form.outsideNext = draft.origin == .outside
            show(error, key: .errorNotSaved)
            return
        }
        guarded { try uplink.kick(now: now) }
        dirty = true
    }

    /// Runs an uplink step and handles its events; a spool failure becomes a red line on the screen.
    private func guarded(_ step: () throws -> [UplinkEvent]) {
        do {
            for event in try step() { handle(event) }
        } catch {
            show(error, key: .flashProblem)
        }
    }

    private func handle(_ event: UplinkEvent) {
        dirty = true
        switch event {
        case .stateChanged:
            if !uplink.isOnline { expireChecking(now: .infinity) }
            if case .untrusted(let message) = uplink.state, flash?.text != message {
                terminal.write("\u{07}")
                flash = .init(text: message, alarm: true)
            }
        case .answered(let record, let answer):
            let late = update(seq: record.seq, to: .answered(answer))
            let shown = ShownRecord(seq: record.seq, draft: record.draft, outcome: .answered(answer), savedAt: 0)
            if shown.isAlarm {
                terminal.write("\u{07}")
                if late {
                    flash = .init(text: L(.flashLate, VerdictText.details(shown), VerdictText.headline(shown.outcome)),
                                  alarm: true)
                }
            }
        case .renumbered(let record, let newSeq):
            if current?.seq == record.seq { current?.seq = newSeq }
            for index in recent.indices where recent[index].seq == record.seq { recent[index].seq = newSeq }
            flash = .init(text: L(.flashRenumbered, String(record.seq), String(newSeq)), alarm: false)
        case .rejected(let record, let code, let message):
            rejectedThisSession += 1
            _ = update(seq: record.seq, to: .rejected(code: code, message: message))
            terminal.write("\u{07}")
            let shown = DaemonErrorText.shown(code: code, message: message)
            flash = .init(text: L(.flashRejected, record.draft.person.masked, code, shown), alarm: true)
        case .feverOverridden(_, let temperature, let threshold):
            flash = .init(
                text: L(.flashFeverOverride, L(.temperatureValue, temperature.description), threshold.description),
                alarm: true)
        }
    }

    /// Sets the outcome of a shown record; true when the answer is late (not the one on screen, or shown as
    /// offline already), so an alarm must be called out separately.
    private func update(seq: Int64, to outcome: ShownRecord.Outcome) -> Bool {
        if current?.seq == seq {
            let wasWaiting = current?.outcome == .checking
            current?.outcome = outcome
            return !wasWaiting
        }
        for index in recent.indices where recent[index].seq == seq {
            recent[index].outcome = outcome
        }
        return true
    }

    /// Records still "checking" after the grace period are shown as saved offline.
    private func expireChecking(now: Double) {
        if let shown = current, shown.outcome == .checking, now - shown.savedAt >= InteractiveSession.checkingGrace {
            current?.outcome = .offline
            dirty = true
        }
        for index in recent.indices where recent[index].outcome == .checking {
            recent[index].outcome = .offline
        }
    }

    private func show(_ error: any Error, key: Text) {
        terminal.write("\u{07}")
        flash = .init(text: L(key, String(describing: error)), alarm: true)
        dirty = true
    }

    private func draw() {
        let wall = LocalTime.now()
        let second = wall.milliseconds / 1000
        guard dirty || second != drawnSecond else { return }
        dirty = false
        drawnSecond = second
        var checkpoint: String?
        var fever: String?
        var kind = CheckpointKind.compound
        let link: LinkStatus
        switch uplink.state {
        case .online(let name, let threshold, let announced):
            (checkpoint, fever, kind) = (name, threshold, announced)
            link = .online
        case .connecting, .greeting:
            link = .connecting
        case .offline(let reason):
            let seconds = Int((uplink.retryAt - LocalTime.monotonic()).rounded(.up))
            link = .offline(nextTryInSeconds: max(0, seconds), reason: reason)
        case .refused(let message):
            link = .refused(message)
        case .untrusted(let message):
            link = .untrusted(message)
        }
        let model = ScreenModel(
            station: setup.station, checkpoint: checkpoint, checkpointKind: kind, fever: fever, clock: wall, link: link,
            sentToday: outbox.counters.day == LocalTime.date(wall) ? outbox.counters.sent : 0,
            feversToday: outbox.counters.day == LocalTime.date(wall) ? outbox.counters.fevers : 0,
            waiting: outbox.waitingCount, form: form, current: current, recent: recent, flash: flash,
            colour: colour)
        let size = terminal.size()
        terminal.write(Screen(columns: size.columns, rows: size.rows).render(model))
    }
}
