import CheckpointCore
import CheckpointTLS
import CheckpointWire
import Glibc

/// What the uplink needs to know, fixed for the run.
struct UplinkSettings {
    var address: ServerAddress
    var station: String
    /// Read again before every connection attempt, so a rotated token written to the file is picked up.
    var token: () throws(StationError) -> String?
    /// The longest wait between connection attempts, in seconds.
    var maximumBackoff: Double
    /// Records sent and not yet answered, at most (the daemon's `max_inflight` is 1024).
    var window = 512
    /// For a `tls:` server: the pinned CA and the context.
    var tls: StationTLS?
}

/// Something the owner of the uplink should show or count.
enum UplinkEvent {
    case stateChanged
    case answered(SpoolRecord, RecordAnswer)
    /// The seq had been used before (the spool was reset); the record goes again under a new seq.
    case renumbered(SpoolRecord, newSeq: Int64)
    case rejected(SpoolRecord, code: String, message: String)
    /// The daemon answered pass (no fever) for a reading at or above the threshold it told at HELLO: shown as a
    /// fever anyway (`FeverGuard`), and the clerk is told.
    case feverOverridden(SpoolRecord, temperature: Temperature, threshold: Temperature)
}

/// The link to the daemon: connects, says `HELLO`, sends the outbox's records in seq order with pipelining, and
/// on any failure closes, waits (exponential backoff with jitter) and starts again from the oldest unanswered
/// record; what was already stored comes back `DUP`. Single-threaded and non-blocking: the event loop polls
/// `pollDescriptor()` and calls `handle` and `tick`.
final class Uplink {
    enum State: Equatable {
        /// Waiting until `retryAt`; `reason` says why the last attempt failed (nil before the first).
        case offline(reason: String?)
        case connecting
        case greeting
        case online(checkpoint: String, fever: String, kind: CheckpointKind)
        /// The daemon refused our `HELLO`: a wrong token or an unregistered station. Retried slowly.
        case refused(message: String)
        /// The TLS server is not trusted (another CA, expired, another host) or refused our certificate. Nothing
        /// was sent; retried slowly, as a refusal is.
        case untrusted(message: String)
    }

    private enum InFlight: Equatable {
        case record(Int64)
        case ping
    }

    static let connectTimeout = 5.0
    static let helloTimeout = 10.0
    static let replyTimeout = 30.0
    static let keepAliveInterval = 60.0

    let settings: UplinkSettings
    let outbox: Outbox
    private(set) var state: State = .offline(reason: nil)
    private(set) var retryAt = 0.0
    private var connection: Connection?
    private var inFlight: [InFlight] = []
    private var inFlightHead = 0
    private var lastSentSeq: Int64 = 0
    private var failures = 0
    private var deadline = 0.0
    private var lastTraffic = 0.0
    private var lastAttempt = -Double.infinity
    private var endpoints: [SocketEndpoint] = []
    /// The endpoint to try next (kept after a success, so a reconnect starts with the one that worked).
    private var endpointIndex = 0
    /// How many endpoints this round of attempts has tried.
    private var endpointsTried = 0
    private var resolvedAt = -Double.infinity
    /// The fever threshold the daemon told at HELLO (`fever=`); a reading at or above it is never shown as a pass.
    private(set) var feverThreshold: Temperature?

    init(settings: UplinkSettings, outbox: Outbox) {
        self.settings = settings
        self.outbox = outbox
    }

    var isOnline: Bool {
        if case .online = state { return true }
        return false
    }

    /// The kind of the checkpoint the daemon told at the last `HELLO` (`kind=`; absent: a compound gate).
    var checkpointKind: CheckpointKind {
        if case .online(_, _, let kind) = state { return kind }
        return .compound
    }

    /// An attempt is under way: connecting, or waiting for the answer to `HELLO`.
    var isConnecting: Bool { state == .connecting || state == .greeting }

    /// Nothing sent is waiting for its answer.
    var isIdle: Bool { inFlightHead == inFlight.count }

    /// The socket and the events to wait for, when there is a socket.
    func pollDescriptor() -> pollfd? {
        guard let connection else { return nil }
        var events = Int16(POLLIN)
        if state == .connecting || connection.hasOutbound { events |= Int16(POLLOUT) }
        return pollfd(fd: connection.fd, events: events, revents: 0)
    }

    /// When `tick` next has something to do (monotonic seconds).
    func nextWake(now: Double) -> Double {
        switch state {
        case .offline, .refused, .untrusted: return retryAt
        case .connecting, .greeting: return deadline
        case .online: return lastTraffic + (isIdle ? Uplink.keepAliveInterval : Uplink.replyTimeout)
        }
    }

    /// New records are in the outbox: send them now, or try to reconnect soon if the last try was a while ago.
    func kick(now: Double) throws(StationError) -> [UplinkEvent] {
        switch state {
        case .online:
            pump(now: now)
            return flush(now: now)
        case .offline where now - lastAttempt >= 2:
            retryAt = min(retryAt, now)
            return try tick(now: now)
        default:
            return []
        }
    }

    /// Makes the next connection attempt at the next `tick`, whatever the backoff said (`send`'s last attempt
    /// before it gives up).
    func retryNow(now: Double) {
        if case .offline = state { retryAt = min(retryAt, now) }
    }

    /// Timers: connection attempts, timeouts, keep-alive.
    func tick(now: Double) throws(StationError) -> [UplinkEvent] {
        switch state {
        case .offline, .refused, .untrusted:
            guard now >= retryAt else { return [] }
            endpointsTried = 0
            return attempt(now: now)
        case .connecting:
            guard now >= deadline else { return [] }
            return connectFailed("no answer from \(settings.address) in time", now: now)
        case .greeting:
            guard now >= deadline else { return [] }
            return fail("no answer from \(settings.address) in time", now: now)
        case .online:
            if !isIdle, now - lastTraffic >= Uplink.replyTimeout {
                return fail("no reply for \(Int(Uplink.replyTimeout)) s", now: now)
            }
            if isIdle, now - lastTraffic >= Uplink.keepAliveInterval, let connection {
                connection.queue(StationRequest.ping.line)
                inFlight.append(.ping)
                lastTraffic = now
                return flush(now: now)
            }
            return []
        }
    }

    /// The socket is ready (`revents` from `poll`).
    func handle(revents: Int16, now: Double) throws(StationError) -> [UplinkEvent] {
        guard let connection else { return [] }
        if state == .connecting {
            guard revents & Int16(POLLOUT | POLLERR | POLLHUP) != 0 else { return [] }
            if let failure = connection.connectError() {
                return connectFailed("cannot connect to \(settings.address): \(failure)", now: now)
            }
            if let tls = settings.tls {
                let stream: TLSClientStream
                do throws(TLSError) {
                    stream = try tls.stream(to: endpoints[endpointIndex % endpoints.count], port: settings.address.port)
                } catch {
                    return broke(ConnectionFailure(error), now: now)
                }
                do throws(ConnectionFailure) {
                    try connection.startTLS(stream)
                } catch {
                    return broke(error, now: now)
                }
            }
            let token: String?
            do throws(StationError) {
                token = try settings.token()
            } catch {
                return fail(error.message, now: now)
            }
            connection.queue(StationRequest.hello(station: settings.station, token: token).line)
            state = .greeting
            deadline = now + Uplink.helloTimeout
            return [.stateChanged] + flush(now: now)
        }
        var events: [UplinkEvent] = []
        if revents & Int16(POLLIN | POLLERR | POLLHUP) != 0 {
            let (lines, closed) = connection.receive()
            for line in lines {
                do throws(StationError) {
                    events += try receive(ServerReply(line: line), now: now)
                } catch {
                    // The spool could not be written: start again from the oldest unanswered record later.
                    _ = fail(error.message, now: now)
                    throw error
                }
                guard self.connection === connection else { return events }
            }
            if let closed {
                return events + broke(closed, now: now)
            }
        }
        if revents & Int16(POLLOUT) != 0 {
            events += flush(now: now)
        }
        return events
    }

    /// Closes the connection (at exit). Unanswered records stay in the spool.
    func shutdown() {
        connection = nil
        inFlight.removeAll()
        inFlightHead = 0
    }

    // MARK: private

    /// Starts connecting to the current endpoint; on failure moves on to the next one (a name such as
    /// `localhost` may give ::1 and 127.0.0.1), and only when all failed waits with backoff.
    private func attempt(now: Double) -> [UplinkEvent] {
        lastAttempt = now
        if endpoints.isEmpty || now - resolvedAt > 60 {
            let (found, failure) = SocketEndpoint.resolve(settings.address)
            if let failure {
                return fail("cannot find \(settings.address): \(failure)", now: now)
            }
            endpoints = found
            endpointIndex = 0
            resolvedAt = now
        }
        var lastFailure = "no address"
        while endpointsTried < endpoints.count {
            endpointsTried += 1
            do throws(ConnectionFailure) {
                connection = try Connection(endpoint: endpoints[endpointIndex % endpoints.count])
                state = .connecting
                deadline = now + Uplink.connectTimeout
                return [.stateChanged]
            } catch {
                lastFailure = error.description
                endpointIndex += 1
            }
        }
        return fail("cannot connect to \(settings.address): \(lastFailure)", now: now)
    }

    /// The connection under way failed: try the next endpoint at once if one is left, else back off.
    private func connectFailed(_ reason: String, now: Double) -> [UplinkEvent] {
        connection = nil
        endpointIndex += 1
        if endpointsTried < endpoints.count {
            return attempt(now: now)
        }
        return fail(reason, now: now)
    }

    private func receive(_ reply: ServerReply, now: Double) throws(StationError) -> [UplinkEvent] {
        lastTraffic = now
        if state == .greeting {
            switch reply {
            case .hello(let checkpoint, let fever, let kind):
                state = .online(checkpoint: checkpoint, fever: fever, kind: kind)
                feverThreshold = try? Temperature(parsing: fever)
                failures = 0
                pump(now: now)
                return [.stateChanged] + flush(now: now)
            case .error(_, let code, let message) where code == "E_BUSY":
                return fail("the daemon is busy (\(code)): \(message)", now: now)
            case .error(_, let code, let message):
                return refuse("\(code): \(DaemonErrorText.shown(code: code, message: message))", now: now)
            default:
                return fail("unexpected reply to HELLO: \(reply)", now: now)
            }
        }
        guard inFlightHead < inFlight.count else {
            return fail("a reply nothing was waiting for: \(reply)", now: now)
        }
        let expected = inFlight[inFlightHead]
        inFlightHead += 1
        if inFlightHead == inFlight.count {
            inFlight.removeAll(keepingCapacity: true)
            inFlightHead = 0
        }
        switch (expected, reply) {
        case (.ping, .pong):
            return []
        case (.record(let seq), .record(let answeredSeq, let reported)) where answeredSeq == seq:
            guard let record = outbox.record(seq: seq) else { return [] }
            var answer = FeverGuard.checked(reported, temperature: record.record.temperature, threshold: feverThreshold)
            answer.checkpointKind = checkpointKind
            var events: [UplinkEvent] = []
            switch try outbox.answered(seq: seq, answer, today: LocalTime.date(LocalTime.now())) {
            case .stored: events.append(.answered(record, answer))
            case .renumbered(let newSeq): events.append(.renumbered(record, newSeq: newSeq))
            }
            if answer != reported, let temperature = record.record.temperature, let feverThreshold {
                events.append(.feverOverridden(record, temperature: temperature, threshold: feverThreshold))
            }
            pump(now: now)
            return events
        case (.record(let seq), .error(let errorSeq, let code, let message)) where errorSeq == nil || errorSeq == seq:
            if ServerReply.retryableCodes.contains(code) {
                return fail("the daemon answered \(code): \(message)", now: now)
            }
            guard let record = outbox.record(seq: seq) else { return [] }
            // Our seqs are always valid, so E_SEQ means the daemon holds another record under this one: send
            // the record again under a new seq instead of rejecting it (issue 13).
            if code == WireErrorCode.seq.name, let newSeq = try outbox.reused(seq: seq) {
                pump(now: now)
                return [.renumbered(record, newSeq: newSeq)]
            }
            try outbox.rejected(seq: seq, code: code, message: message, at: LocalTime.now())
            pump(now: now)
            return [.rejected(record, code: code, message: message)]
        default:
            return fail("unexpected reply: \(reply)", now: now)
        }
    }

    /// Queues records after the last one sent, up to the window.
    private func pump(now: Double) {
        guard isOnline, let connection else { return }
        while inFlight.count - inFlightHead < settings.window,
              let record = outbox.firstPending(after: lastSentSeq)
        {
            if isIdle { lastTraffic = now }
            connection.queue(record.line)
            inFlight.append(.record(record.seq))
            lastSentSeq = record.seq
            outbox.transmitted(seq: record.seq)
        }
    }

    private func flush(now: Double) -> [UplinkEvent] {
        guard let connection else { return [] }
        do throws(ConnectionFailure) {
            try connection.flush()
            return []
        } catch {
            if error.tlsFailure != nil { return broke(error, now: now) }
            return fail("sending to \(settings.address) failed: \(error)", now: now)
        }
    }

    private func fail(_ reason: String, now: Double) -> [UplinkEvent] {
        dropConnection()
        failures += 1
        let exponent = Double(min(failures - 1, 20))
        let delay = min(settings.maximumBackoff, pow(2, exponent)) * Double.random(in: 0.8...1.2)
        retryAt = now + max(0.2, delay)
        state = .offline(reason: reason)
        return [.stateChanged]
    }

    /// The connection broke: a TLS trust failure is reported in the clerk's language and retried slowly (it
    /// will not mend by itself); anything else backs off as usual.
    private func broke(_ failure: ConnectionFailure, now: Double) -> [UplinkEvent] {
        let trust: Set<TLSFailure> = [.untrustedServer, .wrongHostName, .clientCertificateRefused]
        switch failure.tlsFailure {
        case let kind? where trust.contains(kind):
            let message = StationTLS.message(kind, server: settings.address.description)
            dropConnection()
            retryAt = now + max(settings.maximumBackoff, 1)
            state = .untrusted(message: message)
            return [.stateChanged]
        case let other?:
            return fail(StationTLS.message(other, server: settings.address.description), now: now)
        case nil:
            return fail(String(describing: failure), now: now)
        }
    }

    private func refuse(_ message: String, now: Double) -> [UplinkEvent] {
        dropConnection()
        retryAt = now + max(settings.maximumBackoff, 1)
        state = .refused(message: message)
        return [.stateChanged]
    }

    private func dropConnection() {
        connection = nil
        inFlight.removeAll()
        inFlightHead = 0
        lastSentSeq = 0
    }
}
