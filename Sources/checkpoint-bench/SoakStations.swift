import CheckpointCore
import CheckpointWire
import Glibc
import Synchronization

/// The stations of `soak`: a fixed total rate spread over the stations connected at the moment, from one thread
/// with poll. Stations end their sessions all the time: most say `QUIT` and wait for `BYE`, some just close
/// (what they had in flight is sent again after the next `HELLO`, as a terminal resends its spool, and is
/// answered `OK` or `DUP`), and some stay away for a while. Each record is due at start + k/rate; its ack latency
/// runs from when it was written (or queued behind a full socket) to when its reply was read.
final class SoakStations: @unchecked Sendable {
    struct Plan {
        var rate: Double
        var people: Int
        /// About two fevers a second at 2,000 records/s.
        var feverRate = 0.001
        /// Share of records stamped `ts=` just inside the retention period, so the purge deletes them a few
        /// minutes later.
        var oldShare: Double
        var retentionMilliseconds: Int64
        /// How far inside the retention edge an old record's `ts` is: later than the longest time a station
        /// stays away (its resends must not fall past the edge and get `E_TIME`).
        var oldMarginSeconds: ClosedRange<Double> = 150...330
        var sessionSeconds: ClosedRange<Double> = 15...120
        /// A session that ends abruptly (close without `QUIT`) instead of with `QUIT`.
        var abruptShare = 0.25
        /// A station that leaves for `awaySeconds` instead of reconnecting within `reconnectSeconds`.
        var awayShare = 0.2
        var reconnectSeconds: ClosedRange<Double> = 0.2...5
        var awaySeconds: ClosedRange<Double> = 20...90
        var windowNanoseconds: UInt64
        var seed: UInt64
    }

    private enum Phase {
        case connected(until: UInt64)
        /// `QUIT` sent; closes on `BYE`.
        case leaving
        case offline(until: UInt64)
    }

    private enum Sent {
        case hello
        case quit
        case record(line: String, sentAt: UInt64, oldTimestamp: Int64?)
    }

    // Safe because only the load thread touches a station.
    private final class Station {
        let credentials: StationCredentials
        var fd: Int32 = -1
        var phase = Phase.offline(until: 0)
        var seq: Int64 = 0
        var outgoing: [UInt8] = []
        var written = 0
        var inFlight: [Sent] = []
        var inFlightHead = 0
        /// Lines in flight when the session was cut, with their old `ts` (sent again after the next `HELLO`).
        var resend: [(line: String, oldTimestamp: Int64?)] = []
        var partial: [UInt8] = []

        init(_ credentials: StationCredentials) { self.credentials = credentials }

        var pending: Int { inFlight.count - inFlightHead }
    }

    let plan: Plan
    private let endpoint: Endpoint
    private let stations: [Station]
    private var random: SplitMix64
    private var mix: RecordMix
    private(set) var windows: [SoakWindow] = []
    /// Set at init: the windows of the stations and the operators start here.
    let startedAt: UInt64
    /// Distinct records acknowledged (`OK`, or `DUP` for a resend) without and with an old `ts`.
    private(set) var ackedRecent = 0
    private(set) var ackedOldTimestamps: [Int64] = []
    private(set) var firstError: String?
    /// Records due while no station was connected (not sent).
    private(set) var unplaced = 0

    let stopRequested = Atomic<Bool>(false)
    /// Asks every station to leave and stay away until cleared; `quiet` says when all have gone.
    let quietRequested = Atomic<Bool>(false)
    let quiet = Atomic<Bool>(false)
    let connectedNow = Atomic<Int>(0)

    init(endpoint: Endpoint, stations: [StationCredentials], plan: Plan) {
        self.endpoint = endpoint
        self.stations = stations.map(Station.init)
        self.plan = plan
        random = SplitMix64(seed: plan.seed)
        mix = RecordMix(seed: plan.seed &+ 1, people: plan.people, feverRate: plan.feverRate)
        startedAt = monotonicNanoseconds()
        stagger(from: startedAt)
    }

    /// Stations (re)connect 100 ms apart at the start and after a quiet point: from one address, more than
    /// `max_unauthenticated_per_address` (16) connections before their HELLO would be refused `E_BUSY`, where real
    /// gates connect from addresses of their own.
    private func stagger(from now: UInt64) {
        for (index, station) in stations.enumerated() where station.fd < 0 {
            station.phase = .offline(until: now + UInt64(index) * 100_000_000)
        }
    }

    deinit {
        for station in stations where station.fd >= 0 { close(station.fd) }
    }

    /// Runs until `stopRequested`, then lets every station leave with `QUIT` and returns when all are gone.
    func run() throws(BenchError) {
        var rateBase = startedAt
        var due = 0
        var next = 0
        var wasQuiet = false
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var polled: [pollfd] = []
        var polledStations: [Station] = []
        while true {
            let now = monotonicNanoseconds()
            let stopping = stopRequested.load(ordering: .relaxed)
            let quieting = stopping || quietRequested.load(ordering: .relaxed)
            if wasQuiet && !quieting {
                // Back from a quiet point: no burst for the time spent quiet, everyone reconnects now.
                rateBase = now
                due = 0
                quiet.store(false, ordering: .relaxed)
                stagger(from: now)
            }
            wasQuiet = quieting
            try lifecycle(now: now, quieting: quieting)
            let open = stations.filter { $0.fd >= 0 }.count
            connectedNow.store(open, ordering: .relaxed)
            if quieting && open == 0 {
                quiet.store(true, ordering: .relaxed)
                if stopping { return }
            }
            if !quieting {
                let dueNow = Int(Double(now - rateBase) * plan.rate / 1e9) + 1
                while due < dueNow {
                    due += 1
                    var placed = false
                    for offset in 0..<stations.count {
                        let station = stations[(next + offset) % stations.count]
                        guard case .connected = station.phase else { continue }
                        next = (next + offset + 1) % stations.count
                        queueRecord(station, now: now)
                        placed = true
                        break
                    }
                    if !placed { unplaced += 1 }
                }
            }
            polled.removeAll(keepingCapacity: true)
            polledStations.removeAll(keepingCapacity: true)
            for station in stations where station.fd >= 0 {
                try flush(station)
                let wantsOut = station.written < station.outgoing.count
                polled.append(pollfd(fd: station.fd, events: Int16(POLLIN) | (wantsOut ? Int16(POLLOUT) : 0), revents: 0))
                polledStations.append(station)
            }
            let nextDue = rateBase + UInt64(Double(due) * 1e9 / plan.rate)
            let wait = quieting ? 20 : Int32(min(50, (nextDue > now ? nextDue - now : 0) / 1_000_000 + 1))
            let count = poll(&polled, nfds_t(polled.count), wait)
            if count < 0 {
                if errno == EINTR { continue }
                throw .errno("poll")
            }
            guard count > 0 else { continue }
            for (index, station) in polledStations.enumerated() where polled[index].revents != 0 {
                if polled[index].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                    try receive(station, buffer: &buffer)
                }
                if station.fd >= 0 { try flush(station) }
            }
        }
    }

    // MARK: sessions

    private func lifecycle(now: UInt64, quieting: Bool) throws(BenchError) {
        for station in stations {
            switch station.phase {
            case .offline(let until):
                // At a quiet point only a station with resends comes back, to have them answered before it goes.
                if quieting ? !station.resend.isEmpty : now >= until { try connect(station, now: now) }
            case .connected(let until):
                if quieting {
                    leave(station, now: now, abruptly: false)
                } else if now >= until {
                    leave(station, now: now, abruptly: random.unit() < plan.abruptShare)
                }
            case .leaving:
                break
            }
        }
    }

    private func connect(_ station: Station, now: UInt64) throws(BenchError) {
        let fd = try Sockets.connect(endpoint)
        Sockets.setNonBlocking(fd)
        station.fd = fd
        station.outgoing.removeAll(keepingCapacity: true)
        station.written = 0
        station.inFlight.removeAll(keepingCapacity: true)
        station.inFlightHead = 0
        station.partial.removeAll(keepingCapacity: true)
        var hello = ""
        StationRequest.hello(station: station.credentials.code, token: station.credentials.token).append(to: &hello)
        append(station, hello, .hello)
        window(now).resent += station.resend.count
        // Pipelined behind HELLO: a refused HELLO makes them E_AUTH, which counts as errors.
        let resend = station.resend
        station.resend = []
        for (line, oldTimestamp) in resend {
            append(station, line, .record(line: line, sentAt: now, oldTimestamp: oldTimestamp))
        }
        station.phase = .connected(until: now + seconds(plan.sessionSeconds))
        window(now).sessions += 1
    }

    private func leave(_ station: Station, now: UInt64, abruptly: Bool) {
        if abruptly {
            // Cut while a record is on the wire, as when a gate loses power: it is sent again after the next HELLO.
            queueRecord(station, now: now)
            try? flush(station)
            for index in station.inFlightHead..<station.inFlight.count {
                if case .record(let line, _, let oldTimestamp) = station.inFlight[index] {
                    station.resend.append((line, oldTimestamp))
                }
            }
            close(station.fd)
            station.fd = -1
            station.phase = .offline(until: now + seconds(nextAbsence()))
            window(now).abrupt += 1
        } else {
            append(station, "QUIT", .quit)
            station.phase = .leaving
        }
    }

    private func nextAbsence() -> ClosedRange<Double> {
        random.unit() < plan.awayShare ? plan.awaySeconds : plan.reconnectSeconds
    }

    private func seconds(_ range: ClosedRange<Double>) -> UInt64 {
        UInt64((range.lowerBound + random.unit() * (range.upperBound - range.lowerBound)) * 1e9)
    }

    // MARK: records

    private func queueRecord(_ station: Station, now: UInt64) {
        station.seq += 1
        let sample = mix.next()
        var timestamp: Int64?
        if random.unit() < plan.oldShare {
            let margin = Int64((plan.oldMarginSeconds.lowerBound
                + random.unit() * (plan.oldMarginSeconds.upperBound - plan.oldMarginSeconds.lowerBound)) * 1000)
            timestamp = wallMilliseconds() - plan.retentionMilliseconds + margin
        }
        // A few arrivals from outside the city open quarantine orders (and later violations).
        let origin: Origin? = sample.kind == .entry && random.unit() < 0.004 ? .outside : nil
        let record = Record(
            kind: sample.kind, seq: station.seq, person: .phone(String(sample.person)),
            temperature: sample.temperatureTenths.map { Temperature(tenths: $0) },
            timestamp: timestamp.map { Timestamp(milliseconds: $0) }, origin: origin)
        let line = StationRequest.record(record).line
        append(station, line, .record(line: line, sentAt: now, oldTimestamp: timestamp))
        window(now).sent += 1
    }

    private func append(_ station: Station, _ line: String, _ sent: Sent) {
        station.outgoing.append(contentsOf: line.utf8)
        station.outgoing.append(UInt8(ascii: "\n"))
        station.inFlight.append(sent)
    }

    private func flush(_ station: Station) throws(BenchError) {
        while station.written < station.outgoing.count {
            let count = station.outgoing.withUnsafeBytes { raw in
                // Safe because written < count: the buffer is not empty.
                write(station.fd, raw.baseAddress! + station.written, raw.count - station.written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN { return }
                throw .errno("write to the daemon (\(station.credentials.code))")
            }
            station.written += count
        }
        station.outgoing.removeAll(keepingCapacity: true)
        station.written = 0
    }

    private func receive(_ station: Station, buffer: inout [UInt8]) throws(BenchError) {
        while station.fd >= 0 {
            let count = buffer.withUnsafeMutableBytes { read(station.fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN { return }
                throw .errno("read from the daemon (\(station.credentials.code))")
            }
            if count == 0 {
                throw BenchError(
                    "the daemon closed \(station.credentials.code) with \(station.pending) lines unanswered"
                        + (firstError.map { "; first error: " + $0 } ?? ""))
            }
            let now = monotonicNanoseconds()
            var start = 0
            for index in 0..<count where buffer[index] == UInt8(ascii: "\n") {
                station.partial.append(contentsOf: buffer[start..<index])
                start = index + 1
                reply(station, now: now)
                station.partial.removeAll(keepingCapacity: true)
                if station.fd < 0 { return }
            }
            station.partial.append(contentsOf: buffer[start..<count])
        }
    }

    private func reply(_ station: Station, now: UInt64) {
        guard station.inFlightHead < station.inFlight.count else {
            note(error: "a reply nobody asked for: " + String(decoding: station.partial.prefix(200), as: UTF8.self))
            return
        }
        let sent = station.inFlight[station.inFlightHead]
        station.inFlightHead += 1
        if station.inFlightHead > 4096 && station.inFlightHead * 2 > station.inFlight.count {
            station.inFlight.removeFirst(station.inFlightHead)
            station.inFlightHead = 0
        }
        let first = station.partial.first ?? 0
        let window = window(now)
        switch sent {
        case .hello:
            if !station.partial.starts(with: Array("OK HELLO".utf8)) { failed(station, window) }
        case .quit:
            close(station.fd)
            station.fd = -1
            station.phase = .offline(until: now + seconds(nextAbsence()))
            window.quits += 1
        case .record(_, let sentAt, let oldTimestamp):
            window.latencies.append(now &- sentAt)
            if first == UInt8(ascii: "O") || first == UInt8(ascii: "D") {
                if first == UInt8(ascii: "D") { window.duplicates += 1 } else { window.ok += 1 }
                if let oldTimestamp { ackedOldTimestamps.append(oldTimestamp) } else { ackedRecent += 1 }
            } else {
                failed(station, window)
            }
        }
    }

    private func failed(_ station: Station, _ window: SoakWindow) {
        window.errors += 1
        note(error: station.credentials.code + ": " + String(decoding: station.partial.prefix(300), as: UTF8.self))
    }

    private func note(error: String) {
        if firstError == nil { firstError = error }
    }

    private func window(_ now: UInt64) -> SoakWindow {
        let index = Int((now &- startedAt) / plan.windowNanoseconds)
        while windows.count <= index { windows.append(SoakWindow(index: windows.count)) }
        return windows[index]
    }
}

/// What the stations saw in one window of the soak (by the time a reply was read).
final class SoakWindow {
    let index: Int
    var latencies: [UInt64] = []
    var sent = 0
    var ok = 0
    var duplicates = 0
    var errors = 0
    var sessions = 0
    var quits = 0
    var abrupt = 0
    var resent = 0

    init(index: Int) { self.index = index }
}
