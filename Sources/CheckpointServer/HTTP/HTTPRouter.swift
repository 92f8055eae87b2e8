import CheckpointCore
import CheckpointStore
import CheckpointWire
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// What one HTTP request gets (issue 18): the dashboard page and its script, its data as JSON and as an event
/// stream, and `/metrics`. Read-only: anything but GET and HEAD is 405. Authentication comes first, when set.
struct HTTPRouter: Sendable {
    typealias Writer = NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>

    let commands: ControlCommands
    let metrics: DaemonMetrics
    let feed: DashboardFeed
    let snapshots: DashboardSnapshots
    let authenticator: HTTPAuthenticator?
    let logger: Logger

    /// Answers `head`; returns whether the connection may serve another request.
    func respond(to head: HTTPRequestHead, peer: String, writer: Writer) async throws -> Bool {
        guard head.method == .GET || head.method == .HEAD else {
            try await send(.methodNotAllowed, "text/plain; charset=utf-8", Array("GET or HEAD only\n".utf8), head,
                           writer, extra: [("Allow", "GET, HEAD")])
            return head.isKeepAlive
        }
        if let authenticator {
            switch await authenticator.check(authorization: head.headers.first(name: "Authorization"), address: peer) {
            case .allowed: break
            case .denied:
                try await send(
                    .unauthorized, "text/plain; charset=utf-8", Array("需要登录 / login required\n".utf8), head, writer,
                    extra: [("WWW-Authenticate", #"Basic realm="checkpointd", charset="UTF-8""#)])
                return head.isKeepAlive
            case .throttled:
                try await send(
                    .tooManyRequests, "text/plain; charset=utf-8",
                    Array("登录失败过多，请一分钟后再试 / too many failed logins, try again in a minute\n".utf8), head,
                    writer, extra: [("Retry-After", "60")])
                return false
            }
        }
        let (path, query) = Self.split(head.uri)
        switch path {
        case "/", "/index.html":
            let language = DashboardLanguage.choose(query: query, acceptLanguage: head.headers.first(name: "Accept-Language"))
            try await send(.ok, "text/html; charset=utf-8", DashboardAssets.page(language: language), head, writer,
                           extra: DashboardAssets.pageHeaders + [("Content-Language", language.rawValue)])
        case "/dashboard.js":
            try await send(.ok, "text/javascript; charset=utf-8", DashboardAssets.script, head, writer,
                           extra: [("Cache-Control", "no-cache")])
        case "/api/dashboard":
            let snapshot = try await snapshots.current()
            try await send(.ok, "application/json", snapshot, head, writer)
        case "/events":
            guard head.method == .GET else {
                try await send(.ok, "text/event-stream", [], head, writer)
                return head.isKeepAlive
            }
            try await streamEvents(head, writer: writer)
            return false
        case "/metrics":
            try await send(.ok, "text/plain; version=0.0.4; charset=utf-8", try await scrape(), head, writer)
        default:
            try await send(.notFound, "text/plain; charset=utf-8", Array("未找到 / not found\n".utf8), head, writer)
        }
        return head.isKeepAlive
    }

    /// The metrics, with the gauges read now.
    func scrape() async throws -> [UInt8] {
        let reader = commands.reader
        let now = commands.clock.now()
        let gauges = try? await commands.read { () throws(StoreError) in try reader.gauges(now: now) }
        let health = commands.writer.currentHealth
        var readings = DaemonMetrics.Readings(
            gauges: gauges, stationsConnected: commands.sessions.connectedStations.count,
            queueDepth: health.queueDepth, writable: health.writable,
            walPath: commands.writer.options.databasePath + "-wal")
        if let city = commands.city {
            let lag = commands.uplinkLag(city.snapshot)
            readings.uplinkLagRecords = lag.records
            readings.uplinkLagSeconds = lag.seconds
        }
        metrics.refresh(readings)
        return metrics.render()
    }

    /// Server-Sent Events: the snapshot at once, each alert as it happens, and the snapshot again at most once a
    /// second while things change (at least every 15 s, which also finds a page that went away).
    func streamEvents(_ head: HTTPRequestHead, writer: Writer) async throws {
        let subscription = feed.subscribe()
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/event-stream; charset=utf-8")
        headers.add(name: "Cache-Control", value: "no-store")
        headers.add(name: "X-Accel-Buffering", value: "no")
        headers.add(name: "Connection", value: "close")
        try await writer.write(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers)))
        try await writer.write(.body(.byteBuffer(ByteBuffer(string: "retry: 2000\n\n"))))
        try await sendSnapshot(writer)
        var lastSnapshot = Monotonic.nanoseconds()
        var changed = false
        for await item in subscription.items {
            switch item {
            case .alert(let row):
                let data = JSONValue.object(commands.dashboardAlert(row)).serialized()
                try await writer.write(.body(.byteBuffer(ByteBuffer(string: "event: alert\ndata: \(data)\n\n"))))
            case .changed:
                changed = true
                feed.changeTaken(subscription.id)
            case .tick:
                let age = Monotonic.nanoseconds() - lastSnapshot
                if changed && age >= snapshots.minimumIntervalNanoseconds || age >= 15_000_000_000 {
                    changed = false
                    try await sendSnapshot(writer)
                    lastSnapshot = Monotonic.nanoseconds()
                }
            }
        }
        try await writer.write(.end(nil))
    }

    private func sendSnapshot(_ writer: Writer) async throws {
        var buffer = ByteBuffer(string: "event: dashboard\ndata: ")
        buffer.writeBytes(try await snapshots.current())
        buffer.writeString("\n\n")
        try await writer.write(.body(.byteBuffer(buffer)))
    }

    private func send(
        _ status: HTTPResponseStatus, _ type: String, _ body: [UInt8], _ request: HTTPRequestHead, _ writer: Writer,
        extra: [(String, String)] = []
    ) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: type)
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(name: "X-Content-Type-Options", value: "nosniff")
        headers.add(name: "Referrer-Policy", value: "no-referrer")
        if !extra.contains(where: { $0.0 == "Cache-Control" }) { headers.add(name: "Cache-Control", value: "no-store") }
        for (name, value) in extra { headers.add(name: name, value: value) }
        if !request.isKeepAlive { headers.add(name: "Connection", value: "close") }
        try await writer.write(.head(HTTPResponseHead(version: request.version, status: status, headers: headers)))
        if request.method != .HEAD && !body.isEmpty {
            try await writer.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
        }
        try await writer.write(.end(nil))
    }

    static func split(_ uri: String) -> (path: String, query: String) {
        guard let mark = uri.firstIndex(of: "?") else { return (uri, "") }
        return (String(uri[..<mark]), String(uri[uri.index(after: mark)...]))
    }
}

/// The dashboard's JSON, shared by every page and `/api/dashboard`: read at most once every half second. Reading it
/// counts the day's distinct people, which grows with the day: while records arrive, the pages ask for it again no
/// sooner than ten times as long as the last read took (at least a second), so the dashboard never takes more than
/// about a tenth of a core from the gates, however busy the day.
final class DashboardSnapshots: Sendable {
    private let commands: ControlCommands
    private let cached = VisibleMutex<(at: UInt64, bytes: [UInt8])?>(nil)
    private let lastReadNanoseconds = Atomic<UInt64>(0)
    static let maximumAgeNanoseconds: UInt64 = 500_000_000

    init(commands: ControlCommands) { self.commands = commands }

    /// How long a page waits after a snapshot before the next one while things change.
    var minimumIntervalNanoseconds: UInt64 {
        max(1_000_000_000, 10 * lastReadNanoseconds.load(ordering: .relaxed))
    }

    func current() async throws -> [UInt8] {
        let now = Monotonic.nanoseconds()
        if let cached = cached.withLock({ $0 }), now - cached.at < Self.maximumAgeNanoseconds { return cached.bytes }
        let bytes = Array(JSONValue.object(try await commands.dashboard()).serialized().utf8)
        lastReadNanoseconds.store(Monotonic.nanoseconds() - now, ordering: .relaxed)
        cached.withLock { $0 = (now, bytes) }
        return bytes
    }
}
