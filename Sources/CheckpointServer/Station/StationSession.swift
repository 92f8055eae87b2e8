import CheckpointCore
import CheckpointStore
import CheckpointSystemd
import CheckpointWire
import Logging
import NIOCore

/// One station connection (SPEC §3): HELLO, then records, each answered in order once durable.
///
/// Runs on its channel's event loop and never blocks it: records go to the writer's queue and their replies
/// come back through `eventLoop.execute`. Replies leave strictly in request order (a finished reply waits for
/// the ones before it). Backpressure: while `max_inflight` lines are unanswered, or the socket cannot take more
/// output, the session withholds `read()`, so the kernel buffers fill and the client slows down.
final class StationSession: ChannelDuplexHandler {
    typealias InboundIn = InboundLine
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Transport {
        case tcp(address: String)
        case unix

        var requiresToken: Bool {
            if case .tcp = self { return true }
            return false
        }

        var throttleKey: String? {
            if case .tcp(let address) = self { return address }
            return nil
        }
    }

    private enum Phase {
        case awaitingHello
        case ready(StationDirectory.Entry)
        /// Answer what was read, read nothing more, then close.
        case closing
        /// Every reply is sent and the output is shut: read and drop what the client still sends until it
        /// closes, so the close is a FIN and not a reset that would destroy replies still in flight.
        case discarding
    }

    private let shared: StationServerContext
    private let transport: Transport
    private let limits: StationLimits
    private var phase = Phase.awaitingHello
    /// Replies in request order, each sent once those before it are.
    private var replies = ReplySlots<StationReply>(quietCapacity: StationSession.quietSlots)
    private var readWithheld = false
    /// Replies ready to go, in order, since the last write: a batch of completions becomes one buffer, one write
    /// and one flush, not a buffer and a write per reply.
    private var outgoing = ""
    /// Replies are waiting in `outgoing` and a flush is scheduled.
    private var flushScheduled = false
    /// Replies put in `outgoing` since the last flush (how big the batch was).
    private var answeredSinceFlush = 0
    private var context: ChannelHandlerContext?
    private var completions: EventLoopCompletions?
    private let sessionID: UInt64
    private var helloTimer: Scheduled<Void>?
    private var logger: Logger
    /// TLS and plain-TCP rules for HELLO (issue 13), decided by how the connection arrived.
    private let helloCheck: HelloCheck

    init(
        shared: StationServerContext, transport: Transport, limits: StationLimits, sessionID: UInt64,
        helloCheck: HelloCheck
    ) {
        self.shared = shared
        self.helloCheck = helloCheck
        self.sessionID = sessionID
        self.transport = transport
        self.limits = limits
        self.logger = shared.logger
        if case .tcp(let address) = transport { logger[metadataKey: "peer"] = "\(address)" }
    }

    // MARK: lifecycle

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        self.completions = shared.completions.executor(for: context.eventLoop)
    }

    func channelActive(context: ChannelHandlerContext) {
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        shared.sessions.setDrain(sessionID) {
            bound.eventLoop.execute { bound.value.beginClosing() }
        }
        helloTimer = context.eventLoop.scheduleTask(in: TimeAmount(limits.helloTimeout)) {
            bound.value.helloTimedOut()
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        helloTimer?.cancel()
        self.context = nil
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            if case .discarding = phase {
                context.close(promise: nil)
            } else {
                // The client sent everything it will send: answer it all, then close.
                beginClosing()
            }
            return
        }
        if event is IdleStateHandler.IdleStateEvent {
            logger.debug("closing an idle station connection")
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("station connection error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    private func helloTimedOut() {
        guard case .awaitingHello = phase else { return }
        logger.info("no HELLO in time; closing")
        // Counts as a failed HELLO (issue 13): an address that only opens sockets gets blocked.
        if let address = transport.throttleKey { shared.throttle.recordFailure(address) }
        respondNow(.error(seq: nil, WireError(.auth, "no HELLO within the hello timeout; connect again and say HELLO")))
        beginClosing()
    }

    // MARK: backpressure

    private var mustPause: Bool {
        if case .closing = phase { return true }
        if case .discarding = phase { return false }
        guard let context else { return true }
        return replies.count >= limits.maxInflight || !context.channel.isWritable
    }

    func read(context: ChannelHandlerContext) {
        if mustPause {
            readWithheld = true
        } else {
            context.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        resumeReadingIfPossible()
        context.fireChannelWritabilityChanged()
    }

    private func resumeReadingIfPossible() {
        guard readWithheld, !mustPause, let context else { return }
        readWithheld = false
        context.read()
    }

    // MARK: requests

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch phase {
        case .closing, .discarding: return
        case .awaitingHello, .ready: break
        }
        switch unwrapInboundIn(data) {
        case .tooLong:
            respondNow(
                .error(
                    seq: nil,
                    WireError(
                        .tooLong,
                        """
                        the line is longer than \(limits.maxLineBytes) bytes; it was discarded up to its end
                        """)))
        case .line(let buffer):
            do throws(StationRequestError) {
                handle(try StationRequestParser.parse(buffer.readableBytesView))
            } catch {
                respondNow(.error(seq: error.seq, error.error))
            }
        }
    }

    private func handle(_ request: StationRequest) {
        switch (request, phase) {
        case (.hello(let station, let token), _):
            hello(station: station, token: token)
        case (.quit, _):
            respondNow(.bye)
            beginClosing()
        case (_, .awaitingHello):
            respondNow(.error(seq: request.seq, WireError(.auth, "say HELLO station=<id> token=<secret> first")))
        case (.ping, _):
            respondNow(.pong)
        case (.record(let record), .ready(let station)):
            submit(record, station: station)
        case (.lookup(let person, let document), .ready(let station)):
            if let refusal = shared.lookups.admit(station: station.key) {
                respondNow(.error(seq: nil, refusal))
            } else {
                lookup(person, document: document)
            }
        case (_, .closing), (_, .discarding):
            break
        }
    }

    private func hello(station code: String, token: String?) {
        if let address = transport.throttleKey, shared.throttle.isBlocked(address) {
            refuse(code, reason: "too many failed HELLOs from this address; wait a minute")
            return
        }
        if let reason = helloCheck.refusal(station: code) {
            refuse(code, reason: reason)
            return
        }
        guard let entry = shared.writer.directory.entry(for: code), !entry.revoked else {
            refuse(code, reason: "station \(code) is not registered (or was revoked)")
            return
        }
        if let token {
            guard StationToken.verify(token, salt: entry.tokenSalt, hash: entry.tokenHash) else {
                refuse(code, reason: "wrong token for station \(code)")
                return
            }
        } else if transport.requiresToken {
            refuse(code, reason: "over TCP, HELLO needs token=<secret>")
            return
        }
        if let address = transport.throttleKey { shared.throttle.recordSuccess(address) }
        helloTimer?.cancel()
        phase = .ready(entry)
        shared.sessions.authenticated(sessionID, station: code)
        logger[metadataKey: "station_id"] = "\(code)"
        logger[metadataKey: "checkpoint_id"] = "\(entry.checkpointCode)"
        logger.debug("station session started")
        respondNow(
            .hello(
                station: code, checkpoint: entry.checkpointCode, serverVersion: ProductVersion.current,
                feverThreshold: shared.feverThreshold, kind: entry.checkpointKind))
    }

    private func refuse(_ station: String, reason: String) {
        if let address = transport.throttleKey { shared.throttle.recordFailure(address) }
        logger.warning(
            "HELLO refused",
            metadata: [
                "message_id": "\(MessageID.authFailure)", "station_id": "\(station)", "reason": "\(reason)",
            ])
        respondNow(.error(seq: nil, WireError(.auth, reason)))
        beginClosing()
    }

    private func submit(_ request: Record, station: StationDirectory.Entry) {
        let at: Timestamp
        do throws(WireError) {
            at = try request.resolvedTime(now: shared.clock.now(), retentionDays: shared.retentionDays)
        } catch {
            respondNow(.error(seq: request.seq, error))
            return
        }
        let record = IncomingRecord(request, stationKey: station.key, checkpointKey: station.checkpointKey, at: at)
        let slot = reserveSlot()
        let seq = request.seq
        guard let eventLoop = context?.eventLoop else { return }
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        let stationCode = station.code
        let metrics = shared.metrics
        let received = metrics == nil ? 0 : Monotonic.nanoseconds()
        // The completion runs on this session's event loop (the writer hands each loop a whole batch at once).
        shared.writer.submit(record, executor: completions) { outcome in
            metrics?.noteAck(nanoseconds: Monotonic.nanoseconds() - received)
            if case .seqReused = outcome { bound.value.warnSeqReused(seq, station: stationCode) }
            bound.value.fill(slot, with: StationSession.reply(to: outcome, seq: seq))
        }
    }

    private func lookup(_ person: PersonID, document: PersonID?) {
        let slot = reserveSlot()
        guard let eventLoop = context?.eventLoop else { return }
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        shared.writer.lookup(person, document: document, executor: completions) { result in
            let reply: StationReply
            switch result {
            case .success(let status):
                reply = .lookup(
                    maskedPerson: status.person.masked, quarantineUntil: status.quarantineUntil,
                    lastTemperature: status.lastTemperature, clearance: status.clearance, checkID: status.checkID)
            case .failure(let error):
                reply = .error(seq: nil, StationSession.unavailable(error))
            }
            bound.value.fill(slot, with: reply)
        }
    }

    /// Issue 13: a station (or whoever holds its token) sent other content under a stored seq. The journal
    /// names the station and the seq, never the person.
    private func warnSeqReused(_ seq: Int64, station: String) {
        logger.warning(
            "a record reused a stored seq with other content; answered E_SEQ, nothing stored",
            metadata: ["station_id": "\(station)", "seq": "\(seq)"])
    }

    // MARK: replies in order

    private func reserveSlot() -> UInt64 {
        replies.reserve()
    }

    private func respondNow(_ reply: StationReply) {
        let slot = reserveSlot()
        fill(slot, with: reply)
    }

    private func fill(_ slot: UInt64, with reply: StationReply) {
        guard let context else { return }
        let zone = shared.zone
        let sent = replies.fill(slot, with: reply) { ready in
            ready.append(to: &outgoing, zone: zone)
            outgoing.append("\n")
        }
        guard sent > 0 else { return }
        answeredSinceFlush += sent
        if case .closing = phase, replies.isEmpty {
            shutDownOutput()
            return
        }
        if !flushScheduled {
            // Runs after the rest of this batch's completions on the loop: one write and one flush for them.
            flushScheduled = true
            let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
            context.eventLoop.execute { bound.value.flushReplies() }
        }
        resumeReadingIfPossible()
    }

    private func flushReplies() {
        flushScheduled = false
        guard let context else { return }
        writeOutgoing(context)
        context.flush()
        replies.shrinkIfQuiet(lastBatch: answeredSinceFlush)
        answeredSinceFlush = 0
    }

    /// The reply slots a quiet session keeps.
    private static let quietSlots = 16

    /// Hands what `outgoing` holds to the channel (one buffer).
    private func writeOutgoing(_ context: ChannelHandlerContext) {
        guard !outgoing.isEmpty else { return }
        var buffer = context.channel.allocator.buffer(capacity: outgoing.utf8.count)
        buffer.writeString(outgoing)
        // Not kept between batches: ten thousand quiet stations must not each hold their last burst's text.
        outgoing = ""
        context.write(wrapOutboundOut(buffer), promise: nil)
    }

    /// Stops reading; closes once every reply has been sent.
    private func beginClosing() {
        switch phase {
        case .closing, .discarding: return
        case .awaitingHello, .ready: break
        }
        phase = .closing
        helloTimer?.cancel()
        if replies.isEmpty { shutDownOutput() }
    }

    /// Sends FIN after the last reply (NIO shuts the output once pending writes are written), then drains the
    /// client's input until it closes or `GracefulClose.lingerTime` passes.
    private func shutDownOutput() {
        guard let context else { return }
        writeOutgoing(context)
        context.flush()
        phase = .discarding
        GracefulClose.shutDownOutput(context)
        if readWithheld {
            readWithheld = false
            context.read()
        }
    }
}
